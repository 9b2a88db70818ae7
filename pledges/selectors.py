"""Reads of actors and pledges shared by the API, the admin and the reviews app.

Visibility is decided here, once: the public sees published pledges; a focal
point also sees every pledge of the actors they speak for (as lead or partner);
staff see everything.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

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


def user_is_staff(user) -> bool:
    """Network staff curate everything: the admin flag is the role."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def actors_for_user(user) -> QuerySet[Actor]:
    """The actors `user` is a focal point for (none for anonymous). One query."""
    if not (user and user.is_authenticated):
        return Actor.objects.none()
    return Actor.objects.filter(focal_points__user=user).order_by("name")


def actor_list() -> QuerySet[Actor]:
    """Every actor, States and stakeholders, by kind and name. One query."""
    return Actor.objects.order_by("kind", "name", "code")


def _speaks_for(user, actor_field: str) -> Exists:
    """SQL: `user` is a focal point of the actor in `actor_field` of the outer row."""
    return Exists(FocalPoint.objects.filter(user=user, actor=OuterRef(actor_field)))


def pledges_led_by_user(user) -> Q:
    """A filter for the pledges whose lead actor `user` speaks for (no query)."""
    return Q(_speaks_for(user, "lead"))


def pledges_visible_to(user) -> QuerySet[Pledge]:
    """The pledges `user` may read, unoptimised (add `pledge_list` prefetches on top).

    Subqueries keep this one query whatever the number of actors a user speaks for.
    """
    pledges = Pledge.objects.all()
    if user_is_staff(user):
        return pledges
    published = Q(status=Pledge.Status.PUBLISHED)
    if not (user and user.is_authenticated):
        return pledges.filter(published)
    as_partner = Exists(FocalPoint.objects.filter(user=user, actor__partner_pledges=OuterRef("pk")))
    return pledges.filter(published | pledges_led_by_user(user) | Q(as_partner))


def pledge_list(user) -> QuerySet[Pledge]:
    """Visible pledges with everything the API and CSV show, in a fixed number of queries:
    pledges (with lead and matched pledge joined), then partners, objectives, actions
    (with their objective) and principles: five queries whatever the number of rows.
    """
    return (
        pledges_visible_to(user)
        .select_related("lead", "matches")
        .prefetch_related(
            "partners",
            "objectives",
            Prefetch("actions", queryset=Action.objects.select_related("objective")),
            "principles",
        )
    )


def pledge_updates(pledge: Pledge) -> QuerySet[ProgressUpdate]:
    """A pledge's progress updates, newest first, with their files. Two queries."""
    return pledge.updates.order_by("-date", "-created_at", "-pk").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("pk"))
    )


def pledge_latest_update(pledge: Pledge) -> ProgressUpdate | None:
    """The update that sets a pledge's implementation: latest by date, then creation."""
    return pledge.updates.order_by("-date", "-created_at", "-pk").first()


def user_can_edit_pledge(user, pledge: Pledge) -> bool:
    """Staff always; the lead's focal points while the pledge is a draft or returned."""
    if user_is_staff(user):
        return True
    return pledge.status in EDITABLE_STATUSES and user_speaks_for(user, pledge.lead_id)


def user_speaks_for(user, actor_id: int | None) -> bool:
    if not (user and user.is_authenticated) or actor_id is None:
        return False
    return FocalPoint.objects.filter(user=user, actor_id=actor_id).exists()


def user_speaks_for_pledge(user, pledge: Pledge) -> bool:
    """`user` is a focal point of the pledge's lead or of one of its partners."""
    if not (user and user.is_authenticated):
        return False
    return FocalPoint.objects.filter(
        Q(actor_id=pledge.lead_id) | Q(actor__partner_pledges=pledge), user=user
    ).exists()


EDITABLE_STATUSES = (Pledge.Status.DRAFT, Pledge.Status.RETURNED)


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


def pledge_page(user) -> QuerySet[Pledge]:
    """The pledges `user` may read, with everything the pledge page shows: lead and
    matched pledge joined; partners, objectives, actions (with objective), principles
    and the visible pledges that match it prefetched. Six queries."""
    return pledge_list(user).prefetch_related(
        Prefetch(
            "matched_by",
            queryset=pledges_visible_to(user).select_related("lead").order_by("code"),
            to_attr="visible_matched_by",
        )
    )


def published_pledges_of_actor(actor: Actor) -> QuerySet[Pledge]:
    """Published pledges `actor` leads or partners, newest first. Two queries."""
    as_partner = Actor.objects.filter(pk=actor.pk, partner_pledges=OuterRef("pk"))
    return (
        published_pledges()
        .filter(Q(lead=actor) | Q(Exists(as_partner)))
        .order_by("-published_at", "code")
    )
