"""Snapshots built in the background with their progress (issue 19): the build row
(SnapshotBuild), the Celery task, and the staff's page that follows them."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pledges.models import Pledge
from reviews import snapshots
from reviews.models import Snapshot, SnapshotBuild
from reviews.services import snapshot_build_start
from reviews.tasks import take_snapshot
from tests.factories import PledgeFactory

pytestmark = pytest.mark.django_db

PUBLISHED = Pledge.Status.PUBLISHED


def test_a_build_queued_by_staff_runs_after_commit_and_links_its_snapshot(
    staff_user, django_capture_on_commit_callbacks
):
    PledgeFactory(status=PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        build = snapshot_build_start(label="Before the regional review", user=staff_user)
        assert SnapshotBuild.objects.get(pk=build.pk).stage == "queued"

    build.refresh_from_db()
    assert (build.stage, build.rows_done, build.rows_total, build.percent) == ("done", 1, 1, 100)
    assert build.started_at <= build.finished_at
    assert build.snapshot.title == "Before the regional review"
    assert build.snapshot.pledge_count == 1


def test_only_staff_ask_for_a_build(focal_ken):
    with pytest.raises(PermissionDenied):
        snapshot_build_start(user=focal_ken)
    assert not SnapshotBuild.objects.exists()


def test_the_task_keeps_its_keyword_signature_for_a_labelled_snapshot_now():
    # The admin's "Take a snapshot now" calls take_snapshot(label=…) with no event.
    snapshot = Snapshot.objects.get(pk=take_snapshot(label="On demand"))
    assert snapshot.title == "On demand" and snapshot.event is None
    (build,) = SnapshotBuild.objects.all()
    assert build.snapshot == snapshot and build.stage == "done"


def test_the_record_reports_its_progress_as_it_assembles(monkeypatch):
    monkeypatch.setattr(snapshots, "PROGRESS_EVERY", 2)
    for _ in range(5):
        PledgeFactory(status=PUBLISHED)
    heard = []

    snapshots.public_record(progress=lambda *step: heard.append(step))

    assert heard == [
        ("reading", 0, 0),
        ("assembling", 0, 5),
        ("assembling", 2, 5),
        ("assembling", 4, 5),
    ]


def test_a_failed_build_says_why(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the history tables are gone")

    monkeypatch.setattr("reviews.snapshot_jobs.public_record", broken)
    with pytest.raises(RuntimeError):
        take_snapshot()
    (build,) = SnapshotBuild.objects.all()
    assert build.stage == "failed" and "history tables are gone" in build.error
    assert build.finished_at is not None and not Snapshot.objects.exists()


def _running(done, total):
    return SnapshotBuild.objects.create(
        label="Running", stage="assembling", rows_done=done, rows_total=total,
        started_at=timezone.now(),
    )  # fmt: skip


def test_the_staff_page_shows_the_progress_in_fixed_queries(
    client, staff_user, django_assert_num_queries
):
    _running(40, 100)
    client.force_login(staff_user)

    def page():
        # The session, its user, the builds (events and snapshots joined).
        with django_assert_num_queries(3):
            response = client.get("/snapshots/builds/")
        assert response.status_code == 200
        return response.content.decode()

    body = page()
    assert "Building… 42 %" in body  # a tenth to read, then 40 % of the next 80
    assert 'http-equiv="refresh"' in body
    for _ in range(3):
        _running(1, 2)
    page()


@pytest.mark.parametrize("persona", ["anonymous", "focal_ken", "focal_mex"])
def test_the_staff_page_is_refused_to_others(client, persona, request):
    _running(1, 2)
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = client.get("/snapshots/builds/")
    assert response.status_code == (302 if persona == "anonymous" else 403)
    assert b"Running" not in response.content
