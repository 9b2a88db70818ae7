"""pledges 0015: a pledge's implementation is re-derived from its lead's own latest
report; a partner's later "fulfilled" no longer stands for the pledge (issue 14)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import DESCRIPTION

# Just before 0015, with its sibling 0014 (the disputes, joined after it by 0016) applied:
# the database and the old models then agree on the progress updates' columns.
BEFORE = [
    ("pledges", "0014_money_amounts_exchange_rates"),
    ("pledges", "0014_progress_update_dispute"),
]


@pytest.mark.django_db(transaction=True)
def test_implementation_follows_the_leads_report_after_the_migration():
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        Actor = old.get_model("pledges", "Actor")
        lead = Actor.objects.create(
            kind="stakeholder", code="old-lead", name="Old lead", category="civil_society"
        )
        partner = Actor.objects.create(
            kind="stakeholder", code="old-partner", name="Old partner", category="civil_society"
        )
        Pledge = old.get_model("pledges", "Pledge")
        pledge = Pledge.objects.create(
            code="GCM-T-90002",
            title="Old joint pledge",
            description=DESCRIPTION,
            lead=lead,
            start_date=datetime.date(2024, 1, 1),
            target_date=datetime.date(2026, 12, 31),
            mode="partnership",
            pledge_type="policy",
            scope="national",
            implementation="fulfilled",  # set by the partner's later update, the old way
        )
        untouched = Pledge.objects.create(
            code="GCM-T-90003",
            title="Old pledge of the lead alone",
            description=DESCRIPTION,
            lead=lead,
            start_date=datetime.date(2024, 1, 1),
            target_date=datetime.date(2026, 12, 31),
            mode="individual",
            pledge_type="policy",
            scope="national",
            implementation="in_progress",
        )
        Update = old.get_model("pledges", "ProgressUpdate")
        for target, actor, day, implementation in [
            (pledge, lead, datetime.date(2025, 1, 1), "in_progress"),
            (pledge, partner, datetime.date(2025, 2, 1), "fulfilled"),
            (untouched, None, datetime.date(2025, 1, 1), "in_progress"),
        ]:
            Update.objects.create(
                pledge=target, actor=actor, date=day, implementation=implementation, narrative="x"
            )
    finally:
        # Forward again whatever happened: never leave the test database half-way back.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    from pledges.models import Pledge as Current

    assert Current.objects.get(pk=pledge.pk).implementation == "in_progress"
    assert Current.objects.get(pk=untouched.pk).implementation == "in_progress"
