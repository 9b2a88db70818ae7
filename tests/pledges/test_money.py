"""Money (issue 14): a financial pledge's amount in its ISO 4217 currency, the staff's
exchange rates, and the dashboard's totals per currency with a US dollar estimate that
converts only at recorded rates — never silently."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import translation
from django.utils.formats import date_format

from pledges import services
from pledges.columns import PLEDGE_COLUMN_NAMES, pledge_row
from pledges.imports import pledges_import
from pledges.models import ExchangeRate, Partnership, Pledge
from pledges.selectors import pledge_list
from pledges.stats import compute_dashboard_stats, dashboard_stats, money_stats
from pledges.templatetags.money import format_amount
from tests.dates import travel_to
from tests.factories import (
    DESCRIPTION,
    PledgeFactory,
    StakeholderFactory,
    add_partners,
)
from tests.pledges.helpers import pledge_payload, service_values, streamed

pytestmark = pytest.mark.django_db

FINANCIAL = Pledge.Type.FINANCIAL
PUBLISHED = Pledge.Status.PUBLISHED
DAY = datetime.date(2026, 11, 20)


@pytest.fixture
def setup(compact, kenya, mexico):
    """The compact and the Member States."""


def financial(lead, amount, currency, *, status=PUBLISHED, objectives=(23,)) -> Pledge:
    return PledgeFactory(
        lead=lead,
        status=status,
        pledge_type=FINANCIAL,
        amount=Decimal(amount),
        currency=currency,
        objectives=list(objectives),
    )


def rate(currency, value, day, source="UN operational rates of exchange, Nov 2026"):
    return ExchangeRate.objects.create(
        currency=currency, rate_to_usd=Decimal(value), rate_date=day, source=source
    )


# --- The model's invariants -------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"pledge_type": Pledge.Type.POLICY, "amount": Decimal(10), "currency": "USD"},
        {"pledge_type": FINANCIAL, "amount": Decimal(10), "currency": ""},
        {"pledge_type": FINANCIAL, "amount": None, "currency": "USD"},
        {"pledge_type": FINANCIAL, "amount": Decimal(0), "currency": "USD"},
        {"pledge_type": FINANCIAL, "amount": Decimal(-5), "currency": "USD"},
    ],
    ids=["not-financial", "no-currency", "no-amount", "zero", "negative"],
)
def test_database_refuses_an_amount_that_breaks_the_rule(kenya, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeFactory(lead=kenya, **fields)


def test_database_refuses_two_rates_of_a_currency_on_one_day():
    rate("EUR", "1.08", DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        rate("EUR", "1.09", DAY)


# --- The service: one validator for every amount (partners' too) ---------------------------


def test_pledge_create_keeps_a_financial_pledges_amount_and_currency(setup, focal_ken):
    pledge = services.pledge_create(
        user=focal_ken,
        **service_values(pledge_type=FINANCIAL, amount=Decimal("250000.00"), currency=" usd "),
    )

    pledge.refresh_from_db()
    assert (pledge.amount, pledge.currency) == (Decimal("250000.00"), "USD")


BAD_AMOUNTS = [
    ({"amount": Decimal("-5"), "currency": "USD"}, "amount", "positive"),
    ({"amount": Decimal("0"), "currency": "USD"}, "amount", "positive"),
    ({"amount": Decimal("12.345"), "currency": "USD"}, "amount", "2 decimals"),
    ({"amount": Decimal("10"), "currency": "XYZ"}, "currency", "XYZ is not an ISO 4217"),
    ({"amount": Decimal("10"), "currency": ""}, "currency", "Give the currency"),
    ({"amount": None, "currency": "EUR"}, "amount", "Give the amount"),
]


@pytest.mark.parametrize(("values", "field", "message"), BAD_AMOUNTS)
def test_pledge_create_refuses_a_bad_amount_on_its_field_and_writes_nothing(
    setup, focal_ken, values, field, message
):
    with pytest.raises(ValidationError) as caught:
        services.pledge_create(user=focal_ken, **service_values(pledge_type=FINANCIAL, **values))

    assert message in " ".join(caught.value.message_dict[field])
    assert not Pledge.objects.exists()


def test_pledge_create_refuses_an_amount_on_a_pledge_that_is_not_financial(setup, focal_ken):
    with pytest.raises(ValidationError) as caught:
        services.pledge_create(
            user=focal_ken, **service_values(amount=Decimal(100), currency="USD")
        )

    assert "Only a financial contribution has an amount" in caught.value.message_dict["amount"][0]
    assert not Pledge.objects.exists()


def test_pledge_update_refuses_turning_a_pledge_with_an_amount_into_another_type(
    setup, focal_ken, kenya
):
    pledge = financial(kenya, 100, "EUR", status=Pledge.Status.DRAFT)

    with pytest.raises(ValidationError) as caught:
        services.pledge_update(pledge=pledge, user=focal_ken, pledge_type=Pledge.Type.POLICY)

    assert "amount" in caught.value.message_dict
    pledge.refresh_from_db()
    assert (pledge.pledge_type, pledge.amount) == (FINANCIAL, Decimal(100))


# --- The API: `amount` a decimal string, `currency` ---------------------------------------


def test_api_writes_and_reads_the_amount_as_a_decimal_string(setup, client_for, focal_ken):
    ken = client_for(focal_ken)
    payload = pledge_payload(type="financial", amount="250000.50", currency="eur")

    response = ken.post("/api/v1/pledges/", payload, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["amount"], body["currency"]) == ("250000.50", "EUR")
    assert ken.get(f"/api/v1/pledges/{body['code']}/").json()["amount"] == "250000.50"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount": "-5", "currency": "USD"}, "amount"),
        ({"amount": "0", "currency": "USD"}, "amount"),
        ({"amount": "12,5,0", "currency": "USD"}, "amount"),
        ({"amount": "12.345", "currency": "USD"}, "amount"),
        ({"amount": "100", "currency": "XYZ"}, "currency"),
        ({"amount": "100"}, "currency"),
        ({"currency": "USD"}, "amount"),
        ({"amount": "100", "currency": "USD", "type": "policy"}, "amount"),
    ],
    ids=[
        "negative",
        "zero",
        "malformed",
        "three-decimals",
        "unknown-currency",
        "no-currency",
        "no-amount",
        "not-financial",
    ],
)
def test_api_refuses_a_bad_amount_with_400_on_the_field_and_writes_nothing(
    setup, client_for, focal_ken, overrides, field
):
    payload = pledge_payload(**{"type": "financial", **overrides})

    response = client_for(focal_ken).post("/api/v1/pledges/", payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Pledge.objects.exists()


def test_api_patch_with_a_bad_amount_changes_nothing(setup, client_for, focal_ken, kenya):
    pledge = financial(kenya, 100, "EUR", status=Pledge.Status.DRAFT)

    response = client_for(focal_ken).patch(
        f"/api/v1/pledges/{pledge.code}/", {"amount": "-1"}, format="json"
    )

    assert response.status_code == 400
    assert "amount" in response.json()
    pledge.refresh_from_db()
    assert pledge.amount == Decimal(100)


# --- The workspace form -----------------------------------------------------------------


def form_data(**overrides) -> dict:
    data = {
        "lead": "KEN",
        "title": "A contribution to the Migration MPTF",
        "description": DESCRIPTION,
        "mode": "individual",
        "pledge_type": "financial",
        "scope": "global",
        "objectives": ["23"],
        "actions": [],
        "principles": [],
        "partners": [],
        "matches_code": "",
        "start_date": "2024-01-01",
        "target_date": "2026-12-31",
        "amount": "",
        "currency": "",
    }
    return {**data, **overrides}


def error_beside(html: str, field: str) -> str:
    import re

    found = re.search(rf'<ul class="error-message" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)) if found else ""


def test_workspace_form_saves_the_amount(client, setup, focal_ken):
    client.force_login(focal_ken)

    client.post("/workspace/pledges/new/", form_data(amount="1000000", currency="eur"))

    pledge = Pledge.objects.get()
    assert (pledge.amount, pledge.currency) == (Decimal("1000000.00"), "EUR")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"amount": "-5", "currency": "USD"}, "amount", "positive"),
        ({"amount": "0", "currency": "USD"}, "amount", "positive"),
        ({"amount": "12,5,0", "currency": "USD"}, "amount", "Enter a number"),
        ({"amount": "12.345", "currency": "USD"}, "amount", "2 decimal places"),
        ({"amount": "10", "currency": "XYZ"}, "currency", "XYZ is not an ISO 4217"),
        ({"amount": "10", "currency": ""}, "currency", "Give the currency"),
        (
            {"amount": "10", "currency": "USD", "pledge_type": "policy"},
            "amount",
            "Only a financial",
        ),
    ],
)
def test_workspace_form_shows_a_bad_amount_beside_its_field_and_writes_nothing(
    client, setup, focal_ken, overrides, field, message
):
    client.force_login(focal_ken)

    response = client.post("/workspace/pledges/new/", form_data(**overrides))

    assert response.status_code == 200
    assert message in error_beside(response.content.decode(), field)
    assert not Pledge.objects.exists()


# --- Imports and exports ---------------------------------------------------------------------


IMPORT_HEADER = (
    "lead,title,description,mode,type,objectives,scope,start_date,target_date,amount,currency\n"
)


def import_row(amount: str, currency: str) -> str:
    cells = ["KEN", "Funding the MPTF", DESCRIPTION, "individual", "financial", "23", "global"]
    cells += ["2024-01-01", "2026-12-31", amount, currency]
    return ",".join(f'"{c}"' for c in cells) + "\n"


def test_import_reads_the_amount_and_refuses_a_malformed_one_by_line(setup, staff_user):
    bad = pledges_import(
        user=staff_user,
        name="p.csv",
        content=(IMPORT_HEADER + import_row("12,5,0", "USD")).encode(),
    )
    assert not Pledge.objects.exists()
    assert [(e.line, e.column) for e in bad.errors] == [(2, "amount")]

    unknown = pledges_import(
        user=staff_user, name="p.csv", content=(IMPORT_HEADER + import_row("10", "XYZ")).encode()
    )
    assert not Pledge.objects.exists()
    assert [e.column for e in unknown.errors] == ["currency"]

    pledges_import(
        user=staff_user,
        name="p.csv",
        content=(IMPORT_HEADER + import_row("5000.25", "kes")).encode(),
    )
    assert Pledge.objects.values_list("amount", "currency").get() == (Decimal("5000.25"), "KES")


def test_export_row_and_public_csv_carry_amount_currency_and_the_leads_completion(
    setup, client_for, kenya, mexico, focal_ken, focal_mex
):
    pledge = financial(kenya, "250000.00", "USD")
    pledge.mode = Pledge.Mode.PARTNERSHIP
    pledge.save()
    add_partners(pledge, mexico)
    services.progress_update_create(
        pledge=pledge,
        user=focal_ken,
        date=datetime.date(2025, 1, 10),
        implementation="in_progress",
        percent=25,
        narrative="Half of the first tranche paid.",
    )
    # The partner reports later and more: the pledge's figure stays the lead's.
    services.progress_update_create(
        pledge=pledge,
        user=focal_mex,
        date=datetime.date(2025, 2, 10),
        implementation="fulfilled",
        percent=40,
        narrative="Mexico's share paid.",
    )

    exported = dict(zip(PLEDGE_COLUMN_NAMES, pledge_row(pledge_list(None).get()), strict=True))
    assert exported["amount"] == Decimal("250000.00")
    assert exported["currency"] == "USD"
    assert exported["latest_completion"] == 25
    assert exported["implementation"] == "in_progress"

    body = streamed(client_for(None).get("/api/v1/pledges/", {"format": "csv"}))
    (row,) = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
    assert (row["amount"], row["currency"], row["latest_completion"]) == ("250000.00", "USD", "25")
    assert row["implementation"] == "in_progress"
    api = client_for(None).get(f"/api/v1/pledges/{pledge.code}/").json()
    assert api["latest_completion"] == 25

    # The dashboard counts the pledge by its lead's report: in progress, not fulfilled.
    stats = compute_dashboard_stats()
    assert stats["totals"]["fulfilled_pledges"] == 0
    objective = next(row for row in stats["by_objective"] if row["number"] == 23)
    assert objective["by_implementation"]["in_progress"] == 1


# --- The public pledge page ----------------------------------------------------------------


def test_public_page_shows_the_amount_in_the_readers_number_format(client, setup, kenya, mexico):
    pledge = financial(kenya, "250000.00", "USD")
    pledge.mode = Pledge.Mode.PARTNERSHIP
    pledge.save()
    add_partners(pledge, mexico, share="Co-funding", amount=Decimal("1500.50"), currency="USD")

    english = client.get(f"/pledges/{pledge.code}/").content.decode()
    assert "Pledged: USD 250,000" in english
    assert "Co-funding (1,500.50 USD)" in english

    with translation.override("es"):
        spanish = format_amount(Decimal("250000.50"), "EUR")
    assert spanish.startswith("EUR 250") and spanish.endswith(",50")
    assert format_amount(Decimal("1250.5"), "EUR") == "EUR 1,250.50"


# --- Exchange rates: staff record them, through the service -------------------------------


def test_staff_record_a_rate_and_its_history_names_them(staff_user):
    recorded = services.exchange_rate_record(
        user=staff_user,
        currency="eur",
        rate_to_usd=Decimal("1.08"),
        rate_date=datetime.date(2026, 11, 1),
        source="  UN operational rates of exchange,   Nov 2026 ",
    )

    assert (recorded.currency, recorded.recorded_by) == ("EUR", staff_user)
    assert recorded.source == "UN operational rates of exchange, Nov 2026"
    (history,) = recorded.history.all()
    assert history.history_user == staff_user


def test_a_focal_point_cannot_record_a_rate(focal_ken):
    with pytest.raises(PermissionDenied):
        services.exchange_rate_record(
            user=focal_ken,
            currency="EUR",
            rate_to_usd=Decimal("1.08"),
            rate_date=DAY,
            source="Made up",
        )
    assert not ExchangeRate.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"currency": "XYZ"}, "currency"),
        ({"currency": ""}, "currency"),
        ({"currency": "USD"}, "currency"),
        ({"rate_to_usd": Decimal("0")}, "rate_to_usd"),
        ({"rate_to_usd": Decimal("-1.2")}, "rate_to_usd"),
        ({"rate_to_usd": Decimal("1.123456789")}, "rate_to_usd"),
        ({"source": "   "}, "source"),
    ],
)
def test_a_bad_rate_is_refused_on_its_field(staff_user, values, field):
    arguments = {
        "currency": "EUR",
        "rate_to_usd": Decimal("1.08"),
        "rate_date": DAY,
        "source": "UN operational rates of exchange",
        **values,
    }
    with pytest.raises(ValidationError) as caught:
        services.exchange_rate_record(user=staff_user, **arguments)

    assert field in caught.value.message_dict
    assert not ExchangeRate.objects.exists()


def test_a_second_rate_on_the_same_day_is_refused_but_a_correction_is_not(staff_user):
    first = rate("EUR", "1.08", DAY)
    with pytest.raises(ValidationError) as caught:
        services.exchange_rate_record(
            user=staff_user, currency="EUR", rate_to_usd=Decimal("1.1"), rate_date=DAY, source="x"
        )
    assert "rate_date" in caught.value.message_dict

    services.exchange_rate_record(
        user=staff_user,
        currency="EUR",
        rate_to_usd=Decimal("1.07"),
        rate_date=DAY,
        source="UN operational rates, corrected",
        exchange_rate=first,
    )
    first.refresh_from_db()
    assert first.rate_to_usd == Decimal("1.07")


ADD = "/admin/pledges/exchangerate/add/"
RATE_FORM = {
    "currency": "eur",
    "rate_to_usd": "1.08",
    "rate_date": "2026-11-01",
    "source": "UN operational rates of exchange, Nov 2026",
}


@override_settings(OTP_ADMIN_REQUIRED=False)
def test_rate_admin_staff_record_through_the_service(client, staff_user):
    client.force_login(staff_user)

    assert client.get(ADD).status_code == 200
    response = client.post(ADD, RATE_FORM)

    assert response.status_code == 302
    recorded = ExchangeRate.objects.get()
    assert (recorded.currency, recorded.recorded_by) == ("EUR", staff_user)
    listing = client.get("/admin/pledges/exchangerate/", {"q": "operational"})
    assert "UN operational rates of exchange, Nov 2026" in listing.content.decode()


@override_settings(OTP_ADMIN_REQUIRED=False)
def test_rate_admin_shows_the_services_errors_beside_the_fields(client, staff_user):
    client.force_login(staff_user)

    response = client.post(ADD, {**RATE_FORM, "currency": "XYZ", "rate_to_usd": "-1"})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "XYZ is not an ISO 4217 currency code." in errors["currency"]
    assert "A rate is a positive number." in errors["rate_to_usd"]
    assert not ExchangeRate.objects.exists()


@override_settings(OTP_ADMIN_REQUIRED=False)
@pytest.mark.parametrize("persona", ["focal_ken", "anonymous"])
def test_rate_admin_refuses_a_focal_point_and_the_public_and_writes_nothing(
    client, request, persona
):
    user = request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)

    assert client.get(ADD).status_code == 302
    response = client.post(ADD, RATE_FORM)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not ExchangeRate.objects.exists()


# --- Totals: per currency, the USD estimate only at recorded rates -------------------------


@pytest.fixture
def money(setup, kenya, mexico):
    """EUR 1,000,000 of Kenya's + EUR 500,000 of Mexico's share; USD 250,000; XOF 20M
    with no rate; and what must not count: a draft, a declined partner's amount."""
    eur = financial(kenya, "1000000.00", "EUR", objectives=(23, 5))
    eur.mode = Pledge.Mode.PARTNERSHIP
    eur.save()
    add_partners(eur, mexico, amount=Decimal("500000.00"), currency="EUR")
    add_partners(
        eur,
        StakeholderFactory(),
        status=Partnership.Status.DECLINED,
        amount=Decimal(9),
        currency="EUR",
    )
    financial(mexico, "250000.00", "USD")
    financial(StakeholderFactory(), "20000000", "XOF")
    financial(kenya, "777.00", "EUR", status=Pledge.Status.DRAFT)
    # A rate's date decides: the latest on or before the day, never a later one.
    rate("EUR", "1.05", datetime.date(2026, 10, 1), source="UN rates, Oct 2026")
    rate("EUR", "1.08", datetime.date(2026, 11, 1), source="UN rates, Nov 2026")
    rate("EUR", "2.00", datetime.date(2026, 12, 1), source="UN rates, Dec 2026")
    return eur


