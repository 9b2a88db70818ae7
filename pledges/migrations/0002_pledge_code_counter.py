from django.db import migrations


def create_counter(apps, schema_editor):
    # The row exists before the first pledge, so that concurrent first submissions
    # lock it instead of racing to create it.
    apps.get_model("pledges", "Counter").objects.get_or_create(name="pledge", defaults={"value": 0})


class Migration(migrations.Migration):
    dependencies = [("pledges", "0001_initial")]

    operations = [migrations.RunPython(create_counter, migrations.RunPython.noop)]
