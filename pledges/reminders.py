"""A published pledge has gone quiet: the "pledge_quiet" reminder. Registered from
PledgesConfig.ready(); the reminders app claims and sends.

Its lead's focal points hear when it has had no progress update for 12 months
(counted from the latest update, or from publication if none), and again every
further 12 months while nothing comes: a yearly nudge, never a daily one. A new update
starts a new series.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import DateField, Max, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _

from reminders.registry import Reminder, ReminderKind, register

from .models import FocalPoint, Pledge, ProgressUpdate

if TYPE_CHECKING:
    from django.contrib.auth.models import User

KIND = "pledge_quiet"
QUIET_MONTHS = 12


def focal_point_recipients(actor_ids: set[int]) -> dict[int, list[User]]:
    """Active users with an e-mail address, per actor they speak for: who hears of an
    actor's pledges and reviews. One query."""
    by_actor: dict[int, list[User]] = {}
    focal_points = (
        FocalPoint.objects.filter(actor_id__in=actor_ids, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username")
    )
    for focal_point in focal_points:
        by_actor.setdefault(focal_point.actor_id, []).append(focal_point.user)
    return by_actor


def months_quiet(since: datetime.date, today: datetime.date) -> int:
    """Whole months from `since` to `today` (29 Feb counts its anniversary on 28 Feb)."""
    months = (today.year - since.year) * 12 + today.month - since.month
    if today.day < since.day and not _is_last_day_of_month(today):
        months -= 1
    return months


def _is_last_day_of_month(day: datetime.date) -> bool:
    return (day + datetime.timedelta(days=1)).month != day.month


def pledge_reminders(today: datetime.date) -> Iterator[Reminder]:
    """Published pledges whose latest update (or publication) is 12 months old or more.
    Two queries: the pledges with their last activity annotated, their focal points."""
    latest_update = Subquery(
        ProgressUpdate.objects.filter(pledge=OuterRef("pk"))
        .order_by()
        .values("pledge")
        .annotate(latest=Max("date"))
        .values("latest"),
        output_field=DateField(),
    )
    # A year ago minus a few days: the exact month count is made in Python below.
    cutoff = today - datetime.timedelta(days=365 - 3)
    pledges = list(
        Pledge.objects.filter(status=Pledge.Status.PUBLISHED)
        .annotate(latest_update=latest_update)
        .annotate(
            last_activity=Coalesce(
                "latest_update", Cast("published_at", DateField()), output_field=DateField()
            )
        )
        .filter(last_activity__lte=cutoff)
        .select_related("lead")
        .order_by("code")
    )
    recipients = focal_point_recipients({p.lead_id for p in pledges})
    for pledge in pledges:
        months = months_quiet(pledge.last_activity, today)
        if months < QUIET_MONTHS:
            continue
        # 12, 24, 36…: the reminder of this year of silence.
        series = months // QUIET_MONTHS * QUIET_MONTHS
        for user in recipients.get(pledge.lead_id, []):
            yield Reminder(
                kind=KIND,
                object_id=pledge.pk,
                occasion=f"{pledge.last_activity.isoformat()}/{series}m",
                recipient=user,
                template="pledges/emails/pledge_quiet",
                context={
                    "pledge": pledge,
                    "last_activity": pledge.last_activity,
                    "months": series,
                    "has_updates": pledge.latest_update is not None,
                },
            )


def register_reminders() -> None:
    register(
        ReminderKind(kind=KIND, label=_("Pledge without progress update"), due=pledge_reminders)
    )
