"""The project's Celery app for a worker in a process of its own, started by
tests/test_worker.py as `celery -A tests.worker_app worker`. Two differences:

- the broker hands a task whose worker died to another worker after 2 seconds, not the
  2 hours of settings, so that a test sees it happen;
- with GCM_TEST_TASK_LOG set, an export notes in that file when its build starts
  reading tables ("started <id>") and when the build returns ("finished <id> <status>");
  with GCM_TEST_TASK_SLEEP, it then sleeps that long first — time for the test to kill
  the worker in the middle of the task.
"""

import os
import time

import django

django.setup()

from exports import jobs, tasks  # noqa: E402 (after Django's setup)
from gcm_tracker.celery import app  # noqa: E402

app.conf.broker_transport_options = {"visibility_timeout": 2}

LOG = os.environ.get("GCM_TEST_TASK_LOG")
SLEEP = float(os.environ.get("GCM_TEST_TASK_SLEEP", "0"))


def _note(line: str) -> None:
    with open(str(LOG), "a") as log:
        log.write(line + "\n")


if LOG:
    _export_tables = jobs.export_tables
    _export_build = tasks.export_build

    def export_tables(export):
        _note(f"started {export.pk}")
        time.sleep(SLEEP)
        return _export_tables(export)

    def export_build(*, export_id: int):
        export = _export_build(export_id=export_id)
        _note(f"finished {export_id} {export.status}")
        return export

    jobs.export_tables = export_tables
    tasks.export_build = export_build

__all__ = ["app"]
