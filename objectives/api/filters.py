import django_filters

from core.filters import ChangedSinceFilter
from objectives.models import Action, GuidingPrinciple, Objective
from objectives.selectors import action_search


class ActionFilter(django_filters.FilterSet):
    objective = django_filters.NumberFilter(
        field_name="objective__number", label="Objective number (1–23)."
    )
    search = django_filters.CharFilter(
        method="filter_search",
        label=(
            "Words to find in the action text. On PostgreSQL: ranked full-text search "
            "(English stemming; quoted phrases, `or`, `-word`), best match first."
        ),
    )

    updated_since = ChangedSinceFilter()

    class Meta:
        model = Action
        fields = ["objective", "search", "updated_since"]

    def filter_search(self, queryset, name, value):
        return action_search(queryset, value)


class ObjectiveFilter(django_filters.FilterSet):
    updated_since = ChangedSinceFilter()

    class Meta:
        model = Objective
        fields = ["updated_since"]


class GuidingPrincipleFilter(django_filters.FilterSet):
    updated_since = ChangedSinceFilter()

    class Meta:
        model = GuidingPrinciple
        fields = ["updated_since"]
