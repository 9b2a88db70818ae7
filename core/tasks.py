"""How background tasks behave when things go wrong, in one word each.

- `RETRY_TRANSIENT`: retried with exponential backoff and jitter when a service blinks
  (Redis, the database, the mail server), never for a bug or bad data, which would only
  fail again.
- `SAFE_TO_REPEAT`: acknowledged after it ends (`acks_late`), and handed to another
  worker if its worker dies (`reject_on_worker_lost`). Only for tasks that can run
  twice without harm (unique claims, state checks); the others are acknowledged on
  receipt, so a crash loses the run rather than doubling it.

Apps declare their tasks with `@shared_task(**SAFE_TO_REPEAT, **RETRY_TRANSIENT)`; the
Celery application itself is wiring (gcm_tracker/celery.py).
"""

import smtplib
from typing import Any

import redis.exceptions
from celery.signals import task_postrun, task_prerun
from django.db import InterfaceError, OperationalError

from .history import system_actor

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    OperationalError,  # the database went away or refused the connection
    InterfaceError,  # a connection closed under us
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
    ConnectionError,  # refused, reset: sockets in general
    TimeoutError,
)

RETRY_TRANSIENT: dict[str, Any] = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 5,  # 5 s, 10 s, 20 s… (full jitter: anywhere up to that)
    "retry_backoff_max": 10 * 60,
    "retry_jitter": True,
    "max_retries": 6,
}

SAFE_TO_REPEAT: dict[str, Any] = {"acks_late": True, "reject_on_worker_lost": True}


def tasks_run_inline() -> bool:
    """True on the embedded default, where there is no worker and tasks run inline."""
    from celery import current_app

    return bool(current_app.conf.task_always_eager)


# A task's writes that no service attributes to a user are the task's system actor's
# (`system-task.<name>`): entered before each task runs, left after it.
_task_actors: dict[str, Any] = {}


@task_prerun.connect(weak=False, dispatch_uid="core.tasks.system_actor_enter")
def _enter_task_actor(task_id: str, task: Any, **_: Any) -> None:
    actor = system_actor(f"task.{task.name.rsplit('.', 1)[-1]}")
    actor.__enter__()
    _task_actors[task_id] = actor


@task_postrun.connect(weak=False, dispatch_uid="core.tasks.system_actor_leave")
def _leave_task_actor(task_id: str, **_: Any) -> None:
    actor = _task_actors.pop(task_id, None)
    if actor is not None:
        actor.__exit__(None, None, None)
