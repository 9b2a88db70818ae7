"""Reads of the calendar, reviews and indicators shared by the API, the pages and the
admin, and the rules of who may do what to a review.

Visibility has the pledges rule's shape (core/visibility.py): the public sees published
reviews (`public_reviews`); a State's focal points also see every review of their
State; staff see all (`reviews_visible_to`). What a review or an event names of
pledges (an assessment's pledges, the pledges announced at an event) goes through
`pledges_visible_to`, like every other read of pledges.
The permission rules are the `user_can_*` predicates below ("Who may do what"): the
services' guards, the workspace pages and their templates call them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.visibility import PUBLISHED, published, visible_to
from objectives.models import Objective
from pledges.models import Actor, Pledge
from pledges.selectors import (
    User,
    actor_pledges,
    actors_for_user,
    pledges_visible_to,
    published_pledge_counts_of_states,
    user_is_staff,
    user_speaks_for,
)

from .models import (
    CommitmentProgress,
    Indicator,
    IndicatorValue,
    MissingMigrantsRecommendation,
    ObjectiveAssessment,
    PledgeAnnouncement,
    PledgeCommitment,
    RecommendationProgress,
    ReviewCycle,
    ReviewEvent,
    RoundTable,
    VoluntaryReview,
)


def cycle_list() -> QuerySet[ReviewCycle]:
    """Cycles in order with `event_count`. One query."""
    return ReviewCycle.objects.annotate(event_count=Count("events")).order_by("start_date")


def event_list(user: User) -> QuerySet[ReviewEvent]:
    """Events in date order with their cycle, round tables (with objective numbers) and
    the pledges announced there that `user` may read. Four queries whatever the number
    of rows: events (+cycle), round tables, their objectives, announcements (+pledge)."""
    return (
        ReviewEvent.objects.select_related("cycle")
        .prefetch_related(
            Prefetch(
                "round_tables",
                queryset=RoundTable.objects.order_by("number").prefetch_related(
                    Prefetch("objectives", queryset=Objective.objects.order_by("number"))
                ),
            ),
            Prefetch(
                "announcements",
                queryset=announcements_visible_to(user)
                .select_related("pledge")
                .order_by("pledge__code"),
            ),
        )
        .order_by("start_date", "slug")
    )


def announcements_visible_to(user: User) -> QuerySet[PledgeAnnouncement]:
    """Where the pledges `user` may read were announced. Unoptimised, one query."""
    return PledgeAnnouncement.objects.filter(pledge__in=pledges_visible_to(user))


def commitment_citations_visible_to(user: User) -> QuerySet[PledgeCommitment]:
    """The commitments cited by the pledges `user` may read (`None`: published ones),
    with the pledge, in pledge order. One query."""
    return (
        PledgeCommitment.objects.filter(pledge__in=pledges_visible_to(user))
        .select_related("pledge")
        .order_by("pledge__code")
    )


def pledge_commitments(pledge: Pledge) -> QuerySet[PledgeCommitment]:
    """The commitments `pledge` cites, in paragraph order, for a reader already allowed
    to see the pledge. One query."""
    return (
        PledgeCommitment.objects.filter(pledge=pledge)
        .select_related("commitment")
        .order_by("commitment__number")
    )


def recommendation_list() -> QuerySet[MissingMigrantsRecommendation]:
    """Recommendations in the annex's order with their objectives. Two queries."""
    return MissingMigrantsRecommendation.objects.prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.order_by("number"))
    ).order_by("area_order", "letter")


def _objective_total() -> Subquery:
    # The compact's number of objectives, as SQL, so that a list annotates it without
    # a query of its own (and without hard-coding 23).
    return Subquery(
        Objective.objects.order_by()
        .annotate(group=Value(1))
        .values("group")
        .annotate(total=Count("pk"))
        .values("total"),
        output_field=IntegerField(),
    )


def current_cycle() -> ReviewCycle | None:
    """The review cycle open today, if any. One query."""
    today = timezone.localdate()
    return ReviewCycle.objects.filter(start_date__lte=today, end_date__gte=today).first()


# The public rule for reviews, once (as pledges.selectors.PUBLIC_PLEDGE for pledges).
PUBLIC_REVIEW = published()


