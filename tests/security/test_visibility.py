"""Unpublished pledge codes never reach the public (issue 12, defect 1).

Each read below leaked before the one visibility rule (core/visibility.py, applied by
`pledges.selectors.pledges_visible_to` and `reviews.selectors.reviews_visible_to`):
the review assessments API prefetched every pledge; the events API listed and filtered
on every announced pledge; the matching-pledge check told a published code from an
unpublished one. The public and another State's focal point get the same answer for
an unpublished code as for a code that does not exist.
"""

import pytest

from pledges.models import Pledge
from reviews import services as review_services
from reviews.models import ReviewEvent, VoluntaryReview
from tests.factories import PledgeFactory
from tests.pledges.helpers import pledge_payload, streamed

pytestmark = pytest.mark.django_db

UNKNOWN = "GCM-NONE-00000"


def test_pledges_and_reviews_share_the_published_status():
    # The shape is written once in core; both models must spell "published" its way.
    from core.visibility import PUBLISHED

    assert Pledge.Status.PUBLISHED == VoluntaryReview.Status.PUBLISHED == PUBLISHED


# --- GET /api/v1/reviews/{id}/assessments/ ----------------------------------------------


@pytest.fixture
def cited_review(compact, kenya, staff_user, review_in):
    """Kenya's published review whose assessment of objective 5 cites a published, a
    draft, a submitted and a returned pledge of Kenya's."""
    codes = {
        status: PledgeFactory(
            code=f"GCM-KEN-{status.upper()}", lead=kenya, status=status, objectives=[5]
        ).code
        for status in ("published", "draft", "submitted", "returned")
    }
    review = review_in(kenya, "draft", assess=())
    review_services.assessment_upsert(
        review=review,
        user=staff_user,
        objective=5,
        level="in_progress",
        narrative="N",
        pledges=sorted(codes.values()),
    )
    review = review_services.review_submit(review=review, user=staff_user)
    review = review_services.review_publish(review=review, user=staff_user)
    return review, codes


@pytest.mark.parametrize("persona", ["anonymous", "focal_mex"])
def test_review_assessments_api_cites_only_published_pledges(
    cited_review, client_for, persona, request
):
    review, codes = cited_review
    user = request.getfixturevalue(persona)

    response = client_for(user).get(f"/api/v1/reviews/{review.pk}/assessments/")

    assert response.status_code == 200
    assert [a["pledges"] for a in response.json()] == [[codes["published"]]]
    for status in ("draft", "submitted", "returned"):
        assert codes[status] not in response.content.decode()


def test_review_assessments_api_shows_a_focal_point_their_states_drafts(
    cited_review, client_for, focal_ken, staff_user
):
    review, codes = cited_review

    for user in (focal_ken, staff_user):
        response = client_for(user).get(f"/api/v1/reviews/{review.pk}/assessments/")
        assert response.json()[0]["pledges"] == sorted(codes.values())


# --- GET /api/v1/events/ and /api/v1/events/{id}/ ---------------------------------------


@pytest.fixture
def announced(calendar, kenya, mexico, staff_user):
    """One pledge of each status announced at the 2022 IMRF."""
    event = ReviewEvent.objects.get(slug="imrf-2022")
    codes = {}
    for status in ("published", "draft", "submitted", "returned", "withdrawn"):
        pledge = PledgeFactory(code=f"GCM-ANN-{status.upper()}", lead=kenya, status=status)
        review_services.pledge_announcement_set(pledge=pledge, event=event, user=staff_user)
        codes[status] = pledge.code
    return event, codes


@pytest.mark.parametrize("persona", ["anonymous", "focal_mex"])
def test_events_api_lists_only_published_announced_pledges(announced, client_for, persona, request):
    event, codes = announced
    client = client_for(request.getfixturevalue(persona))

    listed = client.get("/api/v1/events/", {"kind": "imrf", "page_size": 100})
    detail = client.get(f"/api/v1/events/{event.pk}/")

    row = next(e for e in listed.json()["results"] if e["id"] == event.pk)
    assert row["announced_pledges"] == [codes["published"]]
    assert detail.status_code == 200
    assert detail.json()["announced_pledges"] == [codes["published"]]
    hidden = [code for status, code in codes.items() if status != "published"]
    for body in (listed.content.decode(), detail.content.decode()):
        assert not [code for code in hidden if code in body]


