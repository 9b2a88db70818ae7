"""Time the building of a snapshot of the public record (issue 19) at scale.

    BENCH_DATABASE_URL=postgres://…/gcm_bench .venv/bin/python scripts/bench_snapshot.py

Against a database `seed_scale` filled (the benchmark's gcm_bench by default, 100,000
pledges there), inside a transaction that is rolled back (nothing is left behind):
builds and stores a snapshot of today's record through the background task's service
(`snapshot_build_run`, as the worker runs it) and a reconstruction "as of" a year ago
from the history tables, each with its time, queries, rows, stored size and the process's
peak resident memory (getrusage: what the worker needs; tracemalloc would slow the
build several times over). `make bench` runs it after the latency table.
Timings are printed, never asserted: the tests pin the query count.
"""

from __future__ import annotations

import datetime
import os
import resource
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gcm_tracker.settings")
if "BENCH_DATABASE_URL" in os.environ:
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gcm_bench")
# Production settings, as scripts/bench.py gives its server: DEBUG would also keep every
# query in memory and add to the peak measured.
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from pledges.models import Pledge  # noqa: E402
from reviews.models import SnapshotBuild  # noqa: E402
from reviews.services import snapshot_build_run  # noqa: E402


def measured(label: str, build: SnapshotBuild) -> str:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        snapshot = snapshot_build_run(build=build)
        elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    build.refresh_from_db()
    line = (
        f"| {label} | {snapshot.pledge_count:,} | {elapsed:.1f} s | {len(queries)} "
        f"| {len(snapshot.content.encode()) / 1e6:.1f} MB | {peak / 1e6:.0f} MB "
        f"| {build.stage}, {build.percent} % |"
    )
    print(line, flush=True)
    return line


def main() -> None:
    pledges = Pledge.objects.count()
    print(f"{connection.settings_dict['NAME']}: {pledges:,} pledges", flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS before building: {rss:.0f} MB; load average {os.getloadavg()}", flush=True)
    print("| snapshot | pledges | time | queries | stored | peak RSS | build |")
    print("|---|---|---|---|---|---|---|")
    with transaction.atomic():
        measured("today's record", SnapshotBuild.objects.create(label="bench"))
        year_ago = timezone.now() - datetime.timedelta(days=365)
        measured("reconstructed a year ago", SnapshotBuild.objects.create(as_of=year_ago))
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
