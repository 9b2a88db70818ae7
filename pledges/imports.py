"""Import pledges from a CSV or XLSX file: `manage.py import_pledges` and the admin.

Every row goes through the pledge services (pledge_create, then pledge_submit and
pledge_publish or pledge_withdraw for the status asked), inside a savepoint, so the
rules are checked exactly as for a focal point's form and nothing is written twice.
Whole file in one transaction: unless every row is valid nothing is kept (or, with
`valid_only`, only the valid rows), and a dry run keeps nothing.

Columns (header row, any order; the first four and the dates are required):

    lead, title, description, mode, type, objectives, scope, start_date,
    target_date, actions, principles, partners, matches, status

Lists are separated by ";" ("1;5", "5(a);5(c)"). `status` is draft (default),
submitted, published or withdrawn. A row whose lead already has a pledge with the
same title is refused, so importing a file twice adds nothing the second time.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import services
from .models import Pledge
from .selectors import user_is_staff

COLUMNS = (
    "lead",
    "title",
    "description",
    "mode",
    "type",
    "objectives",
    "actions",
    "principles",
    "scope",
    "start_date",
    "target_date",
    "partners",
    "matches",
    "status",
)
REQUIRED = (
    "lead",
    "title",
    "description",
    "mode",
    "type",
    "objectives",
    "scope",
    "start_date",
    "target_date",
)
STATUSES = (
    Pledge.Status.DRAFT,
    Pledge.Status.SUBMITTED,
    Pledge.Status.PUBLISHED,
    Pledge.Status.WITHDRAWN,
)
# The services name some fields differently from the file's columns.
SERVICE_TO_COLUMN = {"pledge_type": "type", "non_field_errors": "row", "__all__": "row"}
PROGRESS_EVERY = 100


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}: {self.message}"


@dataclass
class ImportResult:
    rows: int = 0
    created: list[str] = field(default_factory=list)  # codes or labels, in file order
    updated: list[str] = field(default_factory=list)  # imports that upsert: labels
    errors: list[RowError] = field(default_factory=list)
    written: bool = False

    @property
    def bad_lines(self) -> list[int]:
        return sorted({e.line for e in self.errors})

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "errors": [[e.line, e.column, e.message] for e in self.errors],
            "written": self.written,
        }


class ImportFileError(ValueError):
    """The file cannot be read at all (format, header)."""


def read_rows(
    name: str,
    content: bytes,
    *,
    columns: tuple[str, ...] = COLUMNS,
    required: tuple[str, ...] = REQUIRED,
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {column: text}) for each non-empty row of a CSV or XLSX file whose
    header names `columns` (at least `required`); line numbers are the spreadsheet's
    (the header is line 1). The pledge columns by default; other imports pass theirs."""
    if name.lower().endswith(".xlsx"):
        yield from _xlsx_rows(content, columns, required)
        return
    if not name.lower().endswith(".csv"):
        raise ImportFileError(_("Give a .csv or .xlsx file."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = _("The file is not UTF-8 text (byte %(n)d).") % {"n": exc.start}
        raise ImportFileError(message) from exc
    reader = csv.reader(io.StringIO(text))
    header = _header(next(reader, []), columns, required)
    for line, cells in enumerate(reader, start=2):
        if any(c.strip() for c in cells):
            if len(cells) > len(header):
                cells = cells[: len(header)]
            yield line, dict(zip(header, [*cells, *[""] * (len(header) - len(cells))], strict=True))


def _xlsx_rows(
    content: bytes, columns: tuple[str, ...], required: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from exc
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    header = _header([_cell(c) for c in next(rows, ())], columns, required)
    for line, values in enumerate(rows, start=2):
        cells = [_cell(c) for c in values][: len(header)]
        if any(cells):
            yield line, dict(zip(header, [*cells, *[""] * (len(header) - len(cells))], strict=True))
    workbook.close()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header(cells: list[str], columns: tuple[str, ...], required: tuple[str, ...]) -> list[str]:
    header = [c.strip().lower() for c in cells]
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c and c not in columns]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(_("missing columns: %(c)s") % {"c": ", ".join(missing)})
        if unknown:
            parts.append(_("unknown columns: %(c)s") % {"c": ", ".join(unknown)})
        raise ImportFileError(_("Header row: %(p)s.") % {"p": "; ".join(parts)})
    return header


def _list(text: str) -> list[str]:
    return [item.strip() for item in (text or "").split(";") if item.strip()]


def _parse(line: int, row: dict[str, str], errors: list[RowError]) -> dict[str, Any] | None:
    """The service's arguments from a row's text; the errors of shape (a date that is
    not a date) here, those of meaning are the service's."""
    found = len(errors)

    def error(column: str, message: str) -> None:
        errors.append(RowError(line, column, message))

    for column in REQUIRED:
        if not (row.get(column) or "").strip():
            error(column, _("required"))
    values: dict[str, Any] = {
        "lead": (row.get("lead") or "").strip(),
        "title": row.get("title") or "",
        "description": row.get("description") or "",
        "mode": (row.get("mode") or "").strip().lower(),
        "pledge_type": (row.get("type") or "").strip().lower(),
        "scope": (row.get("scope") or "").strip().lower(),
        "actions": _list(row.get("actions", "")),
        "principles": _list(row.get("principles", "")),
        "partners": _list(row.get("partners", "")),
        "matches": (row.get("matches") or "").strip(),
    }
    objectives = _list(row.get("objectives", ""))
    if not all(o.isdigit() for o in objectives):
        error("objectives", _("write objective numbers separated by ;, e.g. 1;5"))
    values["objectives"] = [int(o) for o in objectives if o.isdigit()]
    for column in ("start_date", "target_date"):
        text = (row.get(column) or "").strip()
        try:
            values[column] = datetime.date.fromisoformat(text) if text else None
        except ValueError:
            error(column, _("%(v)r is not a date (YYYY-MM-DD)") % {"v": text})
    status = (row.get("status") or "").strip().lower() or Pledge.Status.DRAFT
    if status not in STATUSES:
        error("status", _("choose one of: %(c)s") % {"c": ", ".join(STATUSES)})
    values["status"] = status
    return None if len(errors) > found else values


def _create(values: dict[str, Any], *, user) -> Pledge:
    status = values.pop("status")
    if Pledge.objects.filter(lead__code=values["lead"], title=values["title"].strip()).exists():
        raise ValidationError({"title": _("This lead already has a pledge with this title.")})
    pledge = services.pledge_create(user=user, **values)
    if status in (Pledge.Status.SUBMITTED, Pledge.Status.PUBLISHED):
        pledge = services.pledge_submit(pledge=pledge, user=user)
    if status == Pledge.Status.PUBLISHED:
        pledge = services.pledge_publish(pledge=pledge, user=user)
    if status == Pledge.Status.WITHDRAWN:
        pledge = services.pledge_withdraw(pledge=pledge, user=user)
    return pledge


def pledges_import(
    *,
    user,
    name: str,
    content: bytes,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Create the pledges of a CSV or XLSX file through the services. Staff only.

    Writes nothing unless every row is valid (or, with `valid_only`, the valid rows);
    a dry run writes nothing and reports the same. `progress(rows_done)` is called
    every PROGRESS_EVERY rows. Raises ImportFileError for an unreadable file. Cost:
    the services' queries per row (about fifteen).
    """
    if not user_is_staff(user):
        raise PermissionDenied(_("Only Network staff import pledges."))
    result = ImportResult()
    with transaction.atomic():
        for line, row in read_rows(name, content):
            result.rows += 1
            values = _parse(line, row, result.errors)
            if values is not None:
                try:
                    # A savepoint per row: a refused row leaves no trace behind it.
                    with transaction.atomic():
                        pledge = _create(values, user=user)
                except ValidationError as exc:
                    for column, messages in _field_errors(exc):
                        result.errors.extend(RowError(line, column, m) for m in messages)
                except PermissionDenied as exc:
                    result.errors.append(RowError(line, "row", str(exc)))
                else:
                    result.created.append(pledge.code)
            if progress and result.rows % PROGRESS_EVERY == 0:
                progress(result.rows)
        keep = not dry_run and (valid_only or not result.errors)
        if not keep:
            transaction.set_rollback(True)
        result.written = keep and bool(result.created)
    return result


def _field_errors(exc: ValidationError) -> list[tuple[str, list[str]]]:
    if not hasattr(exc, "error_dict"):
        return [("row", exc.messages)]
    return [(SERVICE_TO_COLUMN.get(name, name), msgs) for name, msgs in exc.message_dict.items()]
