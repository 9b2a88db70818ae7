"""The background work of reminders: a thin shell around services.reminders_send
(core/tasks.py has the retry policy)."""

from celery import shared_task

from core.tasks import RETRY_TRANSIENT, SAFE_TO_REPEAT

from .services import reminders_send


@shared_task(**SAFE_TO_REPEAT, **RETRY_TRANSIENT)
def send_reminders() -> dict[str, int]:
    """Daily (beat): every reminder due today not sent before. Claims make a repeat
    harmless; a mail server that fails one mail is retried by the next run."""
    run = reminders_send()
    return {"sent": run.sent, "skipped": run.skipped, "failed": run.failed}
