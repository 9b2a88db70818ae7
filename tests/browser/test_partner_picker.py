"""The partners picker in a real browser, by keyboard only and by touch on a phone: filter,
tick, see the chips, remove one; Member States and organisations under their group
headings; the real <select multiple> underneath is what the form sends."""

import pytest
from playwright.sync_api import expect

from pledges.models import Actor
from tests.factories import StakeholderFactory

from .test_workspace_flows import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def chosen_codes(page) -> list[str]:
    return page.eval_on_selector(
        "select[name=partners]", "s => Array.from(s.selectedOptions).map(o => o.value)"
    )


STATES = "Member States"
ORGANISATIONS = "Organisations and other stakeholders"


def test_browser_partner_picker_filters_ticks_and_removes_by_keyboard_only(
    page, live_server, compact, focal_ken, mexico, audit, screenshot
):
    StakeholderFactory(code="migrant-rights-ngo", name="Migrant Rights NGO")
    total = Actor.objects.count()
    sign_in(page, live_server, "focal-ken")
    page.goto(f"{live_server.url}/workspace/pledges/new/")

    # The mode by keyboard: Space on the radio shows the partners block.
    page.get_by_label("Pledge in partnership").focus()
    page.keyboard.press("Space")
    search = page.get_by_role("searchbox", name="Partners", exact=True)
    expect(search).to_be_visible()
    expect(page.locator("select[name=partners]")).to_be_hidden()
    expect(page.get_by_text("No partner chosen yet.")).to_be_visible()

    search.focus()
    page.keyboard.type("mexi")
    status = page.locator("#id_partners_count")
    expect(status).to_have_text(f"Partners shown: 1 of {total}")
    expect(status).to_have_attribute("role", "status")
    page.keyboard.press("Enter")  # does not submit the form
    expect(page).to_have_url(f"{live_server.url}/workspace/pledges/new/")
    # The list's groups are named by their headings; a group with no match is hidden.
    states = page.get_by_role("group", name=STATES)
    expect(states.get_by_role("heading", name=STATES)).to_be_visible()
    expect(states.get_by_role("checkbox", name="Mexico")).to_be_visible()
    expect(page.get_by_role("group", name=ORGANISATIONS)).to_be_hidden()
    page.keyboard.press("ArrowDown")
    mexico_box = page.get_by_role("checkbox", name="Mexico")
    expect(mexico_box).to_be_focused()
    page.keyboard.press("Space")
    expect(mexico_box).to_be_checked()
    expect(page.get_by_role("button", name="Remove Mexico")).to_be_visible()
    assert chosen_codes(page) == ["MEX"]

    # Escape clears the filter; a second partner.
    search.focus()
    page.keyboard.press("Escape")
    expect(status).to_have_text(f"Partners shown: {total} of {total}")
    expect(page.get_by_role("group", name=ORGANISATIONS)).to_be_visible()
    page.keyboard.type("uganda")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert chosen_codes(page) == ["MEX", "UGA"]
    # With chips, a filtered list and the live count: the audit finds nothing.
    assert audit(page) == []
    screenshot(page, "workspace-partner-picker")

    # From the filter box back to the chips; removing one moves the focus, never loses it.
    search.focus()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Remove Uganda")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Remove Mexico")).to_be_focused()
    assert chosen_codes(page) == ["MEX"]
    expect(page.get_by_role("checkbox", name="Uganda")).not_to_be_checked()
    page.keyboard.press("Enter")
    expect(search).to_be_focused()
    assert chosen_codes(page) == []


def test_browser_partner_picker_in_arabic_reads_right_to_left(
    browser, live_server, compact, focal_ken, mexico
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, "focal-ken")
    page.goto(f"{live_server.url}/ar/workspace/pledges/new/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator('input[name="mode"][value="partnership"]').focus()
    page.keyboard.press("Space")
    expect(page.locator("#id_partners_search")).to_be_visible()
    expect(page.locator("#id_partners_count")).to_contain_text("الشركاء المعروضون")
    expect(page.get_by_text("لم يُختر أي شريك بعد.")).to_be_visible()
    context.close()


def test_browser_partner_picker_by_touch_on_a_phone(
    browser, live_server, compact, focal_ken, mexico, audit, screenshot
):
    StakeholderFactory(code="migrant-rights-ngo", name="Migrant Rights NGO")
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, "focal-ken")
    page.goto(f"{live_server.url}/workspace/pledges/new/")

    page.get_by_label("Pledge in partnership").tap()
    search = page.get_by_role("searchbox", name="Partners", exact=True)
    expect(search).to_be_visible()
    search.tap()
    search.fill("mexi")
    page.get_by_role("group", name=STATES).get_by_role("checkbox", name="Mexico").tap()
    expect(page.get_by_role("button", name="Remove Mexico")).to_be_visible()

    search.tap()
    search.fill("rights")
    expect(page.get_by_role("group", name=STATES)).to_be_hidden()
    organisations = page.get_by_role("group", name=ORGANISATIONS)
    organisations.get_by_text("Migrant Rights NGO").tap()  # the label is the touch target
    assert chosen_codes(page) == ["MEX", "migrant-rights-ngo"]
    assert audit(page) == []
    screenshot(page, "workspace-partner-picker-touch")

    page.get_by_role("button", name="Remove Mexico").tap()
    expect(page.get_by_role("button", name="Remove Mexico")).to_have_count(0)
    assert chosen_codes(page) == ["migrant-rights-ngo"]
    context.close()
