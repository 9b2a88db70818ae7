"""Partner consent over HTTP (issue 14): the API's partner actions and the workspace's
answer pages, for every persona, refused writes changing nothing; query counts that do
not grow with the number of partners."""

import pytest
from django.utils import translation

from pledges.models import Actor, FocalPoint, Partnership
from tests.factories import PledgeFactory, StakeholderFactory, add_partners
from tests.pledges.test_workspace import signed_in

pytestmark = pytest.mark.django_db

ACTIONS = ("accept", "decline", "leave")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def ngo(db):
    return StakeholderFactory(code="migrant-rights-ngo", name="Migrant Rights NGO")


def _focal(django_user_model, username, actor):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    FocalPoint.objects.create(user=user, actor=actor)
    return user


@pytest.fixture
def focal_ngo(django_user_model, ngo):
    """Another partner's focal point."""
    return _focal(django_user_model, "focal-ngo", ngo)


@pytest.fixture
def focal_fra(django_user_model, member_states):
    """Another State's focal point."""
    return _focal(django_user_model, "focal-fra", Actor.objects.get(code="FRA"))


@pytest.fixture
def invited(compact, kenya, mexico, ngo):
    """Kenya's published partnership pledge: Mexico and the NGO invited."""
    pledge = PledgeFactory(lead=kenya, mode="partnership", status="published")
    add_partners(pledge, mexico, ngo, status=Partnership.Status.INVITED)
    return pledge


def _state(pledge):
    return sorted(
        Partnership.objects.filter(pledge=pledge).values_list(
            "actor__code", "status", "reason", "share", "amount", "currency"
        )
    )


def _api(pledge, action, actor="MEX"):
    return f"/api/v1/pledges/{pledge.code}/partners/{actor}/{action}/"


# --- The API ------------------------------------------------------------------------


def test_api_accept_with_a_share_and_amount(client_for, invited, focal_mex):
    response = client_for(focal_mex).post(
        _api(invited, "accept"),
        {"share": "Consular staff", "amount": "1200.50", "currency": "EUR"},
        format="json",
    )

    assert response.status_code == 200
    mexico = next(p for p in response.json()["partners"] if p["actor"]["code"] == "MEX")
    assert (mexico["status"], mexico["share"], mexico["amount"], mexico["currency"]) == (
        "accepted",
        "Consular staff",
        "1200.50",
        "EUR",
    )
    assert mexico["answered_at"]


def test_api_decline_then_leave_is_refused_and_accept_then_leave_works(
    client_for, invited, focal_mex, focal_ngo
):
    ngo = client_for(focal_ngo)
    assert (
        ngo.post(
            _api(invited, "decline", "migrant-rights-ngo"), {"reason": "No funds."}, format="json"
        ).status_code
        == 200
    )
    refused = ngo.post(_api(invited, "leave", "migrant-rights-ngo"), {"reason": ""}, format="json")
    assert refused.status_code == 400
    assert "status" in refused.json()

    mex = client_for(focal_mex)
    assert mex.post(_api(invited, "accept"), {}, format="json").status_code == 200
    left = mex.post(_api(invited, "leave"), {"reason": "Ended."}, format="json")
    assert left.status_code == 200
    assert {p["actor"]["code"]: p["status"] for p in left.json()["partners"]}["MEX"] == "left"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount": "-10", "currency": "USD"}, "amount"),
        ({"amount": "ten", "currency": "USD"}, "amount"),
        ({"amount": "10", "currency": "ZZZ"}, "currency"),
        ({"amount": "10"}, "currency"),
        ({"currency": "USD"}, "amount"),
    ],
)
def test_api_bad_money_is_a_400_naming_the_field_and_changes_nothing(
    client_for, invited, focal_mex, body, field
):
    before = _state(invited)
    response = client_for(focal_mex).post(_api(invited, "accept"), body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert _state(invited) == before


def test_api_decline_without_a_reason_is_a_400_on_reason(client_for, invited, focal_mex):
    before = _state(invited)
    response = client_for(focal_mex).post(_api(invited, "decline"), {"reason": ""}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()
    assert _state(invited) == before


def test_api_accepting_twice_is_a_400_on_status(client_for, invited, focal_mex):
    mex = client_for(focal_mex)
    assert mex.post(_api(invited, "accept"), {}, format="json").status_code == 200
    before = _state(invited)
    again = mex.post(_api(invited, "accept"), {}, format="json")
    assert again.status_code == 400
    assert "already answered" in again.json()["status"][0]
    assert _state(invited) == before


def test_api_an_actor_not_invited_is_a_404(client_for, invited, focal_mex):
    assert client_for(focal_mex).post(_api(invited, "accept", "FRA"), {}).status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("focal_mex", {"accept": 200}),  # this partner
        ("focal_ngo", {"accept": 403, "decline": 403, "leave": 403}),  # another partner
        ("focal_ken", {"accept": 403, "decline": 403, "leave": 403}),  # the lead
        ("focal_fra", {"accept": 403, "decline": 403, "leave": 403}),  # another State
        ("staff_user", {"accept": 403, "decline": 403, "leave": 403}),  # staff
        ("anonymous", {"accept": 403, "decline": 403, "leave": 403}),
    ],
)
def test_api_permission_grid(request, client_for, invited, persona, expected):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    for action, status in expected.items():
        before = _state(invited)
        response = client.post(_api(invited, action), {"reason": "Because."}, format="json")
        assert response.status_code == status, (action, response.content)
        if status != 200:
            assert _state(invited) == before


