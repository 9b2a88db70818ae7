"""Background work through real Celery workers on the real Redis of REDIS_URL, not
inline: the reminders, an import, the dashboard's refresh, and an export whose worker
is killed in the middle (the task is neither lost nor done twice).

The first three use a worker in a thread of the test process (celery.contrib.testing);
the kill needs workers in processes of their own (`celery -A tests.worker_app worker`)
reading the test database. All are transactional: a worker sees only committed rows.
(The export through the API and a thread worker: tests/exports/test_tasks.py.)
"""

import datetime
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from exports.models import Export
from gcm_tracker.celery import app
from pledges import tasks as pledge_tasks
from pledges.models import Pledge
from pledges.stats import CACHE_KEY, STATS_PENDING_KEY
from reminders.models import SentReminder
from tests.factories import PledgeFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[1]


def wait_for(check: Callable[[], object], seconds: float = 30, what: str = "") -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.2)
    pytest.fail(f"waited {seconds} s for {what or check}")


@pytest.fixture
def queued():
    """Tasks go through the broker (Redis) instead of running inline; the queue starts
    empty. Puts Celery's mode back as it found it."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    app.control.purge()
    try:
        yield
    finally:
        app.conf.task_always_eager = previous


@pytest.fixture
def worker(queued):
    """A worker in a thread of this process, consuming from Redis."""
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        yield


def test_send_reminders_through_a_real_worker_mails_once(worker, compact, kenya, focal_ken):
    quiet_since = timezone.now() - datetime.timedelta(days=400)
    PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED, published_at=quiet_since)

    app.send_task("reminders.tasks.send_reminders")
    wait_for(lambda: SentReminder.objects.exists(), what="the reminder")
    app.send_task("reminders.tasks.send_reminders")  # the next day's run, early
    time.sleep(1)

    assert [m.to for m in mail.outbox] == [["focal-ken@example.org"]]
    assert SentReminder.objects.count() == 1


def test_follow_digest_through_a_real_worker_mails_once(worker, compact, kenya, focal_ken):
    from changes.services import change_record
    from pledges.follows import follow_add
    from pledges.models import FollowDigest

    pledge = PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED)
    follow_add(user=focal_ken, kind="country", key="KEN")
    change_record(kind="progress_reported", object_kind="pledge", code=pledge.code)
    today = timezone.localdate().isoformat()

    app.send_task("pledges.tasks.send_follow_digests", kwargs={"day": today})
    wait_for(lambda: FollowDigest.objects.exists(), what="the digest")
    app.send_task("pledges.tasks.send_follow_digests", kwargs={"day": today})  # a rerun
    time.sleep(1)

    assert [m.to for m in mail.outbox] == [["focal-ken@example.org"]]
    assert pledge.code in mail.outbox[0].body
    assert FollowDigest.objects.count() == 1


def test_refresh_dashboard_stats_through_a_real_worker(worker, compact, kenya):
    PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED)
    cache.delete(CACHE_KEY)

    app.send_task("pledges.tasks.refresh_dashboard_stats")

    figures = wait_for(lambda: cache.get(CACHE_KEY), what="the figures in the cache")
    assert figures["totals"]["published_pledges"] == 1
    assert cache.get(STATS_PENDING_KEY) is None


def test_import_pledges_file_through_a_real_worker(worker, compact, kenya, staff_user):
    from tests.pledges.test_imports import HEADER, row

    path = default_storage.save(
        f"imports/{uuid.uuid4().hex}/pledges.csv",
        ContentFile(
            (HEADER + row() + row(title="Second pledge", objectives="7", actions="")).encode()
        ),
    )
    key = uuid.uuid4().hex

    app.send_task(
        "pledges.tasks.import_pledges_file",
        kwargs={
            "path": path,
            "name": "pledges.csv",
            "user_id": staff_user.pk,
            "valid_only": False,
            "dry_run": False,
            "key": key,
        },
    )

    report_key = pledge_tasks.IMPORT_REPORT_KEY.format(key)
    report = wait_for(
        lambda: (r := cache.get(report_key)) and r["status"] == "done" and r, what="the report"
    )
    assert (report["written"], len(report["created"])) == (True, 2)
    assert Pledge.objects.filter(title="Second pledge").count() == 1
    assert not default_storage.exists(path)


# --- A worker killed in the middle of a task -------------------------------------------


def _test_database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(name: str, log: Path, media: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "celery"),
            "-A",
            "tests.worker_app",
            "worker",
            # prefork, not solo: a solo worker sends its acknowledgements only between
            # tasks, so a kill would hand back even a task acknowledged on receipt.
            "--pool=prefork",
            "--concurrency=1",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
            f"--hostname={name}@%h",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": _test_database_url(),
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "DJANGO_MEDIA_ROOT": str(media),
            "GCM_TEST_TASK_LOG": str(log),
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _stop(worker: subprocess.Popen, sig: int) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
    worker.wait(timeout=30)


def test_export_whose_worker_is_killed_mid_task_is_finished_once_by_another(
    queued, tmp_path, settings, compact, kenya, focal_ken
):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The broker starts empty, unacknowledged messages included: a message an earlier
    # test's worker left unacknowledged would be handed back here first, and the
    # count at the end would see it.
    broker = redis.Redis.from_url(app.conf.broker_url)
    broker.delete("celery", "unacked", "unacked_index")
    PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED, code="GCM-K-00001")
    export = Export.objects.create(requester=focal_ken, kind="pledges", format="csv")
    log = tmp_path / "tasks.log"
    lines = lambda: log.read_text().split("\n")[:-1] if log.exists() else []  # noqa: E731

    first = _start_worker("first", log, settings.MEDIA_ROOT, GCM_TEST_TASK_SLEEP="120")
    try:
        app.send_task("exports.tasks.build_export", kwargs={"export_id": export.pk})
        wait_for(lambda: lines() == [f"started {export.pk}"], 60, "the first worker to start")
    finally:
        _stop(first, signal.SIGKILL)  # no goodbye: the message stays unacknowledged
    export.refresh_from_db()
    assert export.status == Export.Status.RUNNING  # interrupted, not done

    # Past the broker's visibility timeout (2 s in tests.worker_app): the message is due
    # to be handed back when the next worker looks (kombu restores unacknowledged
    # messages on its polls, not on a timer of its own).
    time.sleep(3)
    second = _start_worker("second", log, settings.MEDIA_ROOT)
    try:
        wait_for(lambda: len(lines()) == 3, 60, "the second worker to finish")
    finally:
        _stop(second, signal.SIGTERM)

    assert lines() == [
        f"started {export.pk}",  # the killed run
        f"started {export.pk}",  # handed to the second worker…
        f"finished {export.pk} done",  # …which finished it, once
    ]
    export.refresh_from_db()
    assert (export.status, export.row_count) == (Export.Status.DONE, 1)
    assert b"GCM-K-00001" in export.file.read()
    # Acknowledged: nothing left in the queue or unacknowledged to run a third time.
    assert (broker.llen("celery"), broker.hlen("unacked")) == (0, 0)


def _publish_one(kenya, staff_user) -> None:
    from pledges import services

    pledge = PledgeFactory(lead=kenya, status=Pledge.Status.SUBMITTED)
    services.pledge_publish(pledge=pledge, user=staff_user)


def test_the_dashboard_says_updating_until_the_worker_has_counted_a_write(
    worker, compact, kenya, staff_user, client, monkeypatch
):
    from pledges.stats import dashboard_stats

    monkeypatch.setattr(pledge_tasks, "STATS_DEBOUNCE_SECONDS", 2)
    assert dashboard_stats() == {**dashboard_stats(), "updating": False}
    assert dashboard_stats()["totals"]["published_pledges"] == 0

    _publish_one(kenya, staff_user)  # committed: the worker is asked, 2 s later

    meanwhile = client.get("/dashboard/")
    assert "Updating: the latest changes are being counted" in meanwhile.content.decode()
    assert dashboard_stats()["totals"]["published_pledges"] == 0  # the previous figures
    fresh = wait_for(
        lambda: (stats := dashboard_stats()) and not stats["updating"] and stats,
        what="the worker's recompute",
    )
    assert fresh["totals"]["published_pledges"] == 1
    assert "Updating:" not in client.get("/dashboard/").content.decode()


def test_with_no_worker_the_dashboard_recomputes_itself_once_the_grace_is_over(
    queued, compact, kenya, staff_user, api_client
):
    """A broker and no worker (stopped, or far behind): the figures are never stale for
    longer than the grace; the first reader after it recomputes them."""
    import time_machine

    from pledges.stats import STATS_WORKER_GRACE_SECONDS

    assert api_client.get("/api/v1/stats/").json()["totals"]["published_pledges"] == 0
    _publish_one(kenya, staff_user)

    waiting = api_client.get("/api/v1/stats/").json()
    assert (waiting["updating"], waiting["totals"]["published_pledges"]) == (True, 0)

    later = timezone.now() + datetime.timedelta(seconds=STATS_WORKER_GRACE_SECONDS + 5)
    with time_machine.travel(later, tick=False):
        after = api_client.get("/api/v1/stats/").json()
    assert (after["updating"], after["totals"]["published_pledges"]) == (False, 1)
    app.control.purge()  # the task nobody took
