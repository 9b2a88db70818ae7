"""A review sent too early comes back: the focal points recall it before staff act,
staff reopen a submitted or published one with a reason; the submit page says first
what is missing. Each move by the right persona only; a refused one changes nothing."""

import pytest

from reviews.models import VoluntaryReview
from tests.pledges.test_workspace import signed_in

Status = VoluntaryReview.Status


def _state(review: VoluntaryReview) -> tuple:
    review.refresh_from_db()
    return (review.status, review.submitted_at, review.published_at, review.return_reason)


# --- Recall: the State's focal points, while submitted ---------------------------------------


@pytest.mark.parametrize(
    ("persona", "code"),
    [("focal_ken", 200), ("staff_user", 200), ("focal_mex", 404), (None, 403)],
)
def test_recall_through_the_api_by_persona(request, client_for, kenya, review_in, persona, code):
    review = review_in(kenya, "submitted")
    before = _state(review)
    user = request.getfixturevalue(persona) if persona else None

    response = client_for(user).post(f"/api/v1/reviews/{review.pk}/recall/")

    assert response.status_code == code
    if code == 200:
        assert response.json()["status"] == "draft"
        assert _state(review)[:2] == (Status.DRAFT, None)
    else:
        assert _state(review) == before


@pytest.mark.parametrize("status", ["draft", "returned", "published"])
def test_recall_only_from_submitted(client_for, focal_ken, kenya, review_in, status):
    review = review_in(kenya, status)
    before = _state(review)

    response = client_for(focal_ken).post(f"/api/v1/reviews/{review.pk}/recall/")

    assert response.status_code == 400
    assert "can be recalled" in response.json()["status"][0]
    assert _state(review) == before


def test_recall_is_recorded_in_the_history(client_for, focal_ken, kenya, review_in):
    review = review_in(kenya, "submitted")

    client_for(focal_ken).post(f"/api/v1/reviews/{review.pk}/recall/")

    latest = review.history.latest()
    assert (latest.status, latest.history_user) == (Status.DRAFT, focal_ken)


def test_recall_in_the_workspace(client, focal_ken, kenya, review_in):
    review = review_in(kenya, "submitted")
    client = signed_in(client, focal_ken)

    page = client.get(f"/workspace/reviews/{review.pk}/").content.decode()
    response = client.post(f"/workspace/reviews/{review.pk}/recall/", follow=True)

    assert "Recall to draft" in page
    assert "Review recalled" in response.content.decode()
    assert _state(review)[0] == Status.DRAFT


def test_recall_in_the_workspace_by_another_state_is_404(client, focal_mex, kenya, review_in):
    review = review_in(kenya, "submitted")
    before = _state(review)

    response = signed_in(client, focal_mex).post(f"/workspace/reviews/{review.pk}/recall/")

    assert response.status_code == 404
    assert _state(review) == before


def test_after_staff_act_the_review_cannot_be_recalled(client, focal_ken, kenya, review_in):
    review = review_in(kenya, "published")
    before = _state(review)
    client = signed_in(client, focal_ken)

    page = client.get(f"/workspace/reviews/{review.pk}/").content.decode()
    response = client.post(f"/workspace/reviews/{review.pk}/recall/", follow=True)

    assert "Recall to draft" not in page
    assert "can be recalled" in response.content.decode()
    assert _state(review) == before


# --- Reopen: staff, from submitted or published, with a reason -------------------------------


