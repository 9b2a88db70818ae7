"""Staff reopen a submitted or published review from the admin (issue 16), with a reason
asked on the shared "action with a reason" page; review_reopen does the rest."""

import pytest

from reviews.models import VoluntaryReview

pytestmark = pytest.mark.django_db

LIST = "/admin/reviews/voluntaryreview/"


def _selected(review) -> dict:
    return {"action": "reopen_reviews", "_selected_action": [review.pk]}


@pytest.mark.parametrize("status", ["submitted", "published"])
def test_staff_reopen_a_review_with_a_reason(client, staff_user, kenya, review_in, status):
    review = review_in(kenya, status)
    client.force_login(staff_user)

    page = client.post(LIST, _selected(review)).content.decode()
    assert "Reopen reviews" in page and 'value="reopen_reviews"' in page
    crumbs = page.split('<div class="breadcrumbs">', 1)[1].split("</div>", 1)[0]
    assert f'href="{LIST}"' in crumbs
    done = client.post(LIST, {**_selected(review), "reason": "Objective 5 needs data."})

    assert done.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.return_reason, review.published_at) == (
        VoluntaryReview.Status.RETURNED,
        "Objective 5 needs data.",
        None,
    )


def test_an_empty_reason_is_said_beside_the_field_and_changes_nothing(
    client, staff_user, kenya, review_in
):
    review = review_in(kenya, "submitted")
    client.force_login(staff_user)

    html = client.post(LIST, {**_selected(review), "reason": "  "}).content.decode()

    assert 'id="id_reason_errors" role="alert"' in html
    assert (
        'aria-describedby="id_reason_errors"' in html
        and " required" not in html.split('name="reason"', 1)[1].split(">", 1)[0]
    )
    review.refresh_from_db()
    assert review.status == VoluntaryReview.Status.SUBMITTED


def test_a_draft_is_not_reopened_and_says_why(client, staff_user, kenya, review_in):
    review = review_in(kenya, "draft")
    client.force_login(staff_user)

    response = client.post(LIST, {**_selected(review), "reason": "Why"}, follow=True)

    assert "Only a submitted or published review can be reopened." in response.content.decode()
    review.refresh_from_db()
    assert review.status == VoluntaryReview.Status.DRAFT


def test_only_staff_reopen(client, focal_ken, kenya, review_in):
    review = review_in(kenya, "submitted")
    anonymous = client.post(LIST, {**_selected(review), "reason": "Why"})
    client.force_login(focal_ken)
    refused = client.post(LIST, {**_selected(review), "reason": "Why"})

    for response in (anonymous, refused):
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    review.refresh_from_db()
    assert review.status == VoluntaryReview.Status.SUBMITTED
