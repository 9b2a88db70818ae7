"""The focal points' workspace in a real browser: sign in, draft and fix a pledge, staff
publish it, the public finds it; progress with a PDF; a whole voluntary review; another
State locked out; accessibility audits and screenshots of every workspace page."""

import re

import pytest
from playwright.sync_api import expect

from pledges.models import Pledge
from reviews import reference_data
from reviews import services as review_services
from reviews.models import ReviewCycle, ReviewEvent, VoluntaryReview
from tests.dates import DAYS_WITH_A_CYCLE
from tests.factories import DESCRIPTION, PledgeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PASSWORD = "pw"  # the personas' password (tests/conftest.py)
TITLE = "Ethical recruitment register for Kenyan workers abroad"


@pytest.fixture
def calendar(compact):
    # A transactional test flushes the tables: load the review calendar again.
    if not ReviewEvent.objects.exists():
        reference_data.calendar_load_default()


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/workspace/")


def fresh_page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def test_browser_focal_point_drafts_fixes_and_submits_a_pledge_staff_publish_public_finds_it(
    page, browser, live_server, compact, focal_ken, staff_user
):
    sign_in(page, live_server, "focal-ken")
    page.get_by_role("link", name="Draft a new pledge").click()

    page.get_by_label("Title (required)", exact=True).fill(TITLE)
    page.get_by_label("Description (required)", exact=True).fill("Far too short.")
    page.get_by_label("Policy-oriented").check()
    page.get_by_label("6. Facilitate fair and ethical recruitment", exact=False).check()
    # With JavaScript only the chosen objective's actions show, already open.
    expect(page.locator('.action-group[data-objective="6"]')).to_be_visible()
    expect(page.locator('.action-group[data-objective="7"]')).to_be_hidden()
    page.locator('input[name="actions"][value="6(a)"]').check()
    page.get_by_label("People-centred").check()
    page.get_by_label("Start date").fill("2025-01-01")
    page.get_by_label("Target date").fill("2027-12-31")
    page.get_by_role("button", name="Save draft").click()

    # The error is beside the description; the summary links to it; nothing is lost.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(page.locator("#id_description_error")).to_contain_text("(this is 14)")
    expect(page.get_by_label("Title (required)", exact=True)).to_have_value(TITLE)
    expect(page.locator('input[name="actions"][value="6(a)"]')).to_be_checked()
    expect(page.get_by_label("People-centred")).to_be_checked()
    summary.get_by_role("link", name=re.compile("Description")).click()
    expect(page.get_by_label("Description (required)", exact=True)).to_be_focused()

    page.get_by_label("Description (required)", exact=True).fill(DESCRIPTION)
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("saved")
    code = Pledge.objects.get().code
    page.get_by_role("button", name="Submit for verification").click()
    expect(page.locator(".messages")).to_contain_text(f"{code} submitted")
    assert Pledge.objects.get().status == Pledge.Status.SUBMITTED

    staff = fresh_page(browser)
    staff.goto(f"{live_server.url}/admin/login/?next=/admin/pledges/pledge/")
    staff.get_by_label("Username").fill("curator")
    staff.get_by_label("Password").fill("pw")
    staff.get_by_role("button", name="Log in").click()
    staff.goto(f"{live_server.url}/admin/pledges/pledge/?status__exact=submitted")
    staff.locator("input.action-select").first.check()
    staff.locator("select[name=action]").select_option("publish_selected")
    staff.get_by_role("button", name="Go").click()
    expect(staff.locator(".messagelist")).to_contain_text("1 pledge published")
    staff.context.close()

    public = fresh_page(browser)
    public.goto(f"{live_server.url}/pledges/")
    public.get_by_label("Objective").select_option("6")
    public.get_by_role("button", name="Show pledges").click()
    expect(public.get_by_role("link", name=TITLE)).to_be_visible()
    public.get_by_label("Objective").select_option("7")
    public.get_by_role("button", name="Show pledges").click()
    expect(public.get_by_role("link", name=TITLE)).to_have_count(0)
    public.goto(f"{live_server.url}/pledges/")
    public.get_by_label("Search").fill("recruitment register")
    public.get_by_role("button", name="Show pledges").click()
    public.get_by_role("link", name=TITLE).click()
    expect(public.get_by_role("heading", level=1)).to_contain_text(TITLE)
    public.context.close()