@pytest.mark.parametrize("status", ["submitted", "published"])
def test_staff_reopen_with_a_reason(client_for, staff_user, kenya, review_in, status):
    review = review_in(kenya, status)

    response = client_for(staff_user).post(
        f"/api/v1/reviews/{review.pk}/reopen/", {"reason": "Objective 8 needs figures."}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "returned"
    assert _state(review)[0::2] == (Status.RETURNED, None)
    assert review.return_reason == "Objective 8 needs figures."
    assert review.history.latest().history_user == staff_user


def test_reopen_without_a_reason_is_refused(client_for, staff_user, kenya, review_in):
    review = review_in(kenya, "published")
    before = _state(review)

    response = client_for(staff_user).post(f"/api/v1/reviews/{review.pk}/reopen/", {"reason": " "})

    assert response.status_code == 400 and "reason" in response.json()
    assert _state(review) == before


@pytest.mark.parametrize(("persona", "code"), [("focal_ken", 403), ("focal_mex", 404), (None, 403)])
def test_reopen_is_for_staff_only(request, client_for, kenya, review_in, persona, code):
    review = review_in(kenya, "submitted")
    before = _state(review)
    user = request.getfixturevalue(persona) if persona else None

    response = client_for(user).post(
        f"/api/v1/reviews/{review.pk}/reopen/", {"reason": "Reopen it."}
    )

    assert response.status_code == code
    assert _state(review) == before


@pytest.mark.parametrize("status", ["draft", "returned"])
def test_reopen_needs_a_review_staff_can_act_on(client_for, staff_user, kenya, review_in, status):
    review = review_in(kenya, status)
    before = _state(review)

    response = client_for(staff_user).post(
        f"/api/v1/reviews/{review.pk}/reopen/", {"reason": "Reopen it."}
    )

    assert response.status_code == 400 and "can be reopened" in response.json()["status"][0]
    assert _state(review) == before


def test_a_reopened_review_leaves_the_public_pages(
    client, staff_user, kenya, review_in, client_for
):
    review = review_in(kenya, "published")
    assert client.get(f"/reviews/{review.pk}/").status_code == 200

    client_for(staff_user).post(f"/api/v1/reviews/{review.pk}/reopen/", {"reason": "Figures."})

    assert client.get(f"/reviews/{review.pk}/").status_code == 404


# --- The submit page: what is missing first -------------------------------------------------


def test_submit_page_lists_what_is_missing_and_sends_nothing(client, focal_ken, kenya, review_in):
    review = review_in(kenya, assess=(1, 2, 3))

    response = signed_in(client, focal_ken).get(f"/workspace/reviews/{review.pk}/submit/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "3 of 23 objectives assessed" in html
    assert "20 objectives are not assessed" in html
    assert f"/workspace/reviews/{review.pk}/objectives/4/" in html
    assert f"/workspace/reviews/{review.pk}/objectives/2/" not in html
    assert "Submit anyway" in html
    assert _state(review)[0] == Status.DRAFT


def test_submit_page_of_a_complete_review_offers_a_plain_submit(
    client, focal_ken, kenya, review_in
):
    review = review_in(kenya, assess=range(1, 24))

    html = signed_in(client, focal_ken).get(f"/workspace/reviews/{review.pk}/submit/")
    html = html.content.decode()

    assert "not assessed" not in html and "Submit anyway" not in html
    assert "Submit review" in html


def test_submit_page_of_a_locked_review_goes_back_to_it(client, focal_ken, kenya, review_in):
    review = review_in(kenya, "submitted")

    response = signed_in(client, focal_ken).get(f"/workspace/reviews/{review.pk}/submit/")

    assert response.status_code == 302
    assert response["Location"] == f"/workspace/reviews/{review.pk}/"


def test_submit_page_of_another_states_review_is_404(client, focal_mex, kenya, review_in):
    review = review_in(kenya)

    response = signed_in(client, focal_mex).get(f"/workspace/reviews/{review.pk}/submit/")

    assert response.status_code == 404


def test_submit_page_query_count_is_constant_in_the_assessments(
    client, focal_ken, kenya, review_in, django_assert_max_num_queries
):
    few = review_in(kenya, assess=(1,))
    client = signed_in(client, focal_ken)
    client.get(f"/workspace/reviews/{few.pk}/submit/")  # the session, warmed

    with django_assert_max_num_queries(12) as few_queries:
        assert client.get(f"/workspace/reviews/{few.pk}/submit/").status_code == 200
    few.delete()
    many = review_in(kenya, assess=range(1, 24))
    with django_assert_max_num_queries(len(few_queries)) as many_queries:
        response = client.get(f"/workspace/reviews/{many.pk}/submit/")
    assert response.status_code == 200 and "23 of 23" in response.content.decode()
    assert len(many_queries) == len(few_queries)


def test_reopening_a_published_review_tells_the_change_feed(
    client_for, staff_user, kenya, review_in
):
    from changes.models import ChangeEvent

    published = review_in(kenya, "published")

    client_for(staff_user).post(f"/api/v1/reviews/{published.pk}/reopen/", {"reason": "Figures."})

    latest = ChangeEvent.objects.filter(object_kind="review").latest("id")
    assert (latest.kind, str(latest.code)) == ("unpublished", str(published.pk))


def test_reopening_a_submitted_review_changes_nothing_public(
    client_for, staff_user, kenya, review_in
):
    from changes.models import ChangeEvent

    review = review_in(kenya, "submitted")
    before = ChangeEvent.objects.count()

    client_for(staff_user).post(f"/api/v1/reviews/{review.pk}/reopen/", {"reason": "Figures."})

    assert ChangeEvent.objects.count() == before