def review_is_public(review: VoluntaryReview) -> bool:
    """The review is in the public record (`PUBLIC_REVIEW`), as it is in memory."""
    return review.status == PUBLISHED


def reviews_visible_to(user: User) -> QuerySet[VoluntaryReview]:
    """The reviews `user` may read, unoptimised. One query (the focal-point rule is a
    subquery), whatever the number of States a user speaks for."""
    return visible_to(
        VoluntaryReview.objects.all(),
        user,
        lambda account: Q(state__in=actors_for_user(account).values("pk")),
    )


def public_reviews() -> QuerySet[VoluntaryReview]:
    """The reviews anyone may read: the published ones. Unoptimised, one query."""
    return reviews_visible_to(None)


def review_list(user: User) -> QuerySet[VoluntaryReview]:
    """Visible reviews with State, cycle and event joined and completeness annotated
    (`assessed_count` of `objective_total`; `due_on`). One query whatever the rows."""
    return (
        reviews_visible_to(user)
        .select_related("state", "cycle", "event")
        .annotate(
            assessed_count=Count("assessments", distinct=True),
            objective_total=_objective_total(),
            due_on=Coalesce("event__reviews_due_date", "event__start_date"),
        )
        .order_by("cycle__start_date", "state__name", "pk")
    )


def workspace_reviews(user: User) -> QuerySet[VoluntaryReview]:
    """The reviews in `user`'s workspace, with completeness annotated (`review_list`):
    those of the States they speak for; every review for staff. One query."""
    reviews = review_list(user)
    if user_is_staff(user):
        return reviews
    return reviews.filter(state__in=actors_for_user(user).values("pk"))


def review_citable_pledges(review: VoluntaryReview) -> QuerySet[Pledge]:
    """The pledges an assessment of `review` may cite: its State's own (as lead or
    partner, `actor_pledges`), not withdrawn, by code. The service checks a citation
    against this and the assessment form offers exactly these. One query."""
    return actor_pledges(review.state_id).exclude(status=Pledge.Status.WITHDRAWN).order_by("code")


def review_assessments(review: VoluntaryReview, user: User) -> QuerySet[ObjectiveAssessment]:
    """A review's assessments by objective number, citing only the pledges `user` may
    read (a published review can cite its State's drafts). Two queries."""
    return (
        ObjectiveAssessment.objects.filter(review=review)
        .select_related("objective")
        .prefetch_related(Prefetch("pledges", queryset=pledges_visible_to(user).order_by("code")))
        .order_by("objective__number")
    )


def review_recommendation_progress(review: VoluntaryReview) -> QuerySet[RecommendationProgress]:
    """A review's progress on recommendations, in the annex's order. One query."""
    return (
        RecommendationProgress.objects.filter(review=review)
        .select_related("recommendation")
        .order_by("recommendation__area_order", "recommendation__letter")
    )


def review_commitment_progress(review: VoluntaryReview) -> QuerySet[CommitmentProgress]:
    """A review's progress on Progress Declaration commitments, by paragraph. One query."""
    return (
        CommitmentProgress.objects.filter(review=review)
        .select_related("commitment")
        .order_by("commitment__number")
    )


def indicator_list() -> QuerySet[Indicator]:
    """Indicators by objective and code, with their objective. One query."""
    return Indicator.objects.select_related("objective").order_by("objective__number", "code")


def indicator_value_list() -> QuerySet[IndicatorValue]:
    """Indicator values with indicator and State joined. One query."""
    return IndicatorValue.objects.select_related("indicator", "state").order_by(
        "indicator__code", "state__code", "year"
    )


def state_indicator_values(state: Actor) -> dict[str, Any]:
    """A State's indicator values for its public page: one row per indicator and year,
    each kind of source in its own column, side by side, never merged and none chosen
    over another (issue 19). {"kinds": [(value, label)] of the kinds present, "rows":
    [{"indicator", "year", "cells": [{"value", "figure"} | None per kind]}]}, indicators
    by code, the latest year first; `figure` is the value as written (4 dp, trailing
    zeros dropped). One query."""
    values = list(
        IndicatorValue.objects.filter(state=state)
        .select_related("indicator")
        .order_by("indicator__code", "-year", "source_kind")
    )
    order = list(IndicatorValue.SourceKind.values)
    present = sorted({v.source_kind for v in values}, key=order.index)
    rows: dict[tuple[int, int], dict[str, Any]] = {}
    for value in values:
        row = rows.setdefault(
            (value.indicator_id, value.year),
            {"indicator": value.indicator, "year": value.year, "by_kind": {}},
        )
        row["by_kind"][value.source_kind] = {
            "value": value,
            "figure": f"{value.value.normalize():f}",
        }
    labels = dict(IndicatorValue.SourceKind.choices)
    return {
        "kinds": [(kind, labels[kind]) for kind in present],
        "rows": [
            {**row, "cells": [row["by_kind"].get(kind) for kind in present]}
            for row in rows.values()
        ],
    }


