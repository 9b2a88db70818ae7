"""The focal points' spreadsheets (pledges/spreadsheets.py, workspace_spreadsheets.py):
the template, the upload → report → confirm flow through the staff import's machinery,
and every kind of bad file refused with where, nothing written."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from pledges import spreadsheets
from pledges.models import Pledge, ProgressUpdate
from tests.factories import DESCRIPTION, PledgeFactory

pytestmark = pytest.mark.django_db


def good_row(n: int, lead="KEN") -> list[str]:
    return [
        lead,
        f"Imported pledge {n}",
        DESCRIPTION,
        "Individual",
        "Policy-oriented",
        "5",
        "National",
        "2025-01-01",
        "2027-12-31",
        "",
        "",
        "",
        "",
    ]


def filled(template: bytes, rows: list[list]) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[1]
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def template(client, compact, focal_ken):
    client.force_login(focal_ken)
    response = client.get(reverse("workspace:pledge_template"))
    assert response.status_code == 200
    return response.content


def upload(client, content: bytes, kind="pledges", name="pledges.xlsx"):
    return client.post(
        reverse("workspace:pledge_import"),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


def test_template_has_columns_lists_instructions_and_examples(template):
    workbook = load_workbook(io.BytesIO(template))
    assert workbook.sheetnames[:3] == ["Instructions", "Pledges", "Examples"]
    data = workbook["Pledges"]
    assert [c.value for c in data[1]][:3] == ["Lead actor", "Title", "Description"]
    lists = {str(v.sqref): v.formula1 for v in data.data_validations.dataValidation}
    assert "D2:D2001" in lists  # mode
    assert workbook["Lists"].sheet_state == "hidden"
    assert workbook["Lists"]["A1"].value == "KEN"  # the actors Kenya's focal point speaks for
    assert "Individual" in [c.value for c in workbook["Lists"]["D"]]
    assert workbook["Examples"]["A2"].value == "KEN"


def test_template_in_the_users_language(client, compact, focal_ken):
    client.force_login(focal_ken)
    with translation.override("fr"):
        response = client.get(reverse("workspace:pledge_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["gcm-meta"]["C1"].value == "fr"
    with translation.override("fr"):
        assert workbook.worksheets[1]["A1"].value == str(spreadsheets.PLEDGE_TEMPLATE[0].label)


def test_round_trip_three_good_rows_two_bad(client, template, mexico):
    rows = [good_row(1), good_row(2), good_row(3)]
    rows.insert(1, [*good_row(4)[:5], "99", *good_row(4)[6:]])  # line 3: no objective 99
    rows.append(good_row(5, lead="MEX"))  # line 6: Mexico's
    response = upload(client, filled(template, rows))
    assert response.status_code == 302
    report_url = response["Location"]
    page = client.get(report_url).content.decode()
    assert Pledge.objects.count() == 0
    assert "<td>3</td><td>Objectives</td>" in page
    assert "<td>6</td><td>Lead actor</td>" in page and "you do not speak for MEX" in page
    # All or nothing unless the valid rows are chosen.
    assert client.post(report_url, {}).status_code == 200
    assert Pledge.objects.count() == 0
    response = client.post(report_url, {"valid_only": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("workspace:home")
    created = Pledge.objects.filter(title__startswith="Imported pledge")
    assert sorted(created.values_list("title", flat=True)) == [
        "Imported pledge 1",
        "Imported pledge 2",
        "Imported pledge 3",
    ]
    assert set(created.values_list("status", flat=True)) == {Pledge.Status.DRAFT}


def test_another_users_report_is_404(client, template, focal_mex):
    response = upload(client, filled(template, [good_row(1)]))
    client.force_login(focal_mex)
    assert client.get(response["Location"]).status_code == 404
    assert client.post(response["Location"], {"valid_only": "on"}).status_code == 404
    assert Pledge.objects.count() == 0


def test_anonymous_is_sent_to_sign_in(client, compact):
    assert client.get(reverse("workspace:pledge_template")).status_code == 302
    assert client.get(reverse("workspace:pledge_import")).status_code == 302


def macro_workbook(template: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(buffer, "w") as out:
        for item in source.infolist():
            out.writestr(item, source.read(item))
        out.writestr("xl/vbaProject.bin", b"macro")
    return buffer.getvalue()


def fifty_thousand_rows(template: bytes) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[1]
    for _n in range(50_000):
        sheet.append(["KEN"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda t: b"lead,title\nKEN,x\n", "The file is not a spreadsheet"),
        (lambda t: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
        (macro_workbook, "contains macros"),
        (fifty_thousand_rows, "Row 10,002: a file holds at most 10,000 rows"),
        (lambda t: _plain_workbook(), "This is not a GCM Tracker template"),
    ],
    ids=["not-a-spreadsheet", "password", "macros", "50000-rows", "not-a-template"],
)
def test_bad_files_are_refused_whole(client, template, make, message):
    response = upload(client, make(template))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Pledge.objects.count() == 0


def _plain_workbook() -> bytes:
    workbook = Workbook()
    workbook.active.append(["lead", "title"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_template_from_another_language_is_refused(client, compact, focal_ken):
    client.force_login(focal_ken)
    with translation.override("fr"):
        french = client.get(reverse("workspace:pledge_template")).content
    response = upload(client, filled(french, [good_row(1)]))
    body = response.content.decode()
    assert "row 1: this template is in French" in body
    assert Pledge.objects.count() == 0


def test_a_formula_refuses_its_row_naming_the_column(client, template):
    row = good_row(1)
    row[1] = '=CONCAT("Imported ", "pledge")'
    response = upload(client, filled(template, [row]))
    page = client.get(response["Location"]).content.decode()
    assert "<td>2</td><td>Title</td><td>a formula: type the value itself</td>" in page
    assert Pledge.objects.count() == 0


def test_progress_updates_template_round_trip(client, compact, kenya, focal_ken):
    pledge = PledgeFactory(code="GCM-KEN-7", lead=kenya, status=Pledge.Status.PUBLISHED)
    other = PledgeFactory(code="GCM-OTH-1", status=Pledge.Status.PUBLISHED)
    client.force_login(focal_ken)
    template = client.get(reverse("workspace:update_template")).content
    content = filled(
        template,
        [
            ["GCM-KEN-7", "2025-06-30", "In progress", 40, "Two sessions held.", ""],
            ["GCM-OTH-1", "2025-06-30", "In progress", 40, "Not ours.", ""],
        ],
    )
    response = upload(client, content, kind="updates")
    page = client.get(response["Location"]).content.decode()
    assert "GCM-OTH-1 is not a published pledge you report on" in page
    client.post(response["Location"], {"valid_only": "on"})
    assert list(ProgressUpdate.objects.values_list("pledge__code", flat=True)) == [pledge.code]
    assert not other.updates.exists()


def test_a_pledges_file_uploaded_as_updates_is_refused(client, template):
    response = upload(client, filled(template, [good_row(1)]), kind="updates")
    assert "This is the template for pledges" in response.content.decode()
