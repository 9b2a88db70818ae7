"""`{{ state.region|m49 }}`: a UN M49 region or sub-region in the reader's language."""

from django import template

from ..member_states import m49_name

register = template.Library()


@register.filter
def m49(value: str) -> str:
    return m49_name(value) if value else ""
