"""The background work of exports: thin shells around jobs.py that reload what
they need from ids, so they are safe to run again (core/tasks.py has the policy)."""

from celery import shared_task

from core.tasks import RETRY_TRANSIENT, SAFE_TO_REPEAT

from .jobs import export_build, exports_delete_old


# An export may take long: its own limits, within the broker's visibility timeout.
@shared_task(**SAFE_TO_REPEAT, **RETRY_TRANSIENT, time_limit=60 * 60, soft_time_limit=58 * 60)
def build_export(*, export_id: int) -> str:
    return export_build(export_id=export_id).status


@shared_task(**SAFE_TO_REPEAT, **RETRY_TRANSIENT)
def delete_old_exports() -> int:
    """Daily (beat): exports finished more than EXPORTS_KEEP_DAYS days ago."""
    return exports_delete_old()
