"""The compact's public pages in a real browser: navigation, anchors, accessibility."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browser_visitor_reads_an_objective_and_follows_an_action_anchor(
    page, live_server, compact
):
    page.goto(f"{live_server.url}/objectives/")
    page.get_by_role("link", name="Objective 8:").click()

    assert page.get_by_role("heading", level=1).inner_text().startswith("8")
    page.get_by_role("link", name="8(c)").click()
    assert page.url.endswith("/objectives/8/#c")
    assert page.locator("li#c").is_visible()
    page.get_by_role("link", name="Objective 9:").first.click()
    assert page.url.endswith("/objectives/9/")


def test_browser_keyboard_user_can_skip_to_content(page, live_server, compact):
    page.goto(f"{live_server.url}/objectives/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    # Fragment navigation and the focus move land asynchronously: wait for them.
    page.wait_for_url("**/objectives/#main")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("home", "/"),
        ("objectives", "/objectives/"),
        ("objective-13", "/objectives/13/"),
        ("principles", "/principles/"),
    ],
)
def test_browser_compact_pages_pass_the_accessibility_audit(
    page, live_server, compact, audit, screenshot, name, path
):
    page.goto(f"{live_server.url}{path}")

    assert audit(page) == []
    screenshot(page, name)
