"""Matching with a lifecycle (issue 14): offered → accepted or declined → resourced →
delivered, each step by its side only (refused writes change nothing), the list's
visibility and filters, mails to the other side, and what a pledge seeks."""

import csv
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from changes.models import ChangeEvent
from pledges import services
from pledges.models import Pledge, PledgeMatch
from tests.factories import PledgeFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/matches/"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def matched(kenya):
    """Kenya's published pledge, which seeks support."""
    return PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED, code="GCM-P-00001")


@pytest.fixture
def offer(mexico):
    """Mexico's published matching pledge."""
    return PledgeFactory(lead=mexico, status=Pledge.Status.PUBLISHED, code="GCM-P-00002")


NO_STAGES = dict.fromkeys(PledgeMatch.Status.values, 0)


def _stages(client):
    """The dashboard's matching offers by stage, as /api/v1/stats/ gives them; the
    dashboard's CSV of the chart holds the same numbers, under the stages' names."""
    stages = client.get("/api/v1/stats/").json()["matches_by_stage"]
    text = client.get("/dashboard/matches.csv").getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Stage", "Matching offers"]
    assert rows[1:] == [
        [str(label), str(stages[value])] for value, label in PledgeMatch.Status.choices
    ]
    return stages


def _status(match):
    match.refresh_from_db()
    return match.status


def test_match_walks_from_offered_to_delivered_each_step_by_its_side(
    client_for, focal_ken, focal_mex, staff_user, matched, offer, django_capture_on_commit_callbacks
):
    mexico, kenya, staff, public = (
        client_for(focal_mex),
        client_for(focal_ken),
        client_for(staff_user),
        client_for(None),
    )
    # Kenya cannot offer Mexico's pledge; Mexico can.
    body = {"offer": offer.code, "matched": matched.code}
    assert kenya.post(URL, body, format="json").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = mexico.post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "offered"
    match = PledgeMatch.objects.get(pk=response.json()["id"])
    assert mail.outbox[-1].to == ["focal-ken@example.org"]  # the other side hears of it
    assert _stages(public) == {**NO_STAGES, "offered": 1}
    feed = ChangeEvent.objects.filter(code=matched.code).count()

    steps = [
        ("accept", {}, kenya, (mexico, staff, public), "accepted"),
        ("resource", {"resources": "USD 50,000 to the fund"}, mexico, (kenya, staff), "resourced"),
        ("deliver", {}, kenya, (mexico, staff, public), "delivered"),
    ]
    for name, data, right, wrong, reached in steps:
        before = _status(match)
        for client in wrong:
            answer = client.post(f"{URL}{match.pk}/{name}/", data, format="json")
            assert answer.status_code in (401, 403), (name, answer.status_code)
            assert _status(match) == before
        # Skipping ahead is refused on `status`.
        if name != "deliver":
            skip = kenya.post(f"{URL}{match.pk}/deliver/", {}, format="json")
            assert skip.status_code in (400, 403) and _status(match) == before
        with django_capture_on_commit_callbacks(execute=True):
            answer = right.post(f"{URL}{match.pk}/{name}/", data, format="json")
        assert answer.status_code == 200, answer.json()
        assert answer.json()["status"] == reached
        # The dashboard's counts by stage follow (a refused step moved none).
        assert _stages(public) == {**NO_STAGES, reached: 1}
    # Backwards is refused, field named.
    back = kenya.post(f"{URL}{match.pk}/accept/", {}, format="json")
    assert back.status_code == 400 and "status" in back.json()
    withdraw = mexico.post(f"{URL}{match.pk}/withdraw/", {}, format="json")
    assert withdraw.status_code == 400 and _status(match) == "delivered"
    # The delivery, confirmed by Kenya, was mailed to Mexico.
    assert mail.outbox[-1].to == ["focal-mex@example.org"]
    # Each move between published pledges is in the change feed and the history.
    assert ChangeEvent.objects.filter(code=matched.code).count() == feed + 3
    assert match.history.count() == 4


def test_decline_needs_a_reason_and_is_the_matched_sides(
    client_for, focal_ken, focal_mex, matched, offer
):
    match = services.match_offer(offer=offer, user=focal_mex, matched=matched.code)
    url = f"{URL}{match.pk}/decline/"
    assert client_for(focal_mex).post(url, {"reason": "no"}, format="json").status_code == 403
    empty = client_for(focal_ken).post(url, {"reason": " "}, format="json")
    assert empty.status_code == 400 and "reason" in empty.json()
    assert _status(match) == "offered"
    answer = client_for(focal_ken).post(url, {"reason": "Already funded."}, format="json")
    assert answer.json()["status"] == "declined"
    assert answer.json()["reason"] == "Already funded."


