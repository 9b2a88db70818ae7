"""Matching offers that go somewhere (issue 14): what a pledge seeks, set by its lead's
focal points through the API and the workspace; the public seeking-support list; the
workspace's offers page, each step a form on the API's services; the read-only admin;
concurrent answers to one offer. Every persona tried on every new route, refused
writes changing nothing, query counts constant in the rows."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from pledges import services
from pledges.models import Actor, FocalPoint, PledgeMatch, SupportRequest
from tests.factories import PledgeFactory, StakeholderFactory, add_partners
from tests.pledges.test_workspace import field_errors, signed_in

pytestmark = pytest.mark.django_db

SUPPORT = {
    "type": "financial",
    "objective": 1,
    "description": "Co-funding for a labour mobility scheme.",
    "amount": "250000.00",
    "currency": "usd",
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _focal(django_user_model, username, actor):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    FocalPoint.objects.create(user=user, actor=actor)
    return user


@pytest.fixture
def ngo(db):
    return StakeholderFactory(code="migrant-rights-ngo", name="Migrant Rights NGO")


@pytest.fixture
def focal_ngo(django_user_model, ngo):
    """Another partner's focal point."""
    return _focal(django_user_model, "focal-ngo", ngo)


@pytest.fixture
def focal_fra(django_user_model, member_states):
    """France's focal point: the offering side of the matches here."""
    return _focal(django_user_model, "focal-fra", Actor.objects.get(code="FRA"))


@pytest.fixture
def focal_deu(django_user_model, member_states):
    """Germany's focal point: another State, a side of nothing here."""
    return _focal(django_user_model, "focal-deu", Actor.objects.get(code="DEU"))


@pytest.fixture
def seeking(compact, kenya, mexico, ngo):
    """Kenya's published partnership pledge (Mexico and the NGO accepted partners)."""
    pledge = PledgeFactory(
        lead=kenya, mode="partnership", status="published", code="GCM-P-00001", objectives=[1, 5]
    )
    add_partners(pledge, mexico, ngo)
    return pledge


@pytest.fixture
def offer(member_states, compact):
    """France's published pledge, which offers to match Kenya's."""
    return PledgeFactory(lead=Actor.objects.get(code="FRA"), status="published", code="GCM-P-00002")


@pytest.fixture
def match(seeking, offer, focal_fra):
    return services.match_offer(offer=offer, user=focal_fra, matched=seeking.code)


def _support(pledge):
    return list(
        SupportRequest.objects.filter(pledge=pledge).values_list(
            "support_type", "objective__number", "description", "amount", "currency"
        )
    )


def _match_state(match):
    return PledgeMatch.objects.filter(pk=match.pk).values_list(
        "status", "reason", "resources", "resourced_on"
    )[0]


def _url(pledge):
    return f"/api/v1/pledges/{pledge.code}/support/"


# --- What a pledge seeks: the API -------------------------------------------------


