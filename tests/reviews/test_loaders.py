"""The reference data of the reviews app: the calendar, the IMRF 2022 round tables and the
recommendations on missing migrants, pinned against the texts in fixtures/reviews/."""

import datetime
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from core.loading import read_text_file
from reviews import reference_data
from reviews.models import (
    MissingMigrantsRecommendation,
    RecommendationObjective,
    ReviewCycle,
    ReviewEvent,
    RoundTable,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_reviews_reference_data(db):
    # The session loads all reference data; these tests load it themselves (the
    # `calendar` fixture loads it again where a test wants it as `seed` leaves it).
    RoundTable.objects.all().delete()
    MissingMigrantsRecommendation.objects.all().delete()
    ReviewEvent.objects.all().delete()
    ReviewCycle.objects.all().delete()


def _calendar() -> dict:
    return json.loads(reference_data.CALENDAR_PATH.read_text(encoding="utf-8"))


def _texts() -> dict[str, str]:
    return reference_data.calendar_texts()


def _snapshot() -> dict:
    return {
        "cycles": list(ReviewCycle.objects.values_list("name", "start_date", "end_date")),
        "events": list(
            ReviewEvent.objects.order_by("slug").values_list(
                "slug", "kind", "cycle__name", "start_date", "end_date", "symbol"
            )
        ),
        "round_tables": list(
            RoundTable.objects.values_list("number", "objectives__number").order_by(
                "number", "objectives__number"
            )
        ),
        "recommendations": list(
            MissingMigrantsRecommendation.objects.values_list("area", "letter", "text")
        ),
    }


def _replace_line(text: str, number: int, new: str) -> str:
    lines = text.split("\n")
    lines[number - 1] = new
    return "\n".join(lines)


def test_calendar_load_creates_the_cycles_and_the_seed_events(compact):
    counts = reference_data.calendar_load_default()

    assert counts["cycles"].created == 3
    assert list(ReviewCycle.objects.values_list("name", flat=True)) == [
        "2019–2022",
        "2023–2026",
        "2027–2030",
    ]
    imrf = ReviewEvent.objects.get(slug="imrf-2022")
    assert (imrf.kind, imrf.place, imrf.cycle.name) == ("imrf", "New York", "2019–2022")
    assert (imrf.start_date, imrf.end_date) == (
        datetime.date(2022, 5, 17),
        datetime.date(2022, 5, 20),
    )
    assert "76/266" in imrf.outcome_title
    report = ReviewEvent.objects.get(slug="sg-report-2021")
    assert (report.symbol, report.start_date) == ("A/76/642", datetime.date(2021, 12, 27))
    assert ReviewEvent.objects.get(slug="sg-report-2024").symbol == ""
    first_round = ReviewEvent.objects.filter(slug__startswith="regional-review-2020")
    assert sorted(first_round.values_list("region", flat=True)) == [
        "ECA",
        "ECE",
        "ECLAC",
        "ESCAP",
        "ESCWA",
    ]
    assert ReviewEvent.objects.filter(slug__startswith="regional-review-2024").count() == 5
    imrf_2026 = ReviewEvent.objects.get(slug="imrf-2026")
    assert imrf_2026.dates_provisional and imrf_2026.cycle.name == "2023–2026"
    assert not imrf.dates_provisional
    plenary = ReviewEvent.objects.get(slug="ga-plenary-2024")
    assert plenary.kind == "ga_plenary" and plenary.start_date.year == 2024
    adoption = ReviewEvent.objects.get(slug="adoption-2018")
    assert adoption.cycle is None and adoption.start_date == datetime.date(2018, 12, 10)


def test_calendar_load_records_the_line_that_evidences_each_event(compact):
    reference_data.calendar_load_default()

    imrf = ReviewEvent.objects.get(slug="imrf-2022")
    line = _texts()[imrf.source_file].split("\n")[imrf.source_line - 1]
    assert "17 to 20 May 2022" in line


def test_calendar_load_again_changes_nothing_and_says_so(calendar):
    before = _snapshot()

    counts = reference_data.calendar_load_default()

    assert (counts["events"].created, counts["events"].updated) == (0, 0)
    assert counts["events"].unchanged == len(_calendar()["events"])
    assert _snapshot() == before


def test_calendar_load_restores_a_tampered_event(calendar):
    ReviewEvent.objects.filter(slug="sg-report-2021").update(symbol="A/76/000")

    counts = reference_data.calendar_load_default()

    assert counts["events"].updated == 1
    assert ReviewEvent.objects.get(slug="sg-report-2021").symbol == "A/76/642"


def test_calendar_load_refuses_a_text_that_no_longer_says_what_is_cited(compact):
    texts = _texts()
    name = reference_data.DECLARATION_PATH.name
    texts[name] = _replace_line(texts[name], 7, "1. We, the Heads of State, met somewhere.")

    with pytest.raises(ValidationError) as caught:
        reference_data.calendar_load(data=_calendar(), texts=texts)

    assert f"{name}, line 7" in caught.value.messages[0]
    assert not ReviewEvent.objects.exists() and not ReviewCycle.objects.exists()


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d["events"][1].update(start_date="2020-13-01"), "is not a YYYY-MM-DD date"),
        (lambda d: d["events"][1].update(kind="summit"), "unknown kind"),
        (lambda d: d["events"][1].update(cycle="2031–2034"), "unknown cycle"),
        (lambda d: d["events"][1].update(end_date="2019-01-01"), "ends before it starts"),
        (lambda d: d["events"][1]["evidence"].update(line=9999), "no such line"),
        (lambda d: d["events"].append(dict(d["events"][1])), "slug appears twice"),
    ],
)
def test_calendar_load_refuses_a_broken_calendar_and_writes_nothing(compact, edit, expected):
    data = _calendar()
    edit(data)

    with pytest.raises(ValidationError) as caught:
        reference_data.calendar_load(data=data, texts=_texts(), file_name="calendar.json")

    assert expected in caught.value.messages[0]
    assert not ReviewEvent.objects.exists()


