"""The reviews API: shapes, filters, the focal point's journey, and query counts."""

import pytest

from pledges.models import Pledge
from reviews import services
from reviews.indicators import indicator_import_csv, indicator_value_upsert
from reviews.models import Indicator, PledgeAnnouncement, ReviewEvent, VoluntaryReview
from tests.factories import PledgeFactory

pytestmark = pytest.mark.django_db

CSV_HEADER = "code,name,objective,tier,sdg_indicator,unit,by_sex,by_age,by_migratory_status\n"


def test_cycles_list_carries_id_and_dates(calendar, client_for):
    body = client_for(None).get("/api/v1/cycles/").json()

    assert [(c["name"], c["start_date"], c["end_date"]) for c in body["results"]] == [
        ("2019–2022", "2019-01-01", "2022-12-31"),
        ("2023–2026", "2023-01-01", "2026-12-31"),
        ("2027–2030", "2027-01-01", "2030-12-31"),
    ]
    assert all(isinstance(c["id"], int) for c in body["results"])


def test_events_imrf_lists_its_round_tables_with_objective_numbers(calendar, client_for):
    body = client_for(None).get("/api/v1/events/", {"kind": "imrf", "year": 2022}).json()

    (imrf,) = body["results"]
    assert (imrf["start_date"], imrf["end_date"], imrf["place"]) == (
        "2022-05-17",
        "2022-05-20",
        "New York",
    )
    assert [(t["number"], t["objectives"]) for t in imrf["round_tables"]] == [
        (1, [2, 5, 6, 12, 18]),
        (2, [4, 8, 9, 10, 11, 13, 21]),
        (3, [14, 15, 16, 19, 20, 22]),
        (4, [1, 3, 7, 17, 23]),
    ]


def test_events_filter_by_year_includes_events_spanning_it(calendar, client_for):
    body = client_for(None).get("/api/v1/events/", {"year": 2021, "page_size": 50}).json()

    slugs = {e["slug"] for e in body["results"]}
    assert "regional-review-2020-eca" in slugs  # 2020-01-01..2021-12-31
    assert "sg-report-2021" in slugs
    assert "imrf-2022" not in slugs


def test_events_carry_the_period_as_stated_and_the_quote_evidencing_it(calendar, client_for):
    body = client_for(None).get("/api/v1/events/", {"region": "eca", "year": 2020}).json()

    (event,) = body["results"]
    assert event["dates_provisional"] is True
    assert event["as_stated"] == "2020–2021, first round"
    assert event["source_quote"] == (
        "intergovernmental regional review conferences that were held over the past two years"
    )
    assert (event["source_file"], event["source_line"]) == ("sg-report-2021.txt", 89)


def test_the_event_evidence_fields_are_in_the_openapi_document(client):
    schema = client.get("/api/schema/?format=json").json()
    properties = schema["components"]["schemas"]["Event"]["properties"]
    for field in ("as_stated", "source_quote", "source_file", "source_line"):
        assert properties[field]["readOnly"] is True
        assert properties[field]["description"]
    assert properties["source_line"]["nullable"] is True


def test_events_filter_by_region(calendar, client_for):
    body = client_for(None).get("/api/v1/events/", {"region": "eclac"}).json()

    assert [e["slug"] for e in body["results"]] == [
        "regional-review-2020-eclac",
        "regional-review-2024-eclac",
        "regional-review-2028-eclac",  # the third round: provisional, from the compact's rhythm
    ]


def test_events_list_the_pledges_announced_there(calendar, kenya, client_for, staff_user):
    pledge = PledgeFactory(code="GCM-KEN-9", lead=kenya, status=Pledge.Status.PUBLISHED)
    services.pledge_announcement_set(
        pledge=pledge, event=ReviewEvent.objects.get(slug="imrf-2022"), user=staff_user
    )

    body = client_for(None).get("/api/v1/events/", {"pledge": "GCM-KEN-9"}).json()

    assert [(e["slug"], e["announced_pledges"]) for e in body["results"]] == [
        ("imrf-2022", ["GCM-KEN-9"])
    ]
    assert PledgeAnnouncement.objects.get().pledge == pledge


def test_recommendations_filter_by_area(calendar, client_for):
    body = client_for(None).get("/api/v1/recommendations/", {"area": "prevention"}).json()

    assert body["count"] >= 1
    first = body["results"][0]
    assert (first["area"], first["letter"]) == ("prevention", "a")
    assert 8 in first["objectives"] and first["text"]


