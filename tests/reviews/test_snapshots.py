"""Snapshots of the public record at review events (issue 19)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from pledges.models import Pledge
from reviews.models import ReviewEvent, Snapshot, SnapshotAltered
from reviews.services import event_snapshot_moment, snapshot_take, snapshots_reconstruct
from reviews.tasks import snapshot_passed_events
from tests.dates import travel_to
from tests.factories import PledgeFactory, ProgressUpdateFactory, add_partners

pytestmark = pytest.mark.django_db

PUBLISHED = Pledge.Status.PUBLISHED


def _event(slug="imrf-test", day=datetime.date(2022, 5, 20)):
    return ReviewEvent.objects.create(
        slug=slug, kind=ReviewEvent.Kind.IMRF, title="IMRF test", start_date=day, end_date=day
    )


def _save(pledge, **fields):
    for name, value in fields.items():
        setattr(pledge, name, value)
    pledge.save()


def test_a_snapshot_freezes_only_the_public_record(kenya, mexico):
    public = PledgeFactory(status=PUBLISHED, lead=kenya, objectives=[1, 2])
    add_partners(public, mexico)
    PledgeFactory(status=Pledge.Status.DRAFT, title="A draft")
    PledgeFactory(status=Pledge.Status.SUBMITTED, title="Submitted")
    ProgressUpdateFactory(pledge=public, implementation=Pledge.Implementation.IN_PROGRESS)

    snapshot = snapshot_take()

    data = snapshot.data()
    assert [row["code"] for row in data["pledges"]] == [public.code]
    row = data["pledges"][0]
    assert (row["lead"], row["partners"], row["objectives"]) == ("KEN", ["MEX"], [1, 2])
    assert row["latest_update"]["implementation"] == "in_progress"
    assert data["figures"]["published_pledges"] == 1
    assert data["reconstructed"] is False
    assert "A draft" not in snapshot.content and "Submitted" not in snapshot.content


def test_building_takes_a_fixed_number_of_queries(django_assert_max_num_queries, kenya):
    from reviews.snapshots import public_record

    def count():
        # Eight at most: a query over an empty set of ids (no review) is not sent.
        with django_assert_max_num_queries(8) as captured:
            public_record()
        return len(captured)

    PledgeFactory(status=PUBLISHED, lead=kenya, objectives=[1])
    few = count()
    for _ in range(5):
        ProgressUpdateFactory(pledge=PledgeFactory(status=PUBLISHED, objectives=[3]))
    assert count() == few


def test_a_stored_snapshot_refuses_changes():
    snapshot = snapshot_take()
    snapshot.title = "Rewritten"
    with pytest.raises(SnapshotAltered):
        snapshot.save()
    with pytest.raises(SnapshotAltered):
        snapshot.delete()
    with pytest.raises(SnapshotAltered):
        Snapshot.objects.filter(pk=snapshot.pk).update(title="x")
    with pytest.raises(SnapshotAltered):
        Snapshot.objects.all().delete()


def test_an_altered_row_is_refused_on_read(client):
    PledgeFactory(status=PUBLISHED, title="True title")
    snapshot = snapshot_take()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE reviews_snapshot SET content = replace(content, 'True title', 'Forged')"
        )
    stored = Snapshot.objects.get(pk=snapshot.pk)
    assert not stored.is_intact()
    with pytest.raises(SnapshotAltered):
        stored.data()
    response = client.get(f"/snapshots/{snapshot.slug}/")
    assert response.status_code == 409
    assert b"Forged" not in response.content
    assert client.get(f"/api/v1/snapshots/{snapshot.slug}/").status_code == 409


def test_reconstruction_gives_the_record_as_it_stood():
    with travel_to(datetime.date(2022, 3, 1)):
        early = PledgeFactory(status=PUBLISHED, implementation=Pledge.Implementation.IN_PROGRESS)
        later = PledgeFactory(status=Pledge.Status.SUBMITTED)
        ProgressUpdateFactory(pledge=early, date=datetime.date(2022, 3, 1), percent=30)
    event = _event()
    with travel_to(datetime.date(2023, 1, 10)):
        _save(early, implementation=Pledge.Implementation.FULFILLED)
        ProgressUpdateFactory(pledge=early, date=datetime.date(2023, 1, 10), percent=100)
        _save(later, status=PUBLISHED, published_at=timezone.now())

    with travel_to(datetime.date(2024, 1, 1)):
        made = snapshots_reconstruct(before=datetime.date(2024, 1, 1))
    (snapshot,) = [s for s in made if s.event == event]

    assert snapshot.reconstructed and snapshot.event == event
    assert snapshot.as_of == event_snapshot_moment(event)
    data = snapshot.data()
    assert [row["code"] for row in data["pledges"]] == [early.code]
    assert data["pledges"][0]["implementation"] == "in_progress"
    assert data["pledges"][0]["latest_update"]["percent"] == 30
    # Taken once: a second run leaves it alone.
    assert snapshots_reconstruct(before=datetime.date(2024, 1, 1)) == []


def test_the_comparison_with_now(client):
    with travel_to(datetime.date(2022, 3, 1)):
        moved = PledgeFactory(status=PUBLISHED, implementation=Pledge.Implementation.IN_PROGRESS)
        quiet = PledgeFactory(status=PUBLISHED)
    event = _event()
    with travel_to(datetime.date(2023, 1, 10)):
        _save(moved, implementation=Pledge.Implementation.FULFILLED)
        ProgressUpdateFactory(pledge=moved, date=datetime.date(2023, 1, 10))
        new = PledgeFactory(status=PUBLISHED)
        snapshot = snapshot_take(event=event, as_of=event_snapshot_moment(event))

    response = client.get(f"/snapshots/{snapshot.slug}/compare/")

    assert response.status_code == 200
    changes = response.context["changes"]
    assert [row["code"] for row in changes["new"]] == [new.code]
    assert [(row["code"], row["was"]) for row in changes["moved"]] == [(moved.code, "in_progress")]
    assert [row["code"] for row in changes["silent"]] == [quiet.code]


def test_only_staff_take_a_snapshot_on_demand(focal_ken, staff_user):
    with pytest.raises(PermissionDenied):
        snapshot_take(user=focal_ken)
    assert not Snapshot.objects.exists()
    assert snapshot_take(user=staff_user).pk


def test_the_beat_snapshots_an_event_that_just_passed():
    event = _event(day=datetime.date(2026, 12, 10))
    _event(slug="long-ago", day=datetime.date(2019, 1, 1))
    with travel_to(datetime.date(2026, 12, 11)):
        assert len(snapshot_passed_events()) == 1
        assert snapshot_passed_events() == []
    assert list(Snapshot.objects.values_list("event", flat=True)) == [event.pk]


def test_the_page_and_the_api_read_one_snapshot_in_fixed_queries(
    client, client_for, django_assert_num_queries
):
    with travel_to(datetime.date(2022, 3, 1)):
        PledgeFactory(status=PUBLISHED, title="Then public")
    event = _event()
    PledgeFactory(status=PUBLISHED, title="Published later")
    snapshot = snapshot_take(event=event, as_of=event_snapshot_moment(event))

    with django_assert_num_queries(1):
        page = client.get(f"/snapshots/{snapshot.slug}/")
    assert page.status_code == 200
    assert b"Then public" in page.content and b"Published later" not in page.content
    assert b"data-reconstructed" in page.content

    api = client_for(None)
    with django_assert_num_queries(1):
        detail = api.get(f"/api/v1/snapshots/{snapshot.slug}/")
    assert detail.status_code == 200
    body = detail.json()
    assert body["reconstructed"] is True and body["event"] == event.slug
    assert [row["title"] for row in body["record"]["pledges"]] == ["Then public"]
    listing = api.get("/api/v1/snapshots/")
    assert listing.status_code == 200
    assert "record" not in str(listing.json())


@pytest.mark.parametrize("format", ["csv", "xlsx", "json"])
def test_downloads_are_formula_safe_and_the_json_is_the_stored_record(client, format):
    import hashlib
    import io

    PledgeFactory(status=PUBLISHED, title="=HYPERLINK(1)")
    snapshot = snapshot_take()

    response = client.get(f"/snapshots/{snapshot.slug}/download.{format}")

    assert response.status_code == 200
    if format == "json":
        assert hashlib.sha256(response.content).hexdigest() == snapshot.checksum
    elif format == "csv":
        assert "'=HYPERLINK(1)" in response.content.decode()
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content))["pledges"]
        assert sheet.cell(row=2, column=2).value == "'=HYPERLINK(1)"
    assert client.get(f"/snapshots/{snapshot.slug}/download.exe").status_code == 404


def test_the_events_admin_action_takes_a_snapshot(
    client, staff_user, django_capture_on_commit_callbacks
):
    event = _event()
    PledgeFactory(status=PUBLISHED, title="In the snapshot")
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/reviews/reviewevent/",
            {"action": "take_snapshot", "_selected_action": [event.pk]},
        )
    assert response.status_code == 302
    (snapshot,) = Snapshot.objects.filter(event=event)
    assert snapshot.pledge_count == 1 and not snapshot.reconstructed
    # Built through a build the staff's page follows, which links to it.
    (build,) = snapshot.builds.all()
    assert (build.stage, build.percent, build.requested_by) == ("done", 100, staff_user)
    assert f"/snapshots/{snapshot.slug}/" in client.get("/snapshots/builds/").content.decode()


def test_the_command_reconstructs_past_events():
    from io import StringIO

    from django.core.management import call_command

    event = _event()
    out = StringIO()
    call_command("reconstruct_snapshots", stdout=out)
    assert Snapshot.objects.get(event=event).reconstructed
    assert "Reconstructed" in out.getvalue()


def test_a_reconstruction_shows_the_objectives_a_pledge_had_then(staff_user):
    from pledges.models import PledgeObjective
    from pledges.services import pledge_update
    from reviews.snapshots import public_record

    with travel_to(datetime.date(2022, 3, 1)):
        pledge = PledgeFactory(status=PUBLISHED, objectives=[1, 2])
    with travel_to(datetime.date(2023, 1, 10)):
        # Staff correct a published pledge's objectives: a bulk delete and insert.
        pledge_update(pledge=pledge, user=staff_user, objectives=[2, 7])

    then = public_record(datetime.datetime(2022, 6, 1, tzinfo=datetime.UTC))
    assert then["pledges"][0]["objectives"] == [1, 2]
    assert public_record()["pledges"][0]["objectives"] == [2, 7]
    written = PledgeObjective.history.filter(pledge_id=pledge.pk, history_date__year=2023)
    assert sorted((row.history_type, row.objective.number) for row in written) == [
        ("+", 7),
        ("-", 1),
    ]
    assert {row.history_user for row in written} == {staff_user}
