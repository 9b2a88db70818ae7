"""The workspace home and voluntary-review editing: forms, errors beside the fields,
permissions per persona, query counts."""

import datetime

import pytest
from django.utils import timezone

from pledges.models import Partnership, Pledge, PledgeMatch
from reviews import services
from reviews.models import ObjectiveAssessment, VoluntaryReview
from tests.dates import DAYS_WITH_A_CYCLE, DAYS_WITHOUT_A_CYCLE
from tests.factories import PledgeFactory, ProgressUpdateFactory, add_partners
from tests.pledges.test_workspace import field_errors, signed_in

pytestmark = pytest.mark.django_db


# --- /workspace/ ------------------------------------------------------------------------


def test_workspace_home_sends_anonymous_users_to_sign_in(client):
    response = client.get("/workspace/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/workspace/"


def test_workspace_home_groups_pledges_by_status_with_the_return_reason(
    client, compact, focal_ken, kenya, mexico
):
    PledgeFactory(lead=kenya, title="A draft")
    PledgeFactory(lead=kenya, title="Sent back", status="returned")
    PledgeFactory(lead=kenya, title="Out there", status="published")
    PledgeFactory(lead=mexico, title="Mexico's draft")

    response = signed_in(client, focal_ken).get("/workspace/")

    html = response.content.decode()
    groups = {
        status: [p.title for p in pledges]
        for status, _l, pledges in response.context["pledge_groups"]
    }
    assert groups == {
        "draft": ["A draft"],
        "published": ["Out there"],
        "returned": ["Sent back"],
    }
    assert "Please add a measurable target." in html
    assert "Mexico&#x27;s draft" not in html and "Mexico's draft" not in html


def test_workspace_home_flags_returned_and_stale_pledges(today, client, compact, focal_ken, kenya):
    returned = PledgeFactory(lead=kenya, status="returned")
    stale = PledgeFactory(lead=kenya, status="published")
    ProgressUpdateFactory(pledge=stale, date=timezone.localdate() - datetime.timedelta(days=400))
    fresh = PledgeFactory(lead=kenya, status="published")
    ProgressUpdateFactory(pledge=fresh, date=timezone.localdate() - datetime.timedelta(days=30))
    never = PledgeFactory(lead=kenya, status="published")
    Pledge.objects.filter(pk=never.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=500)
    )

    context = signed_in(client, focal_ken).get("/workspace/").context

    assert context["returned"] == [returned]
    assert {p.pk for p in context["stale"]} == {stale.pk, never.pk}


def test_workspace_home_flags_reviews_due_within_30_days(
    today, client, compact, focal_ken, kenya, review_in
):
    review = review_in(kenya)
    event = review.event
    event.reviews_due_date = timezone.localdate() + datetime.timedelta(days=20)
    event.save()

    response = signed_in(client, focal_ken).get("/workspace/")

    assert [r.pk for r in response.context["due_soon"]] == [review.pk]
    assert "1 of 23 objectives assessed" in response.content.decode()


def test_workspace_home_explains_to_a_user_who_speaks_for_nobody(client, django_user_model):
    user = django_user_model.objects.create_user("nobody", "n@example.org", "pw")

    html = signed_in(client, user).get("/workspace/").content.decode()

    assert "You are not a focal point yet" in html
    assert "nobody" in html


def test_workspace_home_links_staff_to_the_admin(client, staff_user, focal_ken):
    staff_html = signed_in(client, staff_user).get("/workspace/").content.decode()
    client.logout()
    focal_html = signed_in(client, focal_ken).get("/workspace/").content.decode()

    assert 'href="/admin/"' in staff_html
    assert "Open the admin" not in focal_html


