"""Reads of the change log shared by the API and the feeds."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ChangeEvent


def change_list() -> QuerySet[ChangeEvent]:
    """Every logged change, oldest first (by id: commit order). One query a page."""
    return ChangeEvent.objects.order_by("id")
