"""The admin in a real browser: every page Network staff work in passes the WCAG 2.1 A/AA
audit (axe-core), and so do the pages that show flash messages, public and admin.

Staff sign in as in production: password, then the code of their authenticator app
(the suite turns OTP_ADMIN_REQUIRED off; these tests turn it on)."""

import datetime

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pledges import services as pledge_services
from pledges.follows import follow_add
from pledges.imports import COLUMNS
from pledges.models import FollowDigest, Pledge
from reviews import reference_data
from reviews.models import ReviewCycle, ReviewEvent
from tests.factories import PledgeFactory, ProgressUpdateFactory
from tests.reviews.conftest import make_review
from tests.security.conftest import current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff_admin(page, live_server, settings, staff_user):
    """The browser page of a curator signed in to the admin with password and code."""
    settings.OTP_ADMIN_REQUIRED = True
    device = TOTPDevice.objects.create(user=staff_user, name="Phone", confirmed=True)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("curator")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    # The admin asks for the second factor before anything else.
    expect(page).to_have_url(f"{live_server.url}/accounts/two-factor/verify/?next=/admin/")
    page.get_by_label("Code from your authenticator app").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    return page


@pytest.fixture
def curation(compact, kenya, mexico, staff_user, focal_ken):
    """What the curators' pages show: a submitted pledge (the queue), a published one with
    its history in words and a progress update, a draft, a submitted review, a follow
    and a digest sent."""
    if not ReviewEvent.objects.exists():  # a transactional test flushed the calendar
        reference_data.calendar_load_default()
    submitted = PledgeFactory(code="GCM-KEN-00001", lead=kenya, status=Pledge.Status.SUBMITTED)
    submitted.submitted_at = submitted.created_at
    submitted.save(update_fields=["submitted_at"])
    published = PledgeFactory(code="GCM-KEN-00002", lead=kenya, status=Pledge.Status.SUBMITTED)
    published = pledge_services.pledge_publish(pledge=published, user=staff_user)
    ProgressUpdateFactory(pledge=published)
    PledgeFactory(code="GCM-MEX-00001", lead=mexico, status=Pledge.Status.DRAFT)
    cycle = ReviewCycle.objects.get(name="2023–2026")
    make_review(kenya, cycle, focal_ken, status="submitted")
    follow_add(user=focal_ken, kind="country", key="KEN")
    FollowDigest.objects.create(user=focal_ken, day=datetime.date(2026, 11, 30), changes=2)
    return {"submitted": submitted, "published": published}


def run_action(page, url: str, action: str, rows: int = 1) -> None:
    """Tick the first `rows` rows of a changelist and run a bulk action on them."""
    page.goto(url)
    boxes = page.locator("input[name=_selected_action]")
    for i in range(rows):
        boxes.nth(i).check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()


def reach_return_with_error(page, url, data):
    page.goto(f"{url}/admin/pledges/pledge/{data['submitted'].pk}/return/")
    page.get_by_role("button", name="Return with this reason").click()
    expect(page.get_by_role("alert")).to_contain_text("This field is required.")
    expect(page.get_by_label("Reason, sent back to the focal points")).to_have_attribute(
        "aria-invalid", "true"
    )


def reach_import_form_with_error(page, url, data):
    page.goto(f"{url}/admin/pledges/pledge/import/")
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".errorlist")).to_contain_text("This field is required.")


