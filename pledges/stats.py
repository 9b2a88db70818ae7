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
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone

from objectives.models import Objective

from .member_states import M49_REGION
from .models import Actor, ExchangeRate, Partnership, Pledge, PledgeMatch, PledgeObjective
from .selectors import (
    pledges_overdue,
    public_pledges,
    published_pledge_counts_of_states,
    updates_visible_to,
)

# v2: the overdue counts (issue 19); v3: the States' counts (issue 16); v4: `money`
# (issue 14); v5: the matching offers by stage (issue 14). A value of an older version
# in the cache is never read as the new one.
CACHE_KEY = "dashboard-stats:v5"
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
    """Recompute the aggregates into the cache, then clear the stale mark.

    The mark stays on while the queries run, so a reader never gets the old figures
    without `updating` (cleared first, the old figures read as current for as long as
    the recompute took). The pending flag goes first: a write during the recompute
    queues another one, and then the mark stays on for it, so no write is missed."""
    cache.delete(STATS_PENDING_KEY)
    stats = compute_dashboard_stats()
    cache.set(CACHE_KEY, stats, timeout=None)
    if cache.get(STATS_PENDING_KEY) is None:  # no write came in meanwhile
        cache.delete(STATS_STALE_KEY)
    return stats


def compute_dashboard_stats() -> dict[str, Any]:
    """Aggregate the published pledges. Nineteen queries whatever the number of rows:
    objectives, pledges per objective by implementation, per objective by the lead
    State's region, pledge totals, actors pledging by kind, pledges published per
    quarter, progress updates per month, overdue pledges per objective and per the
    lead State's region (selectors.overdue_rule, as of today: the hourly refresh
    keeps it current), the Member States and their pledges led or partnered (three),
    the matching offers by stage, the five of `money_stats`; then each registered
    section's own (reviews: one)."""
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
        "matches_by_stage": matches_by_stage(),
        **{name: compute() for name, compute in _SECTIONS.items()},
        "money": money_stats(objectives=[number for number, _title in objectives]),
    }


def matches_by_stage() -> dict[str, int]:
    """Matching offers between two published pledges (the public rule of a match: both
    sides public), per stage, every stage listed. One query."""
    counts = dict.fromkeys(PledgeMatch.Status.values, 0)
    public = public_pledges().values("pk")
    for status, count in (
        PledgeMatch.objects.filter(offer__in=public, matched__in=public)
        .values("status")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("status", "count")
    ):
        counts[status] = count
    return counts


CENT = Decimal("0.01")


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT))


def money_stats(*, objectives: list[int], today: datetime.date | None = None) -> dict[str, Any]:
    """The financial contributions of published pledges, per ISO 4217 currency, and a
    US dollar estimate that converts only at rates staff recorded. Five queries.

    Counted, each once: a published financial pledge's own `amount` (what its lead
    pledges) and each accepted partner's `amount` on a published pledge (that
    partner's own share, in addition; invited, declined and left partners count for
    nothing). What a pledge seeks (support requests) is not pledged money and is not
    counted. Amounts are never added across currencies.

    The estimate converts a currency at its latest rate dated on or before `today`
    (today by default) and lists each rate used with its date and source; a currency
    with no such rate is listed under `not_converted` and left out of the estimate."""
    today = today or timezone.localdate()
    published = public_pledges()
    totals: dict[str, dict[str, Any]] = {}

    def currency_row(code: str) -> dict[str, Any]:
        return totals.setdefault(
            code,
            {"pledges": Decimal(0), "pledge_count": 0, "partners": Decimal(0), "partner_count": 0},
        )

    for code, total, count in (
        published.filter(amount__isnull=False)
        .values("currency")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by()
        .values_list("currency", "total", "count")
    ):
        row = currency_row(code)
        row["pledges"], row["pledge_count"] = total, count
    partner_money = Partnership.objects.filter(
        pledge__in=published, status=Partnership.Status.ACCEPTED, amount__isnull=False
    )
    for code, total, count in (
        partner_money.values("currency")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by()
        .values_list("currency", "total", "count")
    ):
        row = currency_row(code)
        row["partners"], row["partner_count"] = total, count

    # Per objective: a pledge serving two objectives counts under each (the objectives'
    # figures are not added up).
    by_objective: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for number, code, total in (
        PledgeObjective.objects.filter(pledge__in=published, pledge__amount__isnull=False)
        .values("objective__number", "pledge__currency")
        .annotate(total=Sum("pledge__amount"))
        .order_by()
        .values_list("objective__number", "pledge__currency", "total")
    ):
        by_objective[number][code] += total
    for number, code, total in (
        partner_money.values("pledge__objectives__number", "currency")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("pledge__objectives__number", "currency", "total")
    ):
        by_objective[number][code] += total

    # The latest rate on or before today of each currency: one query, on any database.
    latest_date = (
        ExchangeRate.objects.filter(currency=OuterRef("currency"), rate_date__lte=today)
        .order_by("-rate_date")
        .values("rate_date")[:1]
    )
    rates = {
        rate.currency: rate
        for rate in ExchangeRate.objects.filter(rate_date=Subquery(latest_date)).only(
            "currency", "rate_to_usd", "rate_date", "source"
        )
    }

    by_currency = []
    converted, not_converted = [], []
    estimate = in_usd = Decimal(0)
    for code in sorted(totals):
        row = totals[code]
        total = row["pledges"] + row["partners"]
        by_currency.append(
            {
                "currency": code,
                "total": _money(total),
                "pledges": _money(row["pledges"]),
                "pledge_count": row["pledge_count"],
                "partners": _money(row["partners"]),
                "partner_count": row["partner_count"],
            }
        )
        if code == "USD":
            in_usd = total
        elif (rate := rates.get(code)) is not None:
            usd = (total * rate.rate_to_usd).quantize(CENT)
            estimate += usd
            converted.append(
                {
                    "currency": code,
                    "amount": _money(total),
                    "rate": format(rate.rate_to_usd.normalize(), "f"),
                    "rate_date": rate.rate_date.isoformat(),
                    "source": rate.source,
                    "usd": _money(usd),
                }
            )
        else:
            not_converted.append({"currency": code, "amount": _money(total)})
    return {
        "by_currency": by_currency,
        "by_objective": {
            str(number): {
                code: _money(by_objective[number][code]) for code in sorted(by_objective[number])
            }
            for number in objectives
            if number in by_objective
        },
        "usd_estimate": {
            "as_of": today.isoformat(),
            "total": _money(in_usd + estimate),
            "in_usd": _money(in_usd),
            "converted": converted,
            "not_converted": not_converted,
        },
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
