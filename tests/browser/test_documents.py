"""Documents people take to a meeting, in a real browser (issue 15): Kenya's focal point
generates Kenya's 2023–2026 country report (read back with pypdf, its first page
rendered by pdftoppm to artifacts/screenshots/), in English and Arabic; Mexico's focal
point gets a 404 on Kenya's draft; the pledge template's round trip."""

import io
import subprocess

import pytest
from django.utils import translation
from django.utils.formats import date_format
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from pledges.models import Pledge
from reviews import reference_data
from reviews import services as review_services
from reviews.models import ReviewCycle, ReviewEvent
from tests.browser.conftest import SCREENSHOTS
from tests.factories import DESCRIPTION, PledgeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw"


@pytest.fixture
def calendar(compact):
    if not ReviewEvent.objects.exists():
        reference_data.calendar_load_default()


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/workspace/")


def render_first_page(pdf: bytes, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "80",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            "-",
            str(SCREENSHOTS / name),
        ],
        input=pdf,
        check=True,
    )
    assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000


def test_browser_kenyas_focal_point_generates_kenyas_country_report(
    page, browser, live_server, calendar, kenya, mexico, focal_ken, focal_mex, staff_user
):
    codes = []
    for number, objectives in ((1, [5]), (2, [6, 22]), (3, [23])):
        pledge = PledgeFactory(
            code=f"GCM-KEN-{number}",
            lead=kenya,
            status=Pledge.Status.PUBLISHED,
            objectives=objectives,
        )
        codes.append(pledge.code)
    cycle = ReviewCycle.objects.get(name="2023–2026")
    review = review_services.review_create(user=focal_ken, state=kenya, cycle=cycle)
    for number in (5, 6):
        review_services.assessment_upsert(
            review=review,
            user=focal_ken,
            objective=number,
            level="in_progress",
            narrative="Labour attachés trained in three embassies.",
        )
    review.refresh_from_db()

    sign_in(page, live_server, "focal-ken")
    page.goto(f"{live_server.url}/countries/KEN/report/?cycle={cycle.pk}")
    expect(page.get_by_role("heading", name="Country report: Kenya")).to_be_visible()
    expect(page.locator(".draft-mark")).to_contain_text("DRAFT")
    link = page.get_by_role("link", name="Download the PDF")
    response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    text = "\n".join(pages)
    assert "Kenya" in text
    for code in codes:
        assert code in text
    assert "2 of 23 objectives assessed" in text
    with translation.override("en"):
        assert f"As of {date_format(review.updated_at, 'DATE_FORMAT')}" in text
    assert all("DRAFT" in p for p in pages)
    render_first_page(pdf, "country-report-KEN-en-page1")

    # The same in Arabic: right-to-left text typeset in Arabic letters.
    response = page.request.get(f"{live_server.url}/ar/countries/KEN/report.pdf?cycle={cycle.pk}")
    assert response.status == 200
    arabic = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "التقرير القطري" in arabic  # "Country report"
    assert "مسودة" in arabic  # "DRAFT"
    render_first_page(response.body(), "country-report-KEN-ar-page1")

    # Mexico's focal point: Kenya's draft is not there at all.
    other = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    mexico_page = other.new_page()
    sign_in(mexico_page, live_server, "focal-mex")
    for path in ("report/", "report.pdf"):
        response = mexico_page.request.get(
            f"{live_server.url}/countries/KEN/{path}?cycle={cycle.pk}"
        )
        assert response.status == 404
    other.close()


def test_browser_template_round_trip_three_good_rows_two_bad(
    page, live_server, compact, kenya, mexico, focal_ken, tmp_path
):
    sign_in(page, live_server, "focal-ken")
    page.get_by_role("link", name="Import a spreadsheet").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the template for pledges (.xlsx)").click()
    assert download.value.suggested_filename == "gcm-pledges-template-en.xlsx"
    workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = workbook["Pledges"]

    def row(n, lead="KEN", objectives="5"):
        return [
            lead,
            f"Spreadsheet pledge {n}",
            DESCRIPTION,
            "Individual",
            "Policy-oriented",
            objectives,
            "National",
            "2025-01-01",
            "2027-12-31",
        ]

    for values in (row(1), row(2, objectives="99"), row(3), row(4, lead="MEX"), row(5)):
        sheet.append(values)
    filled = tmp_path / "filled.xlsx"
    workbook.save(filled)

    page.get_by_label("Filled-in template (.xlsx)").set_input_files(str(filled))
    page.get_by_role("button", name="Check the file").click()
    errors = page.locator("tr.import-error")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("3")
    expect(errors.nth(0)).to_contain_text("Objectives")
    expect(errors.nth(1)).to_contain_text("5")
    expect(errors.nth(1)).to_contain_text("Lead actor")
    expect(errors.nth(1)).to_contain_text("you do not speak for MEX")
    assert not Pledge.objects.exists()

    page.get_by_label("Import the valid rows and leave out the refused ones").check()
    page.get_by_role("button", name="Import 3 rows").click()
    expect(page).to_have_url(f"{live_server.url}/workspace/")
    for n in (1, 3, 5):
        expect(page.get_by_role("link", name=f"Spreadsheet pledge {n}")).to_be_visible()
    assert Pledge.objects.filter(status=Pledge.Status.DRAFT, lead=kenya).count() == 3
