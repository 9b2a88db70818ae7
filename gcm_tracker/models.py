"""Shared infrastructure of the background work: what reminders were sent, and the
exports people asked for. The rules live in reminders.py and exports.py."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SentReminder(models.Model):
    """A reminder claimed for one recipient, about one object, on one occasion.

    The unique constraint is what makes a reminder go out once however often the
    daily job runs or retries: a run inserts the row first and sends only if the
    insert succeeded (a failed send deletes it again, for the next run to retry).
    """

    class Kind(models.TextChoices):
        REVIEW_DUE = "review_due", _("Voluntary review due")
        PLEDGE_QUIET = "pledge_quiet", _("Pledge without progress update")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The review's or the pledge's id, by `kind`: a generic key would cost a
    # content-types join for nothing.
    object_id = models.PositiveBigIntegerField(_("object id"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sent_reminders",
        verbose_name=_("recipient"),
    )
    occasion = models.CharField(
        _("occasion"),
        max_length=40,
        help_text=_("Which reminder of the series: “2026-05-18/7d”, “2024-03-01/24m”."),
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "recipient", "occasion"],
                name="sentreminder_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.object_id} → {self.recipient} ({self.occasion})"


def _export_path(export: "Export", filename: str) -> str:
    # A random directory: the file is never reachable by guessing, whoever serves media.
    return f"exports/{uuid.uuid4().hex}/{filename}"


class Export(models.Model):
    """A file of pledges and/or reviews built by a worker for one person."""

    class Kind(models.TextChoices):
        PLEDGES = "pledges", _("Pledges")
        REVIEWS = "reviews", _("Voluntary reviews")
        EVERYTHING = "everything", _("Everything")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", _("Excel (XLSX)")
        JSON = "json", "JSON"

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exports",
        verbose_name=_("requested by"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    file = models.FileField(_("file"), upload_to=_export_path, blank=True, default="")
    error = models.TextField(_("error"), blank=True, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="export_progress_percent"),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(file=""), name="export_done_has_file"
            ),
        ]
        indexes = [
            # GET /api/v1/exports/: one's own exports, newest first.
            models.Index(fields=["requester", "-created_at"], name="export_requester_idx"),
            # The daily clean-up of finished exports older than N days.
            models.Index(fields=["finished_at"], name="export_finished_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.format}) #{self.pk}"
