"""Overdue in public (issue 19): one definition (selectors.overdue_rule) for the pledge
page, the directory, the API, the admin and the "pledge_quiet" reminder."""

import datetime

import pytest
from django.utils import timezone

from pledges.reminders import months_quiet
from pledges.selectors import QUIET_MONTHS, months_before
from tests.factories import PledgeFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db

FAR = datetime.date(2040, 12, 31)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 12, 15), 12, datetime.date(2025, 12, 15)),
        (datetime.date(2026, 5, 31), 6, datetime.date(2025, 11, 30)),
        (datetime.date(2025, 2, 28), 12, datetime.date(2024, 2, 29)),
        (datetime.date(2028, 2, 28), 12, datetime.date(2027, 2, 28)),
        (datetime.date(2027, 1, 15), 12, datetime.date(2026, 1, 15)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


@pytest.mark.parametrize(
    "today", [datetime.date(2025, 2, 28), datetime.date(2024, 2, 29), datetime.date(2026, 3, 30)]
)
def test_months_before_is_the_reminders_cutoff(today):
    # The SQL cutoff and the reminder's month count agree on every day around it.
    cutoff = months_before(today, QUIET_MONTHS)
    for offset in range(-5, 6):
        since = cutoff + datetime.timedelta(days=offset)
        assert (months_quiet(since, today) >= QUIET_MONTHS) == (since <= cutoff), since


@pytest.fixture
def pledges(kenya):
    """One pledge per case, by title; today is whatever day the suite runs."""
    today = timezone.localdate()
    long_ago = timezone.now() - datetime.timedelta(days=800)
    quiet = PledgeFactory(
        code="GCM-T-QUIET", lead=kenya, status="published", published_at=long_ago, target_date=FAR
    )
    late = PledgeFactory(
        code="GCM-T-LATE",
        lead=kenya,
        status="published",
        start_date=today - datetime.timedelta(days=400),
        target_date=today - datetime.timedelta(days=1),
        implementation="in_progress",
    )
    ProgressUpdateFactory(pledge=late, date=today, implementation="in_progress")
    fulfilled = PledgeFactory(
        code="GCM-T-DONE",
        lead=kenya,
        status="published",
        start_date=today - datetime.timedelta(days=400),
        target_date=today - datetime.timedelta(days=1),
        implementation="fulfilled",
    )
    ProgressUpdateFactory(pledge=fulfilled, date=today, implementation="fulfilled")
    reported = PledgeFactory(
        code="GCM-T-REPORTED",
        lead=kenya,
        status="published",
        published_at=long_ago,
        target_date=FAR,
    )
    ProgressUpdateFactory(
        pledge=reported, date=today - datetime.timedelta(days=30), implementation="in_progress"
    )
    draft = PledgeFactory(code="GCM-T-DRAFT", lead=kenya, status="draft", target_date=FAR)
    return {"quiet": quiet, "late": late, "done": fulfilled, "reported": reported, "draft": draft}


@pytest.mark.usefixtures("today")
def test_the_api_says_which_pledges_are_overdue(client_for, staff_user, pledges):
    rows = client_for(staff_user).get("/api/v1/pledges/?page_size=100").json()["results"]
    overdue = {row["code"]: row["overdue"] for row in rows if row["code"].startswith("GCM-T-")}

    assert overdue == {
        "GCM-T-QUIET": True,
        "GCM-T-LATE": True,
        "GCM-T-DONE": False,
        "GCM-T-REPORTED": False,
        "GCM-T-DRAFT": False,  # not public: never overdue in public
    }


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("overdue=true", ["GCM-T-LATE", "GCM-T-QUIET"]),
        ("overdue=false", ["GCM-T-DONE", "GCM-T-REPORTED"]),
    ],
)
def test_the_api_filters_overdue(client_for, pledges, query, codes):
    response = client_for(None).get(f"/api/v1/pledges/?{query}&ordering=code")
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == codes


def test_the_api_refuses_a_bad_overdue_value(client_for):
    response = client_for(None).get("/api/v1/pledges/?overdue=maybe")
    assert response.status_code == 400
    assert "overdue" in response.json()


def test_the_pledge_page_marks_an_overdue_pledge_and_says_why(client, pledges):
    quiet = client.get("/pledges/GCM-T-QUIET/").content.decode()
    assert "tag-overdue" in quiet
    assert "no progress update since publication" in quiet

    late = client.get("/pledges/GCM-T-LATE/").content.decode()
    assert "tag-overdue" in late
    assert "has passed and the pledge is not reported fulfilled" in late

    assert "tag-overdue" not in client.get("/pledges/GCM-T-DONE/").content.decode()


def test_the_directory_filters_and_marks_overdue(client, pledges):
    page = client.get("/pledges/?overdue=true").content.decode()
    assert "GCM-T-QUIET" in page
    assert "GCM-T-LATE" in page
    assert "GCM-T-DONE" not in page
    assert page.count('class="tag tag-overdue"') == 2

    assert "GCM-T-QUIET" not in client.get("/pledges/?overdue=false").content.decode()
    assert 'name="overdue"' in client.get("/pledges/").content.decode()


def test_the_admin_filters_overdue(client, staff_user, pledges):
    client.force_login(staff_user)
    shown = client.get("/admin/pledges/pledge/?overdue=yes").content.decode()
    assert "GCM-T-QUIET" in shown
    assert "GCM-T-LATE" in shown
    assert "GCM-T-REPORTED" not in shown
    hidden = client.get("/admin/pledges/pledge/?overdue=no").content.decode()
    assert "GCM-T-QUIET" not in hidden
    assert "GCM-T-DRAFT" in hidden


def test_the_dashboard_counts_overdue_per_objective_and_region(client, pledges):
    from pledges.stats import compute_dashboard_stats

    stats = compute_dashboard_stats()
    # QUIET and LATE serve objective 1 (the factory's) and are led by Kenya (Africa).
    assert stats["overdue_by_objective"]["1"] == 2
    assert stats["overdue_by_objective"]["2"] == 0
    assert stats["overdue_by_region"] == {
        "Africa": 2,
        "Americas": 0,
        "Asia": 0,
        "Europe": 0,
        "Oceania": 0,
    }

    page = client.get("/dashboard/").content.decode()
    assert "?overdue=true&amp;objective=1" in page
    assert "?overdue=true&amp;region=Africa" in page
    assert client.get("/api/v1/stats/").json()["overdue_by_region"]["Africa"] == 2
