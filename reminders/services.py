"""Reminders to focal points, sent by the daily job (beat) or `manage.py send_reminders`.

The apps say what is due (registry.py: pledges' "pledge_quiet", reviews'
"review_due"); this module sends it, once.

Each (kind, object, recipient, occasion) is claimed in `SentReminder` before the mail
goes out; the unique constraint makes a second run (or a retry, or two workers) skip
it. A failed send deletes its claim so that the next run tries again, and does not
stop the other reminders. The trade-off: a worker killed between the claim and the
send loses that one mail (at most once, never twice).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from accounts.languages import mail_language, preferred_languages

from .models import SentReminder
from .registry import Reminder, kind_choices, reminders_due

logger = logging.getLogger(__name__)


@dataclass
class ReminderRun:
    """What a run did: sent, already sent (skipped), failed; the mails with --dry-run."""

    sent: int = 0
    skipped: int = 0
    failed: int = 0
    would_send: list[str] = field(default_factory=list)


def workspace_url() -> str:
    try:
        path = reverse("workspace:home")
    except NoReverseMatch:
        path = "/workspace/"  # the workspace's address, whoever builds its URLconf
    return settings.SITE_URL + path


def _message(reminder: Reminder, connection: Any, language: str) -> EmailMultiAlternatives:
    # In the recipient's preferred language (the site's if they have none), the link to
    # their workspace too: a worker has no request to take a language from.
    with translation.override(language):
        context = {
            **reminder.context,
            "user": reminder.recipient,
            "workspace_url": workspace_url(),
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string(f"{reminder.template}_subject.txt", context)
        text = render_to_string(f"{reminder.template}.txt", context)
        html = render_to_string(f"{reminder.template}.html", context)
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
    send fails), each in the recipient's preferred language. Costs the kinds' reads
    (two each), then an insert and a mail per reminder, and one read of the recipients'
    languages when a first mail goes.
    """
    today = today or timezone.localdate()
    run = ReminderRun()
    reminders = reminders_due(today)
    if dry_run:
        claimed = set(
            SentReminder.objects.filter(
                kind__in=[kind for kind, _label in kind_choices()],
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
    languages: dict[int, str] | None = None  # read once, when a first mail is to go
    for reminder in reminders:
        claim = _claim(reminder)
        if claim is None:
            run.skipped += 1
            continue
        if languages is None:
            languages = preferred_languages(r.recipient.pk for r in reminders)
        language = mail_language(languages.get(reminder.recipient.pk, ""))
        try:
            _message(reminder, connection, language).send()
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
