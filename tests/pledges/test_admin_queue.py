"""The curators' queue: submitted pledges oldest first, Publish and Return on the pledge's
own admin page (the same services as the bulk actions), a reason required by the server."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from pledges import services
from pledges.models import Pledge
from tests.factories import PledgeFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/pledges/pledgeawaitingverification/"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _submitted_on(day: datetime.date | datetime.datetime, lead, author) -> Pledge:
    pledge = PledgeFactory(lead=lead, status="draft")
    moment = (
        day
        if isinstance(day, datetime.datetime)
        else datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
    )
    with time_machine.travel(moment, tick=False):
        return services.pledge_submit(pledge=pledge, user=author)


def test_the_queue_lists_submitted_pledges_longest_waiting_first(
    staff_client, kenya, mexico, staff_user
):
    now = timezone.now()
    newer = _submitted_on(now - datetime.timedelta(days=2, hours=1), kenya, staff_user)
    older = _submitted_on(now - datetime.timedelta(days=9), mexico, staff_user)
    PledgeFactory(lead=kenya, status="draft", code="GCM-DRAFT-1")
    PledgeFactory(lead=kenya, status="published", code="GCM-PUB-1")

    html = staff_client.get(QUEUE).content.decode()

    assert html.index(older.code) < html.index(newer.code)
    assert "GCM-DRAFT-1" not in html and "GCM-PUB-1" not in html
    assert "waiting since" in html.lower()
    assert "1\xa0week" in html and "2\xa0days" in html  # timesince keeps number and unit together


def test_submitting_records_when_the_pledge_started_waiting(kenya, staff_user):
    pledge = _submitted_on(datetime.date(2026, 11, 20), kenya, staff_user)

    assert pledge.submitted_at.date() == datetime.date(2026, 11, 20)


def test_staff_publish_from_the_pledges_own_page_and_the_queue_empties(
    staff_client, kenya, staff_user
):
    pledge = _submitted_on(timezone.localdate(), kenya, staff_user)
    page = staff_client.get(f"{QUEUE}{pledge.pk}/change/").content.decode()
    assert f'action="{QUEUE}{pledge.pk}/publish/"' in page
    assert f'href="{QUEUE}{pledge.pk}/return/"' in page

    response = staff_client.post(f"{QUEUE}{pledge.pk}/publish/", follow=True)

    pledge.refresh_from_db()
    assert pledge.status == "published"
    assert pledge.history.first().history_user == staff_user
    assert response.redirect_chain[-1][0] == QUEUE
    assert f"{pledge.code} published." in response.content.decode()
    assert pledge.code not in staff_client.get(QUEUE).content.decode().split("</h1>", 1)[1]


def test_the_buttons_show_only_on_a_submitted_pledge(staff_client, kenya):
    pledge = PledgeFactory(lead=kenya, status="published")

    page = staff_client.get(f"/admin/pledges/pledge/{pledge.pk}/change/").content.decode()

    assert "/publish/" not in page and "Return with a reason" not in page


def test_publishing_a_pledge_that_is_not_submitted_says_why(staff_client, kenya):
    pledge = PledgeFactory(lead=kenya, status="draft")

    response = staff_client.post(f"/admin/pledges/pledge/{pledge.pk}/publish/", follow=True)

    assert "A draft pledge cannot be published." in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == "draft"


def test_publish_answers_only_post(staff_client, kenya, staff_user):
    pledge = _submitted_on(timezone.localdate(), kenya, staff_user)

    response = staff_client.get(f"/admin/pledges/pledge/{pledge.pk}/publish/")

    assert response.status_code == 405
    pledge.refresh_from_db()
    assert pledge.status == "submitted"


def test_return_from_the_pledges_page_needs_a_reason_checked_by_the_server(
    staff_client, kenya, staff_user
):
    pledge = _submitted_on(timezone.localdate(), kenya, staff_user)
    url = f"/admin/pledges/pledge/{pledge.pk}/return/"

    form = staff_client.get(url).content.decode()
    empty = staff_client.post(url, {"reason": "   "})

    assert "novalidate" in form and " required" not in form.split("<textarea", 1)[1][:200]
    assert empty.status_code == 200
    assert "This field is required." in empty.content.decode()
    pledge.refresh_from_db()
    assert (pledge.status, pledge.return_reason) == ("submitted", "")

    done = staff_client.post(url, {"reason": "Add a yearly target."})

    pledge.refresh_from_db()
    assert done.status_code == 302
    assert (pledge.status, pledge.return_reason) == ("returned", "Add a yearly target.")


@pytest.mark.parametrize("persona", ["focal_ken", None])
def test_publish_and_return_are_refused_outside_staff(request, client, kenya, staff_user, persona):
    pledge = _submitted_on(timezone.localdate(), kenya, staff_user)
    if persona:
        client.force_login(request.getfixturevalue(persona))

    publish = client.post(f"/admin/pledges/pledge/{pledge.pk}/publish/")
    returned = client.post(f"/admin/pledges/pledge/{pledge.pk}/return/", {"reason": "No."})
    queue = client.get(QUEUE)

    assert {publish.status_code, returned.status_code, queue.status_code} == {302}
    assert all("/admin/login/" in r["Location"] for r in (publish, returned, queue))
    pledge.refresh_from_db()
    assert (pledge.status, pledge.return_reason) == ("submitted", "")


def test_the_queue_query_count_is_constant_in_its_length(
    staff_client, kenya, staff_user, django_assert_max_num_queries
):
    _submitted_on(timezone.localdate(), kenya, staff_user)
    staff_client.get(QUEUE)
    with django_assert_max_num_queries(30) as few:
        assert staff_client.get(QUEUE).status_code == 200
    for _ in range(8):
        _submitted_on(timezone.localdate(), kenya, staff_user)
    with django_assert_max_num_queries(len(few)) as many:
        response = staff_client.get(QUEUE)
    assert response.status_code == 200
    assert response.content.decode().count('class="field-waiting_since"') == 9
    assert len(many) == len(few)
