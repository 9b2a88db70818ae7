"""The issue's test (19): the demo data lives its life in 2019–2026, and the snapshot
of the 2022 IMRF reconstructed from the history tables shows the record as it stood —
a pledge published later absent, a pledge fulfilled later with its 2022 status and
progress, a pledge withdrawn later present then and "no longer public" now — and a
stored snapshot altered behind the application's back is refused."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from changes.models import ChangeEvent
from pledges.demo import DEMO_LIVES, DEMO_PLEDGES
from pledges.models import Partnership, Pledge
from reviews.models import Snapshot

pytestmark = pytest.mark.django_db

DATA_UNIT = "[Demo] Migration data unit in the national statistics office"
WITHDRAWN = "[Demo] Gender-responsive reintegration for returning women"
LATER = "[Demo] Fair recruitment for Kenyan workers abroad"


def _on(day):
    return datetime.datetime(*day, 10, tzinfo=datetime.UTC)


@pytest.fixture
def demo(compact, member_states):
    from tests.conftest import load_reference_data

    load_reference_data()
    call_command("seed_demo", password="demo-pw", force=True, stdout=StringIO())
    return {p.title: p for p in Pledge.objects.filter(title__startswith="[Demo] ")}


def test_the_demo_pledges_live_their_lives_at_their_dates(demo):
    for title, *_, status, updates, _text in DEMO_PLEDGES:
        life, pledge = DEMO_LIVES[title], demo[f"[Demo] {title}"]
        assert pledge.created_at == _on(life["created"]), title
        assert pledge.submitted_at == (_on(life["submitted"]) if "submitted" in life else None)
        assert pledge.published_at == (_on(life["published"]) if "published" in life else None)
        assert pledge.withdrawn_at == (_on(life["withdrawn"]) if status == "withdrawn" else None)
        # Every history row (the pledge's, its links', its updates') at a step of its life.
        steps = {_on(day) for day in [*life.values(), *(u[0] for u in updates)]}
        dates = [row.history_date for row in pledge.history.order_by("history_date", "pk")]
        assert set(dates) <= steps and dates[0] == _on(life["created"]), title
        assert {
            row.history_date
            for row in pledge.objective_links.model.history.filter(pledge_id=pledge.pk)
        } == {_on(life["created"])}, title
        assert sorted(
            u.history_date for u in pledge.updates.model.history.filter(pledge_id=pledge.pk)
        ) == [_on(u[0]) for u in updates], title
        assert [u.created_at for u in pledge.updates.order_by("date")] == [
            _on(u[0]) for u in updates
        ]
    # The partners' answers and the change feed, dated when they happened too.
    remittance = demo["[Demo] Remittance costs below 3 % on the Kenya–Gulf corridor"]
    (partnership,) = remittance.partnerships.all()
    assert partnership.status == Partnership.Status.ACCEPTED
    assert partnership.answered_at == _on((2024, 3, 25))
    feed = ChangeEvent.objects.filter(code=demo[WITHDRAWN].code).order_by("pk")
    assert [(e.kind, e.at) for e in feed] == [
        ("published", _on((2019, 12, 10))),
        ("progress_reported", _on((2021, 6, 30))),
        ("withdrawn", _on((2023, 2, 27))),
    ]
    # The dashboard's running total grows over the years, from before the first IMRF.
    published = sorted(p.published_at.year for p in demo.values() if p.published_at)
    assert published[0] == 2019 and published[-1] == 2024 and len(set(published)) >= 4


def test_the_2022_imrf_snapshot_reconstructed_from_the_demo_history(demo, client):
    out = StringIO()
    call_command("reconstruct_snapshots", stdout=out)
    snapshot = Snapshot.objects.get(event__slug="imrf-2022")

    assert snapshot.reconstructed
    record = {row["title"]: row for row in snapshot.data()["pledges"]}
    # A pledge published later is absent; one withdrawn later was there.
    assert set(record) == {DATA_UNIT, WITHDRAWN}
    assert LATER not in record
    # Fulfilled in 2024: in May 2022 it was in progress, at its April 2022 report.
    then = record[DATA_UNIT]
    assert demo[DATA_UNIT].implementation == Pledge.Implementation.FULFILLED
    assert then["implementation"] == "in_progress"
    assert then["latest_update"] == {
        "date": "2022-04-29",
        "implementation": "in_progress",
        "percent": 20,
    }
    assert then["objectives"] == [1]
    assert snapshot.data()["figures"]["published_pledges"] == 2

    compare = client.get(f"/snapshots/{snapshot.slug}/compare/")
    changes = compare.context["changes"]
    assert [row["title"] for row in changes["gone"]] == [WITHDRAWN]
    assert [(row["title"], row["was"]) for row in changes["moved"]] == [(DATA_UNIT, "in_progress")]
    assert LATER in {row["title"] for row in changes["new"]}

    # Altered behind the application's back: refused, on the page and in the API.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE reviews_snapshot SET content = replace(content, '\"in_progress\"', "
            "'\"fulfilled\"') WHERE id = %s",
            [snapshot.pk],
        )
    assert client.get(f"/snapshots/{snapshot.slug}/").status_code == 409
    assert client.get(f"/api/v1/snapshots/{snapshot.slug}/").status_code == 409
