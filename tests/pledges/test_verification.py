"""Verified beside self-reported (issue 19): every progress update is self-reported until
Network staff verify it; the service, the admin action, the API field and the page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from changes.models import ChangeEvent
from pledges.models import ProgressUpdate
from pledges.services import progress_update_verify
from tests.factories import PledgeFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def update(kenya):
    return ProgressUpdateFactory(pledge=PledgeFactory(lead=kenya, status="published"))


def test_a_new_update_is_self_reported(update):
    assert update.verification == ProgressUpdate.Verification.SELF_REPORTED
    assert update.verified_by is None and update.verified_at is None


def test_staff_verify_an_update_with_a_note_and_the_feed_hears_of_it(update, staff_user):
    before = ChangeEvent.objects.count()

    progress_update_verify(update=update, user=staff_user, note="Checked the ministry's decree.")

    update.refresh_from_db()
    assert update.verification == "verified"
    assert update.verified_by == staff_user and update.verified_at is not None
    assert update.verification_note == "Checked the ministry's decree."
    assert update.history.latest().history_user == staff_user
    event = ChangeEvent.objects.order_by("id").last()
    assert ChangeEvent.objects.count() == before + 1
    assert (event.kind, event.code) == ("updated", update.pledge.code)


def test_verifying_needs_a_note(update, staff_user):
    with pytest.raises(ValidationError) as exc:
        progress_update_verify(update=update, user=staff_user, note="  ")
    assert "note" in exc.value.message_dict
    update.refresh_from_db()
    assert update.verification == "self-reported"


def test_staff_can_set_an_update_back_to_self_reported(update, staff_user):
    progress_update_verify(update=update, user=staff_user, note="ok")
    progress_update_verify(update=update, user=staff_user, verified=False)
    update.refresh_from_db()
    assert (update.verification, update.verified_by, update.verified_at) == (
        "self-reported",
        None,
        None,
    )


@pytest.mark.parametrize("persona", ["focal_ken", "focal_mex", "anonymous"])
def test_only_staff_verify_and_a_refusal_changes_nothing(request, update, persona):
    user = request.getfixturevalue(persona)
    before = ChangeEvent.objects.count()
    with pytest.raises(PermissionDenied):
        progress_update_verify(update=update, user=user, note="I say so")
    update.refresh_from_db()
    assert update.verification == "self-reported"
    assert ChangeEvent.objects.count() == before


def test_api_says_self_reported_or_verified_and_never_who(
    client_for, anonymous, update, staff_user, django_assert_num_queries
):
    other = ProgressUpdateFactory(pledge=update.pledge)
    progress_update_verify(update=update, user=staff_user, note="Seen the budget line.")

    # the pledge, count, updates, evidence
    with django_assert_num_queries(4):
        response = client_for(anonymous).get(f"/api/v1/pledges/{update.pledge.code}/updates/")

    assert response.status_code == 200
    by_id = {row["id"]: row["verification"] for row in response.json()["results"]}
    assert by_id[other.pk] == {
        "status": "self-reported",
        "verified_at": None,
        "note": "",
        "disputed_at": None,
        "dispute_reason": "",
        "dispute_reply": "",
    }
    assert by_id[update.pk]["status"] == "verified"
    assert by_id[update.pk]["note"] == "Seen the budget line."
    assert by_id[update.pk]["verified_at"]
    assert staff_user.username not in response.content.decode()


def test_public_page_says_self_reported_or_verified_by_the_network(client, update, staff_user):
    ProgressUpdateFactory(pledge=update.pledge)
    progress_update_verify(update=update, user=staff_user, note="Seen the budget line.")

    page = client.get(f"/pledges/{update.pledge.code}/").content.decode()

    assert "Self-reported" in page
    assert "Verified by the Network on" in page
    assert "Seen the budget line." in page


def test_public_page_speaks_the_readers_language(client, update, staff_user):
    progress_update_verify(update=update, user=staff_user, note="ok")

    page = client.get(f"/fr/pledges/{update.pledge.code}/").content.decode()

    assert "Vérifié par le Réseau le" in page


def test_admin_action_verifies_with_the_note_it_asks_for(client, update, staff_user):
    client.force_login(staff_user)
    url = "/admin/pledges/progressupdate/"
    ask = client.post(url, {"action": "verify_selected", "_selected_action": [update.pk]})
    assert ask.status_code == 200 and "Verify with this note" in ask.content.decode()
    update.refresh_from_db()
    assert update.verification == "self-reported"

    done = client.post(
        url,
        {"action": "verify_selected", "_selected_action": [update.pk], "note": "Decree seen."},
    )

    assert done.status_code == 302
    update.refresh_from_db()
    assert (update.verification, update.verification_note) == ("verified", "Decree seen.")