def reach_import_report(page, url, data):
    page.goto(f"{url}/admin/pledges/pledge/import/")
    csv = ",".join(COLUMNS) + "\nKEN,Too short\n"
    page.get_by_label("CSV or XLSX file").set_input_files(
        files=[{"name": "pledges.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("table", name="Refused rows")).to_be_visible()


def reach_verify_with_error(page, url, data):
    run_action(page, f"{url}/admin/pledges/progressupdate/", "verify_selected")
    expect(page.get_by_role("heading", name="Verify progress updates")).to_be_visible()
    page.get_by_role("button", name="Verify with this note").click()
    expect(page.get_by_role("alert")).to_contain_text("This field is required.")


def reach_dispute_with_error(page, url, data):
    run_action(page, f"{url}/admin/pledges/progressupdate/", "dispute_selected")
    expect(page.get_by_role("heading", name="Dispute progress updates")).to_be_visible()
    expect(page.locator("#content")).to_contain_text("until you make the dispute public")
    page.get_by_role("button", name="Dispute with this reason").click()
    expect(page.get_by_role("alert")).to_contain_text("This field is required.")


def reach_reopen(page, url, data):
    run_action(page, f"{url}/admin/reviews/voluntaryreview/", "reopen_reviews")
    expect(page.get_by_role("heading", name="Reopen reviews")).to_be_visible()


def reach_reopen_with_error(page, url, data):
    reach_reopen(page, url, data)
    page.get_by_role("button", name="Reopen with this reason").click()
    expect(page.get_by_role("alert")).to_contain_text("This field is required.")


def reach_snapshot_take_with_error(page, url, data):
    page.goto(f"{url}/admin/reviews/snapshot/")
    page.get_by_role("link", name="Take a snapshot now").click()
    page.get_by_label("Why it is taken (optional)").fill("Before the regional reviews.")
    page.get_by_role("button", name="Take the snapshot").click()
    expect(page.get_by_role("alert")).to_contain_text("This field is required.")
    expect(page.get_by_label("Title")).to_have_attribute("aria-invalid", "true")


def reach_admin_messages(page, url, data):
    # The submitted pledge is published, the draft refused: a success and an error.
    page.goto(f"{url}/admin/pledges/pledge/?o=1")  # by code: KEN-00001, KEN-00002, MEX
    page.locator("input[name=_selected_action]").nth(0).check()
    page.locator("input[name=_selected_action]").nth(2).check()
    page.locator("select[name=action]").select_option("publish_selected")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("1 pledge published.")
    expect(page.locator(".messagelist .error")).to_contain_text("GCM-MEX-00001")


def reach_public_messages(page, url, data):
    # A success and an error waiting in the messages cookie, shown by the next page.
    storage = CookieStorage(RequestFactory().get("/"))
    value = storage._encode(
        [
            Message(constants.SUCCESS, "Your changes were saved."),
            Message(constants.ERROR, "The file could not be read."),
        ]
    )
    page.context.add_cookies([{"name": storage.cookie_name, "value": value, "url": url}])
    page.goto(f"{url}/pledges/")
    expect(page.locator(".messages")).to_contain_text("The file could not be read.")


def path(template: str):
    def reach(page, url, data):
        page.goto(url + template.format(**{k: v.pk for k, v in data.items()}))
        expect(page.locator("#content")).to_be_visible()

    return reach


PAGES = {
    "changelist": path("/admin/pledges/pledge/"),
    "change": path("/admin/pledges/pledge/{submitted}/change/"),
    "return": path("/admin/pledges/pledge/{submitted}/return/"),
    "return-with-error": reach_return_with_error,
    "history": path("/admin/pledges/pledge/{published}/history/"),
    "import-form": path("/admin/pledges/pledge/import/"),
    "import-form-with-error": reach_import_form_with_error,
    "import-report-with-row-errors": reach_import_report,
    "queue": path("/admin/pledges/pledgeawaitingverification/"),
    "queue-change": path("/admin/pledges/pledgeawaitingverification/{submitted}/change/"),
    "verify": lambda page, url, data: run_action(
        page, f"{url}/admin/pledges/progressupdate/", "verify_selected"
    ),
    "verify-with-error": reach_verify_with_error,
    "dispute-with-error": reach_dispute_with_error,
    "unpublish": lambda page, url, data: run_action(
        page, f"{url}/admin/pledges/pledge/?status__exact=published", "unpublish_selected"
    ),
    "review-changelist": path("/admin/reviews/voluntaryreview/"),
    "review-reopen": reach_reopen,
    "review-reopen-with-error": reach_reopen_with_error,
    "snapshots": path("/admin/reviews/snapshot/"),
    "snapshot-take": path("/admin/reviews/snapshot/take/"),
    "snapshot-take-with-error": reach_snapshot_take_with_error,
    "follows": path("/admin/pledges/follow/"),
    "digests": path("/admin/pledges/followdigest/"),
    "admin-messages": reach_admin_messages,
    "public-messages": reach_public_messages,
}


@pytest.mark.parametrize("name", list(PAGES))
def test_browser_admin_page_passes_the_audit(name, staff_admin, live_server, curation, audit):
    PAGES[name](staff_admin, live_server.url, curation)

    assert audit(staff_admin) == []


def test_browser_admin_breadcrumbs_lead_back_up(staff_admin, live_server, curation):
    pledge = curation["submitted"]
    staff_admin.goto(f"{live_server.url}/admin/pledges/pledge/{pledge.pk}/return/")
    crumbs = staff_admin.locator(".breadcrumbs")
    expect(crumbs).to_contain_text("Return")
    crumbs.get_by_role("link", name=pledge.code).click()
    expect(staff_admin).to_have_url(f"{live_server.url}/admin/pledges/pledge/{pledge.pk}/change/")
    staff_admin.locator('.breadcrumbs a[href="/admin/pledges/pledge/"]').click()
    expect(staff_admin).to_have_url(f"{live_server.url}/admin/pledges/pledge/")
