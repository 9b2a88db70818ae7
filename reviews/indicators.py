"""Every write to the indicator list and the States' indicator values, and the import
of indicators from a CSV or XLSX file (values: reviews.imports).

Staff curate both, in the admin, through the API (values) or from a file; each write
checks meaning and raises ValidationError with a message per field, or
PermissionDenied for anyone but Network staff (`pledges.selectors.user_is_staff`).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import acting_user, record_history_user
from core.lifecycle import require
from core.loading import save_if_changed
from core.tabular import ImportResult, RowError, read_rows, rows_import
from objectives.models import Objective
from pledges.models import Actor
from pledges.selectors import User, signed_in, user_is_staff

from .models import Indicator, IndicatorValue

# An indicator's own fields; then its disaggregation flags (the API shows them as one
# list). The import's columns, the admin's form and the API's fields are these.
INDICATOR_FIELDS = ("code", "name", "objective", "tier", "sdg_indicator", "unit")
DISAGGREGATIONS = ("by_sex", "by_age", "by_migratory_status")
INDICATOR_COLUMNS = (*INDICATOR_FIELDS, *DISAGGREGATIONS)
REQUIRED_INDICATOR_COLUMNS = ("code", "name", "objective", "tier")
_TRUE = {"1", "true", "yes", "y", "x"}
_FALSE = {"", "0", "false", "no", "n"}
# The model's lengths, said as the import says them.
_LIMITS = {"code": 20, "name": 500, "sdg_indicator": 20, "unit": 60}


def _objective(value: Objective | int | str, errors: dict[str, list[str]]) -> Objective | None:
    if isinstance(value, Objective):
        return value
    text = str(value).strip()
    objective = Objective.objects.filter(number=int(text)).first() if text.isdigit() else None
    if objective is None:
        message = _("%(value)r is not an objective number") % {"value": text}
        errors.setdefault("objective", []).append(message)
    return objective


@transaction.atomic
def indicator_upsert(
    *,
    user: User,
    code: str,
    name: str,
    objective: Objective | int | str,
    tier: str,
    sdg_indicator: str = "",
    unit: str = "",
    by_sex: bool = False,
    by_age: bool = False,
    by_migratory_status: bool = False,
) -> tuple[Indicator, str]:
    """Create or update the indicator with this code (an objective by row or number).
    Staff only. Returns (indicator, "created" | "updated" | "unchanged"). Two queries
    to check, one to write if anything changed."""
    require(user_is_staff(user), _("Only Network staff curate indicators."))
    values: dict[str, Any] = {
        "code": code.strip(),
        "name": name.strip(),
        "tier": tier.strip().lower(),
        "sdg_indicator": sdg_indicator.strip(),
        "unit": unit.strip(),
        "by_sex": by_sex,
        "by_age": by_age,
        "by_migratory_status": by_migratory_status,
    }
    errors: dict[str, list[str]] = {}
    for field in ("code", "name", "tier"):
        if not values[field]:
            errors.setdefault(field, []).append(_("required"))
    values["objective"] = _objective(objective, errors) if str(objective).strip() else None
    if values["objective"] is None and "objective" not in errors:
        errors["objective"] = [_("required")]
    if values["tier"] and values["tier"] not in Indicator.Tier.values:
        message = _("%(value)r is not core or additional") % {"value": values["tier"]}
        errors.setdefault("tier", []).append(message)
    for field, limit in _LIMITS.items():
        if len(values[field]) > limit:
            message = _("longer than %(n)s characters") % {"n": limit}
            errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)
    code = values.pop("code")
    indicator = Indicator.objects.filter(code=code).first() or Indicator(code=code)
    record_history_user(indicator, signed_in(user))
    return indicator, save_if_changed(indicator, values)


def _indicator_row(row: dict[str, str]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """A row's cells as indicator_upsert's arguments, and what it cannot take (a
    disaggregation that is not yes or no)."""
    values: dict[str, Any] = {
        column: row.get(column, "")
        for column in ("code", "name", "objective", "tier", "sdg_indicator", "unit")
    }
    errors: dict[str, list[str]] = {}
    for column in DISAGGREGATIONS:
        raw = row.get(column, "").strip().lower()
        if raw not in _TRUE | _FALSE:
            errors[column] = [_("%(value)r is not yes or no") % {"value": raw}]
        values[column] = raw in _TRUE
    return values, errors


def indicator_import_csv(
    *, user: User, content: bytes | str, name: str = "indicators.csv", dry_run: bool = False
) -> ImportResult:
    """Create or update indicators (by code) from a CSV or XLSX file (`name` says which)
    whose header names INDICATOR_COLUMNS (only code, name, objective, tier required).
    Each row is written by `indicator_upsert`; with any error, the result lists every
    (line, column, message) and nothing is kept (nor on a dry run). Staff only.

    Raises core.tabular.ImportFileError for an unreadable file or header. Cost: about
    three queries per row.
    """
    require(user_is_staff(user), _("Only Network staff import indicators."))
    if isinstance(content, str):
        content = content.encode()
    seen: dict[str, int] = {}

    def write(line: int, row: dict[str, str], errors: list[RowError]) -> tuple[str, str] | None:
        values, row_errors = _indicator_row(row)
        code = values["code"].strip()
        if code in seen:
            message = _("repeats line %(n)s") % {"n": seen[code]}
            row_errors.setdefault("code", []).append(message)
        try:
            _indicator, outcome = indicator_upsert(user=user, **values)
        except ValidationError as exc:
            row_errors = {**exc.message_dict, **row_errors}
        if row_errors:
            # Raised, not returned: the row's savepoint undoes a write made meanwhile.
            raise ValidationError({c: row_errors[c] for c in INDICATOR_COLUMNS if c in row_errors})
        seen[code] = line
        return None if outcome == "unchanged" else (outcome, code)

    return rows_import(
        read_rows(name, content, columns=INDICATOR_COLUMNS, required=REQUIRED_INDICATOR_COLUMNS),
        write,
        dry_run=dry_run,
    )


@transaction.atomic
def indicator_value_upsert(
    *,
    user: User,
    indicator: Indicator,
    state: Actor,
    year: int,
    value: Decimal | str | int,
    source_kind: str = IndicatorValue.SourceKind.NATIONAL,
    source: str = "",
    source_url: str = "",
) -> tuple[IndicatorValue, bool]:
    """Record a State's value of an indicator for a year from one kind of source,
    replacing any earlier one of the same kind (another kind's value stays beside it).
    Staff only. Returns (value row, created)."""
    require(user_is_staff(user), _("Only Network staff record indicator values."))
    errors: dict[str, list[str]] = {}
    if state.kind != Actor.Kind.STATE:
        errors["state"] = [_("Indicator values are reported for Member States.")]
    if not 1950 <= year <= timezone.now().year + 1:
        errors["year"] = [_("Enter a year between 1950 and next year.")]
    try:
        number = Decimal(str(value))
        if not number.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        errors["value"] = [_("Enter a number.")]
    if source_kind not in IndicatorValue.SourceKind.values:
        errors["source_kind"] = [
            _("%(value)r is not national, international, civil-society or network")
            % {"value": source_kind}
        ]
    if source_url:
        try:
            URLValidator(schemes=["http", "https"])(source_url)
        except ValidationError:
            errors["source_url"] = [_("Enter a valid http(s) URL.")]
    if errors:
        raise ValidationError(errors)
    with acting_user(signed_in(user)):
        row, created = IndicatorValue.objects.update_or_create(
            indicator=indicator,
            state=state,
            year=year,
            source_kind=source_kind,
            defaults={"value": number, "source": source.strip(), "source_url": source_url},
        )
    return row, created


@transaction.atomic
def indicator_value_delete(*, user: User, value: IndicatorValue) -> None:
    """Remove a recorded value (a mistaken State or year). Staff only."""
    require(user_is_staff(user), _("Only Network staff record indicator values."))
    with acting_user(signed_in(user)):
        IndicatorValue.objects.filter(pk=value.pk).delete()
