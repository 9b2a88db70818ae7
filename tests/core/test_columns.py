"""core.columns: a table's columns declared once, read as a header and as rows."""

import datetime
from types import SimpleNamespace

from core.columns import Column, cell_text, join, names, row

COLUMNS = (
    Column("code", lambda o: o.code),
    Column("objectives", lambda o: join(o.objectives)),
    Column("published_at", lambda o: o.published_at),
)


def test_names_and_row_follow_the_declared_order():
    obj = SimpleNamespace(code="GCM-P-1", objectives=[1, 5], published_at=None)

    assert names(COLUMNS) == ("code", "objectives", "published_at")
    assert row(COLUMNS, obj) == ["GCM-P-1", "1; 5", None]


def test_cell_text_writes_dates_in_iso_8601_and_none_as_empty():
    at = datetime.datetime(2026, 5, 1, 12, 30, tzinfo=datetime.UTC)

    assert cell_text(None) == ""
    assert cell_text(datetime.date(2026, 5, 1)) == "2026-05-01"
    assert cell_text(at) == "2026-05-01T12:30:00+00:00"
    assert cell_text(12) == "12"
