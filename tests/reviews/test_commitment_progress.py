"""Voluntary reviews report progress on the Progress Declaration commitments (issue 13):
the State's focal points while the review is open, public once it is published."""

import pytest

from reviews import services
from reviews.models import CommitmentProgress

pytestmark = pytest.mark.django_db


def _url(review):
    return f"/api/v1/reviews/{review.pk}/commitments/"


def test_the_focal_point_reports_and_reports_again(
    kenya, focal_ken, review_in, client_for, compact
):
    review = review_in(kenya)
    client = client_for(focal_ken)

    first = client.post(_url(review), {"paragraph": 51, "level": "planning"})
    again = client.post(
        _url(review), {"paragraph": 51, "level": "in_progress", "narrative": "  A law.  "}
    )

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["paragraph"] == 51
    progress = CommitmentProgress.objects.get(review=review)
    assert (progress.level, progress.narrative) == ("in_progress", "A law.")
    assert [row.history_user for row in progress.history.all()] == [focal_ken, focal_ken]


def test_a_bad_paragraph_or_level_is_a_400_with_field_messages(
    kenya, focal_ken, review_in, client_for, compact
):
    review = review_in(kenya)
    response = client_for(focal_ken).post(_url(review), {"paragraph": 12, "level": "soon"})

    assert response.status_code == 400
    assert set(response.json()) >= {"level"}
    missing = client_for(focal_ken).post(_url(review), {"paragraph": 12, "level": "planning"})
    assert missing.status_code == 400 and "paragraph" in missing.json()
    assert not CommitmentProgress.objects.exists()


@pytest.mark.parametrize("persona", ["focal_mex", "anonymous"])
def test_others_may_not_report_and_nothing_changes(
    request, kenya, review_in, client_for, compact, persona
):
    review = review_in(kenya)
    response = client_for(request.getfixturevalue(persona)).post(
        _url(review), {"paragraph": 51, "level": "planning"}
    )

    assert response.status_code in (401, 403, 404)
    assert not CommitmentProgress.objects.exists()


def test_a_published_review_s_progress_is_public_and_locked(
    kenya, focal_ken, staff_user, review_in, client_for, compact, django_assert_num_queries
):
    review = review_in(kenya, status="draft")
    services.commitment_progress_upsert(
        review=review, user=focal_ken, paragraph=76, level="in_progress"
    )
    services.commitment_progress_upsert(
        review=review, user=focal_ken, paragraph=51, level="planning"
    )
    draft_view = client_for(None).get(_url(review))
    assert draft_view.status_code == 404  # a draft is the State's own
    review = services.review_submit(review=review, user=focal_ken)
    review = services.review_publish(review=review, user=staff_user)

    public = client_for(None)
    # The review (with its counts), its progress on commitments with their paragraph.
    with django_assert_num_queries(2):
        response = public.get(_url(review))
    assert response.status_code == 200
    assert [(p["paragraph"], p["level"]) for p in response.json()] == [
        (51, "planning"),
        (76, "in_progress"),
    ]
    refused = client_for(focal_ken).post(_url(review), {"paragraph": 51, "level": "in_progress"})
    assert refused.status_code in (400, 403)
    assert CommitmentProgress.objects.get(review=review, commitment__number=51).level == "planning"


def test_the_openapi_describes_the_route(client):
    schema = client.get("/api/schema/?format=json").json()
    route = schema["paths"]["/api/v1/reviews/{id}/commitments/"]
    assert {"get", "post"} <= set(route)
