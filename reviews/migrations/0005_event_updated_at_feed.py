import django.utils.timezone
from django.db import migrations, models


def change_log(apps, schema_editor):
    """The change log starts with every event of the calendar and every review public
    today, so that a client syncing from the feed gets the whole public set."""
    ReviewEvent = apps.get_model("reviews", "ReviewEvent")
    VoluntaryReview = apps.get_model("reviews", "VoluntaryReview")
    ChangeEvent = apps.get_model("changes", "ChangeEvent")
    ChangeEvent.objects.bulk_create(
        ChangeEvent(kind="created", object_kind="event", code=str(pk))
        for pk in ReviewEvent.objects.order_by("start_date", "slug").values_list("pk", flat=True)
    )
    ChangeEvent.objects.bulk_create(
        ChangeEvent(kind="published", object_kind="review", code=str(pk), at=published_at)
        for pk, published_at in VoluntaryReview.objects.filter(status="published")
        .order_by("published_at", "pk")
        .values_list("pk", "published_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0004_language"),
        ("changes", "0001_change_log_feed"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewevent",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="updated at"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalreviewevent",
            name="updated_at",
            field=models.DateTimeField(
                blank=True,
                default=django.utils.timezone.now,
                editable=False,
                verbose_name="updated at",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(change_log, migrations.RunPython.noop),
    ]
