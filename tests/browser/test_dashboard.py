"""The dashboard in a real browser: the axe audit in English and Arabic at 1366 and
390 px, every caption inside a phone's screen, the bars growing from the right in
Arabic, and the screenshots a reviewer reads (dashboard, the map on /countries/, the
partners picker) at both widths in artifacts/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pledges.models import PledgeMatch
from reviews import reference_data
from reviews.models import ReviewEvent
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS
from tests.public_sample import public_sample

from .test_workspace_flows import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sample(compact, member_states, staff_user):
    # A transactional test flushes the tables when it ends: load the calendar again.
    if not ReviewEvent.objects.exists():
        reference_data.calendar_load_default()
        reference_data.round_tables_load_default()
    sample = public_sample(staff=staff_user)
    # Mexico's pledge offered to the remittances pledge, accepted: the matches chart.
    PledgeMatch.objects.create(
        offer=sample.detention, matched=sample.remittances, status=PledgeMatch.Status.ACCEPTED
    )
    return sample


def shoot(page, name: str, viewport: dict) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    label = "phone" if viewport == PHONE else "desktop"
    page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)


def boxes_outside(page, selector: str, width: int) -> list[str]:
    """The elements of `selector` whose box leaves the 0…`width` px band of the screen."""
    return page.eval_on_selector_all(
        selector,
        """(nodes, width) => nodes
            .map(n => [n, n.getBoundingClientRect()])
            .filter(([n, r]) => r.width > 0 && (r.left < -0.5 || r.right > width + 0.5))
            .map(([n, r]) => `${n.id || n.textContent.slice(0, 40)}: ${r.left}, ${r.right}`)""",
        width,
    )


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_browser_dashboard_passes_the_audit_and_keeps_captions_on_screen(
    page, live_server, sample, audit, language, viewport
):
    page.set_viewport_size(viewport)
    prefix = "" if language == "en" else f"/{language}"
    page.goto(f"{live_server.url}{prefix}/dashboard/")

    assert (page.locator("html").get_attribute("dir") == "rtl") == (language == "ar")
    assert page.locator("svg.bar-chart[role=img]").count() == 4
    assert audit(page) == []
    # Table captions and figure captions, whatever the width of their table.
    assert boxes_outside(page, "caption, figcaption, .chart-links", viewport["width"]) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    shoot(page, "dashboard" if language == "en" else f"dashboard-{language}", viewport)


def test_browser_dashboard_bars_grow_from_the_start_of_the_line(page, live_server, sample):
    """Kenya's pledge on objective 6: in English its bar starts at the left, by the zero
    line; in Arabic at the right. Its value is written just past its end."""
    for prefix, rtl in (("", False), ("/ar", True)):
        page.goto(f"{live_server.url}{prefix}/dashboard/")
        chart = page.locator("svg[aria-labelledby^='objectives-chart']")
        frame = chart.bounding_box()
        bar = chart.locator("rect.segment").first.bounding_box()
        baseline = chart.locator("line.baseline").first.bounding_box()
        if rtl:
            assert abs(bar["x"] + bar["width"] - baseline["x"]) < 2
            assert frame["x"] + frame["width"] - baseline["x"] < frame["width"] * 0.05
        else:
            assert abs(bar["x"] - baseline["x"]) < 2
            assert baseline["x"] - frame["x"] < frame["width"] * 0.05


def test_browser_screenshots_for_a_reviewer(page, live_server, sample, focal_ken):
    """The dashboard, the map on /countries/ and the partners picker, each at 390 and
    1366 px."""
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/dashboard/")
        expect(page.locator(".world-map")).to_be_visible()
        shoot(page, "review-dashboard", viewport)
        page.goto(f"{live_server.url}/countries/")
        expect(page.locator(".world-map svg")).to_be_visible()
        shoot(page, "review-countries-map", viewport)

    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, "focal-ken")
    page.goto(f"{live_server.url}/workspace/pledges/new/")
    page.get_by_label("Pledge in partnership").check()
    search = page.get_by_role("searchbox", name="Partners", exact=True)
    for name in ("Mexico", "Uganda"):
        search.fill(name.lower())
        page.get_by_role("checkbox", name=name).check()
    expect(page.get_by_role("button", name="Remove Uganda")).to_be_visible()
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.get_by_role("searchbox", name="Partners", exact=True).scroll_into_view_if_needed()
        shoot(page, "review-partners-picker", viewport)

    written = sorted(path.name for path in SCREENSHOTS.glob("review-*.png"))
    assert written == [
        f"review-{name}-{label}.png"
        for name in ("countries-map", "dashboard", "partners-picker")
        for label in ("desktop", "phone")
    ]
