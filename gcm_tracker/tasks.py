"""Background tasks of the shared infrastructure: reminders and exports.

Each is a thin shell around a service (reminders.py, exports.py) that reloads what
it needs from ids, so it is safe to run again; see celery.py for the options.
"""

from celery import shared_task

from core.tasks import RETRY_TRANSIENT, SAFE_TO_REPEAT

from .exports import export_build, exports_delete_old
from .reminders import reminders_send


@shared_task(**SAFE_TO_REPEAT, **RETRY_TRANSIENT)
def send_reminders() -> dict[str, int]:
    """Daily (beat): every reminder due today not sent before. Claims make a repeat
    harmless; a mail server that fails one mail is retried by the next run."""
    run = reminders_send()
    return {"sent": run.sent, "skipped": run.skipped, "failed": run.failed}


# An export may take long: its own limits, within the broker's visibility timeout.
@shared_task(**SAFE_TO_REPEAT, **RETRY_TRANSIENT, time_limit=60 * 60, soft_time_limit=58 * 60)
def build_export(*, export_id: int) -> str:
    return export_build(export_id=export_id).status


@shared_task(**SAFE_TO_REPEAT, **RETRY_TRANSIENT)
def delete_old_exports() -> int:
    """Daily (beat): exports finished more than EXPORTS_KEEP_DAYS days ago."""
    return exports_delete_old()
