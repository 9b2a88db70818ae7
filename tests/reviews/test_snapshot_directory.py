"""The pledge directory and the dashboard's figures "as of" a snapshot (issue 19):
read from the stored record, filtered, paginated, in a fixed number of queries."""

import datetime

import pytest

from pledges.models import Pledge
from reviews.models import ReviewEvent
from reviews.services import event_snapshot_moment, snapshot_take
from tests.dates import travel_to
from tests.factories import PledgeFactory, add_partners

pytestmark = pytest.mark.django_db

PUBLISHED = Pledge.Status.PUBLISHED
FULFILLED = Pledge.Implementation.FULFILLED


def _imrf():
    day = datetime.date(2022, 5, 20)
    return ReviewEvent.objects.create(
        slug="imrf-test", kind=ReviewEvent.Kind.IMRF, title="IMRF test", start_date=day,
        end_date=day,
    )  # fmt: skip


def _codes(response):
    return [row["code"] for row in response.context["page"]]


def test_the_directory_as_of_a_snapshot_filters_its_pledges(client, kenya, mexico):
    with travel_to(datetime.date(2022, 3, 1)):
        kenyan = PledgeFactory(status=PUBLISHED, lead=kenya, objectives=[6])
        joined = PledgeFactory(status=PUBLISHED, lead=mexico, objectives=[6, 8])
        add_partners(joined, kenya)
        done = PledgeFactory(
            status=PUBLISHED, lead=mexico, objectives=[1], implementation=FULFILLED
        )
    PledgeFactory(status=PUBLISHED, lead=kenya, objectives=[6], title="Published later")
    event = _imrf()
    snapshot = snapshot_take(event=event, as_of=event_snapshot_moment(event))
    url = f"/snapshots/{snapshot.slug}/pledges/"

    everything = client.get(url)
    assert everything.status_code == 200
    assert sorted(_codes(everything)) == sorted([kenyan.code, joined.code, done.code])
    assert b"Published later" not in everything.content
    assert sorted(_codes(client.get(url, {"country": "ken"}))) == sorted([kenyan.code, joined.code])
    assert _codes(client.get(url, {"objective": 8})) == [joined.code]
    assert _codes(client.get(url, {"implementation": "fulfilled"})) == [done.code]
    assert _codes(client.get(url, {"objective": 6, "country": "MEX"})) == [joined.code]


def test_a_filter_that_does_not_parse_is_shown_beside_its_field(client):
    PledgeFactory(status=PUBLISHED)
    snapshot = snapshot_take()

    response = client.get(f"/snapshots/{snapshot.slug}/pledges/", {"objective": "99"})

    assert response.status_code == 200
    assert "objective" in response.context["form"].errors
    assert len(_codes(response)) == 1


def test_the_directory_pages_in_one_query_whatever_the_rows(client, django_assert_num_queries):
    for _ in range(3):
        PledgeFactory(status=PUBLISHED, objectives=[2])
    small = snapshot_take(label="small")
    for _ in range(60):
        PledgeFactory(status=PUBLISHED, objectives=[2])
    with travel_to(datetime.date(2030, 1, 1)):
        large = snapshot_take(label="large")

    for snapshot in (small, large):
        # The snapshot row: everything else is in its stored record.
        with django_assert_num_queries(1):
            response = client.get(f"/snapshots/{snapshot.slug}/pledges/", {"objective": 2})
        assert response.status_code == 200
    assert len(_codes(response)) == 50
    second = client.get(f"/snapshots/{large.slug}/pledges/", {"objective": 2, "page": 2})
    assert len(_codes(second)) == 13
    assert b"objective=2&amp;page=1" in second.content


def test_the_comparison_shows_the_figures_then_beside_today(client, kenya):
    with travel_to(datetime.date(2022, 3, 1)):
        PledgeFactory(status=PUBLISHED, lead=kenya, objectives=[4])
    event = _imrf()
    PledgeFactory(status=PUBLISHED, lead=kenya, objectives=[4, 9], implementation=FULFILLED)
    snapshot = snapshot_take(event=event, as_of=event_snapshot_moment(event))

    response = client.get(f"/snapshots/{snapshot.slug}/compare/")

    figures = {str(label): (then, now) for label, then, now in response.context["figures"]}
    assert figures["Published pledges"] == (1, 2)
    assert figures["Fulfilled pledges"] == (0, 1)
    assert response.context["by_objective"] == [("4", 1, 2), ("9", 0, 1)]
    assert b"data-figures" in response.content


def test_the_comparison_reads_in_fixed_queries_whatever_the_rows(client, kenya):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(snapshot):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/snapshots/{snapshot.slug}/compare/").status_code == 200
        return len(captured)

    PledgeFactory(status=PUBLISHED, lead=kenya, objectives=[1])
    few = queries(snapshot_take(label="few"))
    for _ in range(8):
        PledgeFactory(status=PUBLISHED, objectives=[3])
    with travel_to(datetime.date(2030, 1, 1)):
        many = snapshot_take(label="many")
    # The snapshot, then today's record (reviews.snapshots.public_record): at most nine.
    assert queries(many) == few <= 9
