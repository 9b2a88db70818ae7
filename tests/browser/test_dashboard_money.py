"""The dashboard's financial contributions in a real browser (issue 14): the table per
currency and the USD estimate pass the accessibility audit, in English and Arabic."""

import datetime
from decimal import Decimal

import pytest

from pledges.models import ExchangeRate, Pledge
from tests.factories import PledgeFactory, StakeholderFactory, add_partners

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def money(compact, member_states, kenya, mexico):
    eur = PledgeFactory(
        lead=kenya,
        status=Pledge.Status.PUBLISHED,
        mode=Pledge.Mode.PARTNERSHIP,
        pledge_type=Pledge.Type.FINANCIAL,
        amount=Decimal("1000000.00"),
        currency="EUR",
        objectives=[23],
    )
    add_partners(eur, mexico, amount=Decimal("500000.00"), currency="EUR")
    PledgeFactory(
        lead=StakeholderFactory(),
        status=Pledge.Status.PUBLISHED,
        pledge_type=Pledge.Type.FINANCIAL,
        amount=Decimal("20000000"),
        currency="XOF",
        objectives=[23],
    )
    ExchangeRate.objects.create(
        currency="EUR",
        rate_to_usd=Decimal("1.08"),
        rate_date=datetime.date(2020, 1, 1),
        source="UN operational rates of exchange",
    )
    return eur


@pytest.mark.parametrize("language", ["en", "ar"])
def test_browser_dashboard_money_passes_the_audit(
    page, live_server, money, audit, screenshot, language
):
    prefix = "" if language == "en" else f"/{language}"
    page.goto(f"{live_server.url}{prefix}/dashboard/")

    table = page.locator("#money-heading ~ .table-scroll table")
    assert table.locator("caption").count() == 1
    assert table.locator("tbody tr").count() == 2  # EUR, XOF
    assert audit(page) == []
    page.locator("#money-heading").scroll_into_view_if_needed()
    screenshot(page, f"dashboard-money-{language}")


def test_browser_pledge_page_shows_the_amount(page, live_server, money):
    page.goto(f"{live_server.url}/pledges/{money.code}/")

    assert page.get_by_text("Pledged: EUR 1,000,000").is_visible()
