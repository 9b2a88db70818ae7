"""Reminders to focal points, sent by the daily job (beat) or `manage.py send_reminders`.

Two series:

- **A voluntary review falls due.** A State's focal points hear 30, 7 and 1 days
  before the due date of its review (`VoluntaryReview.due_date`: the event's
  `reviews_due_date`, else its start), while the review is a draft or returned.
  A run sends the nearest reminder not yet passed: a review created 5 days before
  its deadline gets the 7-day one at once, and a job that missed a day catches up.
  The occasion names the due date, so a moved deadline starts a new series.
- **A published pledge has gone quiet.** Its lead's focal points hear when it has had
  no progress update for 12 months (counted from the latest update, or from
  publication if none), and again every further 12 months while nothing comes: a
  yearly nudge, never a daily one. A new update starts a new series.

Each (kind, object, recipient, occasion) is claimed in `SentReminder` before the mail
goes out; the unique constraint makes a second run (or a retry, or two workers) skip
it. A failed send deletes its claim so that the next run tries again, and does not
stop the other reminders. The trade-off: a worker killed between the claim and the
send loses that one mail (at most once, never twice).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import DateField, Max, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from pledges.models import FocalPoint, Pledge, ProgressUpdate
from reviews.models import VoluntaryReview

from .models import SentReminder

if TYPE_CHECKING:
    # AUTH_USER_MODEL's class, as the plugin types SentReminder.recipient: a swapped
    # user model would show here as a type error rather than pass unseen.
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

REVIEW_DAYS_BEFORE = (30, 7, 1)
QUIET_MONTHS = 12
OPEN_REVIEW_STATUSES = (VoluntaryReview.Status.DRAFT, VoluntaryReview.Status.RETURNED)


@dataclass
class ReminderRun:
    """What a run did: sent, already sent (skipped), failed; the mails with --dry-run."""

    sent: int = 0
    skipped: int = 0
    failed: int = 0
    would_send: list[str] = field(default_factory=list)


@dataclass
class Reminder:
    kind: str
    object_id: int
    occasion: str
    recipient: User
    template: str  # emails/<template>.txt, .html, _subject.txt
    context: dict


def workspace_url() -> str:
    try:
        path = reverse("workspace:home")
    except NoReverseMatch:
        path = "/workspace/"  # the workspace's address, whoever builds its URLconf
    return settings.SITE_URL + path


def _recipients_by_actor(actor_ids: set[int]) -> dict[int, list[User]]:
    """Active users with an e-mail address, per actor they speak for. One query."""
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
        VoluntaryReview.objects.filter(status__in=OPEN_REVIEW_STATUSES, event__isnull=False)
        .annotate(due_on=Coalesce("event__reviews_due_date", "event__start_date"))
        .filter(
            due_on__gt=today,
            due_on__lte=today + datetime.timedelta(days=max(REVIEW_DAYS_BEFORE)),
        )
        .select_related("state", "cycle", "event")
        .order_by("due_on", "pk")
    )
    recipients = _recipients_by_actor({r.state_id for r in reviews})
    for review in reviews:
        days_left = (review.due_on - today).days
        days_before = review_reminder_day(days_left)
        if days_before is None:
            continue
        for user in recipients.get(review.state_id, []):
            yield Reminder(
                kind=SentReminder.Kind.REVIEW_DUE,
                object_id=review.pk,
                occasion=f"{review.due_on.isoformat()}/{days_before}d",
                recipient=user,
                template="review_due",
                context={"review": review, "due_on": review.due_on, "days_left": days_left},
            )


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
    recipients = _recipients_by_actor({p.lead_id for p in pledges})
    for pledge in pledges:
        months = months_quiet(pledge.last_activity, today)
        if months < QUIET_MONTHS:
            continue
        # 12, 24, 36…: the reminder of this year of silence.
        series = months // QUIET_MONTHS * QUIET_MONTHS
        for user in recipients.get(pledge.lead_id, []):
            yield Reminder(
                kind=SentReminder.Kind.PLEDGE_QUIET,
                object_id=pledge.pk,
                occasion=f"{pledge.last_activity.isoformat()}/{series}m",
                recipient=user,
                template="pledge_quiet",
                context={
                    "pledge": pledge,
                    "last_activity": pledge.last_activity,
                    "months": series,
                    "has_updates": pledge.latest_update is not None,
                },
            )


def _message(reminder: Reminder, connection) -> EmailMultiAlternatives:
    context = {
        **reminder.context,
        "user": reminder.recipient,
        "workspace_url": workspace_url(),
        "site_url": settings.SITE_URL,
    }
    # Mails are written in the site's language: a worker has no request to choose one.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{reminder.template}_subject.txt", context)
        text = render_to_string(f"emails/{reminder.template}.txt", context)
        html = render_to_string(f"emails/{reminder.template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[reminder.recipient.email],
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def _claim(reminder: Reminder) -> SentReminder | None:
    try:
        # A savepoint: a refused insert must not spoil a transaction around the run.
        with transaction.atomic():
            return SentReminder.objects.create(
                kind=reminder.kind,
                object_id=reminder.object_id,
                recipient=reminder.recipient,
                occasion=reminder.occasion,
            )
    except IntegrityError:
        return None


def reminders_send(*, today: datetime.date | None = None, dry_run: bool = False) -> ReminderRun:
    """Send every reminder due today that was not sent before.

    Writes one SentReminder per mail (claimed before sending, deleted again if the
    send fails). Costs four reads, then an insert and a mail per reminder.
    """
    today = today or timezone.localdate()
    run = ReminderRun()
    reminders = [*review_reminders(today), *pledge_reminders(today)]
    if dry_run:
        claimed = set(
            SentReminder.objects.filter(
                kind__in=SentReminder.Kind.values,
                object_id__in={r.object_id for r in reminders},
            ).values_list("kind", "object_id", "recipient_id", "occasion")
        )
        for reminder in reminders:
            key = (reminder.kind, reminder.object_id, reminder.recipient.pk, reminder.occasion)
            if key in claimed:
                run.skipped += 1
            else:
                run.would_send.append(
                    f"{reminder.kind} #{reminder.object_id} {reminder.occasion} "
                    f"→ {reminder.recipient.email}"
                )
        return run

    connection = get_connection()
    for reminder in reminders:
        claim = _claim(reminder)
        if claim is None:
            run.skipped += 1
            continue
        try:
            _message(reminder, connection).send()
        except Exception:
            # One bad address or a mail server hiccup must not stop the others; the
            # claim goes, so that the next run tries this one again.
            logger.exception(
                "Reminder %s #%s (%s) to %s failed",
                reminder.kind,
                reminder.object_id,
                reminder.occasion,
                reminder.recipient.email,
            )
            claim.delete()
            run.failed += 1
        else:
            run.sent += 1
    return run
