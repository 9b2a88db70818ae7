from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from rest_framework.filters import OrderingFilter

from core.filters import ChangedSinceFilter, UpdatedSinceFilter
from objectives.models import Objective
from pledges.member_states import M49_REGION, m49_choices
from pledges.models import (
    Actor,
    Pledge,
    PledgeAction,
    PledgeMatch,
    PledgeObjective,
    PledgePrinciple,
)
from pledges.search import search
from pledges.selectors import actor_pledges, pledges_overdue
from pledges.services import ACTION_LABEL


class ActorFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Actor.Kind.choices)
    region = django_filters.CharFilter(
        field_name="region", lookup_expr="iexact", label="UN M49 region (Africa, Americas…)."
    )
    search = django_filters.CharFilter(method="filter_search", label="Words in the name or code.")
    updated_since = ChangedSinceFilter()

    class Meta:
        model = Actor
        fields = ["kind", "region", "search", "updated_since"]

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
    updated_since = UpdatedSinceFilter()
    # A choice, not a BooleanFilter: that one ignores ?overdue=maybe instead of a 400.
    overdue = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_overdue",
        label="Published, and no update for 12 months or past its target date unfulfilled.",
    )
    seeking_support = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_seeking_support",
        label="Says what support it seeks (its `support_sought`).",
    )
    support_type = django_filters.ChoiceFilter(
        field_name="support_request__support_type",
        choices=Pledge.Type.choices,
        label="Type of the support it seeks.",
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
            "overdue",
            "seeking_support",
            "support_type",
        ]

    # Facets: the filters whose values get a count of matching pledges, and the field
    # each counts by. A choice facet counts every choice in one query (conditional
    # aggregation); objective, country and region group by their value.
    CHOICE_FACETS = {
        "type": ("pledge_type", Pledge.Type.values),
        "mode": ("mode", Pledge.Mode.values),
        "status": ("status", Pledge.Status.values),
        "implementation": ("implementation", Pledge.Implementation.values),
    }
    FACETS = ("objective", "country", "region", *CHOICE_FACETS)

    def facet_counts(self, names: tuple[str, ...] | None = None) -> dict[str, dict[str, int]]:
        """For each facet in `names` (all by default), {value: number of pledges} given
        every other current filter (not its own, so that each choice says what picking
        it would show). Values are the filter's own (objective "5", country "KEN",
        region "Africa", type "policy"…); a choice facet lists every choice, zeros
        too; objective, country and region only those with pledges. One query per facet,
        whatever the number of pledges; none when the filters are invalid ({})."""
        if not self.is_valid():
            return {}
        return {name: self._facet(name) for name in names or self.FACETS}

    def _filtered_except(self, facet: str) -> QuerySet[Pledge]:
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name != facet and name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by()

    def _facet(self, name: str) -> dict[str, int]:
        pledges = self._filtered_except(name)
        if name in self.CHOICE_FACETS:
            field, values = self.CHOICE_FACETS[name]
            counts: dict[str, Any] = pledges.aggregate(
                **{value: Count("pk", filter=Q(**{field: value})) for value in values}
            )
            return counts
        rows: QuerySet[Any, tuple[Any, ...]]
        if name == "objective":
            rows = (
                PledgeObjective.objects.filter(pledge__in=pledges.values("pk"))
                .values_list("objective__number")
                .annotate(n=Count("pledge_id"))
                .order_by("objective__number")
            )
        elif name == "country":
            rows = (
                pledges.filter(lead__kind=Actor.Kind.STATE)
                .values_list("lead__code")
                .annotate(n=Count("pk"))
                .order_by("lead__code")
            )
        else:  # region
            rows = (
                pledges.exclude(lead__region="")
                .values_list("lead__region")
                .annotate(n=Count("pk"))
                .order_by("lead__region")
            )
        return {str(value): n for value, n in rows}

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
        # Lead or accepted partner (an invited actor does not pledge yet), in the UNION
        # form the planner serves from indexes.
        pledges = actor_pledges(Actor.objects.filter(code=value))
        return queryset.filter(pk__in=pledges.values("pk"))

    def filter_country(self, queryset, name, value):
        value = value.strip().upper()
        alpha2 = countries.alpha2(value) if len(value) == 3 else value
        return queryset.filter(lead__country=alpha2 or "??")

    def filter_overdue(self, queryset, name, value):
        return pledges_overdue(queryset, overdue=value == "true")

    def filter_seeking_support(self, queryset, name, value):
        return queryset.filter(support_request__isnull=value != "true")

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


class MatchFilter(django_filters.FilterSet):
    """GET /api/v1/matches/: by stage, by a pledge on either side, by objective (of the
    matched pledge, the one the support goes to)."""

    status = django_filters.ChoiceFilter(choices=PledgeMatch.Status.choices)
    pledge = django_filters.CharFilter(
        method="filter_pledge", label="Pledge code, as the matching or the matched pledge."
    )
    objective = django_filters.NumberFilter(
        method="filter_objective", label="Objective number of the matched pledge."
    )
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = PledgeMatch
        fields = ["status", "pledge", "objective", "updated_since"]

    def filter_pledge(self, queryset, name, value):
        code = value.strip().upper()
        return queryset.filter(Q(offer__code=code) | Q(matched__code=code))

    def filter_objective(self, queryset, name, value):
        links = PledgeObjective.objects.filter(pledge=OuterRef("matched"), objective__number=value)
        return queryset.filter(Exists(links))


def set_page_choices(filterset: django_filters.FilterSet) -> None:
    """The objective and country select boxes of a page's filters, read once (two
    queries), not each time the form iterates them: the directory and the list of
    pledges seeking support."""
    filterset.filters["objective"].extra["choices"] = [
        (str(number), f"{number}. {title}")
        for number, title in Objective.objects.order_by("number").values_list("number", "title")
    ]
    filterset.filters["country"].extra["choices"] = list(
        Actor.objects.filter(kind=Actor.Kind.STATE).order_by("name").values_list("code", "name")
    )


class SupportSoughtFilter(django_filters.FilterSet):
    """The public "seeking support" list (/pledges/seeking-support/): published pledges
    that say what they seek, by the type and objective of what they seek and by their
    lead's region and country. Labels are the page's (translated); the choices are
    read once when the filter is built (two queries)."""

    support_type = django_filters.ChoiceFilter(
        field_name="support_request__support_type",
        choices=Pledge.Type.choices,
        label=_("Type of support"),
        empty_label=_("All types"),
    )
    objective = django_filters.ChoiceFilter(
        field_name="support_request__objective__number",
        label=_("Objective"),
        empty_label=_("All objectives"),
    )
    region = django_filters.ChoiceFilter(
        field_name="lead__region",
        lookup_expr="iexact",
        choices=m49_choices(sorted(set(M49_REGION.values()))),
        label=_("Region"),
        empty_label=_("All regions"),
    )
    country = django_filters.ChoiceFilter(
        method="filter_country", label=_("Country of the lead actor"), empty_label=_("All")
    )

    class Meta:
        model = Pledge
        fields = ["support_type", "objective", "region", "country"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_page_choices(self)

    def filter_country(self, queryset, name, value):
        return queryset.filter(lead__code=value, lead__kind=Actor.Kind.STATE)
