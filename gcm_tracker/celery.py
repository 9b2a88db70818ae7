"""The Celery application. Configuration lives in settings (CELERY_* names).

Task options shared by the apps' tasks live here too, so every task says in one word
how it behaves when things go wrong:

- `RETRY_TRANSIENT`: retried with exponential backoff and jitter when a service blinks
  (Redis, the database, the mail server), never for a bug or bad data, which would only
  fail again.
- `SAFE_TO_REPEAT`: acknowledged after it ends (`acks_late`), and handed to another
  worker if its worker dies (`reject_on_worker_lost`). Only for tasks that can run
  twice without harm (unique claims, state checks); the others are acknowledged on
  receipt, so a crash loses the run rather than doubling it.
"""

import os
import smtplib

import redis.exceptions
from celery import Celery
from django.db import InterfaceError, OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gcm_tracker.settings")

app = Celery("gcm_tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

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

RETRY_TRANSIENT = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 5,  # 5 s, 10 s, 20 s… (full jitter: anywhere up to that)
    "retry_backoff_max": 10 * 60,
    "retry_jitter": True,
    "max_retries": 6,
}

SAFE_TO_REPEAT = {"acks_late": True, "reject_on_worker_lost": True}
