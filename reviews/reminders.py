"""A voluntary review falls due: the "review_due" reminder. Registered from
ReviewsConfig.ready(); the reminders app claims and sends.

A State's focal points hear 30, 7 and 1 days before the due date of its review
(`VoluntaryReview.due_date`: the event's `reviews_due_date`, else its start), while
the review is a draft or returned. A run sends the nearest reminder not yet passed: a
review created 5 days before its deadline gets the 7-day one at once, and a job that
missed a day catches up. The occasion names the due date, so a moved deadline starts
a new series.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from pledges.reminders import focal_point_recipients
from reminders.registry import Reminder, ReminderKind, register

from .models import VoluntaryReview

KIND = "review_due"
REVIEW_DAYS_BEFORE = (30, 7, 1)


def review_reminder_day(days_left: int) -> int | None:
    """The reminder due `days_left` days before the deadline: the nearest of 30/7/1
    not yet passed; None when it is more than 30 days off, or due or overdue."""
    if days_left < 1:
        return None
    due = [days for days in REVIEW_DAYS_BEFORE if days_left <= days]
    return min(due) if due else None


def review_reminders(today: datetime.date) -> Iterator[Reminder]:
    """Reviews still open whose due date is 1 to 30 days away. Two queries."""
    reviews = list(
        VoluntaryReview.objects.filter(
            # Still open: draft or returned, the statuses its focal points can act on.
            status__in=VoluntaryReview.EDITABLE_STATUSES,
            event__isnull=False,
        )
        .annotate(due_on=Coalesce("event__reviews_due_date", "event__start_date"))
        .filter(
            due_on__gt=today,
            due_on__lte=today + datetime.timedelta(days=max(REVIEW_DAYS_BEFORE)),
        )
        .select_related("state", "cycle", "event")
        .order_by("due_on", "pk")
    )
    recipients = focal_point_recipients({r.state_id for r in reviews})
    for review in reviews:
        days_left = (review.due_on - today).days
        days_before = review_reminder_day(days_left)
        if days_before is None:
            continue
        for user in recipients.get(review.state_id, []):
            yield Reminder(
                kind=KIND,
                object_id=review.pk,
                occasion=f"{review.due_on.isoformat()}/{days_before}d",
                recipient=user,
                template="reviews/emails/review_due",
                context={"review": review, "due_on": review.due_on, "days_left": days_left},
            )


def register_reminders() -> None:
    register(ReminderKind(kind=KIND, label=_("Voluntary review due"), due=review_reminders))