def test_money_totals_per_currency_count_pledges_and_accepted_partners_once(money):
    stats = money_stats(objectives=list(range(1, 24)), today=DAY)

    assert stats["by_currency"] == [
        {
            "currency": "EUR",
            "total": "1500000.00",
            "pledges": "1000000.00",
            "pledge_count": 1,
            "partners": "500000.00",
            "partner_count": 1,
        },
        {
            "currency": "USD",
            "total": "250000.00",
            "pledges": "250000.00",
            "pledge_count": 1,
            "partners": "0.00",
            "partner_count": 0,
        },
        {
            "currency": "XOF",
            "total": "20000000.00",
            "pledges": "20000000.00",
            "pledge_count": 1,
            "partners": "0.00",
            "partner_count": 0,
        },
    ]
    # Per objective: the EUR pledge serves 5 and 23, counted under each.
    assert stats["by_objective"]["5"] == {"EUR": "1500000.00"}
    assert stats["by_objective"]["23"] == {
        "EUR": "1500000.00",
        "USD": "250000.00",
        "XOF": "20000000.00",
    }


def test_usd_estimate_converts_at_the_latest_recorded_rate_and_names_what_it_did_not(money):
    estimate = money_stats(objectives=[23], today=DAY)["usd_estimate"]

    assert estimate == {
        "as_of": "2026-11-20",
        "total": "1870000.00",  # 250,000 in USD + 1,500,000 EUR × 1.08
        "in_usd": "250000.00",
        "converted": [
            {
                "currency": "EUR",
                "amount": "1500000.00",
                "rate": "1.08",
                "rate_date": "2026-11-01",
                "source": "UN rates, Nov 2026",
                "usd": "1620000.00",
            }
        ],
        "not_converted": [{"currency": "XOF", "amount": "20000000.00"}],
    }