def test_focal_point_prepares_completes_and_submits_a_review(
    kenya, focal_ken, cycle, imrf_2026, kenya_pledge, client_for
):
    client = client_for(focal_ken)

    created = client.post("/api/v1/reviews/", {"state": "KEN", "cycle": cycle.pk})
    assert created.status_code == 201, created.json()
    review = created.json()
    assert (review["state"], review["cycle"], review["event"], review["status"]) == (
        "KEN",
        cycle.pk,
        imrf_2026.pk,
        "draft",
    )
    assert review["due_date"] == "2026-05-01"
    assert review["completeness"] == {"assessed": 0, "total": 23}
    url = f"/api/v1/reviews/{review['id']}/"

    first = client.post(
        url + "assessments/",
        {"objective": 5, "level": "planning", "pledges": ["GCM-KEN-1"]},
    )
    again = client.post(
        url + "assessments/",
        {"objective": 5, "level": "advanced", "narrative": "Agreements revised."},
    )
    client.post(url + "assessments/", {"objective": 1, "level": "in_progress"})
    patched = client.patch(url, {"plan": "in_preparation"})

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["pledges"] == [] and again.json()["level"] == "advanced"
    assert patched.json()["plan"] == "in_preparation"
    listed = client.get(url + "assessments/").json()
    assert [(a["objective"], a["level"]) for a in listed] == [(1, "in_progress"), (5, "advanced")]
    assert client.get(url).json()["completeness"] == {"assessed": 2, "total": 23}

    submitted = client.post(url + "submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    locked = client.post(url + "assessments/", {"objective": 2, "level": "planning"})
    assert locked.status_code == 403


def test_staff_return_then_publish_through_the_api(kenya, staff_user, review_in, client_for):
    review = review_in(kenya, "submitted")
    client = client_for(staff_user)
    url = f"/api/v1/reviews/{review.pk}/"

    no_reason = client.post(url + "return/", {})
    returned = client.post(url + "return/", {"reason": "Please assess objective 8."})
    client.post(url + "submit/")
    published = client.post(url + "publish/")

    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_reason"] == "Please assess objective 8."
    assert published.json()["status"] == "published" and published.json()["published_at"]


def test_review_create_invalid_input_gets_400_per_field_and_writes_nothing(
    focal_ken, cycle, client_for
):
    client = client_for(focal_ken)

    response = client.post("/api/v1/reviews/", {"state": "XXX", "cycle": 999})

    assert response.status_code == 400
    assert set(response.json()) == {"state", "cycle"}
    assert not VoluntaryReview.objects.exists()


def test_assessment_with_another_states_pledge_gets_400_and_writes_nothing(
    kenya, focal_ken, review_in, mexico_pledge, client_for
):
    review = review_in(kenya, assess=())

    response = client_for(focal_ken).post(
        f"/api/v1/reviews/{review.pk}/assessments/",
        {"objective": 5, "level": "planning", "pledges": ["GCM-MEX-1"]},
    )

    assert response.status_code == 400
    assert response.json() == {"pledges": ["GCM-MEX-1 is not a pledge of Kenya."]}
    assert not review.assessments.exists()


def test_reviews_filter_by_state_cycle_and_status(kenya, mexico, staff_user, review_in, client_for):
    review_in(kenya, "published")
    review_in(mexico, "draft")
    client = client_for(staff_user)

    by_state = client.get("/api/v1/reviews/", {"state": "mex"}).json()["results"]
    by_status = client.get("/api/v1/reviews/", {"status": "published"}).json()["results"]
    other_cycle = client.get("/api/v1/reviews/", {"cycle": 0}).json()["results"]

    assert [r["state"] for r in by_state] == ["MEX"]
    assert [r["state"] for r in by_status] == ["KEN"]
    assert other_cycle == []


def test_review_recommendation_progress_through_the_api(kenya, focal_ken, review_in, client_for):
    from reviews.models import MissingMigrantsRecommendation

    review = review_in(kenya)
    recommendation = MissingMigrantsRecommendation.objects.get(
        area="data-and-foresight", letter="a"
    )
    url = f"/api/v1/reviews/{review.pk}/recommendations/"
    client = client_for(focal_ken)

    posted = client.post(url, {"recommendation": recommendation.pk, "level": "planning"})
    listed = client.get(url).json()

    assert posted.status_code == 201
    assert [(p["area"], p["letter"], p["level"]) for p in listed] == [
        ("data-and-foresight", "a", "planning")
    ]


def test_indicators_and_values_read_and_staff_write(compact, kenya, staff_user, client_for):
    indicator_import_csv(
        user=staff_user, content=CSV_HEADER + "8.1,Migrant deaths recorded,8,core,10.7.3,n,yes,,\n"
    )
    staff = client_for(staff_user)

    created = staff.post(
        "/api/v1/indicator-values/",
        {"indicator": "8.1", "state": "KEN", "year": 2023, "value": "41", "source": "IOM"},
    )
    replaced = staff.post(
        "/api/v1/indicator-values/",
        {"indicator": "8.1", "state": "KEN", "year": 2023, "value": "42"},
    )
    indicators = client_for(None).get("/api/v1/indicators/", {"objective": 8}).json()
    values = client_for(None).get("/api/v1/indicator-values/", {"state": "KEN"}).json()

    assert (created.status_code, replaced.status_code) == (201, 200)
    assert indicators["results"][0]["disaggregations"] == ["sex"]
    assert [(v["indicator"], v["year"], v["value"]) for v in values["results"]] == [
        ("8.1", 2023, "42.0000")
    ]


def test_indicator_values_refuse_non_staff_writes(compact, kenya, focal_ken, client_for):
    Indicator.objects.create(code="8.1", name="N", objective_id=8, tier="core")

    response = client_for(focal_ken).post(
        "/api/v1/indicator-values/", {"indicator": "8.1", "state": "KEN", "year": 2023, "value": 1}
    )

    assert response.status_code == 403


# --- Query counts: constant whatever the page size ------------------------------------


@pytest.mark.parametrize("page_size", [2, 20])
def test_cycles_list_query_count(calendar, client_for, django_assert_num_queries, page_size):
    client = client_for(None)
    # 1 count (pagination), 2 cycles with event_count.
    with django_assert_num_queries(2):
        response = client.get("/api/v1/cycles/", {"page_size": page_size})
    assert response.status_code == 200
    names = [c["name"] for c in response.json()["results"]]
    assert names == ["2019–2022", "2023–2026", "2027–2030"][:page_size]


@pytest.mark.parametrize("page_size", [1, 20])
def test_events_list_query_count(calendar, client_for, django_assert_num_queries, page_size):
    client = client_for(None)
    # IMRFs, so that every page has round tables to prefetch objectives for.
    # 1 count, 2 events with their cycle, 3 round tables, 4 their objectives,
    # 5 announcements with their pledge.
    with django_assert_num_queries(5):
        response = client.get("/api/v1/events/", {"kind": "imrf", "page_size": page_size})
    assert response.status_code == 200
    body = response.json()
    imrfs = ReviewEvent.objects.filter(kind="imrf").count()
    assert body["count"] == imrfs
    assert len(body["results"]) == min(page_size, imrfs)
    assert {event["kind"] for event in body["results"]} == {"imrf"}
    assert any(event["round_tables"] for event in body["results"])


@pytest.mark.parametrize("page_size", [2, 20])
def test_recommendations_list_query_count(
    calendar, client_for, django_assert_num_queries, page_size
):
    client = client_for(None)
    # 1 count, 2 recommendations, 3 their objectives.
    with django_assert_num_queries(3):
        response = client.get("/api/v1/recommendations/", {"page_size": page_size})
    assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) == min(page_size, body["count"])
    assert all(r["objectives"] for r in body["results"])


