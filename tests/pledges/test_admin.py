import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from pledges import services
from pledges.models import Actor, FocalPoint, Pledge
from tests.factories import PledgeFactory, ProgressUpdateFactory, StakeholderFactory

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
    ("params", "shown"),
    [
        ({}, ["GCM-T-DECOY", "GCM-T-MATCH"]),
        ({"status__exact": "published"}, ["GCM-T-MATCH"]),
        ({"pledge_type__exact": "policy"}, ["GCM-T-MATCH"]),
        ({"objective": "1"}, ["GCM-T-MATCH"]),
        ({"lead__region": "Africa"}, ["GCM-T-MATCH"]),
        ({"q": "clinics"}, ["GCM-T-MATCH"]),
    ],
)
def test_admin_pledge_changelist_filters(staff_client, kenya, mexico, params, shown):
    # The match meets every filter and the decoy none: a filter that lets everything
    # through shows both.
    PledgeFactory(
        code="GCM-T-MATCH",
        title="Clinics for migrants",
        lead=kenya,
        status="published",
        pledge_type="policy",
        objectives=[1],
    )
    PledgeFactory(
        code="GCM-T-DECOY",
        title="Skills fund",
        lead=mexico,
        status="draft",
        pledge_type="financial",
        objectives=[2],
    )

    response = staff_client.get(CHANGELIST, params)

    html = response.content.decode()
    assert response.status_code == 200
    assert [code for code in ("GCM-T-DECOY", "GCM-T-MATCH") if code in html] == shown
    assert f"{len(shown)} pledge" in html


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


# --- Every admin write goes through a service (one test per model) -------------------


def _management_forms(html: str) -> dict[str, str]:
    """The inline formsets' management fields of an admin page, as it would post them."""
    import re

    fields = re.findall(
        r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)" value="(\d*)"', html
    )
    return dict(fields)


def test_admin_stakeholder_goes_through_the_service_and_keeps_its_code_format(staff_client):
    page = staff_client.get("/admin/pledges/actor/add/").content.decode()
    data = {"name": "Migrant Aid", "category": "civil_society", "country": "KE"}

    refused = staff_client.post(
        "/admin/pledges/actor/add/", {**_management_forms(page), **data, "code": "Migrant Aid!"}
    )
    created = staff_client.post(
        "/admin/pledges/actor/add/", {**_management_forms(page), **data, "code": "migrant-aid"}
    )

    assert refused.status_code == 200
    assert "Use lower-case letters, digits and hyphens." in refused.content.decode()
    assert created.status_code == 302
    actor = Actor.objects.get(name="Migrant Aid")
    # The region follows the country, as actor_create_stakeholder derives it.
    assert (actor.code, actor.kind, actor.region) == ("migrant-aid", "stakeholder", "Africa")


def test_admin_stakeholder_change_goes_through_actor_update(staff_client):
    ngo = StakeholderFactory(code="old-name", country="")
    url = f"/admin/pledges/actor/{ngo.pk}/change/"
    page = staff_client.get(url).content.decode()

    response = staff_client.post(
        url,
        {
            **_management_forms(page),
            "code": "New-Name",
            "name": "Renamed",
            "category": "academia",
            "country": "MX",
        },
    )

    assert response.status_code == 302
    ngo.refresh_from_db()
    assert (ngo.code, ngo.category, ngo.region) == ("new-name", "academia", "Americas")


def test_admin_state_fields_are_read_only(staff_client, kenya):
    page = staff_client.get(f"/admin/pledges/actor/{kenya.pk}/change/").content.decode()

    staff_client.post(
        f"/admin/pledges/actor/{kenya.pk}/change/",
        {**_management_forms(page), "name": "Renamed", "code": "XXX"},
    )

    kenya.refresh_from_db()
    assert (kenya.code, kenya.name) == ("KEN", "Kenya")


def test_admin_focal_point_inline_removes_through_focal_point_remove(
    staff_client, kenya, focal_ken, monkeypatch
):
    calls = []
    remove = services.focal_point_remove
    monkeypatch.setattr(
        services, "focal_point_remove", lambda **kw: calls.append(kw) or remove(**kw)
    )
    focal_point = FocalPoint.objects.get(user=focal_ken, actor=kenya)
    url = f"/admin/pledges/actor/{kenya.pk}/change/"
    page = staff_client.get(url).content.decode()

    response = staff_client.post(
        url,
        {
            **_management_forms(page),
            "focal_points-TOTAL_FORMS": "1",
            "focal_points-0-id": str(focal_point.pk),
            "focal_points-0-actor": str(kenya.pk),
            "focal_points-0-user": str(focal_ken.pk),
            "focal_points-0-DELETE": "on",
        },
    )

    assert response.status_code == 302
    assert calls == [{"user": focal_ken, "actor": kenya}]
    assert not FocalPoint.objects.filter(user=focal_ken, actor=kenya).exists()


def test_admin_focal_point_admin_adds_and_deletes_through_the_services(
    staff_client, kenya, focal_ken, monkeypatch
):
    calls = []
    for name in ("focal_point_add", "focal_point_remove"):
        real = getattr(services, name)
        monkeypatch.setattr(
            services, name, lambda real=real, name=name, **kw: calls.append(name) or real(**kw)
        )
    ngo = StakeholderFactory()

    added = staff_client.post(
        "/admin/pledges/focalpoint/add/", {"user": focal_ken.pk, "actor": ngo.pk}
    )
    focal_point = FocalPoint.objects.get(user=focal_ken, actor=ngo)
    deleted = staff_client.post(
        f"/admin/pledges/focalpoint/{focal_point.pk}/delete/", {"post": "yes"}
    )

    assert (added.status_code, deleted.status_code) == (302, 302)
    assert "focal_point_add" in calls and calls[-1] == "focal_point_remove"
    assert not FocalPoint.objects.filter(user=focal_ken, actor=ngo).exists()
