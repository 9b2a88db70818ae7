"""/dashboard/: the charts read as SVG (bars against their visible scale), each chart's
table and CSV, the map of the States, and what a page costs."""

from __future__ import annotations

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.utils import timezone

from pledges.models import Pledge
from pledges.stats import CACHE_KEY, compute_dashboard_stats
from reviews import reference_data
from reviews import services as review_services
from reviews.models import ReviewCycle, ReviewEvent
from tests.factories import PledgeFactory, add_partners

pytestmark = pytest.mark.django_db

PUBLISHED = Pledge.Status.PUBLISHED
SVG = "{http://www.w3.org/2000/svg}"


def published_on(year, month, day=10):
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


def charts(html: str) -> dict[str, ET.Element]:
    """The page's bar charts, parsed as XML, by the id of their title."""
    found = {}
    for source in re.findall(r'<svg class="bar-chart.*?</svg>', html, re.S):
        svg = ET.fromstring(source)  # noqa: S314 - the page this test just rendered
        found[svg.find(f"{SVG}title").get("id").removesuffix("-title")] = svg
    return found


def pct(value: str) -> float:
    assert value.endswith("%"), value
    return float(value[:-1])


def read_bars(svg: ET.Element) -> list[tuple[int, float]]:
    """(the value written at each bar, where the bar's value lies on the visible scale):
    the bar's end read off between the zero tick and the last tick, by their labels."""
    ticks = [t for t in svg.iter(f"{SVG}text") if t.get("class") == "tick"]
    # Each tick is labelled twice (above and below the bars): the top row.
    top_row = [t for t in ticks if t.get("y") == "14"]
    zero, last = top_row[0], top_row[-1]
    assert zero.text == "0"
    last_value = int(last.text.replace(",", ""))
    zero_x, last_x = pct(zero.get("x")), pct(last.get("x"))
    read = []
    for bar in svg.iter(f"{SVG}g"):
        if bar.get("class") != "bar":
            continue
        rects = bar.findall(f"{SVG}rect")
        value = next(t for t in bar.findall(f"{SVG}text") if t.get("class") == "bar-value")
        if rtl := zero_x > last_x:
            end = min(pct(r.get("x")) for r in rects) if rects else zero_x
        else:
            end = max(pct(r.get("x")) + pct(r.get("width")) for r in rects) if rects else zero_x
        on_scale = (end - zero_x) / (last_x - zero_x) * last_value
        assert rtl == (zero_x > 50)
        read.append((int(value.text.replace(",", "")), on_scale))
    return read


def tick_labels(svg: ET.Element) -> list[str]:
    return [
        t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "tick" and t.get("y") == "14"
    ]


@pytest.fixture
def one_pledge(compact, kenya):
    return PledgeFactory(
        lead=kenya,
        status=PUBLISHED,
        published_at=published_on(2024, 2),
        implementation="in_progress",
        objectives=[6],
    )


def test_dashboard_with_one_pledge_draws_it_against_a_scale_not_the_full_width(client, one_pledge):
    html = client.get("/dashboard/").content.decode()

    objectives = charts(html)["objectives-chart"]
    assert tick_labels(objectives) == ["0", "1"]
    bars = read_bars(objectives)
    assert len(bars) == 23
    assert [value for value, _ in bars] == [1 if n == 6 else 0 for n in range(1, 24)]
    for value, on_scale in bars:
        assert on_scale == pytest.approx(value)
    # The title in full, on as many lines as it takes: nothing cut with "…".
    title = compact_title(6)
    labels = [
        t.text
        for g in objectives.iter(f"{SVG}g")
        if g.get("class") == "bar"
        for t in g.findall(f"{SVG}text")
        if t.get("class") == "bar-label" and t.text.startswith("6. ")
    ]
    assert labels and title.startswith(labels[0][3:])
    assert "…" not in html
    assert objectives.get("role") == "img"
    assert objectives.get("aria-labelledby") == "objectives-chart-title objectives-chart-desc"


def compact_title(number: int) -> str:
    from objectives.models import Objective

    return Objective.objects.get(number=number).title


def ten_thousand_pledges_worth() -> dict:
    """The aggregates of an empty database with the counts of 10,000 pledges written in:
    the page draws from the cache, so no row need exist."""
    stats = compute_dashboard_stats()
    for row in stats["by_objective"]:
        row["by_implementation"] = {
            "not_started": 40 * row["number"],
            "in_progress": 250 * row["number"],
            "fulfilled": 100 * row["number"],
            "discontinued": 10 * row["number"],
        }
        row["total"] = sum(row["by_implementation"].values())
    stats["pledges_by_quarter"] = [
        {"period": f"{2019 + i // 4}-Q{i % 4 + 1}", "count": 312 + (i == 0) * 16, "cumulative": 0}
        for i in range(32)
    ]
    running = 0
    for row in stats["pledges_by_quarter"]:
        running += row["count"]
        row["cumulative"] = running
    stats["updates_by_month"] = [{"period": "2026-01", "count": 7_777}]
    stats["totals"]["published_pledges"] = 10_000
    return stats


