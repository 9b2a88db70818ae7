"""The Progress Declaration's pages (/declaration/, /targets/<slug>/), recording a
target's values, and the calendar saying what the texts say of a period."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pledges.models import Actor
from reviews.models import ReviewEvent, Target, TargetValue
from reviews.targets import target_value_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def target() -> Target:
    return Target.objects.get(slug="remittance-costs-2030")


def test_declaration_page_lists_commitments_by_kind(client, django_assert_num_queries):
    # Queries: the commitments, their objective links with objectives, the published
    # pledges citing them, the targets.
    with django_assert_num_queries(4):
        response = client.get("/declaration/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<li id="para-') == 26
    assert 'id="kind-request"' in html and 'id="kind-take-note"' in html
    assert 'href="/targets/remittance-costs-2030/"' in html
    assert "to less than 3 per cent by 2030" in html


def test_target_value_record_by_staff_with_its_source(target, staff_user, kenya):
    world = target_value_record(
        user=staff_user, target=target, state=None, year=2023, period="Q4 2023",
        value=Decimal("6.18"), source_kind="international", source="World Bank RPW",
        source_url="https://remittanceprices.worldbank.org/",
    )  # fmt: skip
    assert (world.recorded_by, world.state) == (staff_user, None)
    again = target_value_record(
        user=staff_user, target=target, state=None, year=2023, period="Q4 2023",
        value=Decimal("6.2"), source_kind="international", source="World Bank",
    )  # fmt: skip
    assert again.pk == world.pk and again.value == Decimal("6.2")
    target_value_record(
        user=staff_user, target=target, state=kenya, year=2024, value=Decimal("4.1"),
        source_kind="self-reported",
    )  # fmt: skip
    assert TargetValue.objects.filter(target=target).count() == 2


def test_target_value_record_refuses_outsiders_and_unnamed_sources(target, staff_user, focal_ken):
    with pytest.raises(PermissionDenied):
        target_value_record(user=focal_ken, target=target, state=None, year=2023,
                            value=Decimal(6), source_kind="self-reported")  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        target_value_record(user=staff_user, target=target, state=None, year=2023,
                            value=Decimal(6), source_kind="international")  # fmt: skip
    assert "source" in caught.value.message_dict
    stakeholder = Actor.objects.exclude(kind=Actor.Kind.STATE).first()
    if stakeholder is not None:
        with pytest.raises(ValidationError):
            target_value_record(user=staff_user, target=target, state=stakeholder, year=2023,
                                value=Decimal(6), source_kind="self-reported")  # fmt: skip


def test_target_page_plots_values_against_baseline_and_goal(
    client, target, staff_user, kenya, django_assert_num_queries
):
    target_value_record(
        user=staff_user, target=target, state=None, year=2023, period="Q4 2023",
        value=Decimal("6.18"), source_kind="international", source="World Bank",
    )  # fmt: skip
    target_value_record(
        user=staff_user, target=target, state=kenya, year=2024, value=Decimal("4.1"),
        source_kind="self-reported",
    )  # fmt: skip
    # Queries: the target (with paragraph and objective), its values with their States.
    with django_assert_num_queries(2):
        response = client.get("/targets/remittance-costs-2030/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script" not in html.split("<main", 1)[-1].split("</main>")[0]
    assert html.count("<svg") == 1 and html.count("<circle") == 3  # baseline, world, Kenya
    assert 'class="baseline"' in html and 'class="goal"' in html
    # The numbers in the table, as the text writes them.
    assert "<td>6.3 %</td>" in html and "<td>6.18 %</td>" in html and "<td>4.1 %</td>" in html
    assert "less than 3 % by 2030" in html
    assert 'href="/declaration/#para-67"' in html
    assert client.get("/targets/nothing/").status_code == 404


def test_targets_api_shows_recorded_values(api_client, target, staff_user):
    target_value_record(
        user=staff_user, target=target, state=None, year=2023, value=Decimal("6.18"),
        source_kind="international", source="World Bank", source_url="https://example.org/rpw",
    )  # fmt: skip
    (row,) = api_client.get("/api/v1/targets/").json()["results"]
    assert row["values"] == [{
        "state": None, "year": 2023, "period": "", "value": "6.1800",
        "source_kind": "international", "source": "World Bank", "source_url": "https://example.org/rpw",
    }]  # fmt: skip


def test_regional_review_rounds_are_provisional_and_say_what_the_text_says():
    rounds = ReviewEvent.objects.filter(kind="regional_review")
    assert rounds.count() == 15  # five regions, three rounds (the third from the compact)
    assert not rounds.filter(dates_provisional=False).exists()
    second = rounds.get(slug="regional-review-2024-eca")
    assert second.as_stated.startswith("2024–2025, second round")
    assert (second.source_file, second.source_line) == ("sg-report-2024.txt", 344)
    assert second.source_quote == "The second round of regional reviews is ongoing"
    first = rounds.get(slug="regional-review-2020-eca")
    assert first.as_stated == "2020–2021, first round"
    assert "held over the past two years" in first.source_quote


def test_calendar_page_quotes_the_text_for_a_period(client):
    html = client.get("/reviews/").content.decode()
    assert "2024–2025, second round" in html
    assert "The second round of regional reviews is ongoing" in html
    assert "sg-report-2024.txt, line 344" in html
