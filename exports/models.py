"""An export: a file of rows a person asked for, built by a worker (services.py)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .registry import kind_choices


def _export_path(export: "Export", filename: str) -> str:
    # A random directory: the file is never reachable by guessing, whoever serves media.
    return f"exports/{uuid.uuid4().hex}/{filename}"


class Export(models.Model):
    """A file of the rows one person may see, of one kind (registry.py), in one format."""

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
    # The kinds are the apps' (registry.py): a callable, so that a new kind needs no
    # migration.
    kind = models.CharField(_("kind"), max_length=12, choices=kind_choices)
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