def test_dashboard_with_ten_thousand_pledges_reads_off_its_scale(client, compact):
    stats = ten_thousand_pledges_worth()
    assert stats["pledges_by_quarter"][-1]["cumulative"] == 10_000
    cache.set(CACHE_KEY, stats, timeout=None)

    html = client.get("/dashboard/").content.decode()

    drawn = charts(html)
    assert tick_labels(drawn["objectives-chart"]) == [
        "0",
        "2,000",
        "4,000",
        "6,000",
        "8,000",
        "10,000",
    ]
    objective_bars = read_bars(drawn["objectives-chart"])
    assert [value for value, _ in objective_bars] == [400 * n for n in range(1, 24)]
    quarter_bars = read_bars(drawn["quarters-chart"])
    assert quarter_bars[-1][0] == 10_000 and len(quarter_bars) == 32
    assert tick_labels(drawn["quarters-chart"])[-1] == "10,000"
    assert tick_labels(drawn["months-chart"]) == ["0", "2,000", "4,000", "6,000", "8,000"]
    for value, on_scale in [*objective_bars, *quarter_bars, *read_bars(drawn["months-chart"])]:
        assert on_scale == pytest.approx(value, abs=0.01)


def test_dashboard_in_arabic_draws_the_bars_from_the_right(client, compact):
    cache.set(CACHE_KEY, ten_thousand_pledges_worth(), timeout=None)

    html = client.get("/ar/dashboard/").content.decode()

    assert 'dir="rtl"' in html
    svg = charts(html)["objectives-chart"]
    ticks = [t for t in svg.iter(f"{SVG}text") if t.get("class") == "tick" and t.get("y") == "14"]
    assert pct(ticks[0].get("x")) > pct(ticks[-1].get("x"))  # zero on the right
    for value, on_scale in read_bars(svg):
        assert on_scale == pytest.approx(value, abs=0.01)


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def figures(compact, kenya, mexico, staff_user):
    """Kenya leads two pledges (2024-Q1, 2025-Q3), partners a third led by Mexico
    (2025-Q3); a draft is not counted; Kenya has a published review."""
    PledgeFactory(lead=kenya, status=PUBLISHED, published_at=published_on(2024, 2), objectives=[6])
    PledgeFactory(
        lead=kenya,
        status=PUBLISHED,
        published_at=published_on(2025, 8),
        implementation="fulfilled",
        objectives=[6, 9],
    )
    partnered = PledgeFactory(
        lead=mexico, status=PUBLISHED, published_at=published_on(2025, 9), objectives=[9]
    )
    add_partners(partnered, kenya)
    PledgeFactory(lead=mexico, status=Pledge.Status.DRAFT, objectives=[9])
    if not ReviewEvent.objects.exists():
        reference_data.calendar_load_default()
    review = review_services.review_create(
        user=staff_user, state=kenya, cycle=ReviewCycle.objects.get(name="2023–2026")
    )
    review_services.assessment_upsert(
        review=review, user=staff_user, objective=1, level="advanced", narrative="In force."
    )
    review_services.review_submit(review=review, user=staff_user)
    review_services.review_publish(review=review, user=staff_user)
    # A draft review of Mexico is not counted.
    review_services.review_create(
        user=staff_user, state=mexico, cycle=ReviewCycle.objects.get(name="2023–2026")
    )


def test_dashboard_csv_of_each_chart_holds_its_tables_numbers(client, figures):
    quarters = read_csv(client.get("/dashboard/quarters.csv"))
    objectives = read_csv(client.get("/dashboard/objectives.csv"))
    states = read_csv(client.get("/dashboard/states.csv"))
    months = read_csv(client.get("/dashboard/months.csv"))
    regions = read_csv(client.get("/dashboard/regions.csv"))

    assert quarters == [
        ["Quarter", "Published in the quarter", "Running total"],
        ["2024-Q1", "1", "1"],
        *[
            [f"{y}-Q{q}", "0", "1"]
            for y, q in [(2024, 2), (2024, 3), (2024, 4), (2025, 1), (2025, 2)]
        ],
        ["2025-Q3", "2", "3"],
    ]
    assert objectives[0] == [
        "Objective number",
        "Objective",
        "Not started",
        "In progress",
        "Fulfilled",
        "Discontinued",
        "Total",
    ]
    assert len(objectives) == 24
    assert objectives[6][0] == "6" and objectives[6][2:] == ["1", "0", "1", "0", "2"]
    assert objectives[6][1] == compact_title(6)  # the title in full
    assert states == [
        ["Code", "Member State", "Published pledges", "Published voluntary reviews"],
        ["KEN", "Kenya", "3", "1"],
        ["MEX", "Mexico", "1", "0"],
    ]
    assert months == [["Month", "Progress updates"]]
    assert regions[0][:2] == ["Objective number", "Objective"] and regions[9][0] == "9"
    assert regions[9][2:] == ["1", "1", "0", "0", "0"]  # Africa, Americas, …


