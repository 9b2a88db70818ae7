"""A published pledge gone quiet for 12 months (pledges/reminders.py, sent by
reminders/services.py)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from pledges.models import Pledge
from pledges.reminders import months_quiet
from reminders.models import SentReminder
from reminders.services import reminders_send
from tests.factories import PledgeFactory, ProgressUpdateFactory, add_partners

pytestmark = pytest.mark.django_db


def _published_on(day: datetime.date, **kwargs) -> Pledge:
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    return PledgeFactory(status=Pledge.Status.PUBLISHED, published_at=at, **kwargs)


@pytest.mark.parametrize(
    ("since", "today", "months"),
    [
        ("2024-03-15", "2025-03-14", 11),
        ("2024-03-15", "2025-03-15", 12),
        ("2024-02-29", "2025-02-28", 12),  # a leap day's anniversary
        ("2023-01-31", "2025-01-30", 23),
        ("2023-01-31", "2025-01-31", 24),
    ],
)
def test_months_quiet_counts_whole_months(since, today, months):
    since, today = datetime.date.fromisoformat(since), datetime.date.fromisoformat(today)
    assert months_quiet(since, today) == months


def test_quiet_pledge_reminder_after_12_months_then_every_12(compact, kenya, focal_ken):
    pledge = _published_on(datetime.date(2024, 3, 15), lead=kenya)

    reminders_send(today=datetime.date(2025, 3, 14))
    assert mail.outbox == []
    for day in (datetime.date(2025, 3, 15), datetime.date(2025, 3, 16), datetime.date(2026, 1, 1)):
        reminders_send(today=day)
    assert len(mail.outbox) == 1
    reminders_send(today=datetime.date(2026, 3, 15))

    assert [m.subject for m in mail.outbox] == [
        f"Pledge {pledge.code}: time for a progress update"
    ] * 2
    assert "published on 15 March 2024" in mail.outbox[0].body
    assert "12 months" in mail.outbox[0].body
    assert "24 months" in mail.outbox[1].body
    assert list(SentReminder.objects.order_by("pk").values_list("occasion", flat=True)) == [
        "2024-03-15/12m",
        "2024-03-15/24m",
    ]


def test_quiet_pledge_reminder_counts_from_the_latest_update(compact, kenya, focal_ken):
    pledge = _published_on(datetime.date(2023, 1, 10), lead=kenya)
    ProgressUpdateFactory(pledge=pledge, date=datetime.date(2024, 6, 30))

    reminders_send(today=datetime.date(2025, 6, 29))
    assert mail.outbox == []
    reminders_send(today=datetime.date(2025, 6, 30))

    assert len(mail.outbox) == 1
    assert "the latest is dated 30 June 2024" in mail.outbox[0].body


def test_quiet_pledge_reminder_only_for_published_pledges_and_the_leads_focal_points(
    compact, kenya, mexico, focal_ken, focal_mex
):
    add_partners(_published_on(datetime.date(2020, 1, 1), lead=kenya), mexico)
    PledgeFactory(lead=kenya, status=Pledge.Status.DRAFT)
    withdrawn = _published_on(datetime.date(2020, 1, 1), lead=kenya)
    Pledge.objects.filter(pk=withdrawn.pk).update(
        status=Pledge.Status.WITHDRAWN,
        withdrawn_at=datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC),
    )

    reminders_send(today=datetime.date(2025, 1, 1))

    # The partner's (Mexico's) focal point is not asked: the lead answers for a pledge.
    assert [m.to for m in mail.outbox] == [["focal-ken@example.org"]]
