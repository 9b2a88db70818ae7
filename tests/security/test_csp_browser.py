"""The Content-Security-Policy in a real browser: pages and Swagger UI work under it,
and the browser reports no violation (issue 12, defect 6).

Playwright's sync API runs in a thread of its own here: tests/browser keeps a browser
open for the whole session in the main thread, and one thread takes one sync API.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, chromium_available

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason=f"Chromium not found at {CHROMIUM}"),
]

PAGES = [
    "/",
    "/pledges/",
    "/pledges/seeking-support/",
    "/dashboard/",
    "/accounts/login/",
    "/admin/login/",
]


class Browser:
    """Chromium in a dedicated thread; `visit` runs a check of one page there."""

    def __init__(self):
        self.thread = ThreadPoolExecutor(max_workers=1)
        self.thread.submit(self._start).result()

    def _start(self):
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.chromium = self.playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )

    def visit(self, url: str, check=None) -> dict:
        return self.thread.submit(self._visit, url, check).result()

    def _visit(self, url: str, check) -> dict:
        context = self.chromium.new_context()
        page = context.new_page()
        page.set_default_timeout(15_000)
        seen = {"violations": [], "requests": [], "result": None}
        page.on(
            "console",
            lambda m: (
                seen["violations"].append(m.text) if "Content Security Policy" in m.text else None
            ),
        )
        page.on("request", lambda r: seen["requests"].append(r.url))
        try:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            seen["result"] = check(page) if check else None
        finally:
            context.close()
        return seen

    def close(self):
        def stop():
            self.chromium.close()
            self.playwright.stop()

        self.thread.submit(stop).result()
        self.thread.shutdown()


@pytest.fixture(scope="module")
def chromium():
    browser = Browser()
    yield browser
    browser.close()


def _swagger(page) -> dict:
    page.locator(".swagger-ui .info .title").wait_for()
    return {
        "title": page.locator(".swagger-ui .info .title").inner_text(),
        "operations": page.locator(".opblock").count(),
    }


@pytest.mark.django_db(transaction=True)
def test_swagger_ui_runs_from_the_project_under_the_policy(live_server, chromium):
    seen = chromium.visit(f"{live_server.url}/api/docs/", _swagger)

    assert "GCM Tracker API" in seen["result"]["title"]
    assert seen["result"]["operations"] > 10
    assert seen["violations"] == []
    foreign = [u for u in seen["requests"] if not u.startswith((live_server.url, "data:"))]
    assert foreign == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", PAGES)
def test_pages_raise_no_policy_violation(live_server, chromium, path):
    seen = chromium.visit(f"{live_server.url}{path}")

    assert seen["violations"] == []
