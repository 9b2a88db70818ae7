"""Amounts of money on the pages: "USD 250,000" in the reader's locale (Django's
number formats, on the Decimal itself: never a float), and the ISO dates of the
cached dashboard figures as dates."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


def format_amount(amount: Decimal | str | None, currency: str = "") -> str:
    """`currency` and `amount` grouped by the active language's format, with cents only
    when there are any ("EUR 1,250.50", "USD 250,000"); "" without an amount."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    places = 0 if value == value.to_integral_value() else 2
    shown = number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"{currency} {shown}".strip()


@register.filter
def money(amount: Decimal | str | None, currency: str = "") -> str:
    return format_amount(amount, currency)


@register.filter
def rate(value: str | Decimal) -> str:
    """An exchange rate as recorded (up to 8 decimals), in the reader's number format."""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    places = max(0, -number.normalize().as_tuple().exponent)  # type: ignore[operator]
    return number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def iso_date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
