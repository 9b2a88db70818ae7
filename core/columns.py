"""A table's columns, declared once by the app whose rows they show.

A `Column` is a name and how to read its value from an object. An app lists its
columns once (pledges/columns.py, reviews/columns.py); its export files, its API's CSV
and its import template read that list, rather than each spelling it again.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
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


def cell_text(value: Any) -> str:
    """A value as the text of a CSV cell: dates in ISO 8601, None as empty."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)
