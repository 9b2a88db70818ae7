"""Pages of the review texts: a Secretary-General report paragraph by paragraph
(/reports/<slug>/#para-24), the Progress Declaration's commitments (/declaration/), a
target plotted against its baseline and goal (/targets/<slug>/)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import DeclarationCommitment, Target
from .texts import commitment_list, report_detail, target_list


@require_safe
def report_page(request, slug: str):
    """A report's paragraphs with `#para-<key>` anchors and the States each names.
    Three queries: the report, its paragraphs, their mentions."""
    report = report_detail(slug)
    if report is None:
        raise Http404(f"No report {slug!r}")
    return render(request, "reviews/report_detail.html", {"report": report})


@require_safe
def declaration_page(request):
    """The Progress Declaration's commitments (paras 51–76) by kind, each with its
    objectives, its targets and the published pledges citing it. Four queries:
    commitments, their objective links, the citing pledges, targets."""
    commitments = list(commitment_list(None))  # published pledges only: one page for all
    targets: dict[int, list[Target]] = {}
    for target in Target.objects.order_by("slug"):
        targets.setdefault(target.commitment_id, []).append(target)
    kinds = []
    for value, label in DeclarationCommitment.Kind.choices:
        rows = [c for c in commitments if c.kind == value]
        for commitment in rows:
            commitment.target_rows = targets.get(commitment.pk, [])
        if rows:
            kinds.append({"value": value, "label": label, "commitments": rows})
    return render(request, "reviews/declaration.html", {"kinds": kinds, "total": len(commitments)})


# --- The target's chart: server-rendered SVG, no script -------------------------------

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 560, 260, 48, 16, 16, 36
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def target_chart(target: Target) -> dict[str, Any]:
    """Geometry of the target's chart: the baseline and goal as lines, the world's and
    the States' values as points over the years from the baseline to the goal year."""
    found = _YEAR.search(target.baseline_period)
    start = int(found[0]) if found else target.goal_year - 10
    values = list(target.values.all())
    years = [start, target.goal_year, *(v.year for v in values)]
    first, last = min(years), max(years)
    top = max([target.baseline_value, target.goal_value, *(v.value for v in values)]) * Decimal(
        "1.2"
    )
    top = top or Decimal(1)

    def x(year: int) -> float:
        return round(LEFT + (year - first) / max(last - first, 1) * (WIDTH - LEFT - RIGHT), 1)

    def y(value: Decimal) -> float:
        return round(HEIGHT - BOTTOM - float(value / top) * (HEIGHT - TOP - BOTTOM), 1)

    step = max(1, (last - first) // 9 or 1)
    ticks = [{"year": year, "x": x(year)} for year in range(first, last + 1, step)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "axis_y": HEIGHT - BOTTOM,
        "label_y": HEIGHT - BOTTOM + 18,
        "baseline": {"x": x(start), "y": y(target.baseline_value)},
        "goal": {"x": x(target.goal_year), "y": y(target.goal_value)},
        "ticks": ticks,
        "points": [
            {"x": x(v.year), "y": y(v.value), "value": v, "world": v.state_id is None}
            for v in values
        ],
        "top": top,
    }


@require_safe
def target_page(request, slug: str):
    """A target: its baseline, goal and indicator, the paragraph that set it, and its
    values as a chart and a table. Two queries: the target, its values."""
    target = target_list().filter(slug=slug).first()
    if target is None:
        raise Http404(f"No target {slug!r}")
    return render(
        request, "reviews/target_detail.html", {"target": target, "chart": target_chart(target)}
    )
