"""pledges.stats: the dashboard's aggregates and their cache."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from pledges.models import ExchangeRate, Pledge
from pledges.stats import CACHE_KEY, compute_dashboard_stats, dashboard_stats
from tests.factories import PledgeFactory, ProgressUpdateFactory, StakeholderFactory, add_partners

pytestmark = pytest.mark.django_db

PUBLISHED = Pledge.Status.PUBLISHED


def published_on(year, month, day=10):
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


@pytest.fixture
def pledges(compact, kenya, mexico):
    ngo = StakeholderFactory()
    in_progress = PledgeFactory(
        lead=kenya,
        status=PUBLISHED,
        published_at=published_on(2024, 2),
        implementation="in_progress",
        objectives=[5, 6],
    )
    PledgeFactory(
        lead=kenya,
        status=PUBLISHED,
        published_at=published_on(2024, 9),
        implementation="fulfilled",
        objectives=[6],
    )
    partnership = PledgeFactory(
        lead=ngo,
        status=PUBLISHED,
        published_at=published_on(2024, 9, 30),
        objectives=[6],
    )
    add_partners(partnership, mexico)
    PledgeFactory(lead=mexico, status=Pledge.Status.DRAFT, objectives=[6])  # not counted
    ProgressUpdateFactory(pledge=in_progress, date=datetime.date(2024, 3, 31))
    ProgressUpdateFactory(pledge=in_progress, date=datetime.date(2024, 6, 30))
    return in_progress


def by_number(rows, number):
    return next(row for row in rows if row["number"] == number)


@pytest.mark.smoke
def test_compute_dashboard_stats_counts_published_pledges_only(pledges):
    stats = compute_dashboard_stats()

    assert stats["totals"] == {
        "objectives": 23,
        "objectives_covered": 2,
        "published_pledges": 3,
        "fulfilled_pledges": 1,
        "states_pledging": 2,  # Kenya leads, Mexico partners
        "stakeholders_pledging": 1,
        "progress_updates": 2,
    }


def test_compute_dashboard_stats_splits_each_objective_by_implementation(pledges):
    stats = compute_dashboard_stats()

    assert len(stats["by_objective"]) == 23
    assert by_number(stats["by_objective"], 6)["by_implementation"] == {
        "not_started": 1,
        "in_progress": 1,
        "fulfilled": 1,
        "discontinued": 0,
    }
    assert by_number(stats["by_objective"], 6)["total"] == 3
    assert by_number(stats["by_objective"], 1)["total"] == 0


def test_compute_dashboard_stats_counts_objectives_by_the_lead_states_region(pledges):
    stats = compute_dashboard_stats()

    assert stats["regions"] == ["Africa", "Americas", "Asia", "Europe", "Oceania"]
    # Kenya's two pledges; the stakeholder-led one has no State region.
    assert by_number(stats["by_region"], 6)["by_region"] == {
        "Africa": 2,
        "Americas": 0,
        "Asia": 0,
        "Europe": 0,
        "Oceania": 0,
    }
    assert by_number(stats["by_region"], 5)["by_region"]["Africa"] == 1


@pytest.mark.smoke
def test_compute_dashboard_stats_fills_empty_periods_over_time(pledges):
    stats = compute_dashboard_stats()

    assert stats["pledges_by_quarter"] == [
        {"period": "2024-Q1", "count": 1, "cumulative": 1},
        {"period": "2024-Q2", "count": 0, "cumulative": 1},
        {"period": "2024-Q3", "count": 2, "cumulative": 3},
    ]
    assert stats["updates_by_month"] == [
        {"period": "2024-03", "count": 1},
        {"period": "2024-04", "count": 0},
        {"period": "2024-05", "count": 0},
        {"period": "2024-06", "count": 1},
    ]


def test_compute_dashboard_stats_with_no_pledge_is_all_zeros(compact):
    stats = compute_dashboard_stats()

    assert stats["totals"]["published_pledges"] == 0
    assert stats["pledges_by_quarter"] == [] and stats["updates_by_month"] == []
    assert all(row["total"] == 0 for row in stats["by_objective"])


@pytest.mark.parametrize("extra", [0, 20])
def test_compute_dashboard_stats_query_count_is_constant(
    pledges, kenya, django_assert_num_queries, extra
):
    PledgeFactory.create_batch(extra, lead=kenya, status=PUBLISHED, objectives=[1, 2])
    # Money in several currencies, partners' shares and rates grow with `extra` too.
    for n in range(extra):
        financial = PledgeFactory(
            lead=kenya,
            status=PUBLISHED,
            pledge_type=Pledge.Type.FINANCIAL,
            amount=Decimal(100 + n),
            currency=("EUR", "USD", "KES")[n % 3],
            objectives=[23],
        )
        add_partners(financial, StakeholderFactory(), amount=Decimal(5), currency="XOF")
        ExchangeRate.objects.create(
            currency="EUR", rate_to_usd=Decimal("1.08"), rate_date=datetime.date(2026, 1, 1 + n)
        )

    # 1. objectives  2. per objective and implementation  3. per objective and region
    # 4. pledge totals  5. actors pledging by kind  6. per quarter  7. updates per month
    # 8. overdue per objective  9. overdue per region  10. pledges led per State
    # 11. pledges partnered per State  12. the States  13. matching offers by stage
    # money: 14. pledges' amounts per currency  15. partners' shares per currency
    # 16. pledges' amounts per objective and currency  17. partners' shares per objective
    # and currency  18. the latest rate of each currency  19. reviews per State
    # (reviews.stats)
    with django_assert_num_queries(19):
        stats = compute_dashboard_stats()
    assert stats["totals"]["published_pledges"] >= extra
    assert len(stats["money"]["by_currency"]) == (4 if extra else 0)


def test_dashboard_stats_caches_without_timeout_and_serves_the_cache(
    pledges, kenya, django_assert_num_queries, monkeypatch
):
    timeouts = []
    real_set = cache.set
    monkeypatch.setattr(
        cache,
        "set",
        lambda key, value, timeout: timeouts.append(timeout) or real_set(key, value, timeout),
    )
    first = dashboard_stats()
    PledgeFactory(lead=kenya, status=PUBLISHED)  # a write the recompute task would see

    with django_assert_num_queries(0):
        second = dashboard_stats()

    assert second == first
    # The cache holds the figures; `updating` is said on reading (STATS_STALE_KEY).
    assert {**cache.get(CACHE_KEY), "updating": False} == first
    assert timeouts == [None]  # kept until a write recomputes it


def test_dashboard_stats_recomputes_once_the_cache_is_gone(pledges, kenya):
    dashboard_stats()
    PledgeFactory(lead=kenya, status=PUBLISHED)
    cache.delete(CACHE_KEY)

    assert dashboard_stats()["totals"]["published_pledges"] == 4
