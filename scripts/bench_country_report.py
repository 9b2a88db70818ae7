"""Time the country report (reviews/country_report.py) for a State with 500 pledges.

    DJANGO_SETTINGS_MODULE=gcm_tracker.settings .venv/bin/python scripts/bench_country_report.py

Needs the reference data (`manage.py seed`). Inside a transaction that is rolled back,
gives Kenya 500 pledges (a third with a progress update), then times the data version,
the HTML body and the PDF, each uncached and then from the cache, and counts the
queries. Timings are printed, never asserted: the tests pin the query count.
"""

from __future__ import annotations

import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gcm_tracker.settings")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from objectives.models import Objective  # noqa: E402
from pledges.models import Actor, Pledge, PledgeObjective, ProgressUpdate  # noqa: E402
from reviews import country_report  # noqa: E402
from reviews.models import ReviewCycle  # noqa: E402

PLEDGES = 500


def timed(label: str, call):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = call()
        elapsed = time.perf_counter() - start
    print(f"{elapsed * 1000:9.1f} ms  {len(queries):3d} queries  {label}")
    return result


def main() -> None:
    kenya = Actor.objects.get(kind=Actor.Kind.STATE, code="KEN")
    cycle = ReviewCycle.objects.get(name="2023–2026")
    objectives = list(Objective.objects.order_by("number").values_list("pk", flat=True))
    now = timezone.now()
    with transaction.atomic():
        pledges = Pledge.objects.bulk_create(
            Pledge(
                code=f"GCM-BENCH-{n:05d}",
                title=f"Bench pledge {n}",
                description="x" * 300,
                lead=kenya,
                mode=Pledge.Mode.INDIVIDUAL,
                pledge_type=Pledge.Type.POLICY,
                scope=Pledge.Scope.NATIONAL,
                start_date=datetime.date(2024, 1, 1),
                target_date=datetime.date(2027, 1, 1),
                status=Pledge.Status.PUBLISHED,
                published_at=now,
            )
            for n in range(PLEDGES)
        )
        PledgeObjective.objects.bulk_create(
            PledgeObjective(pledge=p, objective_id=objectives[i % len(objectives)])
            for i, p in enumerate(pledges)
        )
        ProgressUpdate.objects.bulk_create(
            ProgressUpdate(
                pledge=p,
                date=datetime.date(2025, 6, 30),
                implementation="in_progress",
                percent=30,
                narrative="Under way.",
            )
            for p in pledges[::3]
        )
        # As Kenya's focal points and staff see it (every pledge, a draft review too).
        subject = country_report.subject_load(
            state_id=kenya.pk, cycle_id=cycle.pk, scope=country_report.FULL, language="en"
        )
        version = timed("data version", lambda: country_report.report_version(subject))
        timed(
            f"HTML body, {PLEDGES} pledges, uncached",
            lambda: country_report.report_document(subject, version),
        )
        timed("HTML body, cached", lambda: country_report.report_document(subject, version))
        pdf = timed("PDF, body cached", lambda: country_report.report_pdf(subject, version))
        print(f"           PDF size {len(pdf) / 1024:.0f} KiB")
        timed("PDF, cached", lambda: country_report.report_pdf(subject, version))
        # The rows are rolled back: drop what was cached under their version.
        cache.delete_many([f"country-report:{version}:html", country_report.pdf_key(version)])
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
