"""Disputed by the Network (issue 19): staff dispute a progress update with a reason;
the pledge's focal points hear of it first (a mail in their language, the workspace,
a reply); the public reads it only once staff make it public, after the focal points'
reply or the response window; verifying it again settles it."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Profile
from changes.models import ChangeEvent
from pledges.services import (
    progress_update_dispute,
    progress_update_dispute_publish,
    progress_update_dispute_reply,
    progress_update_verify,
)
from tests.factories import PledgeFactory, ProgressUpdateFactory, add_partners

pytestmark = pytest.mark.django_db

REASON = "The ministry figures say 40 %, not 90 %."


@pytest.fixture
def update(kenya, mexico):
    pledge = PledgeFactory(lead=kenya, status="published")
    add_partners(pledge, mexico)  # focal_mex: a partner's focal point, not the reporter
    return ProgressUpdateFactory(pledge=pledge, actor=kenya)


def _state(update):
    update.refresh_from_db()
    return (
        update.verification,
        update.dispute_reason,
        update.dispute_reply,
        update.dispute_public_at,
    )


def test_staff_dispute_and_the_focal_points_are_mailed_in_their_language(
    update, staff_user, focal_ken, django_capture_on_commit_callbacks
):
    Profile.objects.update_or_create(user=focal_ken, defaults={"preferred_language": "fr"})
    before = ChangeEvent.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        progress_update_dispute(update=update, user=staff_user, reason=f"  {REASON} ")

    update.refresh_from_db()
    assert update.verification == "disputed" and update.dispute_reason == REASON
    assert update.disputed_at is not None and update.dispute_public_at is None
    assert update.history.latest().history_user == staff_user
    # Nothing the public reads changed: no feed row.
    assert ChangeEvent.objects.count() == before
    assert [m.to for m in mail.outbox] == [["focal-ken@example.org"]]
    message = mail.outbox[0]
    assert update.pledge.code in message.subject and "Réseau" in message.subject
    assert REASON in message.body
    assert f"/fr/workspace/pledges/{update.pledge.code}/" in message.body


def test_a_dispute_needs_a_reason_and_a_published_pledge(update, staff_user, kenya):
    with pytest.raises(ValidationError) as exc:
        progress_update_dispute(update=update, user=staff_user, reason="  ")
    assert "reason" in exc.value.message_dict
    draft = ProgressUpdateFactory(pledge=PledgeFactory(lead=kenya, status="draft"))
    with pytest.raises(ValidationError):
        progress_update_dispute(update=draft, user=staff_user, reason=REASON)
    assert _state(update)[0] == "self-reported"


@pytest.mark.parametrize("persona", ["focal_ken", "focal_mex", "anonymous"])
def test_only_staff_dispute_or_publish_and_a_refusal_changes_nothing(
    request, update, staff_user, persona
):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        progress_update_dispute(update=update, user=user, reason=REASON)
    assert _state(update) == ("self-reported", "", "", None)

    progress_update_dispute(update=update, user=staff_user, reason=REASON)
    progress_update_dispute_reply(
        update=update, user=request.getfixturevalue("focal_ken"), reply="We will correct it."
    )
    before = (_state(update), ChangeEvent.objects.count())
    with pytest.raises(PermissionDenied):
        progress_update_dispute_publish(update=update, user=user)
    assert (_state(update), ChangeEvent.objects.count()) == before


@pytest.mark.parametrize("persona", ["focal_mex", "staff_user", "anonymous"])
def test_only_the_pledges_focal_points_reply_and_a_refusal_changes_nothing(
    request, update, staff_user, persona
):
    progress_update_dispute(update=update, user=staff_user, reason=REASON)
    with pytest.raises(PermissionDenied):
        progress_update_dispute_reply(
            update=update, user=request.getfixturevalue(persona), reply="Not us"
        )
    assert _state(update) == ("disputed", REASON, "", None)


def test_the_public_reads_self_reported_until_staff_make_it_public_after_a_reply(
    client, update, staff_user, focal_ken, django_capture_on_commit_callbacks
):
    progress_update_dispute(update=update, user=staff_user, reason=REASON)
    page = f"/pledges/{update.pledge.code}/"
    api = f"/api/v1/pledges/{update.pledge.code}/updates/"

    assert REASON not in client.get(page).content.decode()
    hidden = client.get(api).json()["results"][0]["verification"]
    assert hidden["status"] == "self-reported" and hidden["dispute_reason"] == ""

    # Before the reply and within the window: refused.
    with pytest.raises(ValidationError) as exc:
        progress_update_dispute_publish(update=update, user=staff_user)
    assert "not replied yet" in str(exc.value)
    progress_update_dispute_reply(
        update=update, user=focal_ken, reply="A corrected update follows."
    )
    assert "A corrected update follows." not in client.get(page).content.decode()
    before = ChangeEvent.objects.count()

    with django_capture_on_commit_callbacks(execute=True):  # the public data version moves
        progress_update_dispute_publish(update=update, user=staff_user)

    body = client.get(page).content.decode()
    assert "Disputed by the Network" in body and REASON in body
    assert "once they have replied, or 14 days after it without a reply" in body
    assert "A corrected update follows." in body
    shown = client.get(api).json()["results"][0]["verification"]
    assert shown["status"] == "disputed" and shown["dispute_reason"] == REASON
    assert shown["dispute_reply"] == "A corrected update follows." and shown["disputed_at"]
    assert staff_user.username not in client.get(api).content.decode()
    event = ChangeEvent.objects.order_by("id").last()
    assert ChangeEvent.objects.count() == before + 1
    assert (event.kind, event.code) == ("updated", update.pledge.code)


def test_without_a_reply_the_dispute_may_be_public_after_the_response_window(
    update, staff_user, settings
):
    settings.PROGRESS_DISPUTE_RESPONSE_DAYS = 14
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        progress_update_dispute(update=update, user=staff_user, reason=REASON)
    early = time_machine.travel(start + datetime.timedelta(days=13), tick=False)
    with early, pytest.raises(ValidationError):
        progress_update_dispute_publish(update=update, user=staff_user)
    with time_machine.travel(start + datetime.timedelta(days=14, minutes=1), tick=False):
        progress_update_dispute_publish(update=update, user=staff_user)
    assert _state(update)[3] is not None


def test_a_verified_update_disputed_loses_its_verification_at_once(update, staff_user):
    progress_update_verify(update=update, user=staff_user, note="Decree seen.")
    before = ChangeEvent.objects.count()

    progress_update_dispute(update=update, user=staff_user, reason=REASON)

    update.refresh_from_db()
    assert update.public_verification == "self-reported" and update.verification_note == ""
    assert update.verified_at is None
    assert ChangeEvent.objects.count() == before + 1  # the public's "verified" went


def test_verifying_after_a_dispute_settles_it_and_the_history_keeps_it(
    update, staff_user, focal_ken
):
    progress_update_dispute(update=update, user=staff_user, reason=REASON)
    progress_update_dispute_reply(update=update, user=focal_ken, reply="Fixed the figure.")
    progress_update_dispute_publish(update=update, user=staff_user)

    progress_update_verify(update=update, user=staff_user, note="Corrected figure checked.")

    assert _state(update) == ("verified", "", "", None)
    kept = [(h.verification, h.dispute_reason, h.dispute_reply) for h in update.history.all()]
    assert ("disputed", REASON, "Fixed the figure.") in kept


def test_workspace_shows_the_dispute_to_the_focal_point_with_a_reply_form(
    client, update, staff_user, focal_ken, focal_mex
):
    progress_update_dispute(update=update, user=staff_user, reason=REASON)
    client.force_login(focal_ken)
    page = f"/workspace/pledges/{update.pledge.code}/"
    body = client.get(page).content.decode()
    assert REASON in body and "Only you see this for now" in body
    assert "Your reply to the Network" in body

    answer = client.post(
        f"/workspace/pledges/{update.pledge.code}/updates/{update.pk}/reply/",
        {"reply": "We are checking with the ministry."},
    )

    assert answer.status_code == 302
    assert _state(update)[2] == "We are checking with the ministry."
    client.force_login(focal_mex)  # a partner's focal point: sees it, no form; refused
    seen = client.get(page).content.decode()
    assert REASON in seen and "Your reply to the Network" not in seen
    refused = client.post(
        f"/workspace/pledges/{update.pledge.code}/updates/{update.pk}/reply/",
        {"reply": "Overwritten"},
    )
    assert refused.status_code == 403
    assert _state(update)[2] == "We are checking with the ministry."


def test_admin_dispute_asks_for_the_reason_and_states_the_rule(client, update, staff_user):
    client.force_login(staff_user)
    url = "/admin/pledges/progressupdate/"
    ask = client.post(url, {"action": "dispute_selected", "_selected_action": [update.pk]})
    assert ask.status_code == 200
    assert "Dispute with this reason" in ask.content.decode()
    assert "14 days after the dispute" in ask.content.decode()
    assert _state(update)[0] == "self-reported"

    done = client.post(
        url, {"action": "dispute_selected", "_selected_action": [update.pk], "reason": REASON}
    )
    assert done.status_code == 302
    assert _state(update)[:2] == ("disputed", REASON)

    client.post(url, {"action": "publish_disputes", "_selected_action": [update.pk]})
    assert _state(update)[3] is None  # no reply, within the window: refused with a message


def test_export_columns_carry_the_public_verification(update, staff_user, focal_ken):
    from pledges.columns import UPDATE_COLUMN_NAMES, update_row

    def cells():
        update.refresh_from_db()
        return dict(zip(UPDATE_COLUMN_NAMES, update_row(update), strict=True))

    progress_update_dispute(update=update, user=staff_user, reason=REASON)
    assert (cells()["verification"], cells()["dispute_reason"]) == ("self-reported", "")
    progress_update_dispute_reply(update=update, user=focal_ken, reply="ok")
    progress_update_dispute_publish(update=update, user=staff_user)
    row = cells()
    assert (row["verification"], row["dispute_reason"]) == ("disputed", REASON)
    assert row["verification_date"] == update.dispute_public_at
    progress_update_verify(update=update, user=staff_user, note="Seen.")
    assert cells()["verification_date"] == update.verified_at
    assert cells()["verification"] == "verified"


def test_the_export_of_everything_carries_verification_date_and_public_reason(
    update, staff_user, focal_ken, kenya
):
    import csv
    import io
    import zipfile

    from exports import jobs
    from tests.exports.helpers import export_file, new_export

    hidden = ProgressUpdateFactory(pledge=update.pledge, actor=kenya)
    progress_update_dispute(update=hidden, user=staff_user, reason="Not yet public")
    progress_update_dispute(update=update, user=staff_user, reason=REASON)
    progress_update_dispute_reply(update=update, user=focal_ken, reply="ok")
    progress_update_dispute_publish(update=update, user=staff_user)

    export = jobs.export_build(export_id=new_export(focal_ken, "everything", "csv").pk)

    with zipfile.ZipFile(io.BytesIO(export_file(export))) as archive:
        text = archive.read("progress_updates.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    by_reason = {row["dispute_reason"]: row for row in rows}
    assert set(by_reason) == {REASON, ""}  # the dispute not yet public has no reason
    assert by_reason[REASON]["verification"] == "disputed"
    assert by_reason[REASON]["verification_date"].startswith(str(timezone.localdate().year))
    assert by_reason[""]["verification"] == "self-reported"
    assert "Not yet public" not in text
