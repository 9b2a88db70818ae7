"""Who may do what, as a matrix of personas × endpoints. A refused write changes nothing.

Anonymous writes get 403, not 401: session authentication comes first in the settings
and sends no WWW-Authenticate challenge."""

import pytest
from django.forms.models import model_to_dict

from pledges.models import Pledge, ProgressUpdate
from pledges.selectors import actors_for_user, pledges_visible_to
from tests.factories import PledgeFactory, add_partners

pytestmark = pytest.mark.django_db

PERSONAS = ["focal_ken", "focal_mex", "staff_user", "anonymous"]


@pytest.fixture
def persona(request):
    return request.getfixturevalue(request.param)


def _snapshot(pledge: Pledge) -> dict:
    pledge.refresh_from_db()
    return {
        **model_to_dict(pledge, exclude=["partners", "objectives", "actions", "principles"]),
        "objectives": sorted(pledge.objectives.values_list("number", flat=True)),
        "updates": ProgressUpdate.objects.filter(pledge=pledge).count(),
    }


# (status of Kenya's pledge, persona) -> status code of GET /pledges/{code}/
READ_MATRIX = {
    ("draft", "focal_ken"): 200,
    ("draft", "focal_mex"): 404,
    ("draft", "staff_user"): 200,
    ("draft", "anonymous"): 404,
    ("submitted", "focal_mex"): 404,
    ("returned", "focal_mex"): 404,
    ("withdrawn", "focal_mex"): 404,
    ("withdrawn", "anonymous"): 404,
    ("published", "focal_ken"): 200,
    ("published", "focal_mex"): 200,
    ("published", "staff_user"): 200,
    ("published", "anonymous"): 200,
}


@pytest.mark.parametrize(
    ("status", "persona", "expected"),
    [(s, p, code) for (s, p), code in READ_MATRIX.items()],
    indirect=["persona"],
)
def test_permissions_read_pledge_and_its_updates(client_for, kenya, status, persona, expected):
    pledge = PledgeFactory(lead=kenya, status=status)
    client = client_for(persona)

    assert client.get(f"/api/v1/pledges/{pledge.code}/").status_code == expected
    assert client.get(f"/api/v1/pledges/{pledge.code}/updates/").status_code == expected
    listed = [p["code"] for p in client.get("/api/v1/pledges/").json()["results"]]
    assert (pledge.code in listed) == (expected == 200)


# (endpoint, status of Kenya's pledge) -> {persona: expected status code}
WRITES = [
    (
        "patch",
        "",
        "draft",
        {"focal_ken": 200, "focal_mex": 404, "staff_user": 200, "anonymous": 403},
    ),
    (
        "patch",
        "",
        "published",
        {"focal_ken": 403, "focal_mex": 403, "staff_user": 200, "anonymous": 403},
    ),
    (
        "post",
        "submit/",
        "draft",
        {"focal_ken": 200, "focal_mex": 404, "staff_user": 200, "anonymous": 403},
    ),
    (
        "post",
        "publish/",
        "submitted",
        {"focal_ken": 403, "focal_mex": 403, "staff_user": 200, "anonymous": 403},
    ),
    (
        "post",
        "return/",
        "submitted",
        {"focal_ken": 403, "focal_mex": 403, "staff_user": 200, "anonymous": 403},
    ),
    (
        "post",
        "withdraw/",
        "published",
        {"focal_ken": 200, "focal_mex": 403, "staff_user": 200, "anonymous": 403},
    ),
    (
        "post",
        "withdraw/",
        "draft",
        {"focal_ken": 200, "focal_mex": 404, "staff_user": 200, "anonymous": 403},
    ),
    (
        "post",
        "updates/",
        "published",
        {"focal_ken": 201, "focal_mex": 403, "staff_user": 201, "anonymous": 403},
    ),
]
BODIES = {
    "": {"title": "A new title"},
    "return/": {"reason": "Add a baseline."},
    "updates/": {"date": "2025-01-31", "implementation": "in_progress", "narrative": "Begun."},
}


@pytest.mark.parametrize(
    ("method", "endpoint", "status", "persona", "expected"),
    [
        (method, endpoint, status, persona, expected)
        for method, endpoint, status, by_persona in WRITES
        for persona, expected in by_persona.items()
    ],
    indirect=["persona"],
)
def test_permissions_write_matrix(client_for, kenya, method, endpoint, status, persona, expected):
    pledge = PledgeFactory(lead=kenya, status=status)
    before = _snapshot(pledge)

    response = getattr(client_for(persona), method)(
        f"/api/v1/pledges/{pledge.code}/{endpoint}", BODIES.get(endpoint, {}), format="json"
    )

    assert response.status_code == expected, response.content
    if expected >= 400:
        assert _snapshot(pledge) == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("focal_ken", 201), ("focal_mex", 400), ("staff_user", 201), ("anonymous", 403)],
    indirect=["persona"],
)
def test_permissions_create_pledge_for_kenya(client_for, persona, expected, kenya):
    from .helpers import pledge_payload

    response = client_for(persona).post(
        "/api/v1/pledges/", pledge_payload(lead="KEN"), format="json"
    )

    assert response.status_code == expected
    assert Pledge.objects.count() == (1 if expected == 201 else 0)


def test_permissions_partner_focal_point_sees_but_does_not_edit(
    client_for, kenya, mexico, focal_mex
):
    pledge = PledgeFactory(lead=kenya, status="draft", mode="partnership")
    add_partners(pledge, mexico)
    before = _snapshot(pledge)
    mex = client_for(focal_mex)

    assert mex.get(f"/api/v1/pledges/{pledge.code}/").status_code == 200
    assert mex.patch(f"/api/v1/pledges/{pledge.code}/", {"title": "Ours"}).status_code == 403
    assert mex.post(f"/api/v1/pledges/{pledge.code}/submit/").status_code == 403
    assert _snapshot(pledge) == before


def test_permissions_partner_focal_point_reports_progress(client_for, kenya, mexico, focal_mex):
    pledge = PledgeFactory(lead=kenya, status="published", mode="partnership")
    add_partners(pledge, mexico)

    response = client_for(focal_mex).post(
        f"/api/v1/pledges/{pledge.code}/updates/",
        {"date": "2025-01-31", "implementation": "in_progress", "narrative": "Mexico's part."},
    )

    assert response.status_code == 201


def test_selectors_visibility_and_actors(kenya, mexico, focal_ken, staff_user):
    draft = PledgeFactory(lead=kenya, status="draft")
    other = PledgeFactory(lead=mexico, status="submitted")
    published = PledgeFactory(lead=mexico, status="published")

    assert list(actors_for_user(focal_ken)) == [kenya]
    assert set(pledges_visible_to(focal_ken)) == {draft, published}
    assert set(pledges_visible_to(staff_user)) == {draft, other, published}
    assert set(pledges_visible_to(None)) == {published}