def test_workspace_home_renders_in_constant_queries(
    today, client, compact, focal_ken, kenya, mexico, review_in, django_assert_num_queries
):
    client = signed_in(client, focal_ken)
    PledgeFactory(lead=kenya)
    add_partners(PledgeFactory(lead=mexico), kenya, status=Partnership.Status.INVITED)
    review_in(kenya)
    client.get("/workspace/")
    # session, user, actors, pledges (+lead, last update), reviews (+state, cycle, event,
    # completeness), open invitations (+pledge, lead, actor), matching offers awaiting an
    # answer (a count), current cycle
    with django_assert_num_queries(8):
        first = client.get("/workspace/")
    for status in ("draft", "returned", "published", "submitted"):
        PledgeFactory(lead=kenya, status=status)
        add_partners(PledgeFactory(lead=mexico), kenya, status=Partnership.Status.INVITED)
    matched = Pledge.objects.get(lead=kenya, status="published")
    for _ in range(3):
        PledgeMatch.objects.create(
            offer=PledgeFactory(lead=mexico, status="published"), matched=matched
        )
    with django_assert_num_queries(8):
        again = client.get("/workspace/")
    assert (first.status_code, again.status_code) == (200, 200)
    # Kenya's five and the five it is invited to (to read them before answering).
    assert again.context["pledge_count"] == 10
    assert len(again.context["invitations"]) == 5
    assert again.content.decode().count("data-invitation=") == 5
    assert [r.state for r in again.context["reviews"]] == [kenya]
    assert 'data-offers-awaiting="3"' in again.content.decode()


# --- Review list and start ---------------------------------------------------------------


@pytest.mark.parametrize("today", DAYS_WITH_A_CYCLE, indirect=True, ids=str)
def test_review_start_creates_the_current_cycles_review(
    today, client, current_cycle, focal_ken, kenya
):
    client = signed_in(client, focal_ken)

    page = client.get("/workspace/reviews/").content.decode()
    response = client.post("/workspace/reviews/start/", {"state": "KEN"})

    review = VoluntaryReview.objects.get()
    assert f"Start the review of Kenya for {current_cycle.name}" in page
    assert (review.state, review.cycle) == (kenya, current_cycle)
    assert response["Location"] == f"/workspace/reviews/{review.pk}/"


@pytest.mark.parametrize("today", DAYS_WITHOUT_A_CYCLE, indirect=True, ids=str)
def test_review_start_when_no_cycle_is_open_says_so(today, client, calendar, focal_ken):
    client = signed_in(client, focal_ken)

    page = client.get("/workspace/reviews/").content.decode()
    home = client.get("/workspace/")
    response = client.post("/workspace/reviews/start/", {"state": "KEN"}, follow=True)

    assert "Start the review of" not in page
    assert "no review cycle is open today" in page
    assert (home.status_code, home.context["cycle"], home.context["startable"]) == (200, None, [])
    assert response.redirect_chain == [("/workspace/reviews/", 302)]
    assert "No review cycle is open today." in response.content.decode()
    assert not VoluntaryReview.objects.exists()


@pytest.mark.parametrize("today", DAYS_WITH_A_CYCLE, indirect=True, ids=str)
def test_review_start_for_another_state_is_refused(today, client, calendar, focal_ken, mexico):
    response = signed_in(client, focal_ken).post("/workspace/reviews/start/", {"state": "MEX"})

    assert response.status_code == 403
    assert not VoluntaryReview.objects.exists()


@pytest.mark.parametrize("today", DAYS_WITH_A_CYCLE, indirect=True, ids=str)
def test_review_start_twice_says_why_not(today, client, current_cycle, focal_ken, kenya):
    client = signed_in(client, focal_ken)
    client.post("/workspace/reviews/start/", {"state": "KEN"})

    response = client.post("/workspace/reviews/start/", {"state": "KEN"}, follow=True)

    assert f"already has a review for {current_cycle.name}" in response.content.decode()
    assert VoluntaryReview.objects.get().cycle == current_cycle


# --- Overview, plan, submit ------------------------------------------------------------------


