"""The public site in a real browser: accessibility audit, screenshots at phone and
desktop widths, and an anonymous visitor finding a published pledge."""

import pytest

from pledges.models import Pledge
from reviews import reference_data
from reviews.models import ReviewEvent
from tests.public_sample import public_sample

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sample(compact, member_states, staff_user):
    # A transactional test flushes the tables when it ends: load the calendar again.
    if not ReviewEvent.objects.exists():
        reference_data.calendar_load_default()
        reference_data.round_tables_load_default()
    return public_sample(staff=staff_user)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("public-home", "/"),
        ("public-pledges", "/pledges/"),
        ("public-pledge", "/pledges/GCM-P-00001/"),
        ("public-objective-6", "/objectives/6/"),
        ("public-countries", "/countries/"),
        ("public-country-ken", "/countries/KEN/"),
        ("public-reviews", "/reviews/"),
        ("public-review", "review"),
        ("public-dashboard", "/dashboard/"),
        ("public-seeking-support", "/pledges/seeking-support/"),
    ],
)
def test_browser_public_pages_pass_the_accessibility_audit(
    page, live_server, sample, audit, screenshot, name, path
):
    if path == "review":
        path = f"/reviews/{sample.kenya_review.pk}/"
    page.goto(f"{live_server.url}{path}")

    assert page.locator("h1").count() == 1
    assert audit(page) == []
    screenshot(page, name)


def test_browser_visitor_finds_a_published_pledge_by_filter_and_by_search(
    page, live_server, sample
):
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Pledges").click()

    page.get_by_label("Country of the lead actor").select_option(label="Mexico")
    page.get_by_role("button", name="Show pledges").click()
    results = page.locator(".pledge-item")
    assert results.count() == 1
    assert "Alternatives to detention for migrant children" in results.inner_text()
    assert "country=MEX" in page.url

    page.get_by_role("link", name="Clear filters").click()
    page.get_by_label("Search").fill("Kenyan workers")
    page.get_by_role("button", name="Show pledges").click()
    assert page.locator(".pledge-item").count() == 1
    page.get_by_role("link", name="Fair recruitment for Kenyan workers abroad").click()

    assert page.get_by_role("heading", level=1).inner_text() == (
        "Fair recruitment for Kenyan workers abroad"
    )
    assert page.get_by_text("Three bilateral labour agreements revised.").is_visible()
    assert page.get_by_role("link", name="agreements.pdf").is_visible()


def test_browser_visitor_cannot_reach_a_draft(page, live_server, sample):
    draft = Pledge.objects.get(status=Pledge.Status.DRAFT)

    response = page.goto(f"{live_server.url}/pledges/{draft.code}/")

    assert response.status == 404


def test_browser_indicator_values_side_by_side_and_the_unsubscribe_page_pass_the_audit(
    page, live_server, sample, audit, screenshot, kenya, focal_ken
):
    from objectives.models import Objective
    from pledges.follows import follow_add, unsubscribe_token
    from reviews.models import Indicator, IndicatorValue

    indicator = Indicator.objects.create(
        code="C-10.1",
        name="Recruitment cost",
        objective=Objective.objects.get(number=6),
        tier="core",
        unit="%",
    )
    for kind, value, source in (("national", 12, "KNBS"), ("international", 18, "ILO")):
        IndicatorValue.objects.create(
            indicator=indicator,
            state=kenya,
            year=2023,
            value=value,
            source_kind=kind,
            source=source,
            source_url=f"https://{source.lower()}.example/",
        )
    follow_add(user=focal_ken, kind="country", key="KEN")

    page.goto(f"{live_server.url}/countries/KEN/")
    assert page.locator("table.indicator-values tbody tr").count() == 1
    assert audit(page) == []
    screenshot(page, "public-country-indicators")

    page.goto(f"{live_server.url}/follow/unsubscribe/{unsubscribe_token(focal_ken.pk, None)}/")
    assert page.locator("h1").count() == 1
    assert audit(page) == []
    page.locator("main button[type=submit]").click()
    page.locator("[role=status]").wait_for()
    assert audit(page) == []
