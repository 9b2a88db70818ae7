import django_filters
from django.db.models import Q

from core.filters import UpdatedSinceFilter, YearFilter
from reviews.models import (
    Indicator,
    IndicatorValue,
    MissingMigrantsRecommendation,
    ReviewEvent,
    VoluntaryReview,
)


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ReviewEvent.Kind.choices)
    year = YearFilter(
        method="filter_year", label="Events taking place (at least partly) in this year."
    )
    region = django_filters.CharFilter(
        lookup_expr="iexact", label="Regional commission or region, e.g. ECA."
    )
    cycle = django_filters.NumberFilter(field_name="cycle_id", label="Cycle id.")
    pledge = django_filters.CharFilter(
        field_name="announcements__pledge__code",
        lookup_expr="iexact",
        label="Code of a pledge: the event where it was announced.",
    )
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = ReviewEvent
        fields = ["kind", "year", "region", "cycle", "pledge", "updated_since"]

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(Q(start_date__year__lte=year) & Q(end_date__year__gte=year))


class RecommendationFilter(django_filters.FilterSet):
    area = django_filters.ChoiceFilter(choices=MissingMigrantsRecommendation.Area.choices)
    objective = django_filters.NumberFilter(
        field_name="objectives__number", label="Objective number."
    )

    class Meta:
        model = MissingMigrantsRecommendation
        fields = ["area", "objective"]


class ReviewFilter(django_filters.FilterSet):
    state = django_filters.CharFilter(
        field_name="state__code", lookup_expr="iexact", label="Alpha-3 code of the State."
    )
    cycle = django_filters.NumberFilter(field_name="cycle_id", label="Cycle id.")
    status = django_filters.ChoiceFilter(choices=VoluntaryReview.Status.choices)
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = VoluntaryReview
        fields = ["state", "cycle", "status", "updated_since"]


class IndicatorFilter(django_filters.FilterSet):
    objective = django_filters.NumberFilter(
        field_name="objective__number", label="Objective number."
    )
    tier = django_filters.ChoiceFilter(choices=Indicator.Tier.choices)

    class Meta:
        model = Indicator
        fields = ["objective", "tier"]


class IndicatorValueFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(
        field_name="indicator__code", lookup_expr="iexact", label="Indicator code."
    )
    state = django_filters.CharFilter(
        field_name="state__code", lookup_expr="iexact", label="Alpha-3 code of the State."
    )
    year = YearFilter()
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "state", "year", "updated_since"]