@pytest.mark.parametrize("persona", ["anonymous", "focal_mex"])
@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "withdrawn"])
def test_events_api_pledge_filter_does_not_confirm_an_unpublished_code(
    announced, client_for, persona, status, request
):
    _event, codes = announced
    client = client_for(request.getfixturevalue(persona))

    hidden = client.get("/api/v1/events/", {"pledge": codes[status]})
    unknown = client.get("/api/v1/events/", {"pledge": UNKNOWN})
    published = client.get("/api/v1/events/", {"pledge": codes["published"]})

    assert hidden.status_code == unknown.status_code == 200
    assert hidden.json() == unknown.json() == {**unknown.json(), "count": 0}
    assert [e["slug"] for e in published.json()["results"]] == ["imrf-2022"]


def test_events_api_shows_a_focal_point_their_own_announced_drafts(
    announced, client_for, focal_ken
):
    event, codes = announced

    detail = client_for(focal_ken).get(f"/api/v1/events/{event.pk}/").json()
    found = client_for(focal_ken).get("/api/v1/events/", {"pledge": codes["draft"]}).json()

    assert detail["announced_pledges"] == sorted(codes.values())
    assert [e["id"] for e in found["results"]] == [event.pk]


# --- The matching-pledge check: no oracle ----------------------------------------------


def _matches_error(client, code: str) -> list[str]:
    response = client.post(
        "/api/v1/pledges/", pledge_payload(mode="matching", matches=code), format="json"
    )
    assert response.status_code == 400
    return response.json()["matches"]


@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "withdrawn"])
def test_matching_another_actors_unpublished_pledge_answers_as_an_unknown_code(
    compact, mexico, focal_ken, client_for, status
):
    hidden = PledgeFactory(code=f"GCM-MEX-{status.upper()}", lead=mexico, status=status).code
    client = client_for(focal_ken)

    refused = _matches_error(client, hidden)
    unknown = _matches_error(client, UNKNOWN)

    assert refused == [m.replace(UNKNOWN, hidden) for m in unknown]
    assert Pledge.objects.filter(lead__code="KEN").count() == 0


def test_matching_ones_own_draft_says_it_must_answer_a_published_pledge(
    compact, kenya, focal_ken, client_for
):
    # The focal point may read their own draft: telling them why is no leak.
    own = PledgeFactory(code="GCM-KEN-DRAFT", lead=kenya, status="draft").code

    assert _matches_error(client_for(focal_ken), own) == [
        "A matching pledge answers a published pledge."
    ]


# --- A published pledge whose matched pledge was later withdrawn ------------------------


@pytest.fixture
def matches_withdrawn(compact, kenya, mexico):
    withdrawn = PledgeFactory(
        code="GCM-MEX-GONE", title="A withdrawn pledge", lead=mexico, status="withdrawn"
    )
    return PledgeFactory(
        code="GCM-KEN-MATCH",
        lead=kenya,
        status="published",
        mode=Pledge.Mode.MATCHING,
        matches=withdrawn,
    )


def test_a_withdrawn_matched_pledge_is_not_named_by_its_match(
    matches_withdrawn, client, client_for
):
    api = client_for(None).get("/api/v1/pledges/GCM-KEN-MATCH/")
    page = client.get("/pledges/GCM-KEN-MATCH/")
    csv = client_for(None).get("/api/v1/pledges/", {"format": "csv"})

    assert api.status_code == page.status_code == csv.status_code == 200
    assert api.json()["matches"] is None
    csv_body = streamed(csv)
    for body in (api.content, page.content, csv_body):
        assert b"GCM-MEX-GONE" not in body and b"A withdrawn pledge" not in body
    assert b"GCM-KEN-MATCH" in csv_body


def test_staff_still_see_the_withdrawn_matched_pledge(matches_withdrawn, client_for, staff_user):
    detail = client_for(staff_user).get("/api/v1/pledges/GCM-KEN-MATCH/").json()

    assert detail["matches"] == "GCM-MEX-GONE"
