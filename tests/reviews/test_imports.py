"""Indicator values from CSV or XLSX: reviews.imports, `import_indicator_values`, the admin."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from objectives.models import Objective
from reviews.imports import indicator_values_import
from reviews.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db

HEADER = "indicator,state,year,value,source,source_url\n"


@pytest.fixture
def indicators(compact):
    objective = Objective.objects.get(number=20)
    return [
        Indicator.objects.create(code="C-1", name="Remittance cost", objective=objective),
        Indicator.objects.create(code="C-2", name="Recruitment cost", objective=objective),
    ]


def csv_bytes(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def values() -> list[tuple]:
    return list(
        IndicatorValue.objects.order_by("indicator__code", "state__code", "year").values_list(
            "indicator__code", "state__code", "year", "value"
        )
    )


def test_indicator_values_import_records_every_row(indicators, kenya, mexico, staff_user):
    content = csv_bytes(
        "C-1,KEN,2023,6.3,World Bank RPW,https://remittanceprices.worldbank.org",
        "c-1,mex,2023,4.1,,",  # codes are matched case-insensitively
        "C-2,KEN,2024,12.5,,",
    )

    result = indicator_values_import(user=staff_user, name="values.csv", content=content)

    assert result.written and result.errors == []
    assert result.created == ["KEN 2023 C-1", "MEX 2023 C-1", "KEN 2024 C-2"]
    assert values() == [
        ("C-1", "KEN", 2023, Decimal("6.3000")),
        ("C-1", "MEX", 2023, Decimal("4.1000")),
        ("C-2", "KEN", 2024, Decimal("12.5000")),
    ]


def test_indicator_values_import_again_replaces_values(indicators, kenya, staff_user):
    indicator_values_import(user=staff_user, name="v.csv", content=csv_bytes("C-1,KEN,2023,6.3,,"))

    result = indicator_values_import(
        user=staff_user, name="v.csv", content=csv_bytes("C-1,KEN,2023,5.9,corrected,")
    )

    assert (result.created, result.updated) == ([], ["KEN 2023 C-1"])
    assert values() == [("C-1", "KEN", 2023, Decimal("5.9000"))]


def test_indicator_values_import_reports_every_bad_row_and_writes_nothing(
    indicators, kenya, staff_user
):
    content = csv_bytes(
        "C-1,KEN,2023,6.3,,",  # line 2: fine
        "C-9,KEN,2023,1,,",  # line 3: unknown indicator
        "C-1,PSE,2023,1,,",  # line 4: not a Member State
        "C-1,KEN,last year,1,,",  # line 5: not a year
        "C-2,KEN,2023,lots,,",  # line 6: not a number (the service says so)
        "C-1,KEN,2023,7,,",  # line 7: repeats line 2
        "C-2,KEN,2024,1,,ftp://example.org/x",  # line 8: not an http(s) source
    )

    result = indicator_values_import(user=staff_user, name="v.csv", content=content)

    assert not result.written
    assert [(e.line, e.column) for e in result.errors] == [
        (3, "indicator"),
        (4, "state"),
        (5, "year"),
        (6, "value"),
        (7, "row"),
        (8, "source_url"),
    ]
    assert "repeats line 2" in result.errors[4].message
    assert values() == []


def test_indicator_values_import_valid_only_keeps_the_valid_rows(indicators, kenya, staff_user):
    content = csv_bytes("C-1,KEN,2023,6.3,,", "C-1,KEN,2024,n/a,,")

    result = indicator_values_import(
        user=staff_user, name="v.csv", content=content, valid_only=True
    )

    assert result.written
    assert result.bad_lines == [3]
    assert values() == [("C-1", "KEN", 2023, Decimal("6.3000"))]


def test_indicator_values_import_reads_xlsx(indicators, kenya, staff_user):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Indicator", "State", "Year", "Value"])
    sheet.append(["C-2", "KEN", 2022, 10.25])
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = indicator_values_import(user=staff_user, name="v.xlsx", content=buffer.getvalue())

    assert result.created == ["KEN 2022 C-2"]
    assert values() == [("C-2", "KEN", 2022, Decimal("10.2500"))]


def test_indicator_values_import_dry_run_writes_nothing(indicators, kenya, staff_user):
    result = indicator_values_import(
        user=staff_user, name="v.csv", content=csv_bytes("C-1,KEN,2023,6.3,,"), dry_run=True
    )

    assert result.created == ["KEN 2023 C-1"] and not result.written
    assert values() == []


@pytest.mark.parametrize("persona", ["focal_ken", "anonymous"])
def test_indicator_values_import_is_for_staff_only(request, indicators, persona):
    user = request.getfixturevalue(persona)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()

    with pytest.raises(PermissionDenied):
        indicator_values_import(user=user, name="v.csv", content=csv_bytes("C-1,KEN,2023,1,,"))
    assert values() == []


def test_import_indicator_values_command_reports_and_refuses(
    indicators, kenya, staff_user, tmp_path
):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv_bytes("C-1,KEN,2023,6.3,,"))
    bad.write_bytes(csv_bytes("C-1,XXX,2023,6.3,,"))
    out = io.StringIO()

    call_command("import_indicator_values", str(good), "--user", "curator", stdout=out)
    with pytest.raises(CommandError, match="Nothing written"):
        call_command("import_indicator_values", str(bad), "--user", "curator", stdout=out)

    assert "1 rows: 1 valid, 0 refused. Created 1, updated 0 indicator values." in out.getvalue()
    assert "line 2, state: 'XXX' is not a Member State's alpha-3 code" in out.getvalue()
    assert values() == [("C-1", "KEN", 2023, Decimal("6.3000"))]


def test_import_indicator_values_command_names_a_bad_header(staff_user, tmp_path):
    path = tmp_path / "values.csv"
    path.write_text("indicator,country,year\nC-1,KEN,2023\n")

    with pytest.raises(CommandError, match="missing columns: state, value"):
        call_command("import_indicator_values", str(path), "--user", "curator")


def test_admin_imports_indicator_values(client, indicators, kenya, staff_user):
    client.force_login(staff_user)
    upload = SimpleUploadedFile("values.csv", csv_bytes("C-1,KEN,2023,6.3,,"), "text/csv")

    response = client.post("/admin/reviews/indicatorvalue/import/", {"file": upload})

    assert response.status_code == 302
    assert values() == [("C-1", "KEN", 2023, Decimal("6.3000"))]


def test_admin_import_shows_the_report_per_line_and_column(client, indicators, staff_user):
    client.force_login(staff_user)
    upload = SimpleUploadedFile("values.csv", csv_bytes("C-1,KEN,2023,n/a,,"), "text/csv")

    response = client.post("/admin/reviews/indicatorvalue/import/", {"file": upload})

    html = response.content.decode()
    assert response.status_code == 200
    assert "nothing was written" in html
    assert "<td>2</td><td>value</td>" in html
    assert values() == []


KIND_HEADER = "indicator,state,year,value,source_kind,source,source_url\n"


def kind_csv(*rows: str) -> bytes:
    return (KIND_HEADER + "\n".join(rows) + "\n").encode()


def test_indicator_values_import_keeps_a_states_and_an_international_value_side_by_side(
    indicators, kenya, staff_user
):
    content = kind_csv(
        "C-1,KEN,2023,6.3,national,National Bureau of Statistics,",
        "C-1,KEN,2023,7.1,international,World Bank RPW,https://remittanceprices.worldbank.org",
        "C-1,KEN,2023,6.8,civil-society,Migrant Forum,",
    )

    result = indicator_values_import(user=staff_user, name="v.csv", content=content)

    assert result.written and result.errors == []
    assert list(
        IndicatorValue.objects.order_by("source_kind").values_list("source_kind", "value", "source")
    ) == [
        ("civil-society", Decimal("6.8000"), "Migrant Forum"),
        ("international", Decimal("7.1000"), "World Bank RPW"),
        ("national", Decimal("6.3000"), "National Bureau of Statistics"),
    ]


def test_indicator_values_import_without_a_source_kind_is_the_states_own_figure(
    indicators, kenya, staff_user
):
    indicator_values_import(user=staff_user, name="v.csv", content=csv_bytes("C-1,KEN,2023,6.3,,"))
    result = indicator_values_import(
        user=staff_user, name="v.csv", content=kind_csv("C-1,KEN,2023,5.9,NATIONAL,corrected,")
    )

    assert (result.created, result.updated) == ([], ["KEN 2023 C-1"])
    assert list(IndicatorValue.objects.values_list("source_kind", "value")) == [
        ("national", Decimal("5.9000"))
    ]


def test_indicator_values_import_repeats_only_the_same_source_kind(indicators, kenya, staff_user):
    content = kind_csv(
        "C-1,KEN,2023,6.3,,,",  # line 2: national by default
        "C-1,KEN,2023,7.1,international,World Bank,",  # line 3: beside it, fine
        "C-1,KEN,2023,6.4,national,,",  # line 4: repeats line 2
        "C-1,KEN,2023,7.0,rumour,,",  # line 5: no such kind (the service says so)
    )

    result = indicator_values_import(user=staff_user, name="v.csv", content=content)

    assert not result.written
    assert [(e.line, e.column) for e in result.errors] == [(4, "row"), (5, "source_kind")]
    assert "repeats line 2" in result.errors[0].message
    assert IndicatorValue.objects.count() == 0
