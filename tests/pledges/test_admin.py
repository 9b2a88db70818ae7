import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from pledges.models import Pledge
from tests.factories import PledgeFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/pledges/pledge/"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_admin_publish_action_calls_the_service(staff_client, kenya, staff_user):
    submitted = PledgeFactory(lead=kenya, status="submitted")
    draft = PledgeFactory(lead=kenya, status="draft")

    response = staff_client.post(
        CHANGELIST,
        {"action": "publish_selected", ACTION_CHECKBOX_NAME: [submitted.pk, draft.pk]},
        follow=True,
    )

    assert response.status_code == 200
    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert (submitted.status, draft.status) == ("published", "draft")
    assert submitted.published_at is not None
    assert submitted.history.first().history_user == staff_user
    html = response.content.decode()
    assert "1 pledge published." in html
    assert f"{draft.code}: A draft pledge cannot be published." in html


def test_admin_return_action_asks_for_a_reason(staff_client, kenya):
    pledge = PledgeFactory(lead=kenya, status="submitted")
    selected = {"action": "return_selected", ACTION_CHECKBOX_NAME: [pledge.pk]}

    page = staff_client.post(CHANGELIST, selected)
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == "submitted"

    staff_client.post(CHANGELIST, {**selected, "reason": "Add a yearly target."})
    pledge.refresh_from_db()
    assert (pledge.status, pledge.return_reason) == ("returned", "Add a yearly target.")


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status__exact": "published"},
        {"pledge_type__exact": "policy"},
        {"objective": "1"},
        {"lead__region": "Africa"},
        {"q": "Pledge"},
    ],
)
def test_admin_pledge_changelist_filters(staff_client, kenya, params):
    PledgeFactory(lead=kenya, status="published")

    response = staff_client.get(CHANGELIST, params)

    assert response.status_code == 200
    assert "1 pledge" in response.content.decode()


def test_admin_pledge_change_page_shows_updates_and_history(staff_client, kenya):
    update = ProgressUpdateFactory(pledge__lead=kenya, narrative="Two clinics open.")
    pledge = update.pledge

    change = staff_client.get(f"{CHANGELIST}{pledge.pk}/change/")
    history = staff_client.get(f"{CHANGELIST}{pledge.pk}/history/")

    assert change.status_code == 200
    assert "Two clinics open." in change.content.decode()
    assert history.status_code == 200


def test_admin_focal_points_are_managed_on_actor(staff_client, kenya, focal_ken):
    response = staff_client.get(f"/admin/pledges/actor/{kenya.pk}/change/")

    assert response.status_code == 200
    assert "focal-ken" in response.content.decode()


def test_admin_pledges_cannot_be_deleted(staff_client, kenya):
    pledge = PledgeFactory(lead=kenya)

    staff_client.post(f"{CHANGELIST}{pledge.pk}/delete/", {"post": "yes"})

    assert Pledge.objects.filter(pk=pledge.pk).exists()
