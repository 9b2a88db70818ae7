"""Exports: a file of the pledges and/or reviews a person may see, built by a worker.

`export_create` checks the request (kind, format, the list's own filters) and queues
the build after commit; `export_build` (the task's body) writes the file row by row:
querysets are read with `iterator(chunk_size=…)` and written straight to a temporary
file (csv writer, openpyxl's write-only workbook, JSON one row at a time), so memory
stays flat whatever the number of rows. Progress is saved every PROGRESS_EVERY rows.

Visibility is the requester's, through the same selectors as the lists: the public's
published rows, a focal point's own actors' too, staff everything. Exports need a
signed-in requester (the public has `?format=csv` on the lists).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import logging
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import django_filters
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from pledges.api.filters import PledgeFilter
from pledges.models import Pledge, ProgressUpdate
from pledges.selectors import pledge_list, pledges_visible_to
from reviews.api.filters import ReviewFilter
from reviews.selectors import review_list

from .models import Export

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500
PROGRESS_EVERY = 500

# Keyed by str: the kind arrives as the request's string, and a TextChoices member equals it.
FILTERSETS: dict[str, type[django_filters.FilterSet]] = {
    Export.Kind.PLEDGES: PledgeFilter,
    Export.Kind.REVIEWS: ReviewFilter,
}


# --- Tables: columns and rows -----------------------------------------------------


@dataclass
class Table:
    name: str
    columns: list[str]
    queryset: QuerySet
    # Each table's own row type (Pledge, ProgressUpdate, VoluntaryReview).
    row: Callable[[Any], list[Any]]


def _codes(items) -> str:
    return "; ".join(items)


PLEDGE_COLUMNS = [
    "code",
    "title",
    "description",
    "lead",
    "lead_name",
    "partners",
    "mode",
    "type",
    "objectives",
    "actions",
    "principles",
    "scope",
    "start_date",
    "target_date",
    "matches",
    "status",
    "implementation",
    "published_at",
    "updated_at",
]


def _pledge_row(pledge: Pledge) -> list:
    # Reads the relations prefetched by pledge_list, chunk by chunk: no query per row.
    actions = sorted(pledge.actions.all(), key=lambda a: (a.objective.number, a.order))
    return [
        pledge.code,
        pledge.title,
        pledge.description,
        pledge.lead.code,
        pledge.lead.name,
        _codes(sorted(p.code for p in pledge.partners.all())),
        pledge.mode,
        pledge.pledge_type,
        _codes(str(n) for n in sorted(o.number for o in pledge.objectives.all())),
        _codes(a.label for a in actions),
        _codes(p.slug for p in sorted(pledge.principles.all(), key=lambda p: p.order)),
        pledge.scope,
        pledge.start_date,
        pledge.target_date,
        pledge.matches.code if pledge.matches is not None else "",
        pledge.status,
        pledge.implementation,
        pledge.published_at,
        pledge.updated_at,
    ]


UPDATE_COLUMNS = ["pledge", "date", "implementation", "percent", "narrative", "links"]


def _update_row(update: ProgressUpdate) -> list:
    return [
        update.pledge.code,
        update.date,
        update.implementation,
        update.percent,
        update.narrative,
        _codes(update.links),
    ]


REVIEW_COLUMNS = [
    "id",
    "state",
    "state_name",
    "cycle",
    "event",
    "due_date",
    "status",
    "plan",
    "plan_url",
    "objectives_assessed",
    "objectives_total",
    "submitted_at",
    "published_at",
]


def _review_row(review) -> list:
    return [
        review.pk,
        review.state.code,
        review.state.name,
        review.cycle.name,
        review.event.slug if review.event_id else "",
        review.due_on,
        review.status,
        review.plan,
        review.plan_url,
        review.assessed_count,
        review.objective_total,
        review.submitted_at,
        review.published_at,
    ]


def _filtered(kind: str, queryset: QuerySet, filters: dict) -> QuerySet:
    filterset = FILTERSETS[kind](data=filters, queryset=queryset)
    if not filterset.is_valid():
        # Checked when the export was asked for; a filter that no longer validates
        # (a choice removed since) fails the export rather than exporting everything.
        raise ValidationError({"filters": [str(filterset.errors)]})
    return filterset.qs


def export_tables(export: Export) -> list[Table]:
    """The tables of an export, as querysets scoped to what its requester may see."""
    user = export.requester
    tables = []
    if export.kind in (Export.Kind.PLEDGES, Export.Kind.EVERYTHING):
        pledges = pledge_list(user)
        if export.kind == Export.Kind.PLEDGES:
            pledges = _filtered(export.kind, pledges, export.filters)
        tables.append(Table("pledges", PLEDGE_COLUMNS, pledges.order_by("code"), _pledge_row))
    if export.kind == Export.Kind.EVERYTHING:
        updates = (
            ProgressUpdate.objects.filter(pledge__in=pledges_visible_to(user).values("pk"))
            .select_related("pledge")
            .order_by("pledge__code", "date", "pk")
        )
        tables.append(Table("progress_updates", UPDATE_COLUMNS, updates, _update_row))
    if export.kind in (Export.Kind.REVIEWS, Export.Kind.EVERYTHING):
        reviews = review_list(user)
        if export.kind == Export.Kind.REVIEWS:
            reviews = _filtered(export.kind, reviews, export.filters)
        tables.append(
            Table("reviews", REVIEW_COLUMNS, reviews.order_by("state__code", "pk"), _review_row)
        )
    return tables


# --- Writers ---------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def _write_csv(out, table: Table, rows: Iterator[list]) -> None:
    # A BOM lets spreadsheet programs read Côte d'Ivoire and Türkiye right.
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(table.columns)
    for row in rows:
        writer.writerow([_text(v) for v in row])


def _write_json(out, table: Table, rows: Iterator[list]) -> None:
    out.write(json.dumps(table.name) + ": [")
    for n, row in enumerate(rows):
        out.write(",\n" if n else "\n")
        out.write(
            json.dumps(dict(zip(table.columns, row, strict=True)), cls=_Encoder, ensure_ascii=False)
        )
    out.write("\n]")


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            return float(o)
        return super().default(o)


def _xlsx_cell(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, datetime.datetime):
        # Excel has no time zones: write UTC, which the column name cannot say.
        return timezone.make_naive(value, datetime.UTC) if timezone.is_aware(value) else value
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


class _Progress:
    """Counts rows over every table and saves the percentage every PROGRESS_EVERY rows."""

    def __init__(self, export: Export, total: int):
        self.export, self.total, self.done = export, total, 0

    def rows(self, table: Table) -> Iterator[list]:
        for obj in table.queryset.iterator(chunk_size=CHUNK_SIZE):
            yield table.row(obj)
            self.done += 1
            if self.done % PROGRESS_EVERY == 0:
                self._save(min(99, self.done * 100 // max(self.total, 1)))

    def _save(self, percent: int) -> None:
        Export.objects.filter(pk=self.export.pk).update(progress=percent, row_count=self.done)


def _write(export: Export, tables: list[Table], progress: _Progress, out) -> str:
    """Write every table to the binary file `out`; returns the file name."""
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    base = f"gcm-{export.kind}-{stamp}"
    if export.format == Export.Format.XLSX:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        for table in tables:
            sheet = workbook.create_sheet(table.name)
            sheet.append(table.columns)
            for row in progress.rows(table):
                sheet.append([_xlsx_cell(v) for v in row])
        workbook.save(out)
        return f"{base}.xlsx"
    if export.format == Export.Format.JSON:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        text.write("{")
        for n, table in enumerate(tables):
            text.write(",\n" if n else "\n")
            _write_json(text, table, progress.rows(table))
        text.write("\n}\n")
        text.detach()
        return f"{base}.json"
    if len(tables) == 1:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        _write_csv(text, tables[0], progress.rows(tables[0]))
        text.detach()
        return f"{base}.csv"
    # Several tables as CSV: one file each, in a zip.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            with archive.open(f"{table.name}.csv", "w") as member:
                text = io.TextIOWrapper(member, encoding="utf-8", newline="")
                _write_csv(text, table, progress.rows(table))
                text.flush()
                text.detach()
    return f"{base}.zip"


# --- Services --------------------------------------------------------------------


def export_check_filters(kind: str, filters: dict) -> dict:
    """The filters of an export, checked with the list's own FilterSet: an unknown
    name or a bad value is an error rather than silently exporting everything."""
    if not isinstance(filters, dict):
        raise ValidationError({"filters": [_("Give the filters as an object.")]})
    filters = {str(k): v for k, v in filters.items() if v not in ("", None)}
    if kind == Export.Kind.EVERYTHING:
        if filters:
            raise ValidationError(
                {"filters": [_("Everything is exported unfiltered; export pledges or reviews.")]}
            )
        return {}
    filterset_class = FILTERSETS[kind]
    errors = {}
    unknown = sorted(set(filters) - set(filterset_class.base_filters))
    if unknown:
        errors["filters"] = [
            _("Unknown filter: %(names)s. Filters are: %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(filterset_class.base_filters)}
        ]
    if any(not isinstance(v, str | int | float) for v in filters.values()):
        errors["filters"] = [_("Each filter is a single value.")]
    if errors:
        raise ValidationError(errors)
    filters = {k: str(v) for k, v in filters.items()}
    filterset = filterset_class(data=filters, queryset=filterset_class._meta.model.objects.none())
    if not filterset.is_valid():
        raise ValidationError(
            {f"filters.{name}": list(messages) for name, messages in filterset.errors.items()}
        )
    return filters


@transaction.atomic
def export_create(*, user, kind: str, format: str, filters: dict | None = None) -> Export:
    """Record an export for `user` and queue its build once the row is committed.
    One insert; on the embedded default the build runs inline right after it."""
    if not (user and user.is_authenticated):
        raise PermissionDenied(_("Sign in to export; the public lists offer ?format=csv."))
    errors = {}
    if kind not in Export.Kind.values:
        errors["kind"] = [_("Choose one of: %(c)s.") % {"c": ", ".join(Export.Kind.values)}]
    if format not in Export.Format.values:
        errors["format"] = [_("Choose one of: %(c)s.") % {"c": ", ".join(Export.Format.values)}]
    if errors:
        raise ValidationError(errors)
    filters = export_check_filters(kind, filters or {})
    export = Export.objects.create(requester=user, kind=kind, format=format, filters=filters)
    from .tasks import build_export

    transaction.on_commit(lambda: build_export.delay(export_id=export.pk))
    return export


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
        progress = _Progress(export, sum(table.queryset.count() for table in tables))
        with tempfile.TemporaryFile(dir=_tmp_dir()) as out:
            name = _write(export, tables, progress, out)
            out.seek(0)
            export.file.save(name, File(out, name=name), save=False)
    except ValidationError as exc:
        return _fail(export, "; ".join(exc.messages))
    except Exception as exc:
        from core.tasks import TRANSIENT_ERRORS

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


def export_list(user) -> QuerySet[Export]:
    """`user`'s own exports, newest first. One query."""
    return Export.objects.filter(requester=user).order_by("-created_at", "-pk")


def exports_visible_to(user) -> QuerySet[Export]:
    """The exports `user` may see and download: their own; staff every one."""
    from pledges.selectors import user_is_staff

    if user_is_staff(user):
        return Export.objects.all()
    if not (user and user.is_authenticated):
        return Export.objects.none()
    return Export.objects.filter(requester=user)
