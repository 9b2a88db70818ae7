"""What /dashboard/ shows, from the cached aggregates (pledges.stats) alone: each chart's
geometry (pledges.charts), each chart's numbers as a table, and the same table as the
chart's CSV download (`/dashboard/<chart>.csv`), so the picture, the table and the file
can never disagree. No query: the aggregates are one cache read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from core.world_map import world_map

from .charts import BarChart, Row, bar_chart
from .member_states import m49_name
from .models import Pledge, PledgeMatch

IMPLEMENTATION_LABELS = dict(Pledge.Implementation.choices)
MATCH_STAGES = PledgeMatch.Status.choices

# The charts with a table and a CSV download, by the name in their address, with the key
# of /api/v1/stats/ that holds the same figures.
CHART_STATS_KEYS = {
    "objectives": "by_objective",
    "regions": "by_region",
    "quarters": "pledges_by_quarter",
    "months": "updates_by_month",
    "states": "pledges_by_state",
    "matches": "matches_by_stage",
}


@dataclass(frozen=True)
class Table:
    """A chart's numbers: the header and the rows, cells as plain values."""

    header: list[str]
    rows: list[list[Any]]


@dataclass(frozen=True)
class MapState:
    """A State as core.world_map draws it."""

    code: str
    name: str
    pledge_count: int
    review_count: int


def objective_label(row: dict[str, Any]) -> str:
    return f"{row['number']}. {row['title']}"


def chart_tables(stats: dict[str, Any]) -> dict[str, Table]:
    """Every chart's table, in the page's language: what the page's tables show and
    what each CSV holds."""
    implementations = stats["implementations"]
    regions = stats["regions"]
    reviews = stats.get("reviews_by_state", {})
    matches = stats.get("matches_by_stage", {})
    return {
        "objectives": Table(
            header=[
                _("Objective number"),
                _("Objective"),
                *(IMPLEMENTATION_LABELS.get(value, value) for value in implementations),
                _("Total"),
            ],
            rows=[
                [
                    row["number"],
                    row["title"],
                    *(row["by_implementation"].get(value, 0) for value in implementations),
                    row["total"],
                ]
                for row in stats["by_objective"]
            ],
        ),
        "regions": Table(
            header=[_("Objective number"), _("Objective"), *map(m49_name, regions)],
            rows=[
                [row["number"], row["title"], *(row["by_region"].get(r, 0) for r in regions)]
                for row in stats["by_region"]
            ],
        ),
        "quarters": Table(
            header=[_("Quarter"), _("Published in the quarter"), _("Running total")],
            rows=[
                [row["period"], row["count"], row["cumulative"]]
                for row in stats["pledges_by_quarter"]
            ],
        ),
        "months": Table(
            header=[_("Month"), _("Progress updates")],
            rows=[[row["period"], row["count"]] for row in stats["updates_by_month"]],
        ),
        "states": Table(
            header=[
                _("Code"),
                _("Member State"),
                _("Published pledges"),
                _("Published voluntary reviews"),
            ],
            rows=[
                [state["code"], state["name"], state["pledges"], reviews.get(state["code"], 0)]
                for state in stats["pledges_by_state"]
                if state["pledges"] or reviews.get(state["code"], 0)
            ],
        ),
        "matches": Table(
            header=[_("Stage"), _("Matching offers")],
            rows=[[str(label), matches.get(value, 0)] for value, label in MATCH_STAGES],
        ),
    }


def dashboard_context(stats: dict[str, Any], *, rtl: bool) -> dict[str, Any]:
    """The page's context: totals, the charts drawn for a left-to-right or right-to-left
    page, their tables, the map and the overdue counts."""
    implementations = stats["implementations"]
    objectives_chart = bar_chart(
        [
            Row(
                label=objective_label(row),
                parts=[
                    (
                        value,
                        IMPLEMENTATION_LABELS.get(value, value),
                        row["by_implementation"].get(value, 0),
                    )
                    for value in implementations
                ],
            )
            for row in stats["by_objective"]
        ],
        rtl=rtl,
    )
    reviews = stats.get("reviews_by_state", {})
    matches = stats.get("matches_by_stage", {})
    states = [
        MapState(
            code=state["code"],
            name=state["name"],
            pledge_count=state["pledges"],
            review_count=reviews.get(state["code"], 0),
        )
        for state in stats["pledges_by_state"]
    ]
    regions = stats["regions"]
    hottest = max(
        (count for row in stats["by_region"] for count in row["by_region"].values()), default=0
    )
    return {
        "stats": stats,
        "updating": stats.get("updating", False),
        "totals": stats["totals"],
        "tables": chart_tables(stats),
        "legend": [(value, IMPLEMENTATION_LABELS.get(value, value)) for value in implementations],
        "objectives_chart": objectives_chart,
        "objective_rows": stats["by_objective"],
        "regions": regions,
        "region_rows": [
            {
                "number": row["number"],
                "title": row["title"],
                "cells": [
                    {
                        "region": region,
                        "count": row["by_region"].get(region, 0),
                        "level": heat_level(row["by_region"].get(region, 0), hottest),
                    }
                    for region in regions
                ],
            }
            for row in stats["by_region"]
        ],
        "overdue_objectives": [
            {**row, "count": count}
            for row in stats["by_objective"]
            if (count := stats["overdue_by_objective"].get(str(row["number"]), 0))
        ],
        "overdue_regions": list(stats["overdue_by_region"].items()),
        "quarters_chart": _period_chart(stats["pledges_by_quarter"], "cumulative", rtl=rtl),
        "months_chart": _period_chart(stats["updates_by_month"], "count", rtl=rtl),
        "matches_chart": bar_chart(
            [
                Row(label=str(label), parts=[("count", "", matches.get(value, 0))])
                for value, label in MATCH_STAGES
            ],
            rtl=rtl,
            labels_beside=True,
        ),
        "matches_total": sum(matches.values()),
        "map": world_map(states),
        "map_states": [state for state in states if state.pledge_count or state.review_count],
        "api_keys": CHART_STATS_KEYS,
    }


def heat_level(count: int, hottest: int) -> int:
    """0 for none, then 1–4 by quarters of the largest count."""
    if not count or not hottest:
        return 0
    return min(4, 1 + (4 * count - 1) // hottest)


def _period_chart(rows: list[dict[str, Any]], key: str, *, rtl: bool) -> BarChart:
    """One bar per period, its label beside it."""
    return bar_chart(
        [Row(label=row["period"], parts=[(key, "", row[key])]) for row in rows],
        rtl=rtl,
        labels_beside=True,
    )
