"""Background tasks of the pledges app: the dashboard's aggregates and file imports."""

from __future__ import annotations

import logging
import time

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import transaction

from core.tasks import RETRY_TRANSIENT, SAFE_TO_REPEAT, tasks_run_inline

logger = logging.getLogger(__name__)

# Writes within this many seconds of each other share one recompute.
STATS_DEBOUNCE_SECONDS = 10
IMPORT_REPORT_KEY = "pledge-import:{}"
IMPORT_REPORT_SECONDS = 24 * 60 * 60


def stats_refresh_soon() -> None:
    """After the current transaction commits, have the dashboard's aggregates recomputed
    (a rolled-back write asks for nothing). Debounced: the first write of a burst sets a
    short-lived flag and queues one recompute `STATS_DEBOUNCE_SECONDS` later; the others
    see the flag and queue nothing. Costs a cache round trip, no query."""
    transaction.on_commit(_refresh_debounced, robust=True)


def _refresh_debounced() -> None:
    from .stats import CACHE_KEY, STATS_PENDING_KEY, STATS_STALE_KEY

    if tasks_run_inline():
        # No worker (the embedded default): forget the figures; the next reader computes
        # them, rather than every write paying for a recompute.
        cache.delete(CACHE_KEY)
        return
    # The figures are stale from the first write not yet counted (kept, not moved on,
    # by the later ones): the dashboard says "updating", and recomputes itself if the
    # worker has not done it in time (stats.STATS_WORKER_GRACE_SECONDS).
    cache.add(STATS_STALE_KEY, time.time(), timeout=None)
    # cache.add is atomic (SET NX in Redis): one process of a burst wins.
    if cache.add(STATS_PENDING_KEY, 1, timeout=STATS_DEBOUNCE_SECONDS * 6):
        refresh_dashboard_stats.apply_async(countdown=STATS_DEBOUNCE_SECONDS)


@shared_task(**SAFE_TO_REPEAT, **RETRY_TRANSIENT)
def refresh_dashboard_stats() -> None:
    """Recompute the dashboard's aggregates into the cache (Redis when configured)."""
    from .stats import stats_recompute

    stats_recompute()


# An import is all-or-nothing in one transaction and refuses a lead's repeated title,
# so a second run would create nothing; still, it is acknowledged on receipt: a crash
# half-way should be looked at, not replayed.
@shared_task(**RETRY_TRANSIENT, time_limit=60 * 60, soft_time_limit=58 * 60)
def import_pledges_file(
    *, path: str, name: str, user_id: int, valid_only: bool, dry_run: bool, key: str
) -> dict:
    """Import a file saved by the admin; the report (and progress) goes to the cache
    under IMPORT_REPORT_KEY for the admin's report page."""
    from core.tabular import ImportFileError

    from .imports import pledges_import

    report_key = IMPORT_REPORT_KEY.format(key)
    user = get_user_model().objects.get(pk=user_id)
    with default_storage.open(path, "rb") as file:
        content = file.read()

    def progress(rows: int) -> None:
        cache.set(report_key, {"status": "running", "rows": rows}, IMPORT_REPORT_SECONDS)

    try:
        result = pledges_import(
            user=user,
            name=name,
            content=content,
            valid_only=valid_only,
            dry_run=dry_run,
            progress=progress,
        )
    except ImportFileError as exc:
        report = {"status": "done", "file_error": str(exc)}
    else:
        report = {"status": "done", **result.as_dict()}
    cache.set(report_key, report, IMPORT_REPORT_SECONDS)
    default_storage.delete(path)
    return {k: v for k, v in report.items() if k != "errors"}


# Acknowledged on receipt like the staff import: a crash half-way should be looked at.
@shared_task(**RETRY_TRANSIENT, time_limit=60 * 60, soft_time_limit=58 * 60)
def import_workspace_file(
    *, path: str, user_id: int, kind: str, language: str, valid_only: bool, dry_run: bool, key: str
) -> dict:
    """Check (dry run) or import a focal point's template saved by the workspace; the
    report and progress go to the cache (spreadsheets.REPORT_KEY), in `language`."""
    from django.utils import translation

    from .spreadsheets import workspace_import_report

    user = get_user_model().objects.get(pk=user_id)
    with default_storage.open(path, "rb") as file:
        content = file.read()
    with translation.override(language):
        return workspace_import_report(
            user=user, kind=kind, content=content, valid_only=valid_only, dry_run=dry_run, key=key
        )


# Mails to partners (issue 14). Not SAFE_TO_REPEAT: a crash after the send would mail
# twice; a lost mail is the lesser harm, the workspace shows the same.
@shared_task(**RETRY_TRANSIENT)
def send_partner_invitation(*, partnership_id: int) -> int:
    """Mail an invitation to the invited actor's focal points; the number of mails."""
    from .notifications import partner_invitation_send

    return partner_invitation_send(partnership_id=partnership_id)


@shared_task(**RETRY_TRANSIENT)
def send_partnership_answer(*, partnership_id: int) -> int:
    """Mail a partner's answer (accepted, declined, left) to the lead's focal points."""
    from .notifications import partnership_answer_send

    return partnership_answer_send(partnership_id=partnership_id)


@shared_task(**RETRY_TRANSIENT)
def send_dispute_notice(*, update_id: int, disputed_at: str) -> int:
    """Mail the pledge's focal points that the Network disputes a progress update (if
    that dispute, of `disputed_at`, still stands); the number of mails."""
    from .notifications import dispute_notice_send

    return dispute_notice_send(update_id=update_id, disputed_at=disputed_at)


@shared_task(**RETRY_TRANSIENT)
def send_match_change(*, match_id: int, status: str) -> int:
    """Mail a match's move (`status`, the one it made) to the other side's focal points."""
    from .notifications import match_change_send

    return match_change_send(match_id=match_id, status=status)


@shared_task(**RETRY_TRANSIENT)
def send_follow_digests(day: str | None = None) -> int:
    """Beat, daily: mail each follower yesterday's (or `day`'s, ISO) public changes of
    what they follow (pledges.follows.digests_send; claimed per person and day, so a
    rerun sends none)."""
    import datetime

    from .follows import digests_send

    return digests_send(day=datetime.date.fromisoformat(day) if day else None)
