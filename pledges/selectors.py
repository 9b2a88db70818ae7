"""Reads of actors and pledges shared by the API, the admin and the reviews app, and
the rules of who may do what to a pledge.

Visibility is decided here, once (`pledges_visible_to`, the shape in
core/visibility.py): the public sees published pledges (`public_pledges`); a focal
point also sees every pledge of the actors they speak for (as lead or partner,
`actor_pledges`); staff see everything. Every read of pledges for a page, the API, a
count, a CSV or an export starts from it, and so do the reads of what hangs off a
pledge (its progress updates, `updates_visible_to`; a matched pledge; the pledges of
reviews and events, in reviews.selectors).

The permission rules are the `user_can_*` predicates at the end of this module: the
services' guards, the API permissions, the workspace pages and their templates all
call them, so a rule exists once.
"""

from __future__ import annotations

import calendar
import datetime
import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.db.models import (
    BooleanField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

# The Network staff role, who a request acts for and who it records: re-exported for the apps.
from core.roles import User, signed_in, user_is_staff
from core.visibility import PUBLISHED, published, visible_to
from objectives.models import Action, Objective

from .models import (
    Actor,
    Evidence,
    FocalPoint,
    Partnership,
    Pledge,
    PledgeAction,
    PledgeMatch,
    PledgeObjective,
    ProgressUpdate,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class LastActivity(TypedDict):
    """What `with_last_activity` adds to each pledge."""

    latest_update: datetime.date | None
    last_activity: datetime.date


# --- Partners (issue 14): who counts as pledging, who sees what of a partnership ----
#
# Only an accepted partner pledges: the public lists, the counts, the dashboard, the
# countries' profiles and the right to report progress read ACCEPTED. An invited
# partner's focal points see the pledge (to decide) and the public sees the invitation
# as such; a declined invitation is seen by staff and the pledge's own focal points only.

ACCEPTED = Partnership.Status.ACCEPTED
# The partnerships the lead currently lists (the pledge form's "partners").
LISTED_STATUSES = (Partnership.Status.INVITED, Partnership.Status.ACCEPTED)
# The partnerships anyone who may read the pledge sees: declined ones are not shown.
PUBLIC_PARTNER_STATUSES = (*LISTED_STATUSES, Partnership.Status.LEFT)


def actor_pledges(
    actor: Actor | int | QuerySet[Actor], *, invited: bool = False
) -> QuerySet[Pledge]:
    """The pledges `actor` leads or is an accepted partner of (or also an invited one,
    with `invited`), whatever the pledge's status, each once.

    `actor` is an actor (or its id) or a queryset of actors (the pledges of any of them).
    One query, unoptimised, in the form the planner serves from two indexes: `pk IN
    (pledges it leads UNION pledges it partners)`, never an OR of the two sides (which
    scans every pledge: 141 ms against 0.8 ms at 100,000 pledges, see README).
    """
    statuses = LISTED_STATUSES if invited else (ACCEPTED,)
    partnerships = Partnership.objects.filter(status__in=statuses)
    if isinstance(actor, QuerySet):
        ids = actor.values("pk")
        led = Pledge.objects.filter(lead__in=ids)
        partnered = partnerships.filter(actor__in=ids)
    else:
        led = Pledge.objects.filter(lead=actor)
        partnered = partnerships.filter(actor=actor)
    either = led.order_by().values("pk").union(partnered.order_by().values("pledge_id"))
    return Pledge.objects.filter(pk__in=either)


def user_actor_pledges(user: User) -> QuerySet[Pledge]:
    """The pledges of the actors `user` speaks for, as lead, accepted or invited partner,
    whatever their status (none for anonymous): what they may open, an invitation
    included. One query, unoptimised."""
    return actor_pledges(actors_for_user(user), invited=True)


def partnerships_visible_to(user: User) -> QuerySet[Partnership]:
    """The partnerships `user` sees on the pledges they may read: all for staff; for
    the others every one but the declined, which the pledge's lead and the declining
    actor's focal points still see. One query, unoptimised."""
    partnerships = Partnership.objects.all()
    if user_is_staff(user):
        return partnerships
    shown = Q(status__in=PUBLIC_PARTNER_STATUSES)
    if signed_in(user) is None:
        return partnerships.filter(shown)
    actors = actors_for_user(user).values("pk")
    return partnerships.filter(shown | Q(actor__in=actors) | Q(pledge__lead__in=actors))


def pledge_partnerships(user: User) -> Prefetch:
    """The prefetch of a pledge's partnerships `user` sees, actor joined, by actor name,
    into `pledge.visible_partnerships`. One query for any number of pledges."""
    return Prefetch(
        "partnerships",
        queryset=partnerships_visible_to(user).select_related("actor").order_by("actor__name"),
        to_attr="visible_partnerships",
    )


def accepted_partners(pledge: Pledge) -> list[Actor]:
    """The pledge's accepted partners by name, from `pledge_partnerships` when prefetched
    (no query), else one query."""
    prefetched = getattr(pledge, "visible_partnerships", None)
    if prefetched is None:
        return list(pledge.partners.filter(partnerships__status=ACCEPTED).order_by("name"))
    return [p.actor for p in prefetched if p.status == ACCEPTED]


def listed_partner_codes(pledge: Pledge) -> list[str]:
    """The codes of the partners the lead lists (invited or accepted): the pledge form's
    "partners". From `pledge_partnerships` when prefetched (no query), else one query."""
    prefetched = getattr(pledge, "visible_partnerships", None)
    if prefetched is not None:
        return sorted(p.actor.code for p in prefetched if p.status in LISTED_STATUSES)
    return list(
        pledge.partnerships.filter(status__in=LISTED_STATUSES)
        .order_by("actor__code")
        .values_list("actor__code", flat=True)
    )


def invitations_for_user(user: User) -> QuerySet[Partnership]:
    """The open invitations of the actors `user` speaks for, on pledges not withdrawn,
    newest first, pledge (and its lead) and actor joined. One query."""
    return (
        Partnership.objects.filter(
            status=Partnership.Status.INVITED, actor__in=actors_for_user(user).values("pk")
        )
        .exclude(pledge__status=Pledge.Status.WITHDRAWN)
        .select_related("pledge__lead", "actor")
        .order_by("-invited_at", "pk")
    )


def workspace_home_pledges(user: User) -> QuerySet[Pledge]:
    """The pledges of `user`'s actors for the workspace home: lead joined, the date of
    the latest update as `last_update`, most recently changed first. One query."""
    return (
        user_actor_pledges(user)
        .select_related("lead")
        .annotate(last_update=Max("updates__date"))
        .order_by("-updated_at", "code")
    )


def workspace_pledges(user: User) -> QuerySet[Pledge]:
    """The pledges `user` may open in the workspace: their actors' pledges; every
    pledge for staff, who curate everything. One query, unoptimised."""
    if user_is_staff(user):
        return Pledge.objects.all()
    return user_actor_pledges(user)


def actors_for_user(user: User) -> QuerySet[Actor]:
    """The actors `user` is a focal point for (none for anonymous). One query."""
    if (account := signed_in(user)) is None:
        return Actor.objects.none()
    return Actor.objects.filter(focal_points__user=account).order_by("name")


def actor_list() -> QuerySet[Actor]:
    """Every actor, States and stakeholders, by kind and name. One query."""
    return Actor.objects.order_by("kind", "name", "code")


# The public rule, once: what anonymous readers, the public pages and the change feed
# count as public. `pledge_is_public` is the same rule for one pledge in hand.
# It is core.visibility's rule, which `pledges_visible_to` applies.
PUBLIC_PLEDGE = published()


def pledge_is_public(pledge: Pledge) -> bool:
    """The pledge is in the public record (`PUBLIC_PLEDGE`), as it is in memory."""
    return pledge.status == PUBLISHED


def gone_pledge(code: str) -> Pledge | None:
    """The pledge `code` if it was public and has been withdrawn (`Pledge.is_gone`):
    what a 410 Gone names. None for any other pledge, or none. One query."""
    return Pledge.objects.filter(
        code=code, status=Pledge.Status.WITHDRAWN, published_at__isnull=False
    ).first()


def pledges_left_public(codes: Iterable[str]) -> QuerySet[Pledge]:
    """Of `codes` (those the change feed says left the public set: withdrawn or
    unpublished), the pledges that are not public now and were once (published): what
    a follower is told is "no longer public". Never a pledge that was never public.
    One query (with the lead)."""
    return (
        Pledge.objects.filter(code__in=list(codes), published_at__isnull=False)
        .exclude(PUBLIC_PLEDGE)
        .select_related("lead")
    )


# --- Overdue (issue 19): one definition for the page, the API, the dashboard, the admin
# and the "pledge_quiet" reminder ---------------------------------------------------------

# A published pledge is quiet when its latest update (or its publication, if none) is
# this many months old.
QUIET_MONTHS = 12


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The day `months` before `day`; the last day of the month stands for the last
    day of the month (31 May → 30 Nov; 28 Feb 2025 → 29 Feb 2024)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    at_month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return datetime.date(year, month + 1, last if at_month_end else min(day.day, last))


def with_last_activity(
    pledges: QuerySet[Pledge],
) -> QuerySet[WithAnnotations[Pledge, LastActivity]]:
    """`pledges` annotated with `latest_update` (the date of the latest progress update,
    or None) and `last_activity` (that, or the publication date). Subqueries: no
    query of their own."""
    latest_update = Subquery(
        ProgressUpdate.objects.filter(pledge=OuterRef("pk"))
        .order_by()
        .values("pledge")
        .annotate(latest=Max("date"))
        .values("latest"),
        output_field=DateField(),
    )
    annotated = pledges.annotate(latest_update=latest_update).annotate(
        last_activity=Coalesce(
            "latest_update", Cast("published_at", DateField()), output_field=DateField()
        )
    )
    # The plugin infers an anonymous TypedDict; name it, for the callers.
    return cast("QuerySet[WithAnnotations[Pledge, LastActivity]]", annotated)


def overdue_rule(today: datetime.date | None = None) -> Q:
    """Overdue, as SQL, on a queryset `with_last_activity`: published, and either quiet
    (no update for QUIET_MONTHS) or past its target date without being fulfilled."""
    today = today or timezone.localdate()
    quiet = Q(last_activity__lte=months_before(today, QUIET_MONTHS))
    late = Q(target_date__lt=today) & ~Q(implementation=Pledge.Implementation.FULFILLED)
    return PUBLIC_PLEDGE & (quiet | late)


def pledges_overdue(pledges: QuerySet[Pledge], *, overdue: bool = True) -> QuerySet[Pledge]:
    """`pledges` that are (or, with `overdue=False`, are not) overdue, as of today: the
    directory's, the API's and the admin's filter. No query of its own."""
    if "last_activity" not in pledges.query.annotations:
        pledges = with_last_activity(pledges)
    rule = overdue_rule()
    return pledges.filter(rule) if overdue else pledges.exclude(rule)


def with_overdue(pledges: QuerySet[Pledge], today: datetime.date | None = None) -> QuerySet[Pledge]:
    """`pledges` `with_last_activity` and a boolean `overdue` (`overdue_rule`)."""
    return with_last_activity(pledges).annotate(
        overdue=ExpressionWrapper(overdue_rule(today), output_field=BooleanField())
    )


def pledges_visible_to(user: User) -> QuerySet[Pledge]:
    """The pledges `user` may read, unoptimised (add `pledge_list` prefetches on top).

    Subqueries keep this one query whatever the number of actors a user speaks for.
    """
    return visible_to(
        Pledge.objects.all(),
        user,
        lambda account: Q(pk__in=user_actor_pledges(account).values("pk")),
    )


def public_pledges() -> QuerySet[Pledge]:
    """The pledges anyone may read: the published ones. Unoptimised, one query."""
    return pledges_visible_to(None)


def updates_visible_to(user: User) -> QuerySet[ProgressUpdate]:
    """The progress updates `user` may read: those of the pledges they may read (a
    withdrawn pledge's updates go with it). Unoptimised, one query."""
    return ProgressUpdate.objects.filter(pledge__in=pledges_visible_to(user))


# What a pledge's row shows of its actions: the label ("5(a)") and its order, never the
# action's text nor its objective's commitment (kilobytes per action at 100,000 rows).
SLIM_ACTIONS = Action.objects.select_related("objective").only(
    "letter", "order", "objective", "objective__number"
)
SLIM_OBJECTIVES = Objective.objects.defer("commitment")


def pledge_list(user: User) -> QuerySet[Pledge]:
    """Visible pledges with everything the API and CSV show, in a fixed number of queries:
    pledges (with lead joined), then the matched pledges `user` may read (a matched
    pledge may since have been withdrawn: then `matches` is None), the partnerships
    `user` sees, objectives, actions (labels: letter and objective number) and
    principles: six queries whatever the number of rows (five when none matches another).
    """
    pledges = with_latest_completion(with_overdue(pledges_visible_to(user)))
    return _pledges_with_links(pledges, user, actions=SLIM_ACTIONS)


def with_latest_completion(pledges: QuerySet[Pledge]) -> QuerySet[Pledge]:
    """`pledges` annotated with `latest_completion`: the percent of the lead's own latest
    progress update (an update without an actor is the lead's), the pledge's figure
    whatever its partners report (issue 14). In the same query."""
    lead_updates = ProgressUpdate.objects.filter(pledge=OuterRef("pk")).filter(
        lead_report_rule(OuterRef("lead"))
    )
    return pledges.annotate(
        latest_completion=Subquery(lead_updates.order_by(*LATEST_FIRST).values("percent")[:1])
    )


# Updates newest first: by date, then the one written last.
LATEST_FIRST = ("-date", "-created_at", "-pk")


def lead_report_rule(lead: Any) -> Q:
    """The stated rule (issue 14): a pledge's completion and implementation are its lead
    actor's own latest report, whatever its partners report. An update without an actor
    (written before updates named one) is the lead's, as the migration that added the
    field said. `lead` is the lead's id or an `OuterRef("lead")`."""
    return Q(actor=lead) | Q(actor__isnull=True)


def _pledges_with_links(
    pledges: QuerySet[Pledge], user: User, *, actions: QuerySet[Action]
) -> QuerySet[Pledge]:
    # The support it seeks (a reverse one-to-one) in the same row: no query of its own.
    return pledges.select_related("lead", "support_request__objective").prefetch_related(
        Prefetch("matches", queryset=pledges_visible_to(user)),
        pledge_partnerships(user),
        Prefetch("objectives", queryset=SLIM_OBJECTIVES),
        Prefetch("actions", queryset=actions),
        "principles",
    )


def pledge_updates(pledge: Pledge) -> QuerySet[ProgressUpdate]:
    """A pledge's progress updates, newest first, with their files. Two queries."""
    return (
        pledge.updates.select_related("actor")
        .order_by("-date", "-created_at", "-pk")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
    )


@dataclass(frozen=True)
class ActorProgress:
    """One pledging actor's latest report on a pledge."""

    actor: Actor | None
    latest: ProgressUpdate
    is_lead: bool


def progress_by_actor(
    pledge: Pledge, updates: Sequence[ProgressUpdate]
) -> tuple[ProgressUpdate | None, list[ActorProgress]]:
    """The pledge's overall figure and each actor's latest report, from `updates` newest
    first (`pledge_updates`; no query).

    The overall figure is the lead's own latest report: a partner's
    report never stands for the pledge. The actors come lead first, then by name.
    """
    latest: dict[int, ProgressUpdate] = {}
    for update in updates:
        # An update without an actor (written before they named one) is the lead's, as
        # the migration that added the field said.
        latest.setdefault(update.actor_id or pledge.lead_id, update)
    lead = latest.get(pledge.lead_id)
    rows = [
        ActorProgress(
            actor=u.actor or (pledge.lead if key == pledge.lead_id else None),
            latest=u,
            is_lead=key == pledge.lead_id,
        )
        for key, u in latest.items()
    ]
    rows.sort(key=lambda row: (not row.is_lead, row.actor.name if row.actor else ""))
    return lead, rows


def pledge_latest_update(pledge: Pledge) -> ProgressUpdate | None:
    """The update that sets a pledge's implementation and completion: the lead's own
    latest (`lead_report_rule`), by date, then creation."""
    return pledge.updates.filter(lead_report_rule(pledge.lead_id)).order_by(*LATEST_FIRST).first()


# --- Public pages (issue 6): reads the directory, pledge and objective pages share ---


def published_pledges() -> QuerySet[Pledge]:
    """Published pledges with what a directory row shows: the lead joined and the
    objectives prefetched in order. Two queries whatever the number of rows."""
    return (
        with_overdue(public_pledges())
        .select_related("lead")
        .prefetch_related(Prefetch("objectives", queryset=Objective.objects.order_by("number")))
    )


def published_pledges_for_objective(number: int) -> QuerySet[Pledge]:
    """Published pledges serving objective `number`, newest first (an EXISTS filter, no
    duplicate rows). Two queries, as `published_pledges`."""
    links = PledgeObjective.objects.filter(pledge=OuterRef("pk"), objective__number=number)
    return published_pledges().filter(Exists(links)).order_by("-published_at", "code")


def published_pledge_counts_by_action(number: int) -> dict[str, int]:
    """{action letter: number of published pledges naming it} for objective `number`.
    One query."""
    rows = (
        PledgeAction.objects.filter(action__objective__number=number, pledge__in=public_pledges())
        .values("action__letter")
        .annotate(count=Count("pledge", distinct=True))
        .order_by()
    )
    return {row["action__letter"]: row["count"] for row in rows}


def pledge_page(user: User) -> QuerySet[Pledge]:
    """The pledges `user` may read, with everything the pledge page shows: lead joined;
    the visible matched pledge, partnerships, objectives, actions (with their text and
    objective), principles and the visible offers made to it (`visible_match_requests`,
    each with its stage and the offering pledge's lead) prefetched. Seven queries (six
    when it matches no pledge)."""
    return _pledges_with_links(
        with_overdue(pledges_visible_to(user)),
        user,
        actions=Action.objects.select_related("objective").defer("objective__commitment"),
    ).prefetch_related(pledge_matches(user)[1])


def published_pledges_of_actor(actor: Actor) -> QuerySet[Pledge]:
    """Published pledges `actor` leads or partners, newest first. Two queries."""
    return (
        published_pledges()
        .filter(pk__in=actor_pledges(actor).values("pk"))
        .order_by("-published_at", "code")
    )


def published_pledge_summary_of_actor(actor: Actor) -> dict[str, Any]:
    """What a profile says of all of `actor`'s published pledges (lead or partner)
    without loading them: `total`, `led`, `implementation` ({value: count}) and
    `coverage` ({objective number: count}). Two queries, grouped in the database."""
    ids = actor_pledges(actor).filter(status=Pledge.Status.PUBLISHED).values("pk")
    rows = (
        Pledge.objects.filter(pk__in=ids)
        .values_list("implementation")
        .annotate(count=Count("pk"), led=Count("pk", filter=Q(lead=actor)))
        .order_by()
    )
    implementation = {value: count for value, count, _led in rows}
    led = sum(led for _value, _count, led in rows)
    coverage = dict(
        PledgeObjective.objects.filter(pledge__in=ids)
        .values_list("objective__number")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {
        "total": sum(implementation.values()),
        "led": led,
        "implementation": implementation,
        "coverage": coverage,
    }


# --- Who may do what: each rule once ------------------------------------------------
#
# The services raise PermissionDenied when these say no (the status part of a rule is
# a state-machine check there, a ValidationError); the API permissions, the workspace
# pages and the templates show or hide what the same predicates allow.


def user_speaks_for(user: User, actor_id: int | None) -> bool:
    """`user` is a focal point of the actor. One query (none for anonymous)."""
    if (account := signed_in(user)) is None or actor_id is None:
        return False
    return FocalPoint.objects.filter(user=account, actor_id=actor_id).exists()


def user_speaks_for_pledge(user: User, pledge: Pledge) -> bool:
    """`user` is a focal point of the pledge's lead or of one of its accepted partners."""
    if not (user and user.is_authenticated):
        return False
    return actor_pledges(actors_for_user(user)).filter(pk=pledge.pk).exists()


def user_can_make_pledges(user: User) -> bool:
    """Whoever is signed in drafts pledges (for the actors they speak for: the lead
    field says which)."""
    return bool(user and user.is_authenticated)


def user_answers_for_pledge(user: User, pledge: Pledge) -> bool:
    """Staff, or the lead actor's focal points: who submit and withdraw a pledge (one
    actor answers for it; partners' focal points report progress only)."""
    return user_is_staff(user) or user_speaks_for(user, pledge.lead_id)


def user_acts_on_pledge(user: User, pledge: Pledge) -> bool:
    """Staff, or the focal points of the lead or an accepted partner: who report progress."""
    return user_is_staff(user) or user_speaks_for_pledge(user, pledge)


def user_can_edit_pledge(user: User, pledge: Pledge) -> bool:
    """Staff always; the lead's focal points while the pledge is editable (a draft or
    returned, `Pledge.EDITABLE_STATUSES`)."""
    if user_is_staff(user):
        return True
    return pledge.is_editable and user_speaks_for(user, pledge.lead_id)


def user_can_submit_pledge(user: User, pledge: Pledge) -> bool:
    """An editable pledge, by whoever answers for it."""
    return pledge.is_editable and user_answers_for_pledge(user, pledge)


def user_can_withdraw_pledge(user: User, pledge: Pledge) -> bool:
    """Any pledge not yet withdrawn, by whoever answers for it."""
    return pledge.status in Pledge.WITHDRAWABLE_STATUSES and user_answers_for_pledge(user, pledge)


def pledge_reporting_actors(user: User, pledge: Pledge) -> list[Actor]:
    """The actors `user` may report progress for on `pledge`, the lead first: the lead
    and the accepted partners they are a focal point of (all of them for staff). Each
    actor reports only its own progress (issue 14). One query.
    """
    if (account := signed_in(user)) is None:
        return []
    accepted = Q(partnerships__pledge=pledge, partnerships__status=Partnership.Status.ACCEPTED)
    actors = Actor.objects.filter(Q(pk=pledge.lead_id) | accepted)
    if not user_is_staff(account):
        actors = actors.filter(focal_points__user=account)
    found = list(actors.distinct().order_by("name"))
    return sorted(found, key=lambda actor: actor.pk != pledge.lead_id)


def user_can_reply_to_dispute(user: User, update: ProgressUpdate) -> bool:
    """A disputed update, by the focal points of the pledge's lead or of the actor who
    reported it (staff dispute; they do not answer themselves). Up to two queries."""
    if update.verification != ProgressUpdate.Verification.DISPUTED:
        return False
    return user_speaks_for(user, update.pledge.lead_id) or (
        update.actor_id is not None
        and update.actor_id != update.pledge.lead_id
        and user_speaks_for(user, update.actor_id)
    )


def user_can_report_progress(user: User, pledge: Pledge) -> bool:
    """A published pledge, by the focal points of its lead or a partner, or staff."""
    return pledge.status == Pledge.Status.PUBLISHED and user_acts_on_pledge(user, pledge)


# --- Matches (issue 14): offers of support and how far they got ----------------------
#
# A match is read where both of its pledges are: the public sees a match between two
# published pledges only, a focal point also those whose both sides they may read (an
# offer from another actor's draft stays unknown until it is published), staff all.


def matches_visible_to(user: User) -> QuerySet[PledgeMatch]:
    """The matches `user` may read: both pledges visible to them. One query, unoptimised."""
    visible = pledges_visible_to(user).values("pk")
    return PledgeMatch.objects.filter(offer__in=visible, matched__in=visible)


def match_list(user: User) -> QuerySet[PledgeMatch]:
    """Visible matches with both pledges and their leads joined: one query."""
    return matches_visible_to(user).select_related("offer__lead", "matched__lead")


def pledge_matches(user: User) -> tuple[Prefetch, Prefetch]:
    """The prefetches of a pledge's visible matches, both ways: the offers it made
    (`visible_match_offers`) and those made to it (`visible_match_requests`), the other
    pledge and its lead joined. Two queries for any number of pledges."""
    matches = match_list(user).order_by("offered_at", "pk")
    return (
        Prefetch("match_offers", queryset=matches, to_attr="visible_match_offers"),
        Prefetch("match_requests", queryset=matches, to_attr="visible_match_requests"),
    )


def incoming_match_offers(user: User) -> QuerySet[PledgeMatch]:
    """The offers waiting for an answer from the actors `user` speaks for (as the matched
    pledge's lead): the workspace's list. One query."""
    return match_list(user).filter(
        status=PledgeMatch.Status.OFFERED, matched__lead__in=actors_for_user(user).values("pk")
    )


def workspace_matches(user: User) -> QuerySet[PledgeMatch]:
    """The matches the actors `user` speaks for are a side of (as the offering or the
    matched pledge's lead), newest first, both pledges and leads joined: the workspace's
    offers page. One query."""
    actors = actors_for_user(user).values("pk")
    return match_list(user).filter(Q(offer__lead__in=actors) | Q(matched__lead__in=actors))


# Each step of a match: the side that takes it and the stages it starts from, as the
# `user_can_*_match` predicates below say (the services check those); for a page that
# lists many matches without a query per match and step.
MATCH_STEPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "accept": ("matched", (PledgeMatch.Status.OFFERED,)),
    "decline": ("matched", (PledgeMatch.Status.OFFERED,)),
    "resource": ("offer", (PledgeMatch.Status.ACCEPTED,)),
    "deliver": ("matched", (PledgeMatch.Status.RESOURCED,)),
    "withdraw": ("offer", PledgeMatch.OPEN_STATUSES),
}


def match_steps_open(match: PledgeMatch, actor_ids: set[int]) -> list[str]:
    """The steps of `match` open to a focal point of `actor_ids` (the ids of
    `actors_for_user`), by `MATCH_STEPS`. No query."""
    sides = {
        side
        for side, lead_id in (("offer", match.offer.lead_id), ("matched", match.matched.lead_id))
        if lead_id in actor_ids
    }
    return [
        step
        for step, (side, statuses) in MATCH_STEPS.items()
        if side in sides and match.status in statuses
    ]


def offering_pledges(user: User) -> QuerySet[Pledge]:
    """The published pledges whose lead `user` speaks for, by code: what they may offer
    as a matching pledge from the workspace. One query."""
    return public_pledges().filter(lead__in=actors_for_user(user).values("pk")).order_by("code")


def match_histories(matches: Sequence[PledgeMatch]) -> dict[int, list[Any]]:
    """{match id: its history rows, oldest first} for `matches`: each stage it reached
    and when. One query for any number of matches."""
    rows: dict[int, list[Any]] = {match.pk: [] for match in matches}
    history = PledgeMatch.history.model.objects.filter(id__in=list(rows))
    for row in history.order_by("history_date", "history_id"):
        rows[row.id].append(row)
    return rows


def seeking_support() -> QuerySet[Pledge]:
    """Published pledges that say what support they seek, the request joined: the public
    "seeking support" list. One query (plus the directory's prefetches)."""
    return (
        published_pledges()
        .filter(support_request__isnull=False)
        .select_related("support_request__objective")
    )


def user_can_seek_support(user: User, pledge: Pledge) -> bool:
    """The lead actor's focal points say what support their pledge seeks (or that it
    seeks none any more), while it is not withdrawn: not staff, not the partners."""
    return pledge.status != Pledge.Status.WITHDRAWN and user_speaks_for(user, pledge.lead_id)


def user_makes_offer(user: User, match: PledgeMatch) -> bool:
    """`user` speaks for the offering (matching) pledge's lead."""
    return user_speaks_for(user, match.offer.lead_id)


def user_receives_offer(user: User, match: PledgeMatch) -> bool:
    """`user` speaks for the matched pledge's lead."""
    return user_speaks_for(user, match.matched.lead_id)


def user_can_offer_match(user: User, offer: Pledge) -> bool:
    """The offering pledge's lead's focal points, while it is not withdrawn."""
    return offer.status != Pledge.Status.WITHDRAWN and user_speaks_for(user, offer.lead_id)


def user_can_answer_match(user: User, match: PledgeMatch) -> bool:
    """An open offer, by the matched pledge's lead's focal points (its consent: not staff)."""
    return match.status == PledgeMatch.Status.OFFERED and user_receives_offer(user, match)


def user_can_resource_match(user: User, match: PledgeMatch) -> bool:
    """An accepted offer, by the offering side, which says what it committed."""
    return match.status == PledgeMatch.Status.ACCEPTED and user_makes_offer(user, match)


def user_can_deliver_match(user: User, match: PledgeMatch) -> bool:
    """A resourced offer, confirmed delivered by the matched side, which received it."""
    return match.status == PledgeMatch.Status.RESOURCED and user_receives_offer(user, match)


def user_can_withdraw_match(user: User, match: PledgeMatch) -> bool:
    """An offer not yet delivered, declined or withdrawn, by the offering side."""
    return match.status in PledgeMatch.OPEN_STATUSES and user_makes_offer(user, match)


# --- The public record of changes ---------------------------------------------------

# Fields whose change after publication the public page reports as "details changed";
# the others (status, implementation, links) have their own words, the rest (who
# created it, the return reason) are not public.
PUBLIC_DETAIL_FIELDS = (
    "title",
    "description",
    "lead_id",
    "mode",
    "pledge_type",
    "scope",
    "start_date",
    "target_date",
    "document",
)
PUBLIC_CHANGES = 3


@dataclass(frozen=True)
class PublicChange:
    date: datetime.datetime
    what: str


def _public_words(row: Any, before: Any) -> list[str]:
    from django.utils.translation import gettext as _

    words = []
    if row.status == Pledge.Status.PUBLISHED and before.status != Pledge.Status.PUBLISHED:
        words.append(_("published"))
    if row.implementation != before.implementation:
        label = Pledge.Implementation(row.implementation).label
        words.append(_("progress reported: %(status)s") % {"status": str(label).lower()})
    if any(getattr(row, name) != getattr(before, name) for name in PUBLIC_DETAIL_FIELDS):
        words.append(_("details changed"))
    link_words = {
        "objectives": _("objectives changed"),
        "actions": _("actions changed"),
        "principles": _("guiding principles changed"),
    }
    words.extend(link_words[name] for name in row.history_links if name in link_words)
    return words


def pledge_public_changes(pledge: Pledge, limit: int = PUBLIC_CHANGES) -> list[PublicChange]:
    """The latest `limit` changes the public may know of a published pledge, newest
    first, from its history: published, progress reported, details or links changed
    since. Nothing from before its first publication, and never who made them. One
    query (a pledge's history is a few dozen rows)."""
    rows = list(pledge.history.order_by("history_date", "history_id"))
    changes: list[PublicChange] = []
    for before, row in itertools.pairwise(rows):
        # Only rows of the pledge as published: drafts, returns and withdrawal are not.
        if row.status == Pledge.Status.PUBLISHED and (words := _public_words(row, before)):
            changes.append(PublicChange(date=row.history_date, what=", ".join(words)))
    return changes[::-1][:limit]


def user_can_answer_invitation(user: User, partnership: Partnership) -> bool:
    """An open invitation, on a pledge not withdrawn, by the invited actor's own focal
    points: consent is the actor's, so not staff nor the lead."""
    return (
        partnership.status == Partnership.Status.INVITED
        and partnership.pledge.status != Pledge.Status.WITHDRAWN
        and user_speaks_for(user, partnership.actor_id)
    )


def user_can_leave_partnership(user: User, partnership: Partnership) -> bool:
    """An accepted partnership, by the partner's own focal points."""
    return partnership.status == Partnership.Status.ACCEPTED and user_speaks_for(
        user, partnership.actor_id
    )


def published_pledge_counts_of_states() -> Counter[int]:
    """Published pledges per Member State (actor id), led or as an accepted partner: the
    number on the countries page and the dashboard's map. Two queries, each one grouped
    pass over an index (never a COUNT(DISTINCT) over "lead OR partner" per State: 4 s at
    100,000 pledges). A partner row on a pledge the State also leads is left out, so a
    pledge counts once even if that rule of the services were broken."""
    counts: Counter[int] = Counter()
    led = (
        public_pledges()
        .filter(lead__kind=Actor.Kind.STATE)
        .values_list("lead_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    partnered = (
        Partnership.objects.filter(
            pledge__in=public_pledges(),
            status=Partnership.Status.ACCEPTED,
            actor__kind=Actor.Kind.STATE,
        )
        .exclude(pledge__lead=F("actor"))
        .values_list("actor_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for actor_id, count in [*led, *partnered]:
        counts[actor_id] += count
    return counts