def test_review_overview_shows_completeness_and_the_23_objectives(
    client, focal_ken, kenya, review_in
):
    review = review_in(kenya, assess=(1, 2))

    response = signed_in(client, focal_ken).get(f"/workspace/reviews/{review.pk}/")

    html = response.content.decode()
    assert "2 of 23 objectives assessed" in html
    assert len(response.context["rows"]) == 23
    assert html.count("Not assessed") == 21
    assert f"/workspace/reviews/{review.pk}/objectives/3/" in html  # continue with 3


@pytest.mark.parametrize("suffix", ["", "objectives/1/"])
def test_another_states_focal_point_gets_404_on_a_draft_review(
    client, focal_mex, kenya, review_in, suffix
):
    review = review_in(kenya)

    response = signed_in(client, focal_mex).get(f"/workspace/reviews/{review.pk}/{suffix}")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("suffix", "data"),
    [
        ("", {"plan": "adopted"}),
        ("objectives/2/", {"level": "achieved"}),
        ("submit/", {}),
    ],
)
def test_another_states_focal_point_cannot_write_to_a_review(
    client, focal_mex, kenya, review_in, suffix, data
):
    review = review_in(kenya)

    response = signed_in(client, focal_mex).post(f"/workspace/reviews/{review.pk}/{suffix}", data)

    assert response.status_code == 404
    review.refresh_from_db()
    assert (review.status, review.plan, review.assessments.count()) == ("draft", "none", 1)


def test_review_plan_is_saved_through_the_service(client, focal_ken, kenya, review_in):
    review = review_in(kenya)

    signed_in(client, focal_ken).post(
        f"/workspace/reviews/{review.pk}/",
        {"plan": "adopted", "plan_url": "https://example.org/plan"},
    )

    review.refresh_from_db()
    assert (review.plan, review.plan_url) == ("adopted", "https://example.org/plan")


def test_review_plan_error_is_shown_beside_the_link_with_the_input_kept(
    client, focal_ken, kenya, review_in
):
    review = review_in(kenya)

    response = signed_in(client, focal_ken).post(
        f"/workspace/reviews/{review.pk}/", {"plan": "none", "plan_url": "https://example.org/p"}
    )

    html = response.content.decode()
    assert "A State without a plan has no plan link" in field_errors(html, "plan_url")
    assert 'value="https://example.org/p"' in html
    review.refresh_from_db()
    assert review.plan_url == ""


def test_review_submit_locks_the_review(client, focal_ken, kenya, review_in):
    review = review_in(kenya)
    client = signed_in(client, focal_ken)

    client.post(f"/workspace/reviews/{review.pk}/submit/")
    page = client.get(f"/workspace/reviews/{review.pk}/objectives/1/")
    refused = client.post(f"/workspace/reviews/{review.pk}/objectives/2/", {"level": "achieved"})

    review.refresh_from_db()
    assert review.status == VoluntaryReview.Status.SUBMITTED
    assert "The review is locked" in page.content.decode()
    assert 'name="level"' not in page.content.decode()
    assert refused.status_code == 403
    assert review.assessments.count() == 1


def test_review_submit_without_assessments_says_why_not(client, focal_ken, kenya, review_in):
    review = review_in(kenya, assess=())

    response = signed_in(client, focal_ken).post(
        f"/workspace/reviews/{review.pk}/submit/", follow=True
    )

    assert "Assess at least one objective" in response.content.decode()
    review.refresh_from_db()
    assert review.status == VoluntaryReview.Status.DRAFT


# --- One objective at a time ------------------------------------------------------------------


def test_assessment_save_and_next_goes_to_the_following_objective(
    client, focal_ken, kenya, review_in, kenya_pledge
):
    review = review_in(kenya, assess=())
    data = {
        "level": "advanced",
        "narrative": "A law on fair recruitment.",
        "challenges": "Data.",
        "pledges": [kenya_pledge.code],
        "next": "1",
    }

    response = signed_in(client, focal_ken).post(
        f"/workspace/reviews/{review.pk}/objectives/5/", data
    )

    assessment = ObjectiveAssessment.objects.get(review=review)
    assert response["Location"] == f"/workspace/reviews/{review.pk}/objectives/6/"
    assert (assessment.objective.number, assessment.level) == (5, "advanced")
    assert [p.code for p in assessment.pledges.all()] == [kenya_pledge.code]


