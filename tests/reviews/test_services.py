"""Reviews and indicators written through the services: the rules a focal point or a
curator would notice."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.tabular import ImportFileError
from pledges.models import Pledge
from reviews import indicators, services
from reviews.models import Indicator, IndicatorValue, ObjectiveAssessment, VoluntaryReview
from reviews.selectors import review_list
from tests.factories import PledgeFactory, add_partners

pytestmark = pytest.mark.django_db

CSV_HEADER = "code,name,objective,tier,sdg_indicator,unit,by_sex,by_age,by_migratory_status\n"


def test_review_create_by_a_focal_point_feeds_the_cycles_imrf(kenya, focal_ken, cycle, imrf_2026):
    review = services.review_create(user=focal_ken, state=kenya, cycle=cycle)

    assert (review.status, review.event, review.created_by) == ("draft", imrf_2026, focal_ken)
    assert review.due_date == datetime.date(2026, 5, 1)


def test_review_create_refuses_a_second_review_for_the_same_cycle(kenya, focal_ken, cycle):
    services.review_create(user=focal_ken, state=kenya, cycle=cycle)

    with pytest.raises(ValidationError) as caught:
        services.review_create(user=focal_ken, state=kenya, cycle=cycle)

    assert "cycle" in caught.value.message_dict
    assert VoluntaryReview.objects.count() == 1


def test_review_create_refuses_another_states_focal_point(kenya, focal_mex, cycle):
    with pytest.raises(PermissionDenied):
        services.review_create(user=focal_mex, state=kenya, cycle=cycle)

    assert not VoluntaryReview.objects.exists()


def test_review_create_refuses_an_event_of_another_cycle(kenya, focal_ken, cycle):
    from reviews.models import ReviewEvent

    with pytest.raises(ValidationError) as caught:
        services.review_create(
            user=focal_ken,
            state=kenya,
            cycle=cycle,
            event=ReviewEvent.objects.get(slug="imrf-2022"),
        )

    assert "event" in caught.value.message_dict


def test_review_update_records_an_adopted_plan(kenya, focal_ken, cycle):
    review = services.review_create(user=focal_ken, state=kenya, cycle=cycle)

    services.review_update(
        review=review, user=focal_ken, plan="adopted", plan_url="https://example.org/plan.pdf"
    )

    review.refresh_from_db()
    assert (review.plan, review.plan_url) == ("adopted", "https://example.org/plan.pdf")


def test_review_update_refuses_a_link_without_a_plan(kenya, focal_ken, cycle):
    review = services.review_create(user=focal_ken, state=kenya, cycle=cycle)

    with pytest.raises(ValidationError) as caught:
        services.review_update(review=review, user=focal_ken, plan_url="https://example.org/x")

    assert "plan_url" in caught.value.message_dict


def test_assessment_upsert_assessing_again_updates_the_same_row(kenya, focal_ken, cycle):
    review = services.review_create(user=focal_ken, state=kenya, cycle=cycle)
    first, created = services.assessment_upsert(
        review=review, user=focal_ken, objective=5, level="planning"
    )

    second, created_again = services.assessment_upsert(
        review=review, user=focal_ken, objective=5, level="advanced", narrative="Done a lot."
    )

    assert (created, created_again) == (True, False)
    assert first.pk == second.pk
    assert ObjectiveAssessment.objects.get().level == "advanced"


def test_assessment_upsert_accepts_the_states_own_pledges_only(
    kenya, focal_ken, cycle, kenya_pledge, mexico_pledge
):
    review = services.review_create(user=focal_ken, state=kenya, cycle=cycle)

    with pytest.raises(ValidationError) as caught:
        services.assessment_upsert(
            review=review,
            user=focal_ken,
            objective=5,
            level="planning",
            pledges=["GCM-KEN-1", "GCM-MEX-1"],
        )
    assert caught.value.message_dict["pledges"] == ["GCM-MEX-1 is not a pledge of Kenya."]
    assert not ObjectiveAssessment.objects.exists()

    assessment, _ = services.assessment_upsert(
        review=review, user=focal_ken, objective=5, level="planning", pledges=["GCM-KEN-1"]
    )
    assert list(assessment.pledges.values_list("code", flat=True)) == ["GCM-KEN-1"]


def test_assessment_upsert_accepts_a_pledge_the_state_is_partner_of(
    kenya, mexico, focal_ken, cycle
):
    shared = PledgeFactory(code="GCM-MEX-2", lead=mexico, status=Pledge.Status.PUBLISHED)
    add_partners(shared, kenya)
    review = services.review_create(user=focal_ken, state=kenya, cycle=cycle)

    assessment, _ = services.assessment_upsert(
        review=review, user=focal_ken, objective=1, level="planning", pledges=["GCM-MEX-2"]
    )

    assert assessment.pledges.get() == shared


def test_assessment_upsert_refuses_an_unknown_objective_and_level(kenya, focal_ken, cycle):
    review = services.review_create(user=focal_ken, state=kenya, cycle=cycle)

    with pytest.raises(ValidationError) as caught:
        services.assessment_upsert(review=review, user=focal_ken, objective=24, level="done")

    assert set(caught.value.message_dict) == {"objective", "level"}


def test_review_submit_locks_the_review_for_its_focal_points(kenya, focal_ken, cycle):
    review = services.review_create(user=focal_ken, state=kenya, cycle=cycle)
    services.assessment_upsert(review=review, user=focal_ken, objective=1, level="planning")

    review = services.review_submit(review=review, user=focal_ken)

    assert review.status == "submitted" and review.submitted_at is not None
    with pytest.raises(PermissionDenied):
        services.assessment_upsert(review=review, user=focal_ken, objective=2, level="planning")
    with pytest.raises(PermissionDenied):
        services.review_update(review=review, user=focal_ken, plan="adopted")
    assert review.assessments.count() == 1


def test_review_submit_refuses_an_empty_review(kenya, focal_ken, cycle):
    review = services.review_create(user=focal_ken, state=kenya, cycle=cycle)

    with pytest.raises(ValidationError) as caught:
        services.review_submit(review=review, user=focal_ken)

    assert "assessments" in caught.value.message_dict
    review.refresh_from_db()
    assert review.status == "draft"


def test_review_publish_is_for_staff_only(kenya, focal_ken, staff_user, review_in):
    review = review_in(kenya, "submitted")

    with pytest.raises(PermissionDenied):
        services.review_publish(review=review, user=focal_ken)
    review = services.review_publish(review=review, user=staff_user)

    assert review.status == "published" and review.published_at is not None


def test_review_publish_refuses_a_draft(kenya, staff_user, review_in):
    review = review_in(kenya, "draft")

    with pytest.raises(ValidationError):
        services.review_publish(review=review, user=staff_user)

    review.refresh_from_db()
    assert review.status == "draft"


def test_review_return_needs_a_reason_and_reopens_the_review(
    kenya, focal_ken, staff_user, review_in
):
    review = review_in(kenya, "submitted")
    with pytest.raises(ValidationError) as caught:
        services.review_return(review=review, user=staff_user, reason="  ")
    assert "reason" in caught.value.message_dict

    review = services.review_return(review=review, user=staff_user, reason="Add objective 8.")
    services.assessment_upsert(review=review, user=focal_ken, objective=8, level="planning")

    assert (review.status, review.return_reason) == ("returned", "Add objective 8.")
    assert services.review_submit(review=review, user=focal_ken).status == "submitted"


def test_review_history_records_who_changed_the_status(kenya, staff_user, review_in):
    review = review_in(kenya, "published")

    latest = review.history.first()

    assert (latest.status, latest.history_user) == ("published", staff_user)


def test_review_list_completeness_counts_objectives_assessed_of_all(
    kenya, mexico, staff_user, review_in
):
    review_in(kenya, assess=(1, 2, 3))
    review_in(mexico, assess=())

    rows = {r.state.code: (r.assessed_count, r.objective_total) for r in review_list(staff_user)}

    assert rows == {"KEN": (3, 23), "MEX": (0, 23)}


def test_recommendation_progress_upsert_updates_in_place(kenya, focal_ken, cycle):
    from reviews.models import MissingMigrantsRecommendation

    review = services.review_create(user=focal_ken, state=kenya, cycle=cycle)
    recommendation = MissingMigrantsRecommendation.objects.get(area="prevention", letter="a")
    services.recommendation_progress_upsert(
        review=review, user=focal_ken, recommendation=recommendation.pk, level="planning"
    )

    _, created = services.recommendation_progress_upsert(
        review=review, user=focal_ken, recommendation=recommendation.pk, level="advanced"
    )

    assert not created and review.recommendation_progress.get().level == "advanced"


def test_indicator_import_csv_creates_then_updates_by_code(compact, staff_user):
    content = CSV_HEADER + "1.1,Share of migrants counted,1,core,10.7.2,%,yes,yes,no\n"
    result = indicators.indicator_import_csv(user=staff_user, content=content)
    assert (result.errors, result.created) == ([], ["1.1"])

    result = indicators.indicator_import_csv(
        user=staff_user, content=content.replace("core", "additional")
    )

    indicator = Indicator.objects.get(code="1.1")
    assert result.updated == ["1.1"]
    assert (indicator.tier, indicator.objective.number) == ("additional", 1)
    assert indicator.disaggregations == ["sex", "age"]


def test_indicator_import_csv_reports_every_bad_cell_and_writes_nothing(compact, staff_user):
    content = (
        CSV_HEADER
        + "1.1,Good row,1,core,,,yes,no,no\n"
        + "1.2,,24,gold,,,maybe,no,no\n"
        + "1.1,Repeated,1,core,,,no,no,no\n"
    )

    result = indicators.indicator_import_csv(user=staff_user, content=content.encode())

    assert [str(error) for error in result.errors] == [
        "line 3, name: required",
        "line 3, objective: '24' is not an objective number",
        "line 3, tier: 'gold' is not core or additional",
        "line 3, by_sex: 'maybe' is not yes or no",
        "line 4, code: repeats line 2",
    ]
    assert not result.written and not Indicator.objects.exists()


def test_indicator_import_csv_dry_run_reports_and_writes_nothing(compact, staff_user):
    content = CSV_HEADER + "1.1,Share of migrants counted,1,core,,,,,\n"

    result = indicators.indicator_import_csv(user=staff_user, content=content, dry_run=True)

    assert (result.errors, result.created, result.written) == ([], ["1.1"], False)
    assert not Indicator.objects.exists()


def test_indicator_import_csv_refuses_a_header_without_required_columns(compact, staff_user):
    with pytest.raises(ImportFileError) as caught:
        indicators.indicator_import_csv(user=staff_user, content="code,label\n1.1,x\n")

    assert "missing columns: name, objective, tier" in str(caught.value)
    assert "unknown columns: label" in str(caught.value)


def test_indicator_import_csv_is_for_staff_only(compact, focal_ken):
    with pytest.raises(PermissionDenied):
        indicators.indicator_import_csv(user=focal_ken, content=CSV_HEADER)


def test_indicator_value_upsert_replaces_the_value_of_the_same_year(compact, kenya, staff_user):
    indicators.indicator_import_csv(user=staff_user, content=CSV_HEADER + "1.1,N,1,core,,,,,\n")
    indicator = Indicator.objects.get()
    indicators.indicator_value_upsert(
        user=staff_user, indicator=indicator, state=kenya, year=2023, value="12.5"
    )

    _, created = indicators.indicator_value_upsert(
        user=staff_user, indicator=indicator, state=kenya, year=2023, value=Decimal("13")
    )

    assert not created and IndicatorValue.objects.get().value == Decimal("13")


def test_indicator_value_upsert_refuses_a_stakeholder_and_a_far_year(compact, staff_user):
    from tests.factories import StakeholderFactory

    indicators.indicator_import_csv(user=staff_user, content=CSV_HEADER + "1.1,N,1,core,,,,,\n")

    with pytest.raises(ValidationError) as caught:
        indicators.indicator_value_upsert(
            user=staff_user,
            indicator=Indicator.objects.get(),
            state=StakeholderFactory(),
            year=1900,
            value="1",
        )

    assert set(caught.value.message_dict) == {"state", "year"}
    assert not IndicatorValue.objects.exists()


def test_reviews_demo_load_is_idempotent(compact, kenya, mexico, calendar, staff_user):
    from reviews.demo import reviews_demo_load

    reviews_demo_load(user=staff_user)
    snapshot = list(VoluntaryReview.objects.values_list("state__code", "status", "updated_at"))

    lines = reviews_demo_load(user=staff_user)

    assert [line.split(" ")[0] for line in lines] == ["kept", "kept"]
    assert (
        list(VoluntaryReview.objects.values_list("state__code", "status", "updated_at")) == snapshot
    )
    assert dict(VoluntaryReview.objects.values_list("state__code", "status")) == {
        "KEN": "submitted",
        "MEX": "draft",
    }


@pytest.mark.parametrize(
    ("status", "move", "message"),
    [
        ("published", "submit", "A published review cannot be submitted."),
        ("draft", "publish", "A draft review cannot be published."),
        ("draft", "return", "A draft review cannot be returned."),
        (
            "published",
            "recall",
            "Only a submitted review can be recalled, before Network staff act on it.",
        ),
        ("draft", "reopen", "Only a submitted or published review can be reopened."),
    ],
)
def test_each_refused_move_says_why_and_changes_nothing(
    kenya, staff_user, review_in, status, move, message
):
    review = review_in(kenya, status)
    moves = {
        "submit": lambda: services.review_submit(review=review, user=staff_user),
        "publish": lambda: services.review_publish(review=review, user=staff_user),
        "return": lambda: services.review_return(review=review, user=staff_user, reason="R"),
        "recall": lambda: services.review_recall(review=review, user=staff_user),
        "reopen": lambda: services.review_reopen(review=review, user=staff_user, reason="R"),
    }

    with pytest.raises(ValidationError) as refused:
        moves[move]()

    assert refused.value.message_dict == {"status": [message]}
    review.refresh_from_db()
    assert review.status == status


@pytest.mark.parametrize(
    ("who", "status", "message"),
    [
        ("other", "draft", "Only the State's focal points edit its review."),
        (
            "own",
            "submitted",
            "A submitted review is locked; only drafts and returned reviews can be edited.",
        ),
    ],
)
def test_a_refused_edit_says_why(kenya, focal_ken, focal_mex, review_in, who, status, message):
    review = review_in(kenya, status)
    user = {"own": focal_ken, "other": focal_mex}[who]

    with pytest.raises(PermissionDenied) as refused:
        services.review_update(review=review, user=user, plan_url="https://example.org/plan")

    assert str(refused.value) == message
    review.refresh_from_db()
    assert (review.status, review.plan_url) == (status, "")
