"""Filters of the review texts' pages: numbers as the texts write them ("6.3", not
"6.3000"), document symbols as links."""

import datetime
from decimal import Decimal
from urllib.parse import quote

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language

register = template.Library()


@register.filter
def as_written(value: Decimal | None) -> str:
    """A stored decimal without its padding zeros, in the reader's number format."""
    if value is None:
        return ""
    normal = Decimal(value).normalize()
    places = max(0, -normal.as_tuple().exponent)  # type: ignore[operator]
    return number_format(normal, decimal_pos=places)


# The Official Document System's languages are the six official ones, Chinese as "zh".
_ODS_LANGUAGES = {"ar": "ar", "zh-hans": "zh", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}


@register.filter
def undocs_url(symbol: str) -> str:
    """The United Nations document `symbol` (e.g. "A/76/642") on undocs.org, in the
    reader's language where the document exists in it (all six, for General Assembly
    documents); "" for no symbol."""
    if not symbol:
        return ""
    language = _ODS_LANGUAGES.get(get_language() or "en", "en")
    return f"https://undocs.org/{language}/{quote(symbol.strip(), safe='/')}"


@register.filter
def overdue(due_on: datetime.date | None, status: str) -> bool:
    """A review still with its State (a draft, or returned) whose due date has passed."""
    return bool(due_on) and status in ("draft", "returned") and due_on < timezone.localdate()
