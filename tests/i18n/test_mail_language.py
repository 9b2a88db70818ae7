"""Reminders go out in the recipient's preferred language (reminders/services.py)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from accounts.services import profile_update
from pledges.models import FocalPoint, Pledge
from reminders.services import reminders_send
from tests.factories import PledgeFactory

pytestmark = pytest.mark.django_db

QUIET_SINCE = datetime.date(2024, 3, 15)
A_YEAR_LATER = datetime.date(2025, 3, 15)


@pytest.fixture
def quiet_pledge(compact, kenya):
    at = timezone.make_aware(datetime.datetime.combine(QUIET_SINCE, datetime.time(12)))
    return PledgeFactory(status=Pledge.Status.PUBLISHED, published_at=at, lead=kenya)


def mail_to(address: str):
    return next(m for m in mail.outbox if m.to == [address])


def test_reminder_to_a_spanish_speaker_is_in_spanish(quiet_pledge, focal_ken, django_user_model):
    english = django_user_model.objects.create_user("focal-ken-2", "ken2@example.org", "pw")
    FocalPoint.objects.create(user=english, actor=quiet_pledge.lead)
    profile_update(user=focal_ken, preferred_language="es")

    # Whatever the language of the worker that sends them.
    with translation.override("fr"):
        reminders_send(today=A_YEAR_LATER)

    spanish, plain = mail_to("focal-ken@example.org"), mail_to("ken2@example.org")
    assert "15 de marzo de 2024" in spanish.body
    assert "/es/workspace/" in spanish.body
    assert "15 March 2024" in plain.body
    assert "/workspace/" in plain.body and "/fr/" not in plain.body


@pytest.mark.catalogue
def test_reminder_subject_and_text_are_translated(quiet_pledge, focal_ken):
    profile_update(user=focal_ken, preferred_language="es")

    reminders_send(today=A_YEAR_LATER)

    message = mail_to("focal-ken@example.org")
    assert "time for a progress update" not in message.subject
    assert "Dear" not in message.body