def test_round_tables_load_reads_the_four_round_tables_from_the_declaration(calendar):
    tables = RoundTable.objects.filter(event__slug="imrf-2022").order_by("number")

    covered = {
        table.number: sorted(table.objectives.values_list("number", flat=True)) for table in tables
    }

    # DOMAIN.md, "Review calendar": the objectives of each round table.
    assert covered == {
        1: [2, 5, 6, 12, 18],
        2: [4, 8, 9, 10, 11, 13, 21],
        3: [14, 15, 16, 19, 20, 22],
        4: [1, 3, 7, 17, 23],
    }


def test_round_tables_load_again_changes_nothing(calendar):
    before = _snapshot()

    counts = reference_data.round_tables_load_default()["round tables"]

    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, 4)
    assert _snapshot() == before


def test_round_tables_load_refuses_a_broken_declaration_and_writes_nothing(compact):
    reference_data.calendar_load_default()
    text = read_text_file(reference_data.DECLARATION_PATH)
    number = next(
        i for i, line in enumerate(text.split("\n"), 1) if line.startswith("Round table 2")
    )
    broken = _replace_line(text, number, "Round table 2 (objectives 4, 8, 9, 10, 11 and 13)")

    with pytest.raises(ValidationError) as caught:
        reference_data.round_tables_load(text=broken, file_name="declaration.txt")

    assert caught.value.messages[0].startswith("declaration.txt, line ")
    assert not RoundTable.objects.exists()


def test_round_tables_load_needs_the_calendar_first(compact):
    with pytest.raises(ValidationError, match="imrf-2022"):
        reference_data.round_tables_load_default()


def test_recommendations_load_reads_five_areas_linked_to_objective_8(calendar):
    areas = list(
        MissingMigrantsRecommendation.objects.order_by("area_order")
        .values_list("area", flat=True)
        .distinct()
    )
    recommendations = MissingMigrantsRecommendation.objects.all()

    assert list(dict.fromkeys(areas)) == [
        "prevention",
        "search-and-identification",
        "support-to-families",
        "justice-and-accountability",
        "data-and-foresight",
    ]
    assert all(r.objectives.filter(number=8).exists() for r in recommendations)
    first = recommendations.get(area="prevention", letter="a")
    report = read_text_file(reference_data.SG_REPORT_2024_PATH).split("\n")
    assert report[first.source_line - 1].startswith("(a) ")
    assert first.text[:40] in " ".join(report[first.source_line - 1].split())


def test_recommendations_load_again_changes_nothing(calendar):
    before = _snapshot()
    links = RecommendationObjective.objects.count()

    counts = reference_data.recommendations_load_default()["recommendations"]

    assert (counts.created, counts.updated) == (0, 0)
    assert counts.unchanged == MissingMigrantsRecommendation.objects.count()
    assert _snapshot() == before and RecommendationObjective.objects.count() == links


def test_recommendations_load_refuses_a_truncated_report_and_writes_nothing(compact):
    text = read_text_file(reference_data.SG_REPORT_2024_PATH)
    truncated = "\n".join(text.split("\n")[:-20])

    with pytest.raises(ValidationError) as caught:
        reference_data.recommendations_load(text=truncated, file_name="report.txt")

    assert "report.txt" in caught.value.messages[0]
    assert not MissingMigrantsRecommendation.objects.exists()


def test_seed_command_loads_the_reviews_reference_data_and_reports_unchanged(compact):
    call_command("seed", stdout=StringIO())
    out = StringIO()

    call_command("seed", stdout=out)

    assert "events: 0 created, 0 updated" in out.getvalue()
    assert "round tables: 0 created, 0 updated, 4 unchanged" in out.getvalue()
    # 2022 and 2026 from the texts that name them; 2030 from the compact's "every four years".
    imrfs = ReviewEvent.objects.filter(kind="imrf").order_by("start_date")
    assert [(e.start_date.year, e.dates_provisional) for e in imrfs] == [
        (2022, False),
        (2026, True),
        (2030, True),
    ]


def test_seed_command_dry_run_writes_nothing(compact):
    call_command("seed", "--dry-run", stdout=StringIO())

    assert not ReviewEvent.objects.exists()


def test_seed_command_dry_run_on_an_empty_database_reports_what_it_would_load(compact):
    out = StringIO()

    call_command("seed", "--dry-run", stdout=out)

    assert "round tables: 4 created" in out.getvalue()
    assert not RoundTable.objects.exists()
