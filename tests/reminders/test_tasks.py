"""The daily task, the send_reminders command and the admin's list of sent reminders."""

import datetime
import io
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command

from reminders.models import SentReminder
from reminders.tasks import send_reminders

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_send_reminders_task_reports_counts(review, focal_ken):
    with mock.patch("reminders.services.timezone.localdate") as today:
        today.return_value = review.due_date - DAY
        first = send_reminders.delay().get()
        second = send_reminders.delay().get()

    assert first == {"sent": 1, "skipped": 0, "failed": 0}
    assert second == {"sent": 0, "skipped": 1, "failed": 0}
    assert len(mail.outbox) == 1


def test_send_reminders_command_dry_run_then_for_real(review, focal_ken):
    day = (review.due_date - 7 * DAY).isoformat()
    out = io.StringIO()
    call_command("send_reminders", "--dry-run", "--date", day, stdout=out)
    assert "Would send 1 reminders; 0 already sent." in out.getvalue()
    assert not SentReminder.objects.exists()

    call_command("send_reminders", "--date", day, stdout=out)
    call_command("send_reminders", "--date", day, stdout=out)

    assert "Sent 1 reminders; 0 already sent; 0 failed" in out.getvalue()
    assert "Sent 0 reminders; 1 already sent; 0 failed" in out.getvalue()
    assert SentReminder.objects.count() == 1


def test_admin_lists_sent_reminders_read_only(client, admin_user, review, focal_ken):
    day = (review.due_date - DAY).isoformat()
    call_command("send_reminders", "--date", day, stdout=io.StringIO())
    sent = SentReminder.objects.get()
    client.force_login(admin_user)

    page = client.get("/admin/reminders/sentreminder/")

    assert page.status_code == 200
    # The kind shows with the label its app registered.
    assert "Voluntary review due" in page.content.decode()
    assert client.get("/admin/reminders/sentreminder/add/").status_code == 403
    assert str(sent).startswith("Voluntary review due #")
