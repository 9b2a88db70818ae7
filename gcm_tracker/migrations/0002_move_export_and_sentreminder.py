"""Export and SentReminder move to the exports and reminders apps (issue 10).

State only: the tables stay, and those apps' 0001 take them over (and rename them).
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("gcm_tracker", "0001_initial"),
        ("exports", "0001_initial"),
        ("reminders", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Export"),
                migrations.DeleteModel(name="SentReminder"),
            ],
            database_operations=[],
        ),
    ]
