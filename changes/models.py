"""The change log: one row per change of the public record, in commit order.

The apps' services write a row (services.change_record) in the same transaction as
the change itself, so the log can never disagree with the data: a change rolled back
leaves no row, a committed one always has its row. Rows are never edited or deleted.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ChangeEvent(models.Model):
    """A change of a public record: which record (kind of object and its code in the
    API), what happened to it, and when. `id` grows in commit order (services.py)."""

    class Kind(models.TextChoices):
        CREATED = "created", pgettext_lazy("change", "Created")
        UPDATED = "updated", pgettext_lazy("change", "Updated")
        PROGRESS_REPORTED = "progress_reported", _("Progress reported")
        PUBLISHED = "published", pgettext_lazy("change", "Published")
        UNPUBLISHED = "unpublished", pgettext_lazy("change", "Unpublished")
        WITHDRAWN = "withdrawn", pgettext_lazy("change", "Withdrawn")

    class ObjectKind(models.TextChoices):
        PLEDGE = "pledge", _("pledge")
        REVIEW = "review", _("voluntary national review")
        EVENT = "event", _("review event")

    # What a kind of change does to the public set: these make the record (and its
    # latest state) public, these take it out.
    ENTERING_OR_CHANGED = (
        Kind.CREATED,
        Kind.UPDATED,
        Kind.PROGRESS_REPORTED,
        Kind.PUBLISHED,
    )
    LEAVING = (Kind.UNPUBLISHED, Kind.WITHDRAWN)

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(_("kind of change"), max_length=20, choices=Kind.choices)
    object_kind = models.CharField(_("kind of record"), max_length=12, choices=ObjectKind.choices)
    # The record's key in the API: a pledge's code (GCM-P-00042), a review's or an
    # event's id.
    code = models.CharField(_("code"), max_length=40)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["id"]
        indexes = [
            # GET /api/v1/changes/?since=… (the first sync of a client, by time).
            models.Index(fields=["at"], name="changeevent_at_idx"),
            # A record's own history of changes (?object_kind=pledge&code=…).
            models.Index(fields=["object_kind", "code", "id"], name="changeevent_object_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.id} {self.object_kind} {self.code}: {self.kind}"