def review_completeness(review: VoluntaryReview) -> tuple[int, int]:
    """(assessed, total) for one review outside a list; uses the list annotations when
    present. Two queries otherwise."""
    assessed = getattr(review, "assessed_count", None)
    total = getattr(review, "objective_total", None)
    if assessed is None:
        assessed = review.assessments.count()
    if total is None:
        total = Objective.objects.count()
    return assessed, total


# --- Public pages (issue 6) ------------------------------------------------------------


def _count_of(queryset: QuerySet) -> Coalesce:
    # A correlated COUNT subquery: counts two relations of one row without multiplying
    # each other's joins. `queryset` must hold each counted row once.
    return Coalesce(
        Subquery(
            queryset.order_by()
            .annotate(group=Value(1))
            .values("group")
            .annotate(count=Count("pk"))
            .values("count"),
            output_field=IntegerField(),
        ),
        0,
    )


def country_list() -> list[Actor]:
    """Member States by region and name with `pledge_count` (published pledges they lead
    or accepted partner) and `review_count` (published voluntary reviews). Three
    queries: the States with their review counts, then pledges led and pledges
    partnered (`published_pledge_counts_of_states`, shared with the dashboard's map).

    Never 193 correlated counts (0.9 s): two GROUP BYs over an index are tens of
    milliseconds. Both counts go through the public rules (`public_pledges`,
    `public_reviews`).
    """
    reviews = public_reviews().filter(state=OuterRef("pk"))
    states: list[Actor] = list(
        Actor.objects.filter(kind=Actor.Kind.STATE)
        .annotate(review_count=_count_of(reviews))
        .order_by("region", "name")
    )
    counts = published_pledge_counts_of_states()
    for state in states:
        state.pledge_count = counts[state.pk]  # type: ignore[attr-defined]
    return states


def published_reviews_of_state(state: Actor) -> QuerySet[VoluntaryReview]:
    """A State's published reviews, newest cycle first, with completeness. One query."""
    return review_list(None).filter(state=state).order_by("-cycle__start_date", "pk")


def review_of_state(state: Actor, cycle: ReviewCycle) -> VoluntaryReview | None:
    """A State's review of `cycle` whatever its status, with its event and completeness
    (`assessed_count` of `objective_total`), or None. One query. Check
    `user_can_read_review` before showing it."""
    return (
        VoluntaryReview.objects.filter(state=state, cycle=cycle)
        .select_related("event")
        .annotate(
            assessed_count=Count("assessments", distinct=True),
            objective_total=_objective_total(),
        )
        .first()
    )


def count_of(queryset: QuerySet) -> Coalesce:
    """The rows of `queryset` (correlated with OuterRef) as an annotation."""
    return _count_of(queryset)


# --- Who may do what: each rule once ------------------------------------------------


def user_acts_for_state(user: User, state_id: int | None) -> bool:
    """Staff, or the State's focal points: who start and submit its reviews."""
    return user_is_staff(user) or user_speaks_for(user, state_id)


def user_can_read_review(user: User, review: VoluntaryReview) -> bool:
    """The rule of `reviews_visible_to` for one review: published for anyone; any status
    for staff and the State's focal points (one query for a focal point)."""
    return review.status == VoluntaryReview.Status.PUBLISHED or user_acts_for_state(
        user, review.state_id
    )


def user_can_edit_review(user: User, review: VoluntaryReview) -> bool:
    """Staff always; the State's focal points while the review is editable (a draft or
    returned, `VoluntaryReview.EDITABLE_STATUSES`)."""
    if user_is_staff(user):
        return True
    return review.is_editable and user_speaks_for(user, review.state_id)
