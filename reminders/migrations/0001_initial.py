"""SentReminder moves here from gcm_tracker (issue 10) with its rows.

The model's state is created here and removed from gcm_tracker (its 0002), while the
database keeps the table gcm_tracker made; the table is then renamed to this app's
name, and the content type follows, so that permissions given on it stay given. On a
new database, gcm_tracker's 0001 still creates the table first: the same path.
"""

import django.db.models.deletion
import reminders.registry
from django.conf import settings
from django.db import migrations, models


def content_type_forward(apps, schema_editor):
    _move_content_type(apps, "gcm_tracker", "reminders")


def content_type_backward(apps, schema_editor):
    _move_content_type(apps, "reminders", "gcm_tracker")


def _move_content_type(apps, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=new_label, model="sentreminder").exists():
        return  # created already (post_migrate of an earlier run): leave both be
    ContentType.objects.filter(app_label=old_label, model="sentreminder").update(
        app_label=new_label
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("gcm_tracker", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SentReminder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=reminders.registry.kind_choices, max_length=20, verbose_name='kind')),
                        ('object_id', models.PositiveBigIntegerField(verbose_name='object id')),
                        ('occasion', models.CharField(help_text='Which reminder of the series: “2026-05-18/7d”, “2024-03-01/24m”.', max_length=40, verbose_name='occasion')),
                        ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='sent at')),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sent_reminders', to=settings.AUTH_USER_MODEL, verbose_name='recipient')),
                    ],
                    options={
                        'db_table': 'gcm_tracker_sentreminder',
                        'verbose_name': 'sent reminder',
                        'verbose_name_plural': 'sent reminders',
                        'ordering': ['-sent_at', '-pk'],
                        'constraints': [models.UniqueConstraint(fields=('kind', 'object_id', 'recipient', 'occasion'), name='sentreminder_once')],
                    },
                ),
            ],
            # The table exists (gcm_tracker's 0001): nothing to create.
            database_operations=[],
        ),
        # A rename, not a copy: gcm_tracker_sentreminder becomes reminders_sentreminder.
        migrations.AlterModelTable(name="sentreminder", table=None),
        migrations.RunPython(content_type_forward, content_type_backward),
    ]
