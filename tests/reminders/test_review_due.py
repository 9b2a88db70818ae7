"""Reminders before a State's voluntary review is due (reviews/reminders.py, sent by
reminders/services.py)."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from pledges.models import FocalPoint
from reminders.models import SentReminder
from reminders.services import reminders_send
from reviews.reminders import review_reminder_day
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("days_left", "reminder"),
    [(45, None), (31, None), (30, 30), (8, 30), (7, 7), (2, 7), (1, 1), (0, None), (-3, None)],
)
def test_review_reminder_day_is_the_nearest_not_yet_passed(days_left, reminder):
    assert review_reminder_day(days_left) == reminder


@pytest.mark.smoke
def test_review_reminders_go_30_7_and_1_days_before_once_each(review, focal_ken):
    due = review.due_date
    days = [due - 40 * DAY + n * DAY for n in range(45)]

    for today in days:
        reminders_send(today=today)
        reminders_send(today=today)  # the job ran twice that day (a retry, a second beat)

    assert [m.to for m in mail.outbox] == [["focal-ken@example.org"]] * 3
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        "Kenya’s voluntary review is due in 30 days",
        "Kenya’s voluntary review is due in 7 days",
        "Kenya’s voluntary review is due tomorrow",
    ]
    message = mail.outbox[0]
    assert "1 May 2026" in message.body
    assert "http://127.0.0.1:8000/workspace/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="http://127.0.0.1:8000/workspace/"' in html
    assert SentReminder.objects.filter(kind="review_due").count() == 3


def test_review_reminder_catches_up_after_a_missed_day(review, focal_ken):
    # Created (or the job down) until 5 days before: the 7-day reminder goes at once.
    reminders_send(today=review.due_date - 5 * DAY)

    assert [m.subject for m in mail.outbox] == ["Kenya’s voluntary review is due in 5 days"]
    assert SentReminder.objects.get().occasion == "2026-05-01/7d"


def test_review_reminders_skip_submitted_reviews_and_other_states(
    review_in, kenya, mexico, focal_ken, focal_mex
):
    review_in(kenya, status="submitted")
    mexico_review = review_in(mexico)

    reminders_send(today=mexico_review.due_date - 7 * DAY)

    # Kenya submitted: only Mexico's focal point hears.
    assert [m.to for m in mail.outbox] == [["focal-mex@example.org"]]


def test_review_reminders_reach_returned_reviews_and_every_focal_point(review_in, kenya, focal_ken):
    colleague = UserFactory(username="ken-2", email="ken-2@example.org")
    FocalPoint.objects.create(user=colleague, actor=kenya)
    no_address = UserFactory(username="ken-3", email="")
    FocalPoint.objects.create(user=no_address, actor=kenya)
    review = review_in(kenya, status="returned")

    reminders_send(today=review.due_date - DAY)

    assert sorted(m.to[0] for m in mail.outbox) == ["focal-ken@example.org", "ken-2@example.org"]
    assert "More data." in mail.outbox[0].body


def test_review_reminders_start_again_when_the_deadline_moves(review, focal_ken):
    reminders_send(today=review.due_date - 7 * DAY)
    event = review.event
    event.reviews_due_date = review.due_date + 14 * DAY
    event.save()

    reminders_send(today=event.reviews_due_date - 7 * DAY)

    assert len(mail.outbox) == 2
    assert "15 May 2026" in mail.outbox[1].body


def test_review_reminder_failure_does_not_stop_the_others_and_is_retried(review, kenya, focal_ken):
    colleague = UserFactory(username="ken-2", email="ken-2@example.org")
    FocalPoint.objects.create(user=colleague, actor=kenya)
    today = review.due_date - 7 * DAY
    original_send = EmailMultiAlternatives.send

    def send(message, fail_silently=False):
        if message.to == ["focal-ken@example.org"]:
            raise ConnectionRefusedError("mail server down for this one")
        return original_send(message, fail_silently)

    with mock.patch.object(EmailMultiAlternatives, "send", autospec=True, side_effect=send):
        run = reminders_send(today=today)

    assert (run.sent, run.failed) == (1, 1)
    assert [m.to for m in mail.outbox] == [["ken-2@example.org"]]
    assert list(SentReminder.objects.values_list("recipient__username", flat=True)) == ["ken-2"]

    # The next run sends the one that failed, and only that one.
    run = reminders_send(today=today)

    assert (run.sent, run.skipped, run.failed) == (1, 1, 0)
    assert [m.to for m in mail.outbox] == [["ken-2@example.org"], ["focal-ken@example.org"]]


def test_review_reminders_dry_run_sends_nothing(review, focal_ken):
    run = reminders_send(today=review.due_date - 7 * DAY, dry_run=True)

    assert run.would_send == [f"review_due #{review.pk} 2026-05-01/7d → focal-ken@example.org"]
    assert mail.outbox == []
    assert not SentReminder.objects.exists()


def test_review_reminders_query_count_is_constant(
    review_in, kenya, mexico, focal_ken, focal_mex, django_assert_num_queries
):
    review_in(kenya)
    review = review_in(mexico)
    today = review.due_date - 7 * DAY
    reminders_send(today=today)  # claimed: the second run only reads

    # 1. quiet published pledges (no focal point query: none), 2. open reviews due in
    # 30 days (+state, cycle, event), 3. their focal points, then one savepoint and
    # one refused insert per reminder (4 each): 2 reminders.
    with django_assert_num_queries(3 + 2 * 4):
        run = reminders_send(today=today)
    assert run.skipped == 2