def test_dashboard_tables_show_the_csv_numbers(client, figures):
    html = client.get("/dashboard/").content.decode()

    table = html.split('id="quarters-caption"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", table.split("<tbody>", 1)[1])
    rows = read_csv(client.get("/dashboard/quarters.csv"))[1:]
    assert cells == [cell for row in rows for cell in row]
    states = html.split('id="by-state-caption"', 1)[1].split("</table>", 1)[0]
    assert re.findall(
        r'<a href="/countries/(\w+)/">([^<]+)</a></th>'
        r'<td class="num">(\d+)</td><td class="num">(\d+)',
        states,
    ) == [
        ("KEN", "Kenya", "3", "1"),
        ("MEX", "Mexico", "1", "0"),
    ]
    # Every chart links to its CSV and names its key in the API (no progress update yet:
    # the months' chart says so instead).
    for chart, key in [
        ("objectives", "by_objective"),
        ("regions", "by_region"),
        ("quarters", "pledges_by_quarter"),
    ]:
        assert f'href="/dashboard/{chart}.csv"' in html
        assert f"<code>{key}</code>" in html
    assert 'href="/dashboard/months.csv"' not in html
    assert (
        'href="/dashboard/states.csv"' in html
        and "<code>pledges_by_state, reviews_by_state</code>" in html
    )


def test_dashboard_map_links_each_state_with_its_name_and_count(client, figures):
    html = client.get("/dashboard/").content.decode()

    world = html.split('class="world-map"', 1)[1].split("</figure>", 1)[0]
    links = dict(
        re.findall(
            r'<a href="/countries/(\w+)/" class="map-state[^"]*"><title>([^<]+)</title>', world
        )
    )
    assert links["KEN"] == "Kenya: 3 published pledges"
    assert links["MEX"] == "Mexico: 1 published pledge"
    assert len(links) > 150


def test_dashboard_csv_headers_are_in_the_visitors_language(client, figures):
    rows = read_csv(client.get("/fr/dashboard/quarters.csv"))

    assert rows[0][0] == "Trimestre"


def test_dashboard_csv_cells_cannot_start_a_formula(client, compact, kenya):
    stats = compute_dashboard_stats()
    stats["by_objective"][0]["title"] = '=HYPERLINK("http://evil")'
    cache.set(CACHE_KEY, stats, timeout=None)

    rows = read_csv(client.get("/dashboard/objectives.csv"))

    assert rows[1][1].startswith("'=")


def test_dashboard_csv_of_an_unknown_chart_is_not_found(client, compact):
    assert client.get("/dashboard/secrets.csv").status_code == 404


@pytest.mark.parametrize(
    "path", ["/dashboard/", "/dashboard/objectives.csv", "/dashboard/states.csv"]
)
def test_dashboard_and_its_csv_read_the_cache_without_a_query(
    client, figures, django_assert_num_queries, path
):
    client.get("/dashboard/")  # computes and caches

    with django_assert_num_queries(0):
        response = client.get(path)
        if path.endswith(".csv"):
            b"".join(response.streaming_content)

    assert response.status_code == 200


def test_stats_count_published_reviews_per_state_and_pledges_led_or_partnered(figures):
    stats = compute_dashboard_stats()

    by_code = {state["code"]: state["pledges"] for state in stats["pledges_by_state"]}
    assert by_code["KEN"] == 3 and by_code["MEX"] == 1
    assert len(stats["pledges_by_state"]) == 193
    assert stats["reviews_by_state"] == {"KEN": 1}


def test_running_total_counts_from_the_first_publication_not_the_creation_date(compact, kenya):
    """Pledges created today but published over three years: each counts in the quarter
    it was published, and the running total adds up every quarter since the first."""
    for when in [
        published_on(2023, 1),
        published_on(2023, 11),
        published_on(2025, 5),
        published_on(2025, 6),
    ]:
        PledgeFactory(lead=kenya, status=PUBLISHED, published_at=when, objectives=[1])

    series = compute_dashboard_stats()["pledges_by_quarter"]

    assert series[0] == {"period": "2023-Q1", "count": 1, "cumulative": 1}
    assert series[-1] == {"period": "2025-Q2", "count": 2, "cumulative": 4}
    assert len(series) == 10  # 2023-Q1 … 2025-Q2, empty quarters included
    assert [row["cumulative"] for row in series] == [1, 1, 1, 2, 2, 2, 2, 2, 2, 4]
    assert Pledge.objects.filter(created_at__date=timezone.localdate()).count() == 4


@pytest.mark.parametrize("persona", ["anonymous", "focal_mex", "staff_user"])
def test_dashboard_csv_is_the_public_figures_for_everyone(client, figures, persona, request):
    """Mexico's draft pledge and draft review count for no one, not even Mexico's focal
    point or staff: the figures are the public record's."""
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))

    states = read_csv(client.get("/dashboard/states.csv"))

    assert states[1:] == [["KEN", "Kenya", "3", "1"], ["MEX", "Mexico", "1", "0"]]
