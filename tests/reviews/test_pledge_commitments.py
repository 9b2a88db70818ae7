"""Pledges citing Progress Declaration commitments (issue 13): who may set them, what the
API and the declaration page show to whom, and what a change leaves in the records."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from changes.models import ChangeEvent
from pledges.models import Pledge
from reviews import services
from reviews.models import DeclarationCommitment, PledgeCommitment
from tests.factories import PledgeFactory, add_partners

pytestmark = pytest.mark.django_db


@pytest.fixture
def paragraphs(compact):
    return {c.number: c for c in DeclarationCommitment.objects.filter(number__in=[51, 70, 76])}


@pytest.fixture
def draft(kenya):
    return PledgeFactory(code="GCM-KEN-D", lead=kenya, status=Pledge.Status.DRAFT, objectives=[5])


@pytest.fixture
def published(kenya):
    return PledgeFactory(
        code="GCM-KEN-P", lead=kenya, status=Pledge.Status.PUBLISHED, objectives=[5]
    )


def cited(pledge):
    return sorted(
        PledgeCommitment.objects.filter(pledge=pledge).values_list("commitment__number", flat=True)
    )


def test_the_focal_point_sets_the_commitments_of_a_draft(draft, paragraphs, focal_ken):
    added = services.pledge_commitments_set(
        pledge=draft, commitments=[paragraphs[51], paragraphs[70]], user=focal_ken
    )
    assert added == (2, 0)
    assert cited(draft) == [51, 70]

    again = services.pledge_commitments_set(
        pledge=draft, commitments=[paragraphs[70], paragraphs[76]], user=focal_ken
    )

    assert again == (1, 1)
    assert cited(draft) == [70, 76]
    link = PledgeCommitment.objects.get(pledge=draft, commitment=paragraphs[76])
    assert link.history.get().history_user == focal_ken
    removed = PledgeCommitment.history.filter(history_type="-").get()
    assert (removed.commitment_id, removed.history_user) == (paragraphs[51].pk, focal_ken)
    assert not ChangeEvent.objects.filter(code=draft.code).exists()  # not public yet


@pytest.mark.parametrize("partner", [False, True], ids=["another-state", "a-partner"])
@pytest.mark.parametrize("persona", ["focal_mex", "anonymous"])
def test_others_may_not_set_the_commitments_and_nothing_changes(
    request, draft, paragraphs, focal_ken, mexico, persona, partner
):
    services.pledge_commitments_set(pledge=draft, commitments=[paragraphs[51]], user=focal_ken)
    if partner:
        add_partners(draft, mexico)
    user = request.getfixturevalue(persona) or AnonymousUser()

    with pytest.raises(PermissionDenied):
        services.pledge_commitments_set(pledge=draft, commitments=[paragraphs[70]], user=user)
    assert cited(draft) == [51]


def test_a_published_pledge_is_staff_s_to_change_and_the_change_is_logged(
    published, paragraphs, focal_ken, staff_user
):
    with pytest.raises(PermissionDenied):
        services.pledge_commitments_set(
            pledge=published, commitments=[paragraphs[51]], user=focal_ken
        )
    assert cited(published) == []

    services.pledge_commitments_set(pledge=published, commitments=[paragraphs[51]], user=staff_user)

    assert cited(published) == [51]
    event = ChangeEvent.objects.get(code=published.code)
    assert (event.kind, event.object_kind) == ("updated", "pledge")


@pytest.fixture
def citations(draft, published, paragraphs, staff_user):
    for pledge in (draft, published):
        services.pledge_commitments_set(
            pledge=pledge, commitments=[paragraphs[70]], user=staff_user
        )


def _pledges_of(client, number):
    response = client.get("/api/v1/declaration-commitments/", {"kind": "request"})
    assert response.status_code == 200
    return {row["number"]: row["pledges"] for row in response.json()["results"]}[number]


@pytest.mark.parametrize(
    ("persona", "codes"),
    [
        (None, ["GCM-KEN-P"]),
        ("focal_mex", ["GCM-KEN-P"]),
        ("focal_ken", ["GCM-KEN-D", "GCM-KEN-P"]),
        ("staff_user", ["GCM-KEN-D", "GCM-KEN-P"]),
    ],
)
def test_the_api_lists_the_citing_pledges_the_caller_may_read(
    request, citations, client_for, persona, codes
):
    user = request.getfixturevalue(persona) if persona else None
    assert _pledges_of(client_for(user), 70) == codes
    assert _pledges_of(client_for(user), 76) == []


def test_the_commitments_api_query_count(citations, client_for, django_assert_num_queries):
    client = client_for(None)
    # The count, the page, the objective links, the citing pledges the caller may read.
    with django_assert_num_queries(4):
        response = client.get("/api/v1/declaration-commitments/")
    assert response.status_code == 200
    assert sum(len(row["pledges"]) for row in response.json()["results"]) == 1


def test_the_openapi_describes_the_citing_pledges(client):
    schema = client.get("/api/schema/?format=json").json()
    field = schema["components"]["schemas"]["Commitment"]["properties"]["pledges"]
    assert field["readOnly"] is True and field["items"]["type"] == "string"


def test_the_declaration_page_lists_only_published_citing_pledges(
    citations, client, django_assert_num_queries
):
    # The commitments, their objective links, the published citing pledges, the targets.
    with django_assert_num_queries(4):
        response = client.get("/declaration/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/pledges/GCM-KEN-P/"' in html
    assert "GCM-KEN-D" not in html


# --- The workspace page ----------------------------------------------------------------


def _page(pledge):
    return f"/workspace/pledges/{pledge.code}/commitments/"


def test_the_focal_point_sets_them_on_the_workspace_page(
    client, draft, paragraphs, focal_ken, django_assert_max_num_queries
):
    client.force_login(focal_ken)
    page = client.get(_page(draft))
    assert page.status_code == 200
    assert page.content.decode().count('name="commitments"') == 26

    response = client.post(_page(draft), {"commitments": [paragraphs[51].pk, paragraphs[76].pk]})

    assert response.status_code == 302
    assert response["Location"] == f"/workspace/pledges/{draft.code}/"
    assert cited(draft) == [51, 76]
    link = client.get(f"/workspace/pledges/{draft.code}/").content.decode()
    assert f'href="{_page(draft)}"' in link


def test_the_page_query_count(client, draft, paragraphs, focal_ken, django_assert_num_queries):
    services.pledge_commitments_set(pledge=draft, commitments=[paragraphs[51]], user=focal_ken)
    client.force_login(focal_ken)
    client.get(_page(draft))  # the session and the user, cached for the next request
    # Session, user, the pledge, may the user edit it (focal points), the cited
    # commitments, the 26 choices.
    with django_assert_num_queries(6):
        response = client.get(_page(draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(" checked") == 1
    assert f'value="{paragraphs[51].pk}"' in html


def test_another_state_s_focal_point_gets_a_404_and_writes_nothing(
    client, draft, focal_mex, paragraphs
):
    client.force_login(focal_mex)
    assert client.get(_page(draft)).status_code == 404
    assert client.post(_page(draft), {"commitments": [paragraphs[51].pk]}).status_code == 404
    assert cited(draft) == []


def test_a_published_pledge_is_read_only_for_its_focal_point(
    client, published, focal_ken, paragraphs
):
    client.force_login(focal_ken)
    page = client.get(_page(published))
    assert page.status_code == 200
    assert 'name="commitments"' not in page.content.decode()

    response = client.post(_page(published), {"commitments": [paragraphs[51].pk]})

    assert response.status_code == 403
    assert cited(published) == []


def test_the_public_is_sent_to_sign_in(client, draft):
    response = client.get(_page(draft))
    assert response.status_code == 302 and "login" in response["Location"]