@pytest.mark.parametrize("page_size", [1, 20])
def test_reviews_list_query_count(
    kenya, mexico, focal_ken, review_in, client_for, django_assert_num_queries, page_size
):
    review_in(kenya, "published", assess=(1, 2))
    review_in(mexico, "published", assess=(3,))
    client = client_for(focal_ken)
    # 1 count, 2 reviews with State, cycle, event, completeness and due date (the
    # focal-point rule and the objective total are subqueries).
    with django_assert_num_queries(2):
        body = client.get("/api/v1/reviews/", {"page_size": page_size}).json()
    assert body["results"][0]["completeness"] == {"assessed": 2, "total": 23}


def test_review_assessments_list_query_count(
    kenya, focal_ken, review_in, kenya_pledge, client_for, django_assert_num_queries
):
    review = review_in(kenya, assess=(1, 2, 3))
    services.assessment_upsert(
        review=review, user=focal_ken, objective=4, level="planning", pledges=["GCM-KEN-1"]
    )
    client = client_for(focal_ken)
    # 1 the review (visibility and annotations), 2 assessments with objective, 3 pledges.
    with django_assert_num_queries(3):
        response = client.get(f"/api/v1/reviews/{review.pk}/assessments/")
    assert response.status_code == 200
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [(a["objective"], a["pledges"]) for a in rows] == [
        (1, []),
        (2, []),
        (3, []),
        (4, ["GCM-KEN-1"]),
    ]


@pytest.mark.parametrize("page_size", [1, 20])
def test_indicators_and_values_list_query_count(
    compact, kenya, mexico, staff_user, client_for, django_assert_num_queries, page_size
):
    indicator_import_csv(
        user=staff_user, content=CSV_HEADER + "1.1,A,1,core,,,,,\n2.1,B,2,additional,,,,,\n"
    )
    for indicator in Indicator.objects.all():
        for state in (kenya, mexico):
            indicator_value_upsert(
                user=staff_user, indicator=indicator, state=state, year=2023, value=1
            )
    client = client_for(None)
    # Each: 1 count, 2 rows with their objective (indicators) or indicator and State.
    with django_assert_num_queries(2):
        indicators_page = client.get("/api/v1/indicators/", {"page_size": page_size})
    with django_assert_num_queries(2):
        values_page = client.get("/api/v1/indicator-values/", {"page_size": page_size})
    assert (indicators_page.status_code, values_page.status_code) == (200, 200)
    assert indicators_page.json()["count"] == 2
    assert len(indicators_page.json()["results"]) == min(page_size, 2)
    assert values_page.json()["count"] == 4
    assert len(values_page.json()["results"]) == min(page_size, 4)
