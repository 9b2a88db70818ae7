"""Writing an export's tables as CSV (a zip of them when there are several), XLSX or
JSON, row by row to a binary file: nothing is held in memory but the current row."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from core.columns import csv_lines, neutralise

from .registry import Table

# A table with its rows: an iterator that reads them only as they are written.
Sheet = tuple[Table, Iterator[Sequence[Any]]]


def _write_csv(out: IO[str], table: Table, rows: Iterator[Sequence[Any]]) -> None:
    out.writelines(csv_lines(table.columns, rows))


class _Encoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return float(o)
        return super().default(o)


def _write_json(out: IO[str], table: Table, rows: Iterator[Sequence[Any]]) -> None:
    out.write(json.dumps(table.name) + ": [")
    for n, row in enumerate(rows):
        out.write(",\n" if n else "\n")
        out.write(
            json.dumps(dict(zip(table.columns, row, strict=True)), cls=_Encoder, ensure_ascii=False)
        )
    out.write("\n]")


def _xlsx_cell(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, datetime.datetime):
        # Excel has no time zones: write UTC, which the column name cannot say.
        return timezone.make_naive(value, datetime.UTC) if timezone.is_aware(value) else value
    if isinstance(value, str):
        # Neutralised like a CSV cell: openpyxl would store "=…" as a live formula.
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def write_sheets(format: str, sheets: list[Sheet], out: IO[bytes]) -> str:
    """Write every sheet to the binary file `out` in `format` (csv, xlsx, json);
    returns the file's extension."""
    if format == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        for table, rows in sheets:
            sheet = workbook.create_sheet(table.name)
            sheet.append(list(table.columns))
            for row in rows:
                sheet.append([_xlsx_cell(v) for v in row])
        workbook.save(out)
        return "xlsx"
    if format == "json":
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        text.write("{")
        for n, (table, rows) in enumerate(sheets):
            text.write(",\n" if n else "\n")
            _write_json(text, table, rows)
        text.write("\n}\n")
        text.detach()
        return "json"
    if len(sheets) == 1:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        _write_csv(text, *sheets[0])
        text.detach()
        return "csv"
    # Several tables as CSV: one file each, in a zip.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table, rows in sheets:
            with archive.open(f"{table.name}.csv", "w") as member:
                text = io.TextIOWrapper(member, encoding="utf-8", newline="")
                _write_csv(text, table, rows)
                text.flush()
                text.detach()
    return "zip"
