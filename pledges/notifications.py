"""Mails about partnerships and matches (issue 14), each in its recipient's preferred language.

The services queue them after commit (tasks.py); a worker has no request to take a
language from, so each mail is rendered under `translation.override` with the
language the recipient chose (accounts), the site's if none, as reminders do.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User as AuthUser
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.languages import mail_language, preferred_languages

from .models import Partnership, PledgeMatch, ProgressUpdate


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


# Who hears of each move: the side that did not make it.
MATCH_MOVES_BY_OFFER = (
    PledgeMatch.Status.OFFERED,
    PledgeMatch.Status.RESOURCED,
    PledgeMatch.Status.WITHDRAWN,
)


def match_change_send(*, match_id: int, status: str) -> int:
    """Mail the other side of a match its move to `status`: the matched pledge's lead's
    focal points an offer, a commitment or a withdrawal; the offering pledge's lead's an
    answer or a delivery. Nothing if the match has moved on since. The number of mails."""
    match = (
        PledgeMatch.objects.select_related("offer__lead", "matched__lead")
        .filter(pk=match_id, status=status)
        .first()
    )
    if match is None:
        return 0
    by_offer = status in MATCH_MOVES_BY_OFFER
    recipient = match.matched.lead_id if by_offer else match.offer.lead_id
    context = {"match": match, "pledge": match.matched if by_offer else match.offer}
    return _send("match_change", _recipients(recipient), context)


def dispute_notice_send(*, update_id: int, disputed_at: str) -> int:
    """Mail the focal points of the pledge's lead, and of the actor who reported the
    update, that the Network disputes it: the reason, and where to reply. Nothing if
    the dispute has since been settled or replaced. The number of mails sent."""
    update = (
        ProgressUpdate.objects.select_related("pledge", "actor")
        .filter(pk=update_id, verification=ProgressUpdate.Verification.DISPUTED)
        .first()
    )
    if (
        update is None
        or update.disputed_at is None
        or update.disputed_at.isoformat() != disputed_at
    ):
        return 0
    actors = {update.pledge.lead_id, update.actor_id} - {None}
    recipients = (
        AuthUser.objects.filter(Q(focal_points__actor_id__in=actors), is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    # The workspace link is reversed in the template, under each recipient's language.
    context = {"update": update, "pledge": update.pledge}
    return _send("progress_disputed", recipients, context)
