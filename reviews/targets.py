"""Writes of a target's measured values: the world's or a State's, for a year or
period, self-reported or from an international source (named, with its link)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.history import acting_user
from core.roles import signed_in
from pledges.models import Actor

from .models import Target, TargetValue

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def target_value_errors(
    *, state: Actor | None, year: int, value: Decimal, source_kind: str, source: str
) -> dict[str, str]:
    """What is wrong with a value before it is recorded ({field: message}); the service
    and the admin's form both ask. No query."""
    errors: dict[str, str] = {}
    if source_kind not in TargetValue.SourceKind.values:
        errors["source_kind"] = "Self-reported or an international source."
    if source_kind == TargetValue.SourceKind.INTERNATIONAL and not source.strip():
        errors["source"] = (
            "Name the international source (e.g. World Bank, Remittance Prices Worldwide)."
        )
    if state is not None and state.kind != Actor.Kind.STATE:
        errors["state"] = "A Member State, or empty for the world."
    if not 1950 <= year <= 2100:
        errors["year"] = "A year between 1950 and 2100."
    if value < 0:
        errors["value"] = "A value cannot be negative."
    return errors


@transaction.atomic
def target_value_record(
    *,
    user: User,
    target: Target,
    state: Actor | None,
    year: int,
    value: Decimal,
    source_kind: str,
    period: str = "",
    source: str = "",
    source_url: str = "",
) -> TargetValue:
    """Record (or correct in place) the value of `target` for `state` (None: the world)
    at `year`/`period`, with who recorded it and when. Network staff only. An
    international source must be named; a State's value must be a Member State's.
    Two queries."""
    if not getattr(user, "is_staff", False):
        from django.utils.translation import gettext

        raise PermissionDenied(gettext("Only Network staff record target values."))
    errors = target_value_errors(
        state=state, year=year, value=value, source_kind=source_kind, source=source
    )
    if errors:
        raise ValidationError(errors)
    with acting_user(signed_in(user)):
        row, _ = TargetValue.objects.update_or_create(
            target=target,
            state=state,
            year=year,
            period=period.strip(),
            defaults={
                "value": value,
                "source_kind": source_kind,
                "source": source.strip(),
                "source_url": source_url.strip(),
                "recorded_by": user,
                "recorded_at": timezone.now(),
            },
        )
    return row
