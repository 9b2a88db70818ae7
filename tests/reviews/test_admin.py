"""The reviews admin: the calendar, reviews with their assessments, publish/return
actions (through the services) and the indicator CSV import."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reviews import indicators, services
from reviews.models import (
    Indicator,
    IndicatorValue,
    MissingMigrantsRecommendation,
    PledgeAnnouncement,
    ReviewCycle,
    ReviewEvent,
)
from tests.factories import PledgeFactory

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


# --- Every admin write goes through a service, or the model is read-only -------------


def _management_forms(html: str) -> dict[str, str]:
    """The inline formsets' management fields of an admin page, as it would post them."""
    import re

    return dict(
        re.findall(r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)" value="(\d*)"', html)
    )


def _event_data(event: ReviewEvent, **changes) -> dict:
    data = {
        "slug": event.slug,
        "kind": event.kind,
        "title": event.title,
        "cycle": event.cycle_id or "",
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "place": event.place,
        "region": event.region,
        "symbol": event.symbol,
        "outcome_title": event.outcome_title,
        "outcome_url": event.outcome_url,
        "reviews_due_date": "",
    }
    return {**data, **changes}


def test_admin_event_outside_its_cycle_is_refused_beside_the_field(admin_client, cycle):
    page = admin_client.get("/admin/reviews/reviewevent/add/").content.decode()
    data = {
        **_management_forms(page),
        "slug": "late-review",
        "kind": "regional_review",
        "title": "A late regional review",
        "cycle": cycle.pk,
        "start_date": "2031-03-01",
        "end_date": "2031-03-02",
    }

    refused = admin_client.post("/admin/reviews/reviewevent/add/", data)
    accepted = admin_client.post(
        "/admin/reviews/reviewevent/add/",
        {**data, "start_date": "2025-03-01", "end_date": "2025-03-02"},
    )

    errors = refused.context["adminform"].form.errors
    assert refused.status_code == 200
    assert errors["start_date"] == [f"starts outside its cycle {cycle.name}"]
    assert accepted.status_code == 302
    assert list(
        ReviewEvent.objects.filter(slug="late-review").values_list("start_date", flat=True)
    ) == [datetime.date(2025, 3, 1)]


def test_admin_event_change_keeps_the_calendar_rule(admin_client, imrf_2026):
    url = f"/admin/reviews/reviewevent/{imrf_2026.pk}/change/"
    page = admin_client.get(url).content.decode()

    response = admin_client.post(
        url, {**_management_forms(page), **_event_data(imrf_2026, start_date="2019-01-01")}
    )

    assert response.status_code == 200
    assert "starts outside its cycle" in response.content.decode()
    imrf_2026.refresh_from_db()
    assert imrf_2026.start_date != datetime.date(2019, 1, 1)


def test_admin_announcement_inline_goes_through_pledge_announcement_set(
    admin_client, imrf_2026, kenya, monkeypatch
):
    calls = []
    real = services.pledge_announcement_set
    monkeypatch.setattr(
        services, "pledge_announcement_set", lambda **kw: calls.append(kw) or real(**kw)
    )
    pledge = PledgeFactory(lead=kenya, status="published")
    url = f"/admin/reviews/reviewevent/{imrf_2026.pk}/change/"
    page = admin_client.get(url).content.decode()

    response = admin_client.post(
        url,
        {
            **_management_forms(page),
            **_event_data(imrf_2026),
            "announcements-TOTAL_FORMS": "1",
            "announcements-0-pledge": pledge.pk,
            "announcements-0-event": imrf_2026.pk,
        },
    )

    assert response.status_code == 302
    assert [(c["pledge"], c["event"]) for c in calls] == [(pledge, imrf_2026)]
    assert PledgeAnnouncement.objects.get(pledge=pledge).event == imrf_2026


def test_admin_indicator_value_goes_through_the_service(admin_client, compact, kenya, staff_user):
    indicators.indicator_import_csv(
        user=staff_user, content=CSV_HEADER + "8.1,Deaths,8,core,,,,,\n"
    )
    indicator = Indicator.objects.get()
    data = {
        "indicator": indicator.pk,
        "state": kenya.pk,
        "value": "41",
        "source_kind": "international",
        "source": "IOM",
    }

    refused = admin_client.post("/admin/reviews/indicatorvalue/add/", {**data, "year": 1900})
    accepted = admin_client.post("/admin/reviews/indicatorvalue/add/", {**data, "year": 2023})

    # The year's bounds are indicator_value_upsert's rule, not the model's.
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["year"] == [
        "Enter a year between 1950 and next year."
    ]
    assert accepted.status_code == 302
    assert list(IndicatorValue.objects.values_list("year", "source_kind", "source")) == [
        (2023, "international", "IOM")
    ]


def test_admin_indicator_goes_through_indicator_upsert(admin_client, compact, monkeypatch):
    calls = []
    real = indicators.indicator_upsert
    monkeypatch.setattr(indicators, "indicator_upsert", lambda **kw: calls.append(kw) or real(**kw))
    data = {"code": "8.1", "name": "Deaths", "objective": 8, "tier": "core"}

    response = admin_client.post("/admin/reviews/indicator/add/", data)

    assert response.status_code == 302
    assert calls and calls[-1]["code"] == "8.1"
    assert Indicator.objects.get().objective.number == 8


@pytest.mark.parametrize(
    ("model", "row"),
    [
        (ReviewCycle, lambda: ReviewCycle.objects.first()),
        (MissingMigrantsRecommendation, lambda: MissingMigrantsRecommendation.objects.first()),
    ],
)
def test_admin_reference_data_is_read_only(admin_client, calendar, model, row):
    """Cycles and recommendations come from the texts (the loaders): read here."""
    obj = row()
    name = model._meta.model_name

    change = admin_client.post(f"/admin/reviews/{name}/{obj.pk}/change/", {"name": "Changed"})
    add = admin_client.get(f"/admin/reviews/{name}/add/")

    assert (change.status_code, add.status_code) == (403, 403)


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/admin/reviews/indicator/import/", "Import indicators from CSV or XLSX"),
        ("/admin/reviews/indicatorvalue/import/", "Import indicator values"),
    ],
)
def test_admin_custom_pages_have_breadcrumbs_up_to_their_changelist(admin_client, url, title):
    html = admin_client.get(url).content.decode()

    crumbs = html.split('<div class="breadcrumbs">', 1)[1].split("</div>", 1)[0]
    assert 'href="/admin/reviews/"' in crumbs
    assert f'href="{url.removesuffix("import/")}"' in crumbs
    assert crumbs.strip().endswith(title)


def test_admin_return_page_has_breadcrumbs_up_to_the_reviews(admin_client, kenya, review_in):
    review = review_in(kenya, "submitted")
    selected = {"action": "return_reviews", "_selected_action": [review.pk]}

    html = admin_client.post("/admin/reviews/voluntaryreview/", selected).content.decode()

    crumbs = html.split('<div class="breadcrumbs">', 1)[1].split("</div>", 1)[0]
    assert 'href="/admin/reviews/voluntaryreview/"' in crumbs
    assert crumbs.strip().endswith("Return reviews")
