"""Background tasks of the reviews app: the country report's PDF."""

from __future__ import annotations

from celery import shared_task

from core.tasks import RETRY_TRANSIENT, SAFE_TO_REPEAT


# Safe to repeat: the PDF of a version is the same whoever builds it, and goes to the
# cache under that version.
@shared_task(**SAFE_TO_REPEAT, **RETRY_TRANSIENT, time_limit=15 * 60, soft_time_limit=14 * 60)
def build_country_report(
    *, state_id: int, cycle_id: int, scope: str, language: str, version: str
) -> int:
    """Typeset a country report's PDF into the cache (reviews.country_report)."""
    from .country_report import report_pdf_build

    return report_pdf_build(
        state_id=state_id, cycle_id=cycle_id, scope=scope, language=language, version=version
    )


# Safe to repeat: a snapshot is stored once per event or moment (snapshot_take), and a
# build already done returns its snapshot.
@shared_task(**SAFE_TO_REPEAT, **RETRY_TRANSIENT, time_limit=30 * 60, soft_time_limit=29 * 60)
def take_snapshot(
    *, event_id: int | None = None, label: str = "", note: str = "", build_id: int | None = None
) -> int:
    """Build a snapshot with its progress recorded (a SnapshotBuild): the one `build_id`
    names (snapshot_build_start queued it), else a new one of today's record, for an
    event or on demand with a `label` and a `note`. The snapshot's id."""
    from .models import SnapshotBuild
    from .snapshot_jobs import snapshot_build_run

    if build_id is not None:
        build = SnapshotBuild.objects.select_related("event").get(pk=build_id)
    else:
        build = SnapshotBuild.objects.create(event_id=event_id, label=label, note=note)
    return snapshot_build_run(build=build).pk


@shared_task(**SAFE_TO_REPEAT, **RETRY_TRANSIENT)
def snapshot_passed_events() -> list[int]:
    """Beat: an event whose last day passed yesterday (or within the week, should the
    beat have missed a day) and has no snapshot gets one, taken now; older events are
    reconstructed by `manage.py reconstruct_snapshots`."""
    import datetime

    from django.utils import timezone

    from .models import ReviewEvent, SnapshotBuild
    from .snapshot_jobs import snapshot_build_run

    today = timezone.localdate()
    events = ReviewEvent.objects.filter(
        end_date__lt=today,
        end_date__gte=today - datetime.timedelta(days=7),
        snapshots__isnull=True,
    )
    return [
        snapshot_build_run(build=SnapshotBuild.objects.create(event=event)).pk for event in events
    ]
