"""The worker's side of exports: building a file, deleting old ones (tasks.py runs them).

`export_build` writes the file row by row: querysets are read with
`iterator(chunk_size=…)` and written straight to a temporary file (writers.py), so
memory stays flat whatever the number of rows. Progress is saved every PROGRESS_EVERY
rows. Visibility is the requester's, through the apps' own selectors (registry.py):
the public's published rows, a focal point's own actors' too, staff everything.
"""

from __future__ import annotations

import datetime
import logging
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.tasks import TRANSIENT_ERRORS

from . import registry
from .models import Export
from .registry import Table
from .writers import write_sheets

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500
PROGRESS_EVERY = 500


def _filtered(
    filterset_class: type[django_filters.FilterSet], queryset: QuerySet, filters: dict
) -> QuerySet:
    filterset = filterset_class(data=filters, queryset=queryset)
    if not filterset.is_valid():
        # Checked when the export was asked for; a filter that no longer validates
        # (a choice removed since) fails the export rather than exporting everything.
        raise ValidationError({"filters": [str(filterset.errors)]})
    return filterset.qs


def export_tables(export: Export) -> list[tuple[Table, QuerySet]]:
    """The tables of an export, each with its rows: querysets scoped to what the
    requester may see, narrowed by the export's filters. No query until read."""
    tables = []
    for table, filterset_class in registry.tables(export.kind):
        queryset = table.queryset(export.requester)
        if filterset_class is not None:
            queryset = _filtered(filterset_class, queryset, export.filters)
        tables.append((table, queryset))
    return tables


class _Progress:
    """Counts rows over every table and saves the percentage every PROGRESS_EVERY rows."""

    def __init__(self, export: Export, total: int):
        self.export, self.total, self.done = export, total, 0

    def rows(self, table: Table, queryset: QuerySet) -> Iterator[Sequence[Any]]:
        for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
            yield table.row(obj)
            self.done += 1
            if self.done % PROGRESS_EVERY == 0:
                self._save(min(99, self.done * 100 // max(self.total, 1)))

    def _save(self, percent: int) -> None:
        Export.objects.filter(pk=self.export.pk).update(progress=percent, row_count=self.done)


def export_build(*, export_id: int) -> Export:
    """Build the file of a pending export. Safe to run twice: a finished export is left
    alone, and a build interrupted half-way (a worker lost) starts again from scratch.
    Reads the tables in chunks of CHUNK_SIZE; one progress write per PROGRESS_EVERY rows.
    """
    with transaction.atomic():
        export = Export.objects.select_for_update().select_related("requester").get(pk=export_id)
        if export.status in (Export.Status.DONE, Export.Status.FAILED):
            return export
        export.status = Export.Status.RUNNING
        export.started_at = timezone.now()
        export.progress = 0
        export.save(update_fields=["status", "started_at", "progress"])
    try:
        tables = export_tables(export)
        progress = _Progress(export, sum(queryset.count() for _table, queryset in tables))
        sheets = [(table, progress.rows(table, queryset)) for table, queryset in tables]
        with tempfile.TemporaryFile(dir=_tmp_dir()) as out:
            extension = write_sheets(export.format, sheets, out)
            name = f"gcm-{export.kind}-{timezone.now():%Y%m%d-%H%M}.{extension}"
            out.seek(0)
            export.file.save(name, File(out, name=name), save=False)
    except ValidationError as exc:
        return _fail(export, "; ".join(exc.messages))
    except Exception as exc:
        if isinstance(exc, TRANSIENT_ERRORS):
            # The task retries: leave it pending, for the next try to start afresh.
            Export.objects.filter(pk=export.pk).update(status=Export.Status.PENDING, progress=0)
            raise
        logger.exception("Export %s failed", export.pk)
        return _fail(export, _("The export could not be built; Network staff have the details."))
    export.status = Export.Status.DONE
    export.progress = 100
    export.row_count = progress.done
    export.finished_at = timezone.now()
    export.error = ""
    export.save(update_fields=["status", "progress", "row_count", "file", "finished_at", "error"])
    return export


def _tmp_dir() -> str | None:
    # Next to the media files when possible: the final copy stays on one disk.
    path = Path(settings.MEDIA_ROOT) / "exports"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return str(path)


def _fail(export: Export, message: str) -> Export:
    export.status = Export.Status.FAILED
    export.error = message
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "error", "finished_at"])
    return export


def exports_delete_old(*, days: int | None = None) -> int:
    """Delete exports (rows and files) finished more than `days` days ago (setting
    EXPORTS_KEEP_DAYS). Returns how many; one query plus one per file."""
    days = settings.EXPORTS_KEEP_DAYS if days is None else days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    old = Export.objects.filter(finished_at__lt=cutoff)
    deleted = 0
    for export in old.iterator(chunk_size=CHUNK_SIZE):
        if export.file:
            export.file.delete(save=False)
        export.delete()
        deleted += 1
    return deleted
