"""Every existing one-way match (`Pledge.matches`) becomes an offer, `offered`.

Not `accepted`: until now nothing asked the matched pledge's lead, so no existing
match records its consent; its focal points now see the offer in their workspace and
answer it. Reversing drops the rows (`Pledge.matches` itself is untouched).
"""

from django.db import migrations
from django.db.models import F


def offers_from_matches(apps, schema_editor):
    Pledge = apps.get_model("pledges", "Pledge")
    PledgeMatch = apps.get_model("pledges", "PledgeMatch")
    rows = Pledge.objects.filter(matches__isnull=False).exclude(matches=F("pk"))
    PledgeMatch.objects.bulk_create(
        [
            PledgeMatch(offer_id=pk, matched_id=matched_id, status="offered", offered_at=created)
            for pk, matched_id, created in rows.values_list("pk", "matches_id", "created_at")
        ],
        ignore_conflicts=True,
    )


def drop_offers(apps, schema_editor):
    apps.get_model("pledges", "PledgeMatch").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("pledges", "0010_matches_lifecycle")]

    operations = [migrations.RunPython(offers_from_matches, drop_offers)]
