"""The Celery application. Configuration lives in settings (CELERY_* names); the
tasks are each app's `tasks.py` (`@shared_task`), with the retry policy of
core/tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gcm_tracker.settings")

app = Celery("gcm_tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
