"""The snapshots' writes that the worker runs (issue 19): `snapshot_take` stores a
frozen record once, `snapshot_build_run` runs a SnapshotBuild and saves how far it got,
`snapshots_reconstruct` rebuilds past events'. Apart from reviews/services.py (which
re-exports them, and queues a build: `snapshot_build_start`) so that the task module
imports them without a cycle (services → tasks → here), as exports/jobs.py does.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pledges.selectors import User, user_is_staff

from .models import ReviewEvent, Snapshot, SnapshotBuild
from .snapshots import Progress, canonical_json, checksum, public_record


def snapshot_take(
    *,
    event: ReviewEvent | None = None,
    as_of: datetime.datetime | None = None,
    user: User = None,
    label: str = "",
    note: str = "",
    progress: Progress | None = None,
) -> Snapshot:
    """Freeze the public record (issue 19): today's when `as_of` is None, else rebuilt
    from the history tables as it stood at `as_of` and marked reconstructed. One
    snapshot per event (or per moment): taking it again returns the one stored, so
    the beat task and a repeated Celery message are harmless. Staff only when a person
    asks (`user`); the tasks and the command pass none. `label` titles one taken on
    demand and `note` says why (staff's words beside the record, not part of it: the
    checksum covers the record); `progress` hears how far the building got (snapshot_build_run). The
    record's queries (public_record) and two more."""
    if user is not None and not user_is_staff(user):
        raise PermissionDenied(_("Only Network staff take snapshots."))
    moment = as_of or timezone.now()
    slug = event.slug if event else f"snapshot-{moment:%Y%m%d-%H%M%S}"
    existing = Snapshot.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    record = public_record(as_of, **({"progress": progress} if progress else {}))
    if progress:
        progress(SnapshotBuild.Stage.STORING, len(record["pledges"]), len(record["pledges"]))
    record["as_of"] = moment
    record["reconstructed"] = as_of is not None
    record["event"] = event.slug if event else None
    text = canonical_json(record)
    try:
        with transaction.atomic():
            return Snapshot.objects.create(
                slug=slug,
                title=event.title if event else (label.strip() or f"{moment:%Y-%m-%d %H:%M} UTC"),
                note=note.strip(),
                event=event,
                as_of=moment,
                reconstructed=as_of is not None,
                content=text,
                checksum=checksum(text),
                pledge_count=len(record["pledges"]),
            )
    except IntegrityError:
        # Another worker stored it first: theirs stands.
        return Snapshot.objects.get(slug=slug)


def snapshot_build_run(*, build: SnapshotBuild) -> Snapshot:
    """Build and store the snapshot `build` asks for, saving how far it got as it goes
    (stage, rows done of rows in all, started, finished, the error if it fails) so the
    staff's page can show it. Each step is its own short write outside any transaction,
    so the page sees it while the building runs. A build already done returns its
    snapshot. The snapshot's queries and one per progress step (a few, then one per
    PROGRESS_EVERY pledges)."""
    if build.stage == SnapshotBuild.Stage.DONE and build.snapshot_id:
        return Snapshot.objects.get(pk=build.snapshot_id)
    rows = SnapshotBuild.objects.filter(pk=build.pk)

    def progress(stage: str, done: int, total: int) -> None:
        rows.update(stage=stage, rows_done=min(done, total), rows_total=total)

    rows.update(stage=SnapshotBuild.Stage.READING, started_at=timezone.now(), error="")
    try:
        snapshot = snapshot_take(
            event=build.event,
            as_of=build.as_of,
            label=build.label,
            note=build.note,
            progress=progress,
        )
    except Exception as exc:
        rows.update(
            stage=SnapshotBuild.Stage.FAILED, error=repr(exc)[:2000], finished_at=timezone.now()
        )
        raise
    rows.update(
        stage=SnapshotBuild.Stage.DONE,
        snapshot=snapshot,
        rows_done=snapshot.pledge_count,
        rows_total=snapshot.pledge_count,
        finished_at=timezone.now(),
    )
    return snapshot


def event_snapshot_moment(event: ReviewEvent) -> datetime.datetime:
    """The end of an event's last day (UTC): "as it stood on 20 May 2022"."""
    return datetime.datetime.combine(
        event.end_date + datetime.timedelta(days=1), datetime.time(0), tzinfo=datetime.UTC
    ) - datetime.timedelta(microseconds=1)


def snapshots_reconstruct(*, before: datetime.date) -> list[Snapshot]:
    """A reconstructed snapshot for every event that ended before `before` and has none,
    each built here and now (the caller is the background: the command) through a
    SnapshotBuild, so the staff's page follows it too."""
    events = ReviewEvent.objects.filter(end_date__lt=before, snapshots__isnull=True)
    return [
        snapshot_build_run(
            build=SnapshotBuild.objects.create(event=e, as_of=event_snapshot_moment(e))
        )
        for e in events
    ]