def test_browser_focal_point_reports_progress_with_a_pdf_and_sees_the_timeline(
    page, live_server, compact, kenya, focal_ken, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    pledge = PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED, title=TITLE)
    sign_in(page, live_server, "focal-ken")
    page.goto(f"{live_server.url}/pledges/{pledge.code}/")
    expect(page.get_by_text("Three recruitment agencies licensed")).to_have_count(0)

    page.goto(f"{live_server.url}/workspace/pledges/{pledge.code}/")
    page.get_by_role("link", name="Report progress").click()
    page.get_by_label("In progress").check()
    page.get_by_label("Percent complete").fill("35")
    page.get_by_label("What has been done").fill("Three recruitment agencies licensed.")
    page.get_by_label("Links to evidence").fill("https://example.org/register")
    page.get_by_label("Evidence files").set_input_files(
        [{"name": "licences.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Report progress").click()

    expect(page).to_have_url(f"{live_server.url}/pledges/{pledge.code}/")
    expect(page.locator(".messages")).to_contain_text("reported")
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("Three recruitment agencies licensed.")
    expect(timeline.get_by_role("link", name="licences.pdf")).to_be_visible()


# Started in the cycle open "today": pinned to a day that has one (tests/dates.py).
@pytest.mark.parametrize("today", DAYS_WITH_A_CYCLE[-1:], indirect=True, ids=str)
def test_browser_focal_point_completes_and_submits_a_voluntary_review(
    today, page, live_server, calendar, kenya, focal_ken
):
    sign_in(page, live_server, "focal-ken")
    page.goto(f"{live_server.url}/workspace/reviews/")
    page.get_by_role("button", name=re.compile("Start the review of Kenya")).click()
    expect(page.get_by_text("0 of 23 objectives assessed")).to_be_visible()

    page.get_by_role("link", name="Continue with objective 1").click()
    for number in range(1, 24):
        expect(page.get_by_role("heading", level=1)).to_contain_text(str(number))
        page.get_by_label("In progress").check()
        page.get_by_label("What has been done").fill(f"Measures under objective {number}.")
        page.get_by_role("button", name=re.compile("Save and (next|back)")).click()

    expect(page.get_by_text("23 of 23 objectives assessed")).to_be_visible()
    page.get_by_role("link", name="Check and submit").click()
    expect(page.get_by_text("not assessed")).to_have_count(0)
    page.get_by_role("button", name="Submit review").click()
    expect(page.locator(".messages")).to_contain_text("Review submitted")
    review = VoluntaryReview.objects.get()
    assert review.status == VoluntaryReview.Status.SUBMITTED
    assert review.assessments.count() == 23


def test_browser_submit_at_3_of_23_shows_the_summary_first_then_recall(
    page, live_server, calendar, kenya, focal_ken, staff_user
):
    cycle = ReviewCycle.objects.get(name="2023–2026")
    review = review_services.review_create(user=staff_user, state=kenya, cycle=cycle)
    for number in (1, 2, 3):
        review_services.assessment_upsert(
            review=review, user=staff_user, objective=number, level="in_progress", narrative="N"
        )
    sign_in(page, live_server, "focal-ken")
    page.goto(f"{live_server.url}/workspace/reviews/{review.pk}/")

    page.get_by_role("link", name="Check and submit").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Submit the review of Kenya")
    expect(page.get_by_text("3 of 23 objectives assessed")).to_be_visible()
    expect(page.get_by_role("heading", name="20 objectives are not assessed")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Objective 4:"))).to_be_visible()
    review.refresh_from_db()
    assert review.status == VoluntaryReview.Status.DRAFT  # nothing sent by looking

    page.get_by_role("button", name="Submit anyway").click()
    expect(page.locator(".messages")).to_contain_text("Review submitted")
    review.refresh_from_db()
    assert review.status == VoluntaryReview.Status.SUBMITTED

    page.get_by_role("button", name="Recall to draft").click()
    expect(page.locator(".messages")).to_contain_text("Review recalled")
    review.refresh_from_db()
    assert (review.status, review.submitted_at) == (VoluntaryReview.Status.DRAFT, None)
    expect(page.get_by_role("link", name="Check and submit")).to_be_visible()


def test_browser_another_states_focal_point_cannot_reach_either_draft(
    page, live_server, calendar, kenya, focal_ken, focal_mex, staff_user
):
    pledge = PledgeFactory(lead=kenya, title=TITLE)
    review = review_services.review_create(
        user=staff_user,
        state=kenya,
        cycle=review_services.ReviewCycle.objects.get(name="2023–2026"),
    )
    sign_in(page, live_server, "focal-mex")

    for path in (
        f"/workspace/pledges/{pledge.code}/",
        f"/workspace/pledges/{pledge.code}/edit/",
        f"/workspace/reviews/{review.pk}/",
        f"/workspace/reviews/{review.pk}/objectives/1/",
        f"/pledges/{pledge.code}/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 404, path
    page.goto(f"{live_server.url}/workspace/")
    expect(page.get_by_text(TITLE)).to_have_count(0)


def test_browser_workspace_pages_pass_the_accessibility_audit(
    page, live_server, calendar, kenya, focal_ken, audit, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    published = PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED, title=TITLE)
    PledgeFactory(lead=kenya, status=Pledge.Status.RETURNED, title="A returned pledge")
    review = review_services.review_create(
        user=focal_ken, state=kenya, cycle=review_services.ReviewCycle.objects.get(name="2023–2026")
    )
    review_services.assessment_upsert(
        review=review, user=focal_ken, objective=1, level="planning", narrative="A plan."
    )

    page.goto(f"{live_server.url}/accounts/login/")
    assert audit(page) == []
    screenshot(page, "workspace-login")

    sign_in(page, live_server, "focal-ken")
    pages = [
        ("workspace-home", "/workspace/"),
        ("workspace-pledge-form", "/workspace/pledges/new/"),
        ("workspace-pledge", f"/workspace/pledges/{published.code}/"),
        ("workspace-update-form", f"/workspace/pledges/{published.code}/updates/new/"),
        ("workspace-reviews", "/workspace/reviews/"),
        ("workspace-review", f"/workspace/reviews/{review.pk}/"),
        ("workspace-review-objective", f"/workspace/reviews/{review.pk}/objectives/1/"),
    ]
    for name, path in pages:
        page.goto(f"{live_server.url}{path}")
        assert audit(page) == [], name
        screenshot(page, name)

    # The pledge form in its error state.
    page.goto(f"{live_server.url}/workspace/pledges/new/")
    page.get_by_label("Title (required)", exact=True).fill(TITLE)
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert audit(page) == []
    screenshot(page, "workspace-pledge-form-errors")
    # The refused draft keeps what was typed and saves nothing.
    expect(page.get_by_label("Title (required)", exact=True)).to_have_value(TITLE)
    assert Pledge.objects.filter(title=TITLE).count() == 1


def test_browser_the_amount_shows_for_a_financial_pledge_only(
    page, live_server, compact, focal_ken
):
    # A policy pledge has no amount: the fieldset stays out of the way until the type
    # asks for it, and a value typed is never hidden (the service refuses it instead).
    sign_in(page, live_server, "focal-ken")
    page.goto(f"{live_server.url}/workspace/pledges/new/")
    money = page.get_by_role("group", name="Financial contribution")
    expect(money).to_be_hidden()

    page.get_by_label("Financial contribution", exact=True).check()
    expect(money).to_be_visible()
    money.get_by_label("Amount").fill("250000")
    money.get_by_label("Currency").fill("USD")

    page.get_by_label("Policy-oriented").check()
    expect(money).to_be_visible()  # it holds an amount: kept in view
    money.get_by_label("Amount").fill("")
    money.get_by_label("Currency").fill("")
    page.get_by_label("Process-oriented").check()
    expect(money).to_be_hidden()
