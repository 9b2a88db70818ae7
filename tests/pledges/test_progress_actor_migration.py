"""pledges 0010: updates written before they named their actor are given the pledge's
lead, so no old report is left without one (issue 14)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import DESCRIPTION

BEFORE = [("pledges", "0009_merge_0004_search_csvsearch_0008_merge_20261202_0635")]


@pytest.mark.django_db(transaction=True)
def test_old_updates_are_given_the_lead():
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE[0]).apps
        actor = old.get_model("pledges", "Actor").objects.create(
            kind="stakeholder", code="old-lead", name="Old lead", category="civil_society"
        )
        pledge = old.get_model("pledges", "Pledge").objects.create(
            code="GCM-T-90001",
            title="Old",
            description=DESCRIPTION,
            lead=actor,
            start_date=datetime.date(2024, 1, 1),
            target_date=datetime.date(2026, 12, 31),
            mode="individual",
            pledge_type="policy",
            scope="national",
        )
        update = old.get_model("pledges", "ProgressUpdate").objects.create(
            pledge=pledge,
            date=datetime.date(2025, 1, 1),
            implementation="in_progress",
            narrative="Before actors.",
        )
    finally:
        # Forward again whatever happened: never leave the test database half-way back.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    from pledges.models import ProgressUpdate

    assert ProgressUpdate.objects.get(pk=update.pk).actor_id == actor.pk
