import django_filters
from django.db.models import Exists, OuterRef, Q

from core.filters import ChangedSinceFilter, UpdatedSinceFilter, YearFilter
from reviews.models import (
    Indicator,
    IndicatorValue,
    MissingMigrantsRecommendation,
    ReviewEvent,
    Snapshot,
    VoluntaryReview,
)
from reviews.selectors import announcements_visible_to


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
        method="filter_pledge", label="Code of a pledge: the event where it was announced."
    )
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = ReviewEvent
        fields = ["kind", "year", "region", "cycle", "pledge", "updated_since"]

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(Q(start_date__year__lte=year) & Q(end_date__year__gte=year))

    def filter_pledge(self, queryset, name, value):
        # Among the pledges the caller may read: an unpublished code finds nothing, as
        # an unknown one does.
        user = getattr(self.request, "user", None)
        announced = announcements_visible_to(user).filter(
            event=OuterRef("pk"), pledge__code__iexact=value
        )
        return queryset.filter(Exists(announced))


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
    updated_since = ChangedSinceFilter()

    class Meta:
        model = Indicator
        fields = ["objective", "tier", "updated_since"]


class SnapshotFilter(django_filters.FilterSet):
    # A snapshot never changes once taken: "changed" is "taken".
    updated_since = UpdatedSinceFilter(
        field_name="created_at", label="Taken at or after (ISO 8601)."
    )

    class Meta:
        model = Snapshot
        fields = ["updated_since"]


class IndicatorValueFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(
        field_name="indicator__code", lookup_expr="iexact", label="Indicator code."
    )
    state = django_filters.CharFilter(
        field_name="state__code", lookup_expr="iexact", label="Alpha-3 code of the State."
    )
    year = YearFilter()
    source_kind = django_filters.ChoiceFilter(
        choices=IndicatorValue.SourceKind.choices, label="Kind of source."
    )
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "state", "year", "source_kind", "updated_since"]
