"""Reading a spreadsheet row by row, and the one report every import gives.

Every import of the product (pledges, indicators, indicator values) is the same shape:
`read_rows` yields (line, {column: text}) from a CSV or XLSX file whose header names
the import's columns; the import checks each row through its app's services and
collects `RowError`s (line, column, message) in an `ImportResult`; unless every row is
valid nothing is kept (or, asked for, only the valid rows). `ImportFileError` is a
file that cannot be read at all. The apps own their columns and their rules.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _


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
    columns: tuple[str, ...],
    required: tuple[str, ...],
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {column: text}) for each non-empty row of a CSV or XLSX file whose
    header names `columns` (at least `required`); line numbers are the spreadsheet's
    (the header is line 1)."""
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


def _cell(value: object) -> str:
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


def split_list(text: str) -> list[str]:
    """A cell holding a list: items separated by ";" ("1;5", "5(a);5(c)")."""
    return [item.strip() for item in (text or "").split(";") if item.strip()]


def field_errors(
    exc: ValidationError, renamed: dict[str, str] | None = None
) -> list[tuple[str, list[str]]]:
    """A service's ValidationError as (column, messages) pairs; `renamed` maps a
    service's field name to the file's column ("pledge_type" → "type")."""
    renamed = {"non_field_errors": "row", "__all__": "row", **(renamed or {})}
    if hasattr(exc, "error_dict"):
        items = exc.message_dict.items()
        return [(renamed.get(name, name), list(messages)) for name, messages in items]
    return [("row", list(exc.messages))]


# A row writer gets (line, row, errors): it appends the errors of shape it finds and
# returns None, or writes through the app's services (raising their ValidationError or
# PermissionDenied) and returns ("created" | "updated", label).
RowWriter = Callable[[int, dict[str, str], list[RowError]], "tuple[str, str] | None"]


def rows_import(
    rows: Iterable[tuple[int, dict[str, str]]],
    write: RowWriter,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 100,
    renamed: dict[str, str] | None = None,
) -> ImportResult:
    """Write `rows` one by one with `write`, each in a savepoint, into one transaction.

    Keeps nothing unless every row is valid (or, with `valid_only`, the valid rows); a
    dry run keeps nothing and reports the same. `progress(rows_done)` is called every
    `progress_every` rows. A service's field errors are reported under the file's
    column names (`renamed`).
    """
    result = ImportResult()
    with transaction.atomic():
        for line, row in rows:
            result.rows += 1
            try:
                # A savepoint per row: a refused row leaves no trace behind it.
                with transaction.atomic():
                    outcome = write(line, row, result.errors)
            except ValidationError as exc:
                for column, messages in field_errors(exc, renamed):
                    result.errors.extend(RowError(line, column, m) for m in messages)
            except PermissionDenied as exc:
                result.errors.append(RowError(line, "row", str(exc)))
            else:
                if outcome is not None:
                    kind, label = outcome
                    (result.created if kind == "created" else result.updated).append(label)
            if progress and result.rows % progress_every == 0:
                progress(result.rows)
        keep = not dry_run and (valid_only or not result.errors)
        if not keep:
            transaction.set_rollback(True)
        result.written = keep and bool(result.created or result.updated)
    return result