def test_assessment_save_stays_and_shows_what_was_saved(
    client, focal_ken, kenya, review_in, kenya_pledge
):
    review = review_in(kenya, assess=())
    url = f"/workspace/reviews/{review.pk}/objectives/5/"
    client = signed_in(client, focal_ken)

    response = client.post(url, {"level": "planning", "narrative": "Drafting."}, follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == url
    assert "Objective 5 saved" in html
    assert "Drafting." in html
    assert 'value="planning" id="id_level_1" checked' in html or "checked" in html


def test_assessment_of_the_last_objective_returns_to_the_overview(
    client, focal_ken, kenya, review_in
):
    review = review_in(kenya, assess=())

    response = signed_in(client, focal_ken).post(
        f"/workspace/reviews/{review.pk}/objectives/23/", {"level": "planning", "next": "1"}
    )

    assert response["Location"] == f"/workspace/reviews/{review.pk}/"


def test_assessment_offers_only_the_states_own_pledges(
    client, focal_ken, kenya, review_in, kenya_pledge, mexico_pledge
):
    review = review_in(kenya, assess=())
    url = f"/workspace/reviews/{review.pk}/objectives/5/"
    client = signed_in(client, focal_ken)

    page = client.get(url)
    refused = client.post(url, {"level": "planning", "pledges": [mexico_pledge.code]})

    codes = [code for code, _label in page.context["form"].fields["pledges"].choices]
    assert codes == [kenya_pledge.code]
    assert field_errors(refused.content.decode(), "pledges")
    assert not ObjectiveAssessment.objects.filter(review=review).exists()


def test_assessment_without_a_level_keeps_the_text(client, focal_ken, kenya, review_in):
    review = review_in(kenya, assess=())

    response = signed_in(client, focal_ken).post(
        f"/workspace/reviews/{review.pk}/objectives/4/", {"narrative": "Kept text."}
    )

    html = response.content.decode()
    assert field_errors(html, "level")
    assert "Kept text." in html


def test_assessment_of_an_unknown_objective_is_404(client, focal_ken, kenya, review_in):
    review = review_in(kenya)

    response = signed_in(client, focal_ken).get(f"/workspace/reviews/{review.pk}/objectives/24/")

    assert response.status_code == 404


def test_review_pages_render_in_constant_queries(
    client, focal_ken, kenya, review_in, django_assert_num_queries
):
    review = review_in(kenya, assess=(1,))
    client = signed_in(client, focal_ken)
    overview = f"/workspace/reviews/{review.pk}/"
    objective = f"/workspace/reviews/{review.pk}/objectives/1/"
    client.get(overview)
    # session, user, review (+completeness), can edit, objectives, assessments, their pledges
    with django_assert_num_queries(7):
        client.get(overview)
    # session, user, review, objectives, assessment, its pledges, can edit, State's pledges
    with django_assert_num_queries(8):
        client.get(objective)
    for number in range(2, 8):
        PledgeFactory(lead=kenya, objectives=[number])
    for number in (3, 4, 5):
        services.assessment_upsert(
            review=review, user=focal_ken, objective=number, level="planning", pledges=[]
        )
    services.assessment_upsert(
        review=review,
        user=focal_ken,
        objective=1,
        level="planning",
        pledges=list(Pledge.objects.filter(lead=kenya).values_list("code", flat=True)),
    )
    with django_assert_num_queries(7):
        overview_page = client.get(overview)
    with django_assert_num_queries(8):
        objective_page = client.get(objective)
    assert (overview_page.status_code, objective_page.status_code) == (200, 200)
    assert "4 of 23 objectives assessed" in overview_page.content.decode()
    codes = list(Pledge.objects.filter(lead=kenya).values_list("code", flat=True))
    assert all(code in objective_page.content.decode() for code in codes)
