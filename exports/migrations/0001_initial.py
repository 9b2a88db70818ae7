"""Export moves here from gcm_tracker (issue 10) with its rows.

The model's state is created here and removed from gcm_tracker (its 0002), while the
database keeps the table gcm_tracker made; the table is then renamed to this app's
name, and the content type follows, so that permissions given on it stay given. On a
new database, gcm_tracker's 0001 still creates the table first: the same path.
"""

import django.db.models.deletion
import exports.models
import exports.registry
from django.conf import settings
from django.db import migrations, models


def content_type_forward(apps, schema_editor):
    _move_content_type(apps, "gcm_tracker", "exports")


def content_type_backward(apps, schema_editor):
    _move_content_type(apps, "exports", "gcm_tracker")


def _move_content_type(apps, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=new_label, model="export").exists():
        return  # created already (post_migrate of an earlier run): leave both be
    ContentType.objects.filter(app_label=old_label, model="export").update(
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
                    name='Export',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=exports.registry.kind_choices, max_length=12, verbose_name='kind')),
                        ('format', models.CharField(choices=[('csv', 'CSV'), ('xlsx', 'Excel (XLSX)'), ('json', 'JSON')], max_length=4, verbose_name='format')),
                        ('filters', models.JSONField(blank=True, default=dict, verbose_name='filters')),
                        ('status', models.CharField(choices=[('pending', 'Waiting'), ('running', 'Being built'), ('done', 'Ready'), ('failed', 'Failed')], default='pending', max_length=8, verbose_name='status')),
                        ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='progress (%)')),
                        ('row_count', models.PositiveIntegerField(default=0, verbose_name='rows')),
                        ('file', models.FileField(blank=True, default='', upload_to=exports.models._export_path, verbose_name='file')),
                        ('error', models.TextField(blank=True, default='', verbose_name='error')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                        ('requester', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='exports', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                    ],
                    options={
                        'db_table': 'gcm_tracker_export',
                        'verbose_name': 'export',
                        'verbose_name_plural': 'exports',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(fields=['requester', '-created_at'], name='export_requester_idx'), models.Index(fields=['finished_at'], name='export_finished_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='export_progress_percent'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'done'), _negated=True), models.Q(('file', ''), _negated=True), _connector='OR'), name='export_done_has_file')],
                    },
                ),
            ],
            # The table exists (gcm_tracker's 0001): nothing to create.
            database_operations=[],
        ),
        # A rename, not a copy: gcm_tracker_export becomes exports_export.
        migrations.AlterModelTable(name="export", table=None),
        migrations.RunPython(content_type_forward, content_type_backward),
    ]
