"""Issue 14's "done when", in a real browser: Kenya's focal point drafts a partnership
pledge with Mexico and an NGO (the partners picker); Mexico's focal point sees the
invitation in the workspace and accepts; the NGO's declines with a reason; once staff
publish it the public page shows Kenya and Mexico and the NGO nowhere; Mexico reports
its own 40 % and Kenya 25 %, and the page shows both and the overall figure by the
rule it states (the lead's own report: 25 %)."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from pledges import services
from pledges.models import FocalPoint, Partnership, Pledge
from tests.factories import DESCRIPTION, StakeholderFactory

from .test_workspace_flows import fresh_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Joint consular protection for migrant workers in the Gulf"
NGO = "Migrant Rights NGO"


@pytest.fixture
def focal_ngo(django_user_model):
    ngo = StakeholderFactory(code="migrant-rights-ngo", name=NGO)
    user = django_user_model.objects.create_user("focal-ngo", "focal-ngo@example.org", "pw")
    FocalPoint.objects.create(user=user, actor=ngo)
    return user


def _report(page, live_server, code: str, percent: str, narrative: str) -> None:
    page.goto(f"{live_server.url}/workspace/pledges/{code}/")
    page.get_by_role("link", name="Report progress").click()
    page.get_by_label("In progress").check()
    page.get_by_label("Percent complete").fill(percent)
    page.get_by_label("What has been done").fill(narrative)
    page.get_by_role("button", name="Report progress").click()
    expect(page.locator(".messages")).to_contain_text("reported")


def test_browser_partnership_consent_and_each_partners_progress(
    page, browser, live_server, compact, kenya, mexico, focal_ken, focal_mex, focal_ngo, staff_user
):
    # Kenya drafts the pledge, choosing its partners with the picker, and submits it.
    sign_in(page, live_server, "focal-ken")
    page.get_by_role("link", name="Draft a new pledge").click()
    page.get_by_label("Title (required)", exact=True).fill(TITLE)
    page.get_by_label("Description (required)", exact=True).fill(DESCRIPTION)
    page.get_by_label("Policy-oriented").check()
    page.get_by_label("Pledge in partnership").check()
    search = page.get_by_role("searchbox", name="Partners", exact=True)
    search.fill("mexi")
    page.get_by_role("checkbox", name="Mexico").check()
    search.fill("migrant rights")
    page.get_by_role("checkbox", name=NGO).check()
    expect(page.get_by_role("button", name=f"Remove {NGO}")).to_be_visible()
    page.get_by_label("6. Facilitate fair and ethical recruitment", exact=False).check()
    page.get_by_label("People-centred").check()
    page.get_by_label("Start date").fill("2025-01-01")
    page.get_by_label("Target date").fill("2027-12-31")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("saved")
    pledge = Pledge.objects.get(title=TITLE)
    assert sorted(pledge.partnerships.values_list("actor__code", "status")) == [
        ("MEX", "invited"),
        ("migrant-rights-ngo", "invited"),
    ]
    page.get_by_role("button", name="Submit for verification").click()
    expect(page.locator(".messages")).to_contain_text(f"{pledge.code} submitted")

    # Mexico's focal point finds the invitation in the workspace and accepts.
    mex = fresh_page(browser)
    sign_in(mex, live_server, "focal-mex")
    mex.get_by_role("link", name=f"Kenya invites Mexico to partner {pledge.code}").click()
    mex.get_by_label("What you contribute").fill("Consular staff in Doha and Riyadh")
    mex.get_by_role("button", name="Accept the invitation").click()
    expect(mex.locator(".messages")).to_contain_text("You accepted")

    # The NGO's focal point declines, with a reason.
    ngo = fresh_page(browser)
    sign_in(ngo, live_server, "focal-ngo")
    ngo.get_by_role("link", name=f"Kenya invites {NGO} to partner {pledge.code}").click()
    ngo.get_by_label("Reason").fill("Outside our mandate this cycle.")
    ngo.get_by_role("button", name="Decline the invitation").click()
    expect(ngo.locator(".messages")).to_contain_text("You declined")
    ngo.context.close()
    assert Partnership.objects.get(pledge=pledge, actor__code="migrant-rights-ngo").reason == (
        "Outside our mandate this cycle."
    )

    # Staff publish it (the service the admin's button calls).
    services.pledge_publish(pledge=pledge, user=staff_user)

    # The public page: Kenya leads, Mexico partners, the NGO is nowhere.
    public = fresh_page(browser)
    public.goto(f"{live_server.url}/pledges/{pledge.code}/")
    facts = public.locator(".facts")
    expect(facts).to_contain_text("Kenya")
    expect(facts.locator('[data-partner="MEX"][data-status="accepted"]')).to_be_visible()
    expect(public.get_by_text(NGO)).to_have_count(0)
    expect(public.locator('[data-partner="migrant-rights-ngo"]')).to_have_count(0)

    # Each reports its own share of the progress.
    _report(mex, live_server, pledge.code, "40", "Consular desks opened in two cities.")
    mex.context.close()
    _report(page, live_server, pledge.code, "25", "Pre-departure training designed.")

    public.reload()
    by_actor = public.locator(".progress-by-actor")
    expect(by_actor.locator("li", has_text="Kenya")).to_contain_text("25 % complete")
    expect(by_actor.locator("li", has_text="Mexico")).to_contain_text("40 % complete")
    # The overall figure, by the rule the page states: the lead's own latest report.
    expect(
        public.get_by_text("The pledge's completion is its lead actor's own latest report")
    ).to_be_visible()
    expect(public.locator(".progress-summary")).to_contain_text("Latest reported completion: 25 %")
    expect(public.get_by_text(NGO)).to_have_count(0)
    public.context.close()


def test_browser_matching_pages_pass_the_accessibility_audit(
    page, browser, live_server, compact, kenya, focal_ken, member_states, audit, screenshot
):
    from django.contrib.auth import get_user_model

    from pledges.models import Actor, PledgeMatch
    from tests.factories import PledgeFactory

    seeking = PledgeFactory(lead=kenya, status="published", code="GCM-P-00001", title=TITLE)
    services.support_request_set(
        pledge=seeking,
        user=focal_ken,
        support_type="financial",
        objective=1,
        description="Co-funding for the consular desks.",
        amount=Decimal("250000"),
        currency="USD",
    )
    france = Actor.objects.get(code="FRA")
    offer = PledgeFactory(lead=france, status="published", code="GCM-P-00002")
    PledgeMatch.objects.create(offer=offer, matched=seeking)
    fra = get_user_model().objects.create_user("focal-fra", "focal-fra@example.org", "pw")
    FocalPoint.objects.create(user=fra, actor=france)

    sign_in(page, live_server, "focal-ken")
    pages = [
        ("workspace-matches-received", "/workspace/matches/"),
        ("workspace-support-form", f"/workspace/pledges/{seeking.code}/support/"),
    ]
    for name, path in pages:
        page.goto(f"{live_server.url}{path}")
        assert audit(page) == [], name
        screenshot(page, name)
    # The decline form in its error state (no reason), beside its field.
    page.goto(f"{live_server.url}/workspace/matches/")
    page.get_by_role("button", name="Decline the offer").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("Say why the offer is declined.")
    assert audit(page) == []
    screenshot(page, "workspace-matches-error")

    other = fresh_page(browser)
    sign_in(other, live_server, "focal-fra")
    other.goto(f"{live_server.url}/pledges/seeking-support/")
    expect(other.locator(f'[data-seeking="{seeking.code}"]')).to_contain_text("250000.00 USD")
    assert audit(other) == []
    screenshot(other, "public-seeking-support-signed-in")
    other.get_by_role("link", name=f"Offer a matching pledge to {seeking.code}").click()
    expect(other.get_by_label("Code of the pledge you offer to match (required)")).to_have_value(
        seeking.code
    )
    assert audit(other) == []
    screenshot(other, "workspace-match-offer")
    other.goto(f"{live_server.url}/workspace/matches/")
    assert audit(other) == []
    screenshot(other, "workspace-matches-made")
    other.context.close()
