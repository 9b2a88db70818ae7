"""Mails about partnerships (issue 14), each in its recipient's preferred language.

The services queue them after commit (tasks.py); a worker has no request to take a
language from, so each mail is rendered under `translation.override` with the
language the recipient chose (accounts), the site's if none, as reminders do.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User as AuthUser
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.languages import mail_language, preferred_languages

from .models import Partnership


def _recipients(actor_id: int) -> QuerySet[AuthUser]:
    return (
        AuthUser.objects.filter(focal_points__actor_id=actor_id, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )


def _send(template: str, recipients: QuerySet[AuthUser], context: dict) -> int:
    users = list(recipients)
    languages = preferred_languages(u.pk for u in users)
    messages = []
    for user in users:
        with translation.override(mail_language(languages.get(user.pk, ""))):
            full = {
                **context,
                "user": user,
                "site_url": settings.SITE_URL,
                "workspace_url": settings.SITE_URL + reverse("workspace:home"),
            }
            subject = render_to_string(f"pledges/emails/{template}_subject.txt", full)
            message = EmailMultiAlternatives(
                subject=" ".join(subject.split()),
                body=render_to_string(f"pledges/emails/{template}.txt", full),
                to=[user.email],
            )
            message.attach_alternative(
                render_to_string(f"pledges/emails/{template}.html", full), "text/html"
            )
        messages.append(message)
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


def _partnership(partnership_id: int) -> Partnership | None:
    return (
        Partnership.objects.select_related("pledge__lead", "actor")
        .filter(pk=partnership_id)
        .first()
    )


def partner_invitation_send(*, partnership_id: int) -> int:
    """Mail the invited actor's focal points, if the invitation is still open (the lead
    may have taken it back before the worker ran). The number of mails sent."""
    partnership = _partnership(partnership_id)
    if partnership is None or partnership.status != Partnership.Status.INVITED:
        return 0
    context = {"partnership": partnership, "pledge": partnership.pledge}
    return _send("partner_invitation", _recipients(partnership.actor_id), context)


def partnership_answer_send(*, partnership_id: int) -> int:
    """Mail the lead's focal points the partner's answer. The number of mails sent."""
    partnership = _partnership(partnership_id)
    if partnership is None or partnership.status == Partnership.Status.INVITED:
        return 0
    context = {"partnership": partnership, "pledge": partnership.pledge}
    return _send("partnership_answer", _recipients(partnership.pledge.lead_id), context)
