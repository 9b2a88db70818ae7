"""The export tasks: retries of transient failures only, and a real worker."""

import time

import pytest
import redis.exceptions
from celery.contrib.testing.worker import start_worker

from exports import jobs
from exports.models import Export
from exports.tasks import build_export
from gcm_tracker.celery import app
from pledges.models import Pledge
from tests.exports.helpers import csv_codes, download, export_file, new_export
from tests.factories import PledgeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_retries():
    # Inline, Celery runs a retry at once, unless the failure is propagated first.
    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    try:
        yield
    finally:
        app.conf.task_eager_propagates = previous


def test_build_export_task_retries_a_transient_failure_then_succeeds(
    focal_ken, pledges, monkeypatch, eager_retries
):
    calls = []
    original = jobs.export_tables

    def flaky(export):
        calls.append(Export.objects.get(pk=export.pk).status)
        if len(calls) == 1:
            raise redis.exceptions.ConnectionError("Redis went away")
        return original(export)

    monkeypatch.setattr(jobs, "export_tables", flaky)
    export = new_export(focal_ken)

    build_export.delay(export_id=export.pk)

    export.refresh_from_db()
    assert calls == ["running", "running"]  # set back to pending between the tries
    assert export.status == "done"
    assert csv_codes(export_file(export)) == ["GCM-P-00001", "GCM-P-00002", "GCM-P-00003"]


def test_build_export_task_does_not_retry_a_bug(focal_ken, pledges, monkeypatch):
    calls = []

    def broken(export):
        calls.append(1)
        raise KeyError("bug")

    monkeypatch.setattr(jobs, "export_tables", broken)
    export = new_export(focal_ken)

    build_export.delay(export_id=export.pk)

    assert calls == [1]
    export.refresh_from_db()
    assert export.status == "failed"


@pytest.fixture
def celery_worker():
    """A Celery worker in a thread, consuming from the Redis of REDIS_URL (the broker
    configured in settings); tasks go through the broker instead of running inline."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    app.control.purge()  # nothing left over from another run
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield
    finally:
        # What it was, not a fixed True: a run with CELERY_TASK_ALWAYS_EAGER=false stays so.
        app.conf.task_always_eager = previous


@pytest.mark.django_db(transaction=True)
def test_export_built_by_a_real_worker_end_to_end(
    settings, celery_worker, client_for, compact, kenya
):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    PledgeFactory(code="GCM-P-00001", lead=kenya, status=Pledge.Status.PUBLISHED)
    PledgeFactory(code="GCM-P-00002", lead=kenya, status=Pledge.Status.PUBLISHED)
    requester = UserFactory(username="researcher")
    client = client_for(requester)

    response = client.post("/api/v1/exports/", {"kind": "pledges", "format": "csv"})

    assert response.status_code == 202
    assert response.json()["status"] == "pending"  # queued, not built inline
    export_id = response.json()["id"]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        detail = client.get(f"/api/v1/exports/{export_id}/").json()
        if detail["status"] in ("done", "failed"):
            break
        time.sleep(0.2)
    assert detail["status"] == "done", detail
    assert detail["row_count"] == 2
    data = b"".join(download(client, export_id).streaming_content)
    assert csv_codes(data) == ["GCM-P-00001", "GCM-P-00002"]
