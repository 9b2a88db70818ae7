import django_filters
from django.db.models import Exists, OuterRef, Q
from django_countries import countries
from rest_framework.filters import OrderingFilter

from pledges.models import Actor, Pledge, PledgeAction, PledgeObjective, PledgePrinciple
from pledges.search import search
from pledges.services import ACTION_LABEL


class ActorFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Actor.Kind.choices)
    region = django_filters.CharFilter(
        field_name="region", lookup_expr="iexact", label="UN M49 region (Africa, Americas…)."
    )
    search = django_filters.CharFilter(method="filter_search", label="Words in the name or code.")

    class Meta:
        model = Actor
        fields = ["kind", "region", "search"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return (
            queryset.filter(Q(name__icontains=value) | Q(code__iexact=value)) if value else queryset
        )


class PledgeFilter(django_filters.FilterSet):
    # Filters through links use EXISTS subqueries, not joins: no duplicate rows and no
    # DISTINCT, so the list keeps its ordering and its fixed query count.
    objective = django_filters.NumberFilter(method="filter_objective", label="Objective number.")
    action = django_filters.CharFilter(method="filter_action", label='Action label, e.g. "5(a)".')
    principle = django_filters.CharFilter(method="filter_principle", label="Principle slug.")
    actor = django_filters.CharFilter(
        method="filter_actor", label="Actor code (KEN, or a slug), as lead or partner."
    )
    country = django_filters.CharFilter(
        method="filter_country", label="Lead actor's country, ISO alpha-2 (KE) or alpha-3 (KEN)."
    )
    region = django_filters.CharFilter(
        field_name="lead__region", lookup_expr="iexact", label="Lead actor's UN M49 region."
    )
    type = django_filters.ChoiceFilter(field_name="pledge_type", choices=Pledge.Type.choices)
    mode = django_filters.ChoiceFilter(choices=Pledge.Mode.choices)
    status = django_filters.ChoiceFilter(choices=Pledge.Status.choices)
    implementation = django_filters.ChoiceFilter(choices=Pledge.Implementation.choices)
    search = django_filters.CharFilter(
        method="filter_search",
        label="Words in the title, description or latest progress update, best match "
        'first (all words must match; "a phrase", -excluded), or a pledge code.',
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label="Changed at or after (ISO 8601)."
    )

    class Meta:
        model = Pledge
        fields = [
            "objective",
            "action",
            "principle",
            "actor",
            "country",
            "region",
            "type",
            "mode",
            "status",
            "implementation",
            "search",
            "updated_since",
        ]

    def filter_objective(self, queryset, name, value):
        links = PledgeObjective.objects.filter(pledge=OuterRef("pk"), objective__number=value)
        return queryset.filter(Exists(links))

    def filter_action(self, queryset, name, value):
        match = ACTION_LABEL.match(value)
        if match is None:
            return queryset.none()
        links = PledgeAction.objects.filter(
            pledge=OuterRef("pk"),
            action__objective__number=int(match[1]),
            action__letter=match[2],
        )
        return queryset.filter(Exists(links))

    def filter_principle(self, queryset, name, value):
        links = PledgePrinciple.objects.filter(pledge=OuterRef("pk"), principle__slug=value)
        return queryset.filter(Exists(links))

    def filter_actor(self, queryset, name, value):
        as_partner = Actor.objects.filter(code=value, partner_pledges=OuterRef("pk"))
        return queryset.filter(Q(lead__code=value) | Q(Exists(as_partner)))

    def filter_country(self, queryset, name, value):
        value = value.strip().upper()
        alpha2 = countries.alpha2(value) if len(value) == 3 else value
        return queryset.filter(lead__country=alpha2 or "??")

    def filter_search(self, queryset, name, value):
        return search(queryset, value)


class SearchOrderingFilter(OrderingFilter):
    """DRF's `?ordering=`, except that a search without one keeps its best-first order
    (pledges.search ranks the matches)."""

    def filter_queryset(self, request, queryset, view):
        if not request.query_params.get(self.ordering_param) and (
            "search_rank" in queryset.query.annotations
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)
