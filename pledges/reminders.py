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

from django.utils.translation import gettext_lazy as _

from reminders.registry import Reminder, ReminderKind, register

from .models import FocalPoint, Pledge
from .selectors import PUBLIC_PLEDGE, QUIET_MONTHS, months_before, with_last_activity

if TYPE_CHECKING:
    from django.contrib.auth.models import User

KIND = "pledge_quiet"


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
    # The public pages' "overdue" uses the same cutoff (selectors.overdue_rule).
    pledges = list(
        with_last_activity(Pledge.objects.filter(PUBLIC_PLEDGE))
        .filter(last_activity__lte=months_before(today, QUIET_MONTHS))
        .select_related("lead")
        .order_by("code")
    )
    recipients = focal_point_recipients({p.lead_id for p in pledges})
    for pledge in pledges:
        # At least QUIET_MONTHS: months_before is months_quiet's inverse.
        months = months_quiet(pledge.last_activity, today)
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