def test_offer_to_an_unpublished_or_own_pledge_is_a_400_on_matched(focal_mex, offer, kenya):
    draft = PledgeFactory(lead=kenya, code="GCM-P-00009")
    for code in (draft.code, "GCM-P-99999", offer.code):
        with pytest.raises(ValidationError) as error:
            services.match_offer(offer=offer, user=focal_mex, matched=code)
        assert "matched" in error.value.message_dict
    assert not PledgeMatch.objects.exists()


def test_list_shows_only_matches_between_pledges_the_caller_may_read(
    client_for, focal_ken, focal_mex, matched, offer, mexico, django_assert_num_queries
):
    services.match_offer(offer=offer, user=focal_mex, matched=matched.code)
    draft = PledgeFactory(lead=mexico, code="GCM-P-00003")
    services.match_offer(offer=draft, user=focal_mex, matched=matched.code)
    # Anonymous: one count and one page of matches, both pledges and leads joined.
    with django_assert_num_queries(2):
        public = client_for(None).get(URL).json()
    assert [m["offer"]["code"] for m in public["results"]] == [offer.code]
    # Kenya cannot read Mexico's draft: its offer stays unknown until published.
    assert client_for(focal_ken).get(URL).json()["count"] == 1
    assert client_for(focal_mex).get(URL).json()["count"] == 2
    assert client_for(None).get(f"{URL}?pledge={draft.code}").json()["count"] == 0
    assert client_for(None).get(f"{URL}?status=accepted").json()["count"] == 0
    assert client_for(None).get(f"{URL}?objective=1").json()["count"] == 1
    assert client_for(None).get(f"{URL}?objective=2").json()["count"] == 0


def test_pledge_form_match_becomes_an_offer(focal_mex, matched, mexico):
    pledge = PledgeFactory(lead=mexico, code="GCM-P-00004")
    services.pledge_update(pledge=pledge, user=focal_mex, mode="matching", matches=matched.code)
    assert PledgeMatch.objects.get(offer=pledge).status == "offered"


def test_support_request_is_the_leads_and_filters_the_directory(
    client_for, focal_ken, focal_mex, matched
):
    fields = {
        "support_type": "financial",
        "objective": 1,
        "description": "Co-funding for a labour mobility scheme.",
        "amount": Decimal("250000"),
        "currency": "usd",
    }
    with pytest.raises(PermissionDenied):
        services.support_request_set(pledge=matched, user=focal_mex, **fields)
    with pytest.raises(ValidationError) as error:
        services.support_request_set(
            pledge=matched, user=focal_ken, **{**fields, "currency": "XXY"}
        )
    assert "currency" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.support_request_set(pledge=matched, user=focal_ken, **{**fields, "objective": 7})
    assert "objective" in error.value.message_dict
    request = services.support_request_set(pledge=matched, user=focal_ken, **fields)
    assert request.currency == "USD"
    codes = [
        p["code"]
        for p in client_for(None).get("/api/v1/pledges/?seeking_support=true").json()["results"]
    ]
    assert codes == [matched.code]
    assert client_for(None).get("/api/v1/pledges/?seeking_support=maybe").status_code == 400
    services.support_request_clear(pledge=matched, user=focal_ken)
    assert client_for(None).get("/api/v1/pledges/?seeking_support=true").json()["count"] == 0


def test_public_page_shows_the_offers_and_their_stage_published_sides_only(
    client, focal_ken, focal_mex, matched, offer, mexico
):
    match = services.match_offer(offer=offer, user=focal_mex, matched=matched.code)
    services.match_accept(match=match, user=focal_ken)
    draft = PledgeFactory(lead=mexico, code="GCM-P-00005", title="Secret draft offer")
    PledgeMatch.objects.create(offer=draft, matched=matched)
    page = client.get(f"/pledges/{matched.code}/").content.decode()
    assert offer.code in page and "Accepted" in page
    assert draft.code not in page and "Secret draft offer" not in page


def test_the_document_says_a_step_out_of_turn_is_a_400(api_client):
    # The walk above gets a 400 on `status` from a body-less accept: the OpenAPI
    # document must say so for every step, as for every write.
    paths = api_client.get("/api/schema/", {"format": "json"}).json()["paths"]
    for step in ("accept", "decline", "resource", "deliver", "withdraw"):
        assert "400" in paths[f"/api/v1/matches/{{id}}/{step}/"]["post"]["responses"], step