def test_usd_estimate_without_any_rate_converts_nothing(setup, kenya):
    financial(kenya, "10.00", "EUR")
    rate("EUR", "1.08", datetime.date(2026, 12, 1))  # not yet in force on DAY

    estimate = money_stats(objectives=[23], today=DAY)["usd_estimate"]

    assert (estimate["total"], estimate["converted"]) == ("0.00", [])
    assert estimate["not_converted"] == [{"currency": "EUR", "amount": "10.00"}]


def test_dashboard_and_stats_api_show_the_money(client, client_for, money):
    with travel_to(DAY):
        page = client.get("/dashboard/").content.decode()
        api = client_for(None).get("/api/v1/stats/").json()

    assert "Financial contributions" in page
    assert '<caption id="money-caption">Amounts pledged, per currency</caption>' in page
    assert "EUR 1,500,000" in page
    when = date_format(datetime.date(2026, 11, 1), "DATE_FORMAT")
    assert f"EUR 1.08 on {when} (UN rates, Nov 2026)" in page
    assert "XOF 20,000,000" in page  # listed as not converted
    assert api["money"]["usd_estimate"]["total"] == "1870000.00"


def test_recording_a_rate_refreshes_the_dashboard(
    setup, kenya, staff_user, django_capture_on_commit_callbacks
):
    financial(kenya, "100.00", "EUR")
    assert dashboard_stats()["money"]["usd_estimate"]["not_converted"][0]["currency"] == "EUR"

    with django_capture_on_commit_callbacks(execute=True):
        services.exchange_rate_record(
            user=staff_user,
            currency="EUR",
            rate_to_usd=Decimal("1.08"),
            rate_date=datetime.date(2020, 1, 1),
            source="UN operational rates of exchange",
        )

    estimate = dashboard_stats()["money"]["usd_estimate"]
    assert estimate["converted"][0]["usd"] == "108.00"
    assert estimate["not_converted"] == []


def test_an_accepted_partners_own_focal_point_can_state_its_share(setup, kenya, mexico, focal_mex):
    pledge = financial(kenya, "100.00", "EUR")
    add_partners(pledge, mexico, status=Partnership.Status.INVITED)
    partnership = pledge.partnerships.get()

    with pytest.raises(ValidationError) as caught:
        services.partnership_accept(
            partnership=partnership, user=focal_mex, amount=Decimal(5), currency="XYZ"
        )
    assert "currency" in caught.value.message_dict
    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.INVITED
