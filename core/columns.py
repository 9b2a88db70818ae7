"""A table's columns, declared once by the app whose rows they show.

A `Column` is a name and how to read its value from an object. An app lists its
columns once (pledges/columns.py, reviews/columns.py); its export files, its API's CSV
and its import template read that list, rather than each spelling it again.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Column:
    name: str
    value: Callable[[Any], Any]


def names(columns: Sequence[Column]) -> tuple[str, ...]:
    return tuple(column.name for column in columns)


def row(columns: Sequence[Column], obj: Any) -> list[Any]:
    """`obj`'s values, in the order of `columns`."""
    return [column.value(obj) for column in columns]


def join(items: Iterable[Any]) -> str:
    """A list as one cell: "1; 5", "5(a); 5(c)"."""
    return "; ".join(str(item) for item in items)


# A cell a spreadsheet program would read as a formula (or a DDE call): OWASP's list of
# leading characters, "= + - @", tab and carriage return.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Text that is only a number ("-3", "+2.5") cannot hold a formula: left as it is.
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?\Z")


def neutralise(value: Any) -> Any:
    """`value` made safe for a spreadsheet cell (CSV injection, OWASP): text that starts
    like a formula gets a leading single quote, so that Excel, LibreOffice and Google
    Sheets show it as text; numbers, dates and None pass unchanged. Every CSV and
    spreadsheet the product writes passes its cells through here."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def cell_text(value: Any) -> str:
    """A value as the text of a CSV cell: dates in ISO 8601, None as empty, text that
    would start a formula neutralised."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return neutralise(str(value))


class _Echo:
    """A file that hands back what is written to it: csv.writer then yields lines."""

    def write(self, text: str) -> str:
        return text


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """A CSV file line by line: a BOM (spreadsheet programs then read Côte d'Ivoire and
    Türkiye right), the header, then each row's cells through `cell_text`. Nothing is
    held but the current row: the export files and the API's streamed `?format=csv`
    both write with it."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    for values in rows:
        yield writer.writerow([cell_text(v) for v in values])
