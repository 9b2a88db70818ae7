"""Seeds the State aliases with the list the mention matcher held in code until now
(reviews/mentions.py `ALIASES`), so that the mentions found do not change; staff keep
the list in the admin from here on. The list is copied, not imported: a migration must
not change when the code does."""

from django.db import migrations

SEED = {
    "TUR": ("Türkiye", "Turkey"),
    "SDN": ("the Sudan",),
    "MDA": ("Republic of Moldova",),
    "CIV": ("Côte d'Ivoire", "Cote d'Ivoire"),
    "USA": ("United States of America", "the United States"),
    "GBR": ("United Kingdom of Great Britain and Northern Ireland", "the United Kingdom"),
    "KOR": ("the Republic of Korea",),
    "PRK": ("Democratic People's Republic of Korea",),
    "NLD": ("Kingdom of the Netherlands", "the Netherlands"),
    "PHL": ("the Philippines",),
    "NER": ("the Niger",),
    "GMB": ("the Gambia",),
    "BOL": ("Bolivia (Plurinational State of)", "Bolivia"),
    "VEN": ("Venezuela (Bolivarian Republic of)", "Venezuela"),
    "IRN": ("Iran (Islamic Republic of)", "Iran"),
    "FSM": ("Micronesia (Federated States of)",),
    "VNM": ("Viet Nam",),
    "TZA": ("United Republic of Tanzania", "Tanzania"),
    "SYR": ("Syrian Arab Republic",),
    "LAO": ("Lao People's Democratic Republic",),
    "RUS": ("Russian Federation",),
    "CZE": ("Czechia", "Czech Republic"),
    "CPV": ("Cabo Verde",),
    "SWZ": ("Eswatini",),
    "MKD": ("North Macedonia",),
    "COD": ("Democratic Republic of the Congo",),
}


def seed(apps, schema_editor):
    StateAlias = apps.get_model("reviews", "StateAlias")
    for code, names in SEED.items():
        for name in names:
            StateAlias.objects.get_or_create(name=name, defaults={"state_code": code})


def unseed(apps, schema_editor):
    StateAlias = apps.get_model("reviews", "StateAlias")
    names = [name for names in SEED.values() for name in names]
    StateAlias.objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0007_state_alias")]

    operations = [migrations.RunPython(seed, unseed)]
