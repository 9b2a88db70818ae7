"""A pledge's implementation follows its lead actor's own latest report (issue 14):
until now the newest update of any partner set it. Re-derive it for every pledge
whose updates say otherwise. Reversible as a no-op (the old figure was the bug)."""

from django.db import migrations
from django.db.models import OuterRef, Q, Subquery


def resync(apps, schema_editor):
    Pledge = apps.get_model("pledges", "Pledge")
    ProgressUpdate = apps.get_model("pledges", "ProgressUpdate")
    lead_latest = (
        ProgressUpdate.objects.filter(pledge=OuterRef("pk"))
        .filter(Q(actor=OuterRef("lead")) | Q(actor__isnull=True))
        .order_by("-date", "-created_at", "-pk")
        .values("implementation")[:1]
    )
    rows = Pledge.objects.annotate(by_lead=Subquery(lead_latest)).values_list(
        "pk", "implementation", "by_lead"
    )
    for pk, implementation, by_lead in rows.iterator():
        wanted = by_lead or "not_started"
        if wanted != implementation:
            Pledge.objects.filter(pk=pk).update(implementation=wanted)


class Migration(migrations.Migration):
    dependencies = [("pledges", "0014_money_amounts_exchange_rates")]

    operations = [migrations.RunPython(resync, migrations.RunPython.noop)]
