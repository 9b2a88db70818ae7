"""Who may see and change a voluntary review: a matrix of personas × endpoints.

Personas (tests/conftest.py): Kenya's focal point (own), Mexico's focal point (other),
staff, anonymous. The review under test is Kenya's. A refused write changes nothing.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from reviews.models import VoluntaryReview
from reviews.selectors import user_can_read_review, workspace_reviews

pytestmark = pytest.mark.django_db

PERSONAS = ["own", "other", "staff", "anonymous"]


@pytest.fixture
def persona(request, focal_ken, focal_mex, staff_user):
    return {"own": focal_ken, "other": focal_mex, "staff": staff_user, "anonymous": None}


def _snapshot(review: VoluntaryReview):
    review = VoluntaryReview.objects.get(pk=review.pk)
    return (
        review.status,
        review.plan,
        review.return_reason,
        review.updated_at,
        list(review.assessments.values_list("objective__number", "level", "narrative")),
    )


# Reads: status code of GET /reviews/{id}/ and whether the list shows the review.
READS = {
    "draft": {"own": 200, "other": 404, "staff": 200, "anonymous": 404},
    "submitted": {"own": 200, "other": 404, "staff": 200, "anonymous": 404},
    "returned": {"own": 200, "other": 404, "staff": 200, "anonymous": 404},
    "published": {"own": 200, "other": 200, "staff": 200, "anonymous": 200},
}


@pytest.mark.parametrize("status", list(READS))
@pytest.mark.parametrize("who", PERSONAS)
def test_review_read_matrix(kenya, review_in, persona, client_for, status, who):
    review = review_in(kenya, status)
    client = client_for(persona[who])

    detail = client.get(f"/api/v1/reviews/{review.pk}/")
    assessments = client.get(f"/api/v1/reviews/{review.pk}/assessments/")
    listed = [r["id"] for r in client.get("/api/v1/reviews/").json()["results"]]

    expected = READS[status][who]
    assert (detail.status_code, assessments.status_code) == (expected, expected)
    assert (review.pk in listed) == (expected == 200)


# Writes: (review status, endpoint, body) -> expected status code per persona.
# 403 for anonymous (session authentication), 404 where the review is hidden.
WRITES = [
    ("draft", "PATCH", "", {"plan": "adopted"}, {"own": 200, "other": 404, "staff": 200}),
    (
        "draft",
        "POST",
        "assessments/",
        {"objective": 2, "level": "planning"},
        {"own": 201, "other": 404, "staff": 201},
    ),
    ("draft", "POST", "submit/", {}, {"own": 200, "other": 404, "staff": 200}),
    ("draft", "POST", "publish/", {}, {"own": 403, "other": 404, "staff": 400}),
    ("returned", "PATCH", "", {"plan": "adopted"}, {"own": 200, "other": 404, "staff": 200}),
    ("returned", "POST", "submit/", {}, {"own": 200, "other": 404, "staff": 200}),
    ("submitted", "PATCH", "", {"plan": "adopted"}, {"own": 403, "other": 404, "staff": 200}),
    (
        "submitted",
        "POST",
        "assessments/",
        {"objective": 1, "level": "achieved"},
        {"own": 403, "other": 404, "staff": 200},
    ),
    ("submitted", "POST", "submit/", {}, {"own": 400, "other": 404, "staff": 400}),
    ("submitted", "POST", "publish/", {}, {"own": 403, "other": 404, "staff": 200}),
    ("submitted", "POST", "return/", {"reason": "Why?"}, {"own": 403, "other": 404, "staff": 200}),
    ("published", "PATCH", "", {"plan": "adopted"}, {"own": 403, "other": 403, "staff": 200}),
    (
        "published",
        "POST",
        "assessments/",
        {"objective": 1, "level": "achieved"},
        {"own": 403, "other": 403, "staff": 200},
    ),
    ("published", "POST", "return/", {"reason": "Why?"}, {"own": 403, "other": 403, "staff": 400}),
]


@pytest.mark.parametrize(
    ("status", "method", "suffix", "body", "expected"),
    WRITES,
    ids=[f"{w[0]}-{w[1]}-{w[2] or 'review'}" for w in WRITES],
)
@pytest.mark.parametrize("who", PERSONAS)
def test_review_write_matrix(
    kenya, review_in, persona, client_for, status, method, suffix, body, expected, who
):
    review = review_in(kenya, status)
    before = _snapshot(review)
    client = client_for(persona[who])

    url = f"/api/v1/reviews/{review.pk}/{suffix}"
    response = client.patch(url, body) if method == "PATCH" else client.post(url, body)

    assert response.status_code == expected.get(who, 403), response.content
    if response.status_code >= 400:
        assert _snapshot(review) == before


@pytest.mark.parametrize(
    ("who", "expected"), [("own", 201), ("other", 403), ("staff", 201), ("anonymous", 403)]
)
def test_review_create_matrix(cycle, kenya, persona, client_for, who, expected):
    response = client_for(persona[who]).post(
        "/api/v1/reviews/", {"state": "KEN", "cycle": cycle.pk}
    )

    assert response.status_code == expected
    assert VoluntaryReview.objects.filter(state=kenya).exists() == (expected == 201)


def test_review_put_is_not_offered(kenya, review_in, staff_user, client_for):
    review = review_in(kenya)

    response = client_for(staff_user).put(f"/api/v1/reviews/{review.pk}/", {"plan": "adopted"})

    assert response.status_code == 405


@pytest.mark.parametrize("status", list(READS))
@pytest.mark.parametrize("who", PERSONAS)
def test_user_can_read_review_is_the_read_matrix(kenya, review_in, persona, status, who):
    """The predicate the country report asks (reviews.country_report) says what the API
    answers above, persona by persona."""
    review = review_in(kenya, status)

    allowed = user_can_read_review(persona[who] or AnonymousUser(), review)

    assert allowed is (READS[status][who] == 200)


@pytest.mark.parametrize("who", PERSONAS)
def test_workspace_reviews_are_the_states_own_and_every_one_for_staff(
    kenya, mexico, review_in, persona, who
):
    kenyan, mexican = review_in(kenya, "draft"), review_in(mexico, "submitted")

    shown = set(workspace_reviews(persona[who] or AnonymousUser()))

    expected = {"own": {kenyan}, "other": {mexican}, "staff": {kenyan, mexican}, "anonymous": set()}
    assert shown == expected[who]
