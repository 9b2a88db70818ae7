"""Importing pledges from CSV and XLSX: `manage.py import_pledges`, pledges/imports.py."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from core.tabular import ImportFileError
from pledges.imports import pledges_import
from pledges.models import Pledge
from tests.factories import DESCRIPTION

pytestmark = pytest.mark.django_db

HEADER = (
    "lead,title,description,mode,type,objectives,actions,principles,scope,"
    "start_date,target_date,partners,matches,status\n"
)


def row(**values) -> str:
    cells = {
        "lead": "KEN",
        "title": "Fair recruitment",
        "description": DESCRIPTION,
        "mode": "individual",
        "type": "policy",
        "objectives": "6",
        "actions": "6(a)",
        "principles": "people-centred",
        "scope": "national",
        "start_date": "2024-01-01",
        "target_date": "2026-12-31",
        "partners": "",
        "matches": "",
        "status": "",
        **values,
    }
    return ",".join(f'"{v}"' for v in cells.values()) + "\n"


def _import(user, text: str, name="pledges.csv", **options):
    return pledges_import(user=user, name=name, content=text.encode(), **options)


@pytest.fixture
def setting(compact, kenya, mexico):
    """The compact and the Member States loaded."""


def test_import_creates_every_row_through_the_services(setting, staff_user):
    text = (
        HEADER
        + row()
        + row(
            title="Joint data",
            mode="partnership",
            partners="MEX",
            objectives="1;5",
            actions="5(a);1(b)",
            status="published",
        )
    )

    result = _import(staff_user, text)

    assert result.errors == []
    assert result.written
    first, second = Pledge.objects.order_by("code")
    assert [first.code, second.code] == result.created
    assert first.status == "draft"
    assert first.created_by == staff_user
    assert second.status == "published"
    assert second.published_at is not None
    assert [p.code for p in second.partners.all()] == ["MEX"]
    assert sorted(a.label for a in second.actions.all()) == ["1(b)", "5(a)"]


def test_import_reports_each_bad_row_and_column_and_writes_nothing(setting, staff_user):
    text = (
        HEADER
        + row()
        + row(title="Bad dates", start_date="2024-13-01")
        + row(title="Bad meaning", objectives="24", lead="XXX")
        + row(title="Out of place", actions="7(a)")
    )

    result = _import(staff_user, text)

    assert not result.written
    assert not Pledge.objects.exists()
    found = {(e.line, e.column) for e in result.errors}
    assert found == {(3, "start_date"), (4, "objectives"), (4, "lead"), (5, "actions")}
    assert result.bad_lines == [3, 4, 5]
    message = next(str(e) for e in result.errors if e.line == 4 and e.column == "lead")
    assert message == "line 4, lead: No actor has the code XXX."


def test_import_valid_only_keeps_the_valid_rows(setting, staff_user):
    text = (
        HEADER
        + row()
        + row(title="A bad row", mode="solo")
        + row(title="Also good", objectives="7", actions="")
    )

    result = _import(staff_user, text, valid_only=True)

    assert result.written
    assert [(e.line, e.column) for e in result.errors] == [(3, "mode")]
    assert sorted(Pledge.objects.values_list("title", flat=True)) == [
        "Also good",
        "Fair recruitment",
    ]


def test_import_dry_run_writes_nothing(setting, staff_user):
    result = _import(staff_user, HEADER + row(), dry_run=True)

    assert result.errors == [] and len(result.created) == 1
    assert not result.written
    assert not Pledge.objects.exists()


def test_import_twice_adds_nothing_the_second_time(setting, staff_user):
    _import(staff_user, HEADER + row())

    result = _import(staff_user, HEADER + row())

    assert [(e.line, e.column) for e in result.errors] == [(2, "title")]
    assert Pledge.objects.count() == 1


def test_import_a_matching_pledge_may_answer_an_earlier_row(setting, staff_user):
    result = _import(staff_user, HEADER + row(status="published"))
    code = result.created[0]

    result = _import(
        staff_user, HEADER + row(title="We match it", lead="MEX", mode="matching", matches=code)
    )

    assert result.errors == []
    assert Pledge.objects.get(title="We match it").matches.code == code


def test_import_reads_xlsx(setting, staff_user):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    import datetime

    sheet.append(
        [
            "KEN",
            "From Excel",
            DESCRIPTION,
            "individual",
            "policy",
            6,
            "6(a)",
            "",
            "national",
            datetime.datetime(2024, 1, 1),
            datetime.datetime(2026, 12, 31),
            None,
            None,
            "submitted",
        ]
    )
    sheet.append([None] * 14)  # an empty row is skipped
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = pledges_import(user=staff_user, name="pledges.xlsx", content=buffer.getvalue())

    assert result.errors == [] and result.rows == 1
    pledge = Pledge.objects.get()
    assert (pledge.title, pledge.status, pledge.start_date.year) == (
        "From Excel",
        "submitted",
        2024,
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("pledges.txt", HEADER, "Give a .csv or .xlsx file."),
        ("pledges.csv", "lead,title\n", "missing columns: description"),
        ("pledges.csv", HEADER.replace("status", "colour"), "unknown columns: colour"),
        ("pledges.xlsx", "not a workbook", "not a readable XLSX"),
    ],
)
def test_import_refuses_an_unreadable_file(setting, staff_user, name, text, message):
    with pytest.raises(ImportFileError, match=message):
        _import(staff_user, text, name=name)


def test_import_is_for_staff_only(setting, focal_ken):
    with pytest.raises(PermissionDenied):
        _import(focal_ken, HEADER + row())
    assert not Pledge.objects.exists()


def test_import_pledges_command_prints_progress_and_counts(
    setting, staff_user, tmp_path, monkeypatch
):
    from pledges import imports

    monkeypatch.setattr(imports, "PROGRESS_EVERY", 2)
    path = tmp_path / "pledges.csv"
    path.write_text(HEADER + "".join(row(title=f"Pledge {n}") for n in range(5)))
    out = io.StringIO()

    call_command("import_pledges", str(path), "--user", "curator", stdout=out)

    output = out.getvalue()
    assert "  2 rows checked…" in output and "  4 rows checked…" in output
    assert "5 rows: 5 valid, 0 refused. Created 5 pledges." in output
    assert Pledge.objects.count() == 5


def test_import_pledges_command_fails_and_writes_nothing_on_a_bad_row(
    setting, staff_user, tmp_path
):
    path = tmp_path / "pledges.csv"
    path.write_text(HEADER + row() + row(title="", scope="planetary"))
    out = io.StringIO()

    with pytest.raises(CommandError, match="Nothing written"):
        call_command("import_pledges", str(path), "--user", "curator", stdout=out)

    assert "line 3, title: required" in out.getvalue()
    assert not Pledge.objects.exists()

    call_command("import_pledges", str(path), "--user", "curator", "--valid-only", stdout=out)
    assert Pledge.objects.count() == 1


def test_import_pledges_command_needs_a_staff_user(setting, focal_ken, tmp_path):
    path = tmp_path / "pledges.csv"
    path.write_text(HEADER + row())

    with pytest.raises(CommandError, match="not Network staff"):
        call_command("import_pledges", str(path), "--user", "focal-ken")


# --- The admin ---------------------------------------------------------------------------


def _upload(text: str, name="pledges.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_admin_import_button_form_and_report(setting, staff_user, client):
    client.force_login(staff_user)

    changelist = client.get("/admin/pledges/pledge/").content.decode()
    assert 'href="/admin/pledges/pledge/import/"' in changelist
    assert client.get("/admin/pledges/pledge/import/").status_code == 200

    response = client.post(
        "/admin/pledges/pledge/import/",
        {"file": _upload(HEADER + row() + row(title="A bad row", objectives="99"))},
    )
    html = response.content.decode()
    assert "Nothing was written" in html
    assert "<td>3</td><td>objectives</td>" in html
    assert not Pledge.objects.exists()

    response = client.post(
        "/admin/pledges/pledge/import/",
        {
            "file": _upload(HEADER + row() + row(title="A bad row", objectives="99")),
            "valid_only": "on",
        },
    )
    assert "1 pledge created." in response.content.decode()
    assert Pledge.objects.count() == 1


def test_admin_import_of_a_long_file_runs_as_a_task_with_a_report_page(
    setting,
    staff_user,
    client,
    monkeypatch,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    from pledges import admin_imports

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(admin_imports, "INLINE_MAX_ROWS", 1)
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/pledges/pledge/import/",
            {
                "file": _upload(
                    HEADER + row() + row(title="Second pledge", objectives="7", actions="")
                )
            },
        )

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/pledges/pledge/import/")
    # Inline in tests (no worker), the task ran after the commit.
    report = client.get(response["Location"]).content.decode()
    assert "2 pledges created." in report
    assert Pledge.objects.count() == 2
    assert client.get("/admin/pledges/pledge/import/unknown/").status_code == 404


def test_admin_import_refuses_an_unreadable_file(setting, staff_user, client):
    client.force_login(staff_user)

    response = client.post("/admin/pledges/pledge/import/", {"file": _upload("a,b\n")})

    assert response.status_code == 200
    assert "missing columns" in response.content.decode()


def test_admin_import_is_not_for_focal_points(setting, focal_ken, client):
    client.force_login(focal_ken)

    response = client.post("/admin/pledges/pledge/import/", {"file": _upload(HEADER + row())})

    assert response.status_code == 302  # to the admin's login
    assert not Pledge.objects.exists()
