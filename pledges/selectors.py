"""Reads of actors and pledges shared by the API, the admin and the reviews app, and
the rules of who may do what to a pledge.

Visibility is decided here, once: the public sees published pledges; a focal
point also sees every pledge of the actors they speak for (as lead or partner,
`actor_pledges`); staff see everything.

The permission rules are the `user_can_*` predicates at the end of this module: the
services' guards, the API permissions, the workspace pages and their templates all
call them, so a rule exists once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet

# The Network staff role, who a request acts for and who it records: re-exported for the apps.
from core.roles import User, signed_in, user_is_staff
from objectives.models import Action, Objective

from .models import (
    Actor,
    Evidence,
    FocalPoint,
    Pledge,
    PledgeAction,
    PledgeObjective,
    ProgressUpdate,
)

if TYPE_CHECKING:
    pass

# The through table of Pledge.partners.
PledgePartner = Pledge.partners.through


def actor_pledges(actor: Actor | int | QuerySet[Actor]) -> QuerySet[Pledge]:
    """The pledges `actor` leads or partners, whatever their status, each once.

    `actor` is an actor (or its id) or a queryset of actors (the pledges of any of them).
    One query, unoptimised, in the form the planner serves from two indexes: `pk IN
    (pledges it leads UNION pledges it partners)`, never an OR of the two sides (which
    scans every pledge: 141 ms against 0.8 ms at 100,000 pledges, see README).
    """
    if isinstance(actor, QuerySet):
        ids = actor.values("pk")
        led = Pledge.objects.filter(lead__in=ids)
        partnered = PledgePartner.objects.filter(actor__in=ids)
    else:
        led = Pledge.objects.filter(lead=actor)
        partnered = PledgePartner.objects.filter(actor=actor)
    either = led.order_by().values("pk").union(partnered.order_by().values("pledge_id"))
    return Pledge.objects.filter(pk__in=either)


def user_actor_pledges(user: User) -> QuerySet[Pledge]:
    """The pledges of the actors `user` speaks for, as lead or partner, whatever their
    status (none for anonymous). One query, unoptimised."""
    return actor_pledges(actors_for_user(user))


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


def pledges_visible_to(user: User) -> QuerySet[Pledge]:
    """The pledges `user` may read, unoptimised (add `pledge_list` prefetches on top).

    Subqueries keep this one query whatever the number of actors a user speaks for.
    """
    pledges = Pledge.objects.all()
    if user_is_staff(user):
        return pledges
    published = Q(status=Pledge.Status.PUBLISHED)
    if not (user and user.is_authenticated):
        return pledges.filter(published)
    return pledges.filter(published | Q(pk__in=user_actor_pledges(user).values("pk")))


# What a pledge's row shows of its actions: the label ("5(a)") and its order, never the
# action's text nor its objective's commitment (kilobytes per action at 100,000 rows).
SLIM_ACTIONS = Action.objects.select_related("objective").only(
    "letter", "order", "objective", "objective__number"
)
SLIM_OBJECTIVES = Objective.objects.defer("commitment")


def pledge_list(user: User) -> QuerySet[Pledge]:
    """Visible pledges with everything the API and CSV show, in a fixed number of queries:
    pledges (with lead and matched pledge joined), then partners, objectives, actions
    (labels: letter and objective number) and principles: five queries whatever the
    number of rows.
    """
    return _pledges_with_links(pledges_visible_to(user), actions=SLIM_ACTIONS)


def _pledges_with_links(
    pledges: QuerySet[Pledge], *, actions: QuerySet[Action]
) -> QuerySet[Pledge]:
    return pledges.select_related("lead", "matches").prefetch_related(
        "partners",
        Prefetch("objectives", queryset=SLIM_OBJECTIVES),
        Prefetch("actions", queryset=actions),
        "principles",
    )


def pledge_updates(pledge: Pledge) -> QuerySet[ProgressUpdate]:
    """A pledge's progress updates, newest first, with their files. Two queries."""
    return pledge.updates.order_by("-date", "-created_at", "-pk").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("pk"))
    )


def pledge_latest_update(pledge: Pledge) -> ProgressUpdate | None:
    """The update that sets a pledge's implementation: latest by date, then creation."""
    return pledge.updates.order_by("-date", "-created_at", "-pk").first()


# --- Public pages (issue 6): reads the directory, pledge and objective pages share ---


def published_pledges() -> QuerySet[Pledge]:
    """Published pledges with what a directory row shows: the lead joined and the
    objectives prefetched in order. Two queries whatever the number of rows."""
    return (
        Pledge.objects.filter(status=Pledge.Status.PUBLISHED)
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
        PledgeAction.objects.filter(
            action__objective__number=number, pledge__status=Pledge.Status.PUBLISHED
        )
        .values("action__letter")
        .annotate(count=Count("pledge", distinct=True))
        .order_by()
    )
    return {row["action__letter"]: row["count"] for row in rows}


def pledge_page(user: User) -> QuerySet[Pledge]:
    """The pledges `user` may read, with everything the pledge page shows: lead and
    matched pledge joined; partners, objectives, actions (with their text and
    objective), principles and the visible pledges that match it prefetched. Six
    queries."""
    return _pledges_with_links(
        pledges_visible_to(user),
        actions=Action.objects.select_related("objective").defer("objective__commitment"),
    ).prefetch_related(
        Prefetch(
            "matched_by",
            queryset=pledges_visible_to(user).select_related("lead").order_by("code"),
            to_attr="visible_matched_by",
        )
    )


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
    """`user` is a focal point of the pledge's lead or of one of its partners."""
    if not (user and user.is_authenticated):
        return False
    return user_actor_pledges(user).filter(pk=pledge.pk).exists()


def user_can_make_pledges(user: User) -> bool:
    """Whoever is signed in drafts pledges (for the actors they speak for: the lead
    field says which)."""
    return bool(user and user.is_authenticated)


def user_answers_for_pledge(user: User, pledge: Pledge) -> bool:
    """Staff, or the lead actor's focal points: who submit and withdraw a pledge (one
    actor answers for it; partners' focal points report progress only)."""
    return user_is_staff(user) or user_speaks_for(user, pledge.lead_id)


def user_acts_on_pledge(user: User, pledge: Pledge) -> bool:
    """Staff, or the focal points of the lead or a partner: who report progress."""
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


def user_can_report_progress(user: User, pledge: Pledge) -> bool:
    """A published pledge, by the focal points of its lead or a partner, or staff."""
    return pledge.status == Pledge.Status.PUBLISHED and user_acts_on_pledge(user, pledge)
