"""The workspace's home page, /workspace/: a focal point's pledges and reviews together.

It combines both apps, so it lives in reviews, the higher app (dependencies point
reviews → pledges → objectives; the project package only wires URLs): not in
pledges, which may not know reviews, and not in reviews' workspace_views, which is
the pages of one review. Its reads are selectors of each app.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pledges.forms import ConfirmForm
from pledges.models import Pledge
from pledges.selectors import (
    actors_for_user,
    incoming_match_offers,
    invitations_for_user,
    user_is_staff,
    workspace_home_pledges,
)

from .selectors import current_cycle, workspace_reviews
from .workspace_views import startable_states

# A published pledge with no progress update for this long needs attention.
STALE_AFTER = datetime.timedelta(days=365)
# A review due this soon needs attention.
DUE_SOON = datetime.timedelta(days=30)


@login_required
def workspace_home(request: HttpRequest) -> HttpResponse:
    """What the user speaks for, their pledges by status, their reviews, what needs
    attention (open invitations to partner a pledge first, then matching offers
    awaiting an answer). Six queries after the session's: actors, pledges, reviews,
    invitations, offers awaiting an answer, cycle."""
    user = request.user
    today = timezone.localdate()
    actors = list(actors_for_user(user))
    pledges = list(workspace_home_pledges(user))
    reviews = list(workspace_reviews(user).filter(state__in=[a.pk for a in actors]))
    invitations = list(invitations_for_user(user))
    offers_awaiting = incoming_match_offers(user).count()
    cycle = current_cycle()

    by_status: dict[str, list[Pledge]] = {status: [] for status in Pledge.Status.values}
    stale = []
    for pledge in pledges:
        by_status[pledge.status].append(pledge)
        if pledge.status == Pledge.Status.PUBLISHED:
            # `last_update` is annotated by the selector.
            last = getattr(pledge, "last_update", None) or (
                pledge.published_at and pledge.published_at.date()
            )
            if last is None or today - last > STALE_AFTER:
                stale.append(pledge)
    due_soon = [
        review
        for review in reviews
        if review.is_editable
        and (due_on := getattr(review, "due_on", None))  # annotated by review_list
        and due_on <= today + DUE_SOON
    ]
    groups = [
        (status, label, by_status[status])
        for status, label in Pledge.Status.choices
        if by_status[status]
    ]
    context: dict[str, Any] = {
        "actors": actors,
        "invitations": invitations,
        "offers_awaiting": offers_awaiting,
        "pledge_groups": groups,
        "pledge_count": len(pledges),
        "returned": by_status[Pledge.Status.RETURNED],
        "stale": stale,
        "reviews": reviews,
        "due_soon": due_soon,
        "returned_reviews": [r for r in reviews if r.status == "returned"],
        "cycle": cycle,
        "startable": startable_states(actors, reviews, cycle),
        "today": today,
        "is_staff": user_is_staff(user),
        "confirm": ConfirmForm(),
    }
    context["attention_count"] = (
        len(invitations)
        + offers_awaiting
        + len(context["returned"])
        + len(stale)
        + len(due_soon)
        + len(context["returned_reviews"])
    )
    return render(request, "reviews/workspace/home.html", context)
