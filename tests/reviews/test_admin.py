"""The reviews admin: the calendar, reviews with their assessments, publish/return
actions (through the services) and the indicator CSV import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reviews.models import Indicator, ReviewEvent

pytestmark = pytest.mark.django_db

CSV_HEADER = "code,name,objective,tier,sdg_indicator,unit,by_sex,by_age,by_migratory_status\n"


@pytest.fixture
def admin_client(client, staff_user):
    # The Network staff persona: is_staff and the group's permissions, not a superuser.
    client.force_login(staff_user)
    return client


def test_admin_event_shows_its_round_tables_inline(admin_client, calendar):
    event = ReviewEvent.objects.get(slug="imrf-2022")

    html = admin_client.get(f"/admin/reviews/reviewevent/{event.pk}/change/").content.decode()

    assert "2, 5, 6, 12, 18" in html and "1, 3, 7, 17, 23" in html


@pytest.mark.parametrize(
    "page",
    [
        "reviewcycle",
        "reviewevent",
        "missingmigrantsrecommendation",
        "voluntaryreview",
        "indicator",
        "indicatorvalue",
    ],
)
def test_admin_changelists_open_for_staff(admin_client, calendar, page):
    assert admin_client.get(f"/admin/reviews/{page}/").status_code == 200


def test_admin_review_shows_assessments_and_history(admin_client, kenya, review_in):
    review = review_in(kenya, assess=(8,))

    change = admin_client.get(f"/admin/reviews/voluntaryreview/{review.pk}/change/")
    history = admin_client.get(f"/admin/reviews/voluntaryreview/{review.pk}/history/")

    assert change.status_code == 200 and "Save lives" in change.content.decode()
    assert history.status_code == 200


def test_admin_publish_action_publishes_submitted_reviews_only(
    admin_client, kenya, mexico, review_in
):
    submitted = review_in(kenya, "submitted")
    draft = review_in(mexico, "draft")

    response = admin_client.post(
        "/admin/reviews/voluntaryreview/",
        {"action": "publish_reviews", "_selected_action": [submitted.pk, draft.pk]},
        follow=True,
    )

    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert (submitted.status, draft.status) == ("published", "draft")
    assert "A draft review cannot be published" in response.content.decode()


def test_admin_return_action_asks_for_a_reason_then_returns(admin_client, kenya, review_in):
    review = review_in(kenya, "submitted")
    selected = {"action": "return_reviews", "_selected_action": [review.pk]}

    form = admin_client.post("/admin/reviews/voluntaryreview/", selected)
    admin_client.post("/admin/reviews/voluntaryreview/", {**selected, "reason": "Add data."})

    assert "Reason for return" in form.content.decode()
    review.refresh_from_db()
    assert (review.status, review.return_reason) == ("returned", "Add data.")


def test_admin_indicator_import_shows_the_report_and_writes_nothing(admin_client, compact):
    upload = SimpleUploadedFile(
        "indicators.csv", (CSV_HEADER + "1.1,Name,1,gold,,,,,\n").encode(), "text/csv"
    )

    response = admin_client.post("/admin/reviews/indicator/import/", {"file": upload})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<td>2</td><td>tier</td>" in html
    assert not Indicator.objects.exists()


def test_admin_indicator_import_creates_indicators(admin_client, compact):
    upload = SimpleUploadedFile(
        "indicators.csv", (CSV_HEADER + "1.1,Name,1,core,10.7.2,%,yes,,\n").encode()
    )

    response = admin_client.post("/admin/reviews/indicator/import/", {"file": upload})

    assert response.status_code == 302
    assert Indicator.objects.get().sdg_indicator == "10.7.2"


def test_admin_indicator_import_is_refused_to_a_focal_point(client, focal_ken):
    focal_ken.is_staff = True  # can reach the admin, but holds no reviews permission
    focal_ken.save()
    client.force_login(focal_ken)

    assert client.get("/admin/reviews/indicator/import/").status_code == 403