def test_api_a_draft_is_a_404_to_outsiders_and_readable_to_the_invited(
    client_for, compact, kenya, mexico, focal_mex, focal_fra
):
    draft = PledgeFactory(lead=kenya, mode="partnership")
    add_partners(draft, mexico, status=Partnership.Status.INVITED)

    assert client_for(focal_fra).post(_api(draft, "accept"), {}).status_code == 404
    assert client_for(focal_mex).get(f"/api/v1/pledges/{draft.code}/").status_code == 200
    assert client_for(focal_mex).post(_api(draft, "accept"), {}).status_code == 200


def test_the_partner_actions_are_in_the_openapi_document(client):
    schema = client.get("/api/schema/?format=json").json()
    for action in ACTIONS:
        path = f"/api/v1/pledges/{{code}}/partners/{{actor}}/{action}/"
        assert "post" in schema["paths"][path]


# --- The workspace pages -----------------------------------------------------------


def _page(pledge, actor="MEX", action=""):
    base = f"/workspace/pledges/{pledge.code}/partners/{actor}/"
    return base + (f"{action}/" if action else "")


def test_workspace_home_lists_the_invitation_and_the_page_answers_it(client, invited, focal_mex):
    client = signed_in(client, focal_mex)
    home = client.get("/workspace/").content.decode()
    assert f'data-invitation="{invited.code}"' in home
    assert _page(invited) in home

    page = client.get(_page(invited)).content.decode()
    assert "Accept the invitation" in page and "Decline the invitation" in page

    response = client.post(
        _page(invited, action="accept"), {"share": "Staff", "amount": "", "currency": ""}
    )
    assert response.status_code == 302
    assert Partnership.objects.get(pledge=invited, actor__code="MEX").status == "accepted"
    after = client.get(_page(invited)).content.decode()
    assert "Leave the pledge" in after
    assert f'data-invitation="{invited.code}"' not in client.get("/workspace/").content.decode()


def test_workspace_bad_input_re_renders_beside_the_field_and_changes_nothing(
    client, invited, focal_mex
):
    client = signed_in(client, focal_mex)
    before = _state(invited)

    response = client.post(_page(invited, action="accept"), {"amount": "5", "currency": "ZZZ"})
    assert response.status_code == 400
    assert "is not an ISO 4217 currency code" in response.content.decode()
    declined = client.post(_page(invited, action="decline"), {"reason": ""})
    assert declined.status_code == 400
    assert "Say why the invitation is declined." in declined.content.decode()
    malformed = client.post(_page(invited, action="accept"), {"amount": "lots"})
    assert malformed.status_code == 400
    assert _state(invited) == before


@pytest.mark.parametrize(
    ("persona", "get", "post"),
    [
        ("focal_mex", 200, 302),  # this partner
        ("focal_ngo", 200, 403),  # another partner: sees the pledge, may not answer
        ("focal_ken", 200, 403),  # the lead
        ("focal_fra", 404, 404),  # another State: not in its workspace
        ("staff_user", 200, 403),
    ],
)
def test_workspace_permission_grid(request, client, invited, persona, get, post):
    client = signed_in(client, request.getfixturevalue(persona))
    page = client.get(_page(invited))
    assert page.status_code == get
    if get == 200 and persona != "focal_mex":
        assert "Accept the invitation" not in page.content.decode()
    before = _state(invited)
    response = client.post(_page(invited, action="decline"), {"reason": "Because."})
    assert response.status_code == post
    if post != 302:
        assert _state(invited) == before


def test_workspace_anonymous_is_sent_to_sign_in_and_nothing_changes(client, invited):
    before = _state(invited)
    for action in ACTIONS:
        response = client.post(_page(invited, action=action), {"reason": "x"})
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert _state(invited) == before


def test_workspace_leave_is_only_offered_and_allowed_once_accepted(client, invited, focal_mex):
    client = signed_in(client, focal_mex)
    refused = client.post(_page(invited, action="leave"), {"reason": ""})
    assert refused.status_code == 400
    client.post(_page(invited, action="accept"), {})
    assert client.post(_page(invited, action="leave"), {"reason": ""}).status_code == 302
    assert Partnership.objects.get(pledge=invited, actor__code="MEX").status == "left"


# --- Query counts constant in the number of partners ---------------------------------


@pytest.mark.parametrize("partners", [1, 6])
def test_pledge_list_and_page_queries_do_not_grow_with_partners(
    client_for, client, compact, kenya, django_assert_num_queries, partners
):
    pledge = PledgeFactory(lead=kenya, mode="partnership", status="published")
    others = [StakeholderFactory() for _ in range(partners)]
    add_partners(pledge, *others[: partners // 2 + 1])
    add_partners(pledge, *others[partners // 2 + 1 :], status=Partnership.Status.INVITED)
    public = client_for(None)

    # count, pledges (+ lead, matches), partnerships (+ actor), objectives, actions
    # (+ objective), principles
    with django_assert_num_queries(6):
        response = public.get("/api/v1/pledges/")
    assert len(response.json()["results"][0]["partners"]) == partners

    # the pledge (+lead, matched pledge), partnerships (+actor), objectives, actions,
    # principles, pledges matching it, updates (no update: no evidence query), its
    # history for the recent public changes
    with django_assert_num_queries(8):
        page = client.get(f"/pledges/{pledge.code}/")
    assert page.content.decode().count("data-partner=") == partners
