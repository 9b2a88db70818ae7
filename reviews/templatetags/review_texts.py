"""Filters of the review texts' pages: numbers as the texts write them ("6.3", not
"6.3000")."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def as_written(value: Decimal | None) -> str:
    """A stored decimal without its padding zeros, in the reader's number format."""
    if value is None:
        return ""
    normal = Decimal(value).normalize()
    places = max(0, -normal.as_tuple().exponent)  # type: ignore[operator]
    return number_format(normal, decimal_pos=places)