def test_api_the_lead_sets_replaces_and_clears_the_support_sought(client_for, seeking, focal_ken):
    client = client_for(focal_ken)
    response = client.put(_url(seeking), SUPPORT, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["support_sought"] == {
        "type": "financial",
        "objective": 1,
        "description": "Co-funding for a labour mobility scheme.",
        "amount": "250000.00",
        "currency": "USD",
        "updated_at": response.json()["support_sought"]["updated_at"],
    }
    changed = {"type": "policy", "objective": 5, "description": "Advice on a bilateral plan."}
    assert client.put(_url(seeking), changed, format="json").status_code == 200
    assert _support(seeking) == [("policy", 5, "Advice on a bilateral plan.", None, "")]
    # The public reads it on the pledge, and lists the pledge as seeking support.
    public = client_for(None).get(f"/api/v1/pledges/{seeking.code}/").json()
    assert public["support_sought"]["objective"] == 5
    assert client.delete(_url(seeking)).status_code == 204
    assert _support(seeking) == []
    assert client_for(None).get(f"/api/v1/pledges/{seeking.code}/").json()["support_sought"] is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "-5"}, "amount"),
        ({"amount": "lots"}, "amount"),
        ({"amount": "1.234"}, "amount"),
        ({"currency": "ZZZ"}, "currency"),
        ({"currency": ""}, "currency"),
        ({"objective": 7}, "objective"),  # not one of the pledge's
        ({"type": "gift"}, "type"),
        ({"description": ""}, "description"),
        ({"type": "policy"}, "amount"),  # only financial support has an amount
    ],
)
def test_api_bad_input_is_a_400_naming_the_field_and_changes_nothing(
    client_for, seeking, focal_ken, change, field
):
    services.support_request_set(
        pledge=seeking, user=focal_ken, support_type="policy", objective=1, description="Advice."
    )
    before = _support(seeking)
    response = client_for(focal_ken).put(_url(seeking), {**SUPPORT, **change}, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert _support(seeking) == before


@pytest.mark.parametrize(
    ("persona", "put", "delete"),
    [
        ("focal_mex", 403, 403),  # this partner
        ("focal_ngo", 403, 403),  # another partner
        ("focal_ken", 200, 204),  # the lead
        ("focal_fra", 403, 403),  # another State
        ("staff_user", 403, 403),  # staff: the lead's to say, not the curators'
        ("anonymous", 403, 403),  # session auth first: a 403, as the other routes
    ],
)
def test_api_support_permission_grid(request, client_for, seeking, focal_ken, persona, put, delete):
    services.support_request_set(
        pledge=seeking, user=focal_ken, support_type="policy", objective=1, description="Advice."
    )
    client = client_for(request.getfixturevalue(persona))
    before = _support(seeking)
    response = client.put(_url(seeking), SUPPORT, format="json")
    assert response.status_code == put
    if put != 200:
        assert _support(seeking) == before
    response = client.delete(_url(seeking))
    assert response.status_code == delete
    if delete != 204:
        assert _support(seeking) == before


def test_api_a_draft_is_a_404_to_another_state_and_a_withdrawn_pledge_a_400(
    client_for, compact, kenya, focal_ken, focal_fra
):
    draft = PledgeFactory(lead=kenya, code="GCM-P-00010")
    assert client_for(focal_fra).put(_url(draft), SUPPORT, format="json").status_code == 404
    assert client_for(focal_ken).put(_url(draft), SUPPORT, format="json").status_code == 200
    services.pledge_withdraw(pledge=draft, user=focal_ken)
    before = _support(draft)
    response = client_for(focal_ken).put(_url(draft), SUPPORT, format="json")
    assert response.status_code == 400 and "status" in response.json()
    assert client_for(focal_ken).delete(_url(draft)).status_code == 400
    assert _support(draft) == before


def test_the_support_route_is_in_the_openapi_document(client):
    schema = client.get("/api/schema/?format=json").json()
    operations = schema["paths"]["/api/v1/pledges/{code}/support/"]
    assert {"put", "delete"} <= set(operations)
    assert "support_sought" in schema["components"]["schemas"]["Pledge"]["properties"]


# --- What a pledge seeks: the workspace form ---------------------------------------


def _form(**values):
    data = {
        "support_type": "financial",
        "objective": "1",
        "description": "Co-funding for a labour mobility scheme.",
        "amount": "250000",
        "currency": "usd",
    }
    data.update(values)
    return data


def test_workspace_the_lead_says_what_it_seeks_from_the_pledge_page(client, seeking, focal_ken):
    client = signed_in(client, focal_ken)
    page = client.get(f"/workspace/pledges/{seeking.code}/").content.decode()
    assert f"/workspace/pledges/{seeking.code}/support/" in page
    response = client.post(f"/workspace/pledges/{seeking.code}/support/", _form())
    assert response.status_code == 302
    assert _support(seeking) == [
        ("financial", 1, "Co-funding for a labour mobility scheme.", Decimal("250000.00"), "USD")
    ]
    page = client.get(f"/workspace/pledges/{seeking.code}/").content.decode()
    assert "data-support-sought" in page and "250000.00 USD" in page
    cleared = client.post(f"/workspace/pledges/{seeking.code}/support/clear/")
    assert cleared.status_code == 302 and _support(seeking) == []


def test_workspace_bad_input_re_renders_beside_the_field_and_changes_nothing(
    client, seeking, focal_ken
):
    client = signed_in(client, focal_ken)
    url = f"/workspace/pledges/{seeking.code}/support/"
    bad_currency = client.post(url, _form(currency="ZZZ"))
    assert bad_currency.status_code == 400
    assert "not an ISO 4217 currency code" in field_errors(
        bad_currency.content.decode(), "currency"
    )
    malformed = client.post(url, _form(amount="lots"))
    assert malformed.status_code == 400 and field_errors(malformed.content.decode(), "amount")
    negative = client.post(url, _form(amount="-3"))
    assert "positive" in field_errors(negative.content.decode(), "amount")
    assert "lots" in malformed.content.decode()  # what was typed is kept
    assert _support(seeking) == []


@pytest.mark.parametrize(
    ("persona", "get", "post"),
    [
        ("focal_mex", 200, 403),  # this partner: sees it, may not say
        ("focal_ngo", 200, 403),  # another partner
        ("focal_ken", 200, 302),  # the lead
        ("focal_fra", 404, 404),  # another State: not in its workspace
        ("staff_user", 200, 403),
    ],
)
def test_workspace_support_permission_grid(request, client, seeking, persona, get, post):
    client = signed_in(client, request.getfixturevalue(persona))
    url = f"/workspace/pledges/{seeking.code}/support/"
    page = client.get(url)
    assert page.status_code == get
    if get == 200 and post != 302:
        assert 'id="id_description"' not in page.content.decode()
    assert client.post(url, _form()).status_code == post
    if post != 302:
        assert _support(seeking) == []
        assert client.post(f"{url}clear/").status_code in (403, 404)


def test_workspace_support_anonymous_is_sent_to_sign_in(client, seeking):
    url = f"/workspace/pledges/{seeking.code}/support/"
    for target in (url, f"{url}clear/"):
        response = client.post(target, _form())
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert _support(seeking) == []


# --- The public seeking-support list -------------------------------------------------


def _seek(pledge, user, **values):
    fields = {"support_type": "policy", "objective": 1, "description": "Advice on the plan."}
    fields.update(values)
    return services.support_request_set(pledge=pledge, user=user, **fields)


def test_seeking_support_lists_published_pledges_with_filters(
    client, seeking, focal_ken, kenya, compact
):
    _seek(seeking, focal_ken, support_type="financial", amount=Decimal("100"), currency="EUR")
    draft = PledgeFactory(lead=kenya, code="GCM-P-00011", title="Secret draft")
    _seek(draft, focal_ken)
    other = PledgeFactory(
        lead=kenya, status="published", code="GCM-P-00012", title="Needs advice", objectives=[5]
    )
    _seek(other, focal_ken, objective=5)
    PledgeFactory(lead=kenya, status="published", code="GCM-P-00013", title="Seeks nothing")

    page = client.get("/pledges/seeking-support/").content.decode()
    assert 'data-seeking="GCM-P-00001"' in page and 'data-seeking="GCM-P-00012"' in page
    assert "GCM-P-00011" not in page and "Secret draft" not in page
    assert "GCM-P-00013" not in page
    assert "100.00 EUR" in page
    # Anonymous readers get no offer button.
    assert "Offer a matching pledge" not in page

    def listed(query):
        html = client.get(f"/pledges/seeking-support/?{query}").content.decode()
        return sorted(code for code in ("GCM-P-00001", "GCM-P-00012") if code in html)

    assert listed("support_type=financial") == ["GCM-P-00001"]
    assert listed("objective=5") == ["GCM-P-00012"]
    assert listed("region=Africa") == ["GCM-P-00001", "GCM-P-00012"]
    assert listed("region=Europe") == []
    assert listed("country=KEN") == ["GCM-P-00001", "GCM-P-00012"]
    assert listed("country=MEX") == []
    # A bad filter value is the form's error, not a 500.
    assert client.get("/pledges/seeking-support/?support_type=gift").status_code == 200


def test_seeking_support_offers_a_matching_pledge_to_signed_in_focal_points(
    client, seeking, focal_ken, focal_fra, django_user_model
):
    _seek(seeking, focal_ken)
    page = signed_in(client, focal_fra).get("/pledges/seeking-support/").content.decode()
    assert "Offer a matching pledge" in page
    assert f"/workspace/matches/offer/?matched={seeking.code}" in page
    nobody = django_user_model.objects.create_user("reader", "reader@example.org", "pw")
    page = signed_in(client, nobody).get("/pledges/seeking-support/").content.decode()
    assert "Offer a matching pledge" not in page


@pytest.mark.parametrize("rows", [1, 5])
def test_seeking_support_queries_do_not_grow_with_rows(
    client, compact, kenya, focal_ken, django_assert_num_queries, rows
):
    for n in range(rows):
        pledge = PledgeFactory(lead=kenya, status="published", code=f"GCM-P-{n + 20:05d}")
        _seek(pledge, focal_ken)
    # objective choices, country choices, the count, the page (+lead, support sought,
    # its objective), the page's objectives (the directory's prefetch); whether the reader
    # speaks for an actor costs none for anonymous
    with django_assert_num_queries(5):
        page = client.get("/pledges/seeking-support/")
    assert page.content.decode().count("data-seeking=") == rows


def test_seeking_support_is_linked_from_the_directory_and_the_dashboard(client):
    for url in ("/pledges/", "/dashboard/"):
        assert "/pledges/seeking-support/" in client.get(url).content.decode()


# --- The workspace's offers page --------------------------------------------------------


def _step(client, match, step, **values):
    data = {f"{step}-{match.pk}-{name}": value for name, value in values.items()}
    return client.post(f"/workspace/matches/{match.pk}/{step}/", data)


def test_workspace_walks_a_match_from_offered_to_delivered(
    client, seeking, offer, focal_ken, focal_fra, django_capture_on_commit_callbacks
):
    fra = signed_in(client, focal_fra)
    _seek(seeking, focal_ken)
    form = fra.get(f"/workspace/matches/offer/?matched={seeking.code}").content.decode()
    assert "Advice on the plan." in form and offer.code in form
    response = fra.post("/workspace/matches/offer/", {"offer": offer.code, "matched": seeking.code})
    assert response.status_code == 302
    match = PledgeMatch.objects.get(offer=offer, matched=seeking)
    assert match.status == "offered"

    ken = signed_in(client.__class__(), focal_ken)
    home = ken.get("/workspace/").content.decode()
    assert 'data-offers-awaiting="1"' in home and "/workspace/matches/" in home
    page = ken.get("/workspace/matches/").content.decode()
    assert f'data-match="{match.pk}"' in page and "Accept the offer" in page

    assert _step(ken, match, "accept").status_code == 302
    assert "data-offers-awaiting" not in ken.get("/workspace/").content.decode()
    made = fra.get("/workspace/matches/").content.decode()
    assert "Record what was committed" in made and "Withdraw the offer" in made
    response = _step(fra, match, "resource", resources="EUR 50,000 to the fund")
    assert response.status_code == 302
    assert _step(ken, match, "deliver").status_code == 302
    assert _match_state(match)[0] == "delivered"
    # Both sides see the stage and each step of the history.
    page = fra.get("/workspace/matches/").content.decode()
    assert 'data-match-status="delivered"' in page
    for stage in ("Offered on", "Accepted on", "Resourced on", "Delivered on"):
        assert stage in page


def test_workspace_decline_needs_a_reason_beside_the_field(client, match, focal_ken):
    ken = signed_in(client, focal_ken)
    response = _step(ken, match, "decline", reason="")
    assert response.status_code == 400
    assert "Say why the offer is declined." in response.content.decode()
    assert _match_state(match)[0] == "offered"
    assert _step(ken, match, "decline", reason="Already funded.").status_code == 302
    assert _match_state(match)[:2] == ("declined", "Already funded.")


def test_workspace_a_stale_step_is_the_page_again_with_the_stage(client, match, focal_ken):
    ken = signed_in(client, focal_ken)
    services.match_accept(match=match, user=focal_ken)  # a colleague answered first
    before = _match_state(match)
    response = _step(ken, match, "decline", reason="No.")
    assert response.status_code == 400
    assert "This match is accepted: that step is not open." in response.content.decode()
    assert _match_state(match) == before


def test_workspace_resourced_date_in_the_future_is_refused_beside_the_field(
    client, match, focal_ken, focal_fra
):
    services.match_accept(match=match, user=focal_ken)
    fra = signed_in(client, focal_fra)
    response = _step(fra, match, "resource", resources="Staff", resourced_on="2999-01-01")
    assert response.status_code == 400
    assert "A date in the future cannot be recorded yet." in response.content.decode()
    assert _match_state(match)[0] == "accepted"


@pytest.mark.parametrize(
    ("persona", "page", "accept", "withdraw"),
    [
        ("focal_ken", 200, 302, 403),  # the lead of the matched pledge
        ("focal_fra", 200, 403, 302),  # the offering side
        ("focal_mex", 200, 403, 403),  # this partner of the matched pledge
        ("focal_ngo", 200, 403, 403),  # another partner
        ("focal_deu", 200, 403, 403),  # another State
        ("staff_user", 200, 403, 403),  # staff read all, act for neither side
    ],
)
def test_workspace_matches_permission_grid(request, client, match, persona, page, accept, withdraw):
    client = signed_in(client, request.getfixturevalue(persona))
    listing = client.get("/workspace/matches/")
    assert listing.status_code == page
    if persona not in ("focal_ken", "focal_fra"):
        assert f'data-match="{match.pk}"' not in listing.content.decode()
    before = _match_state(match)
    response = _step(client, match, "accept")
    assert response.status_code == accept
    if accept != 302:
        assert _match_state(match) == before
    before = _match_state(match)
    response = _step(client, match, "withdraw", reason="")
    assert response.status_code == withdraw
    if withdraw != 302:
        assert _match_state(match) == before


def test_workspace_matches_anonymous_is_sent_to_sign_in(client, match):
    before = _match_state(match)
    for url in (
        "/workspace/matches/",
        "/workspace/matches/offer/",
        f"/workspace/matches/{match.pk}/accept/",
        f"/workspace/matches/{match.pk}/withdraw/",
    ):
        response = client.post(url, {})
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert _match_state(match) == before


def test_workspace_offer_bad_input_and_wrong_actor(
    client, seeking, offer, focal_ken, focal_fra, focal_deu, kenya
):
    fra = signed_in(client, focal_fra)
    unknown = fra.post("/workspace/matches/offer/", {"offer": offer.code, "matched": "GCM-P-99999"})
    assert unknown.status_code == 400
    assert "No published pledge has the code GCM-P-99999." in unknown.content.decode()
    itself = fra.post("/workspace/matches/offer/", {"offer": offer.code, "matched": offer.code})
    assert itself.status_code == 400
    # Another actor's pledge is not among one's choices: refused by the form.
    deu = signed_in(client.__class__(), focal_deu)
    theirs = deu.post("/workspace/matches/offer/", {"offer": offer.code, "matched": seeking.code})
    assert theirs.status_code == 400  # Germany has no published pledge: no form at all
    assert "None of your actors has a published pledge" in theirs.content.decode()
    ken = signed_in(client.__class__(), focal_ken)
    refused = ken.post("/workspace/matches/offer/", {"offer": offer.code, "matched": seeking.code})
    assert refused.status_code == 400 and field_errors(refused.content.decode(), "offer")
    assert not PledgeMatch.objects.exists()


@pytest.mark.parametrize("rows", [1, 4])
def test_workspace_matches_page_queries_do_not_grow_with_matches(
    client, seeking, focal_ken, compact, django_assert_num_queries, rows
):
    offerer = Actor.objects.get(code="FRA")
    for n in range(rows):
        offer = PledgeFactory(lead=offerer, status="published", code=f"GCM-P-{n + 40:05d}")
        PledgeMatch.objects.create(offer=offer, matched=seeking)
    ken = signed_in(client, focal_ken)
    ken.get("/workspace/")  # the session's first reads out of the count
    # session, user, the user's actors, the matches (+ both pledges and leads), their
    # history, whether the user has a pledge to offer
    with django_assert_num_queries(6):
        page = ken.get("/workspace/matches/")
    assert page.content.decode().count("data-match=") == rows


# --- The admin: read-only, with the history -----------------------------------------


def test_admin_lists_matches_and_support_read_only(client, match, seeking, focal_ken, staff_user):
    _seek(seeking, focal_ken)
    admin = signed_in(client, staff_user)
    listing = admin.get("/admin/pledges/pledgematch/?status__exact=offered&q=GCM-P-00001")
    assert listing.status_code == 200 and "GCM-P-00002" in listing.content.decode()
    assert admin.get("/admin/pledges/supportrequest/?q=GCM-P-00001").status_code == 200
    assert admin.get("/admin/pledges/pledgematch/add/").status_code == 403
    history = admin.get(f"/admin/pledges/pledgematch/{match.pk}/history/")
    assert history.status_code == 200
    before = _match_state(match)
    response = admin.post(f"/admin/pledges/pledgematch/{match.pk}/change/", {"status": "delivered"})
    assert response.status_code == 403
    assert (
        admin.post(f"/admin/pledges/pledgematch/{match.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert _match_state(match) == before
    request = SupportRequest.objects.get()
    assert (
        admin.post(
            f"/admin/pledges/supportrequest/{request.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert SupportRequest.objects.exists()


def test_admin_is_staffs_only(client, match, focal_ken):
    response = signed_in(client, focal_ken).get("/admin/pledges/pledgematch/")
    assert response.status_code == 302  # to the admin's sign-in


# --- Concurrency -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_accept_and_decline_of_one_offer_give_exactly_one_outcome(
    compact, kenya, member_states, focal_ken
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    matched = PledgeFactory(lead=kenya, status="published", code="GCM-P-00001")
    offer = PledgeFactory(
        lead=Actor.objects.get(code="FRA"), status="published", code="GCM-P-00002"
    )
    match = PledgeMatch.objects.create(offer=offer, matched=matched)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def answer(write):
        barrier.wait()
        try:
            write()
            outcomes.append("done")
        except ValidationError as exc:
            outcomes.append("refused" if "status" in exc.message_dict else repr(exc))
        finally:
            connection.close()

    writes = [
        lambda: services.match_accept(match=match, user=focal_ken),
        lambda: services.match_decline(match=match, user=focal_ken, reason="No."),
    ]
    threads = [threading.Thread(target=answer, args=(write,)) for write in writes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["done", "refused"]
    match.refresh_from_db()
    assert match.status in ("accepted", "declined")
    assert match.history.count() == 2  # created, then one answer


# --- The pledge list and page stay constant in the number of matches -------------------


@pytest.mark.parametrize("matches", [1, 5])
def test_pledge_list_and_page_queries_do_not_grow_with_matches(
    client_for, client, seeking, focal_ken, django_assert_num_queries, matches
):
    _seek(seeking, focal_ken)
    offerer = Actor.objects.get(code="FRA")
    for n in range(matches):
        offer = PledgeFactory(lead=offerer, status="published", code=f"GCM-P-{n + 60:05d}")
        PledgeMatch.objects.create(offer=offer, matched=seeking)
    # count, pledges (+ lead, support sought and its objective), partnerships (+ actor),
    # objectives, actions (+ objective), principles
    with django_assert_num_queries(6):
        response = client_for(None).get("/api/v1/pledges/")
    rows = {row["code"]: row for row in response.json()["results"]}
    assert rows[seeking.code]["support_sought"]["description"] == "Advice on the plan."
    assert len(rows) == matches + 1
    # the pledge (+ lead, support sought), partnerships (+ actor), objectives, actions,
    # principles, the offers made to it (+ both pledges and leads), updates, its history
    with django_assert_num_queries(8):
        page = client.get(f"/pledges/{seeking.code}/")
    html = page.content.decode()
    assert all(f"GCM-P-{n + 60:05d}" in html for n in range(matches))
    assert "data-support-sought" in html and "Advice on the plan." in html
