"""Export and SentReminder moved from gcm_tracker to the exports and reminders apps
(issue 10): a database migrated before the move keeps its rows, and the permissions
given on them, once migrated forward."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("gcm_tracker", "0001_initial"), ("exports", None), ("reminders", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_rows_and_permissions_survive_the_move(django_user_model):
    user = django_user_model.objects.create(username="researcher")
    try:
        executor = _migrate(BEFORE)
        # The models as they were at gcm_tracker's 0001, before the move.
        old = executor.loader.project_state(("gcm_tracker", "0001_initial")).apps
        export = old.get_model("gcm_tracker", "Export").objects.create(
            requester_id=user.pk, kind="pledges", format="csv"
        )
        old.get_model("gcm_tracker", "SentReminder").objects.create(
            kind="review_due", object_id=7, recipient_id=user.pk, occasion="2026-05-01/7d"
        )
        # Going back took the content type back too (or it was never moved).
        export_type, _ = ContentType.objects.get_or_create(app_label="gcm_tracker", model="export")
        permission, _ = Permission.objects.get_or_create(
            content_type=export_type, codename="view_export", defaults={"name": "Can view export"}
        )
    finally:
        # Forward again whatever happened: never leave the test database half-way back.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    from exports.models import Export
    from reminders.models import SentReminder

    assert list(Export.objects.values_list("pk", "kind")) == [(export.pk, "pledges")]
    assert list(SentReminder.objects.values_list("occasion", flat=True)) == ["2026-05-01/7d"]
    tables = connection.introspection.table_names()
    assert "exports_export" in tables and "gcm_tracker_export" not in tables
    assert "reminders_sentreminder" in tables and "gcm_tracker_sentreminder" not in tables
    # The content type followed the model: permissions given on it stay given.
    permission.refresh_from_db()
    assert (permission.content_type.app_label, permission.codename) == ("exports", "view_export")
