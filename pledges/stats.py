"""The dashboard's aggregates over published pledges, shared by /dashboard/, the home
page's headline figures and GET /api/v1/stats/.

`compute_dashboard_stats` does the database work (thirteen queries whatever the number of
pledges); `dashboard_stats` serves it from the cache, where it lives without a timeout:
writes that change the figures recompute it (a debounced task, issue 7), so a reader
never pays for the aggregation.

The value is plain JSON (strings, numbers, lists, string-keyed dicts): the API returns
it as is and any cache backend stores it. Labels are left to the readers, which
translate them into the visitor's language; the aggregates hold only codes (and each
Member State's name, as the directory spells it in every language).
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone

from objectives.models import Objective

from .member_states import M49_REGION
from .models import Actor, Partnership, Pledge, PledgeObjective
from .selectors import (
    pledges_overdue,
    public_pledges,
    published_pledge_counts_of_states,
    updates_visible_to,
)

# v2: the overdue counts (issue 19); v3: the States' counts (issue 16). A value of an
# older version in the cache is never read as the new one.
CACHE_KEY = "dashboard-stats:v3"
IMPLEMENTATIONS = [value for value, _label in Pledge.Implementation.choices]
# The five UN M49 regions, in alphabetical order (Africa, Americas, Asia, Europe, Oceania).
REGIONS = sorted(set(M49_REGION.values()))


# Set by tasks.stats_refresh_soon for the first write of a burst, cleared by the recompute.
STATS_PENDING_KEY = "dashboard-stats:refresh-pending"
STATS_STALE_KEY = "dashboard-stats:stale-since"
# A write with a worker marks the figures stale (STATS_STALE_KEY, the time of the
# first write not yet counted) until the worker has recomputed them; meanwhile readers
# get the last figures with `updating: true`. A worker that has not caught up after this
# many seconds is not coming (stopped, or the queue is long): the reader recomputes.
STATS_WORKER_GRACE_SECONDS = 60


# Figures of the apps above pledges (reviews' per State), which pledges may not import:
# each registers a name and a function of no argument returning plain JSON from its
# AppConfig.ready(); the aggregates carry one key per registration.
_SECTIONS: dict[str, Callable[[], Any]] = {}


def register_stats_section(name: str, compute: Callable[[], Any]) -> None:
    """Add `name` to the aggregates, computed by `compute()` with the rest (its queries
    count in the recompute's). Registering a name twice replaces it (module reloads)."""
    _SECTIONS[name] = compute


def dashboard_stats() -> dict[str, Any]:
    """The cached aggregates with `updating` (a recompute is due); computed and cached
    (no timeout) on a miss, or when the worker is late. No query when cached, thirteen
    otherwise."""
    found = cache.get_many([CACHE_KEY, STATS_STALE_KEY])  # one round trip
    stats, stale_since = found.get(CACHE_KEY), found.get(STATS_STALE_KEY)
    late = stale_since is not None and time.time() - stale_since > STATS_WORKER_GRACE_SECONDS
    if stats is None or late:
        stats = stats_recompute()
        stale_since = None
    return {**stats, "updating": stale_since is not None}


def stats_recompute() -> dict[str, Any]:
    """Recompute the aggregates into the cache and clear the stale mark (set before the
    queries: a write during the recompute marks them stale again, so none is missed)."""
    cache.delete_many([STATS_STALE_KEY, STATS_PENDING_KEY])
    stats = compute_dashboard_stats()
    cache.set(CACHE_KEY, stats, timeout=None)
    return stats


def compute_dashboard_stats() -> dict[str, Any]:
    """Aggregate the published pledges. Thirteen queries whatever the number of rows:
    objectives, pledges per objective by implementation, per objective by the lead
    State's region, pledge totals, actors pledging by kind, pledges published per
    quarter, progress updates per month, overdue pledges per objective and per the
    lead State's region (selectors.overdue_rule, as of today: the hourly refresh
    keeps it current), the Member States and their pledges led or partnered (three);
    then each registered section's own (reviews: one)."""
    published = Q(pledge__in=public_pledges())
    objectives = list(Objective.objects.order_by("number").values_list("number", "title"))

    by_implementation: dict[int, dict[str, int]] = {
        number: dict.fromkeys(IMPLEMENTATIONS, 0) for number, _title in objectives
    }
    for implementation_row in (
        PledgeObjective.objects.filter(published)
        .values("objective__number", "pledge__implementation")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        by_implementation[implementation_row["objective__number"]][
            implementation_row["pledge__implementation"]
        ] = implementation_row["count"]

    by_region: dict[int, dict[str, int]] = {
        number: dict.fromkeys(REGIONS, 0) for number, _title in objectives
    }
    for region_row in (
        PledgeObjective.objects.filter(published, pledge__lead__kind=Actor.Kind.STATE)
        .exclude(pledge__lead__region="")
        .values("objective__number", "pledge__lead__region")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        counts = by_region[region_row["objective__number"]]
        region = region_row["pledge__lead__region"]
        counts[region] = counts.get(region, 0) + region_row["count"]

    pledges = public_pledges()
    totals = pledges.aggregate(
        published_pledges=Count("pk"),
        fulfilled_pledges=Count("pk", filter=Q(implementation=Pledge.Implementation.FULFILLED)),
    )
    pledging = Actor.objects.filter(
        Exists(pledges.filter(lead=OuterRef("pk")))
        # Accepted partners only: an invited actor is not pledging (issue 14).
        | Exists(
            pledges.filter(
                partnerships__actor=OuterRef("pk"),
                partnerships__status=Partnership.Status.ACCEPTED,
            )
        )
    )
    actors_by_kind = dict(
        pledging.values("kind").annotate(count=Count("pk")).order_by().values_list("kind", "count")
    )

    quarters = {
        row["period"]: row["count"]
        for row in pledges.annotate(period=TruncQuarter("published_at"))
        .values("period")
        .annotate(count=Count("pk"))
        .order_by()
    }
    months = {
        row["period"]: row["count"]
        for row in updates_visible_to(None)
        .annotate(period=TruncMonth("date"))
        .values("period")
        .annotate(count=Count("pk"))
        .order_by()
    }

    overdue = pledges_overdue(Pledge.objects.all())
    overdue_by_objective = dict.fromkeys((str(number) for number, _title in objectives), 0)
    for number, count in (
        PledgeObjective.objects.filter(pledge__in=overdue.values("pk"))
        .values("objective__number")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("objective__number", "count")
    ):
        overdue_by_objective[str(number)] = count
    overdue_by_region = dict.fromkeys(REGIONS, 0)
    for region, count in (
        overdue.filter(lead__kind=Actor.Kind.STATE)
        .exclude(lead__region="")
        .values("lead__region")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("lead__region", "count")
    ):
        overdue_by_region[region] = overdue_by_region.get(region, 0) + count

    counts_of_states = published_pledge_counts_of_states()
    states = [
        {"code": code, "name": name, "pledges": counts_of_states[pk]}
        for pk, code, name in Actor.objects.filter(kind=Actor.Kind.STATE)
        .order_by("name", "code")
        .values_list("pk", "code", "name")
    ]

    objective_rows = [
        {
            "number": number,
            "title": title,
            "total": sum(by_implementation[number].values()),
            "by_implementation": by_implementation[number],
        }
        for number, title in objectives
    ]
    update_series = _series(months, step_months=1, label=_month_label)
    return {
        "computed_at": timezone.now().isoformat(),
        "totals": {
            "objectives": len(objectives),
            "objectives_covered": sum(1 for row in objective_rows if row["total"]),
            "published_pledges": totals["published_pledges"],
            "fulfilled_pledges": totals["fulfilled_pledges"],
            "states_pledging": actors_by_kind.get(Actor.Kind.STATE, 0),
            "stakeholders_pledging": actors_by_kind.get(Actor.Kind.STAKEHOLDER, 0),
            "progress_updates": sum(row["count"] for row in update_series),
        },
        "implementations": IMPLEMENTATIONS,
        "regions": REGIONS,
        "by_objective": objective_rows,
        "by_region": [
            {"number": number, "title": title, "by_region": by_region[number]}
            for number, title in objectives
        ],
        "overdue_by_objective": overdue_by_objective,
        "overdue_by_region": overdue_by_region,
        "pledges_by_quarter": _cumulative(_series(quarters, step_months=3, label=_quarter_label)),
        "updates_by_month": update_series,
        "pledges_by_state": states,
        **{name: compute() for name, compute in _SECTIONS.items()},
    }


def _as_date(value) -> datetime.date:
    # TruncQuarter of a datetime gives an aware datetime, TruncMonth of a date a date.
    return value.date() if isinstance(value, datetime.datetime) else value


def _series(counts: dict, *, step_months: int, label) -> list[dict[str, Any]]:
    """Counts per period from the first period to the last, empty periods as zeros, so
    that a chart's bars are evenly spaced in time."""
    if not counts:
        return []
    by_start = {_as_date(period): count for period, count in counts.items()}
    start, end = min(by_start), max(by_start)
    rows = []
    while start <= end:
        rows.append({"period": label(start), "count": by_start.get(start, 0)})
        month = start.month - 1 + step_months
        start = start.replace(year=start.year + month // 12, month=month % 12 + 1)
    return rows


def _cumulative(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    running = 0
    for row in rows:
        running += row["count"]
        row["cumulative"] = running
    return rows


def _quarter_label(start: datetime.date) -> str:
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}"


def _month_label(start: datetime.date) -> str:
    return f"{start.year}-{start.month:02d}"
