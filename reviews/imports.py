"""Import indicator values from a CSV or XLSX file: `manage.py import_indicator_values`
and the admin's "Import values" page.

Columns (header row, any order; the first four are required):

    indicator, state, year, value, source_kind, source, source_url

`indicator` is an indicator's code, `state` a Member State's alpha-3 code (KEN),
`source_kind` national (the default when empty), international, civil-society or
network: a State's figure and an international source's for the same year sit side by
side. A (indicator, state, year, source kind) already recorded is replaced, so
importing a corrected file again updates the values. Every row is written by
reviews.indicators.indicator_value_upsert inside a savepoint, with the same checks as
the API; nothing is kept unless every row is valid (or, with `valid_only`, the valid
rows), and a dry run keeps nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.tabular import ImportResult, RowError, read_rows, rows_import
from pledges.models import Actor
from pledges.selectors import user_is_staff

from .indicators import indicator_value_upsert
from .models import Indicator, IndicatorValue

VALUE_COLUMNS = ("indicator", "state", "year", "value", "source_kind", "source", "source_url")
VALUE_REQUIRED = ("indicator", "state", "year", "value")
PROGRESS_EVERY = 500


def indicator_values_import(
    *,
    user,
    name: str,
    content: bytes,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Record the indicator values of a CSV or XLSX file. Staff only.

    `result.created` / `result.updated` hold labels like "KEN 2024 C-1". Raises
    core.tabular.ImportFileError for an unreadable file. Cost: two reads up front,
    then about three queries per row.
    """
    if not user_is_staff(user):
        raise PermissionDenied(_("Only Network staff import indicator values."))
    indicators = {i.code.lower(): i for i in Indicator.objects.all()}
    states = {a.code: a for a in Actor.objects.filter(kind=Actor.Kind.STATE)}
    seen: dict[tuple[int, int, int, str], int] = {}

    def write(line: int, row: dict[str, str], errors: list[RowError]) -> tuple[str, str] | None:
        row_errors = _check_row(line, row, indicators, states, seen)
        if row_errors:
            errors.extend(row_errors)
            return None
        indicator = indicators[row["indicator"].strip().lower()]
        state = states[row["state"].strip().upper()]
        year = int(row["year"])
        _value, created = indicator_value_upsert(
            user=user,
            indicator=indicator,
            state=state,
            year=year,
            value=row["value"].strip(),
            source_kind=_source_kind(row),
            source=row.get("source", ""),
            source_url=row.get("source_url", "").strip(),
        )
        return ("created" if created else "updated", f"{state.code} {year} {indicator.code}")

    return rows_import(
        read_rows(name, content, columns=VALUE_COLUMNS, required=VALUE_REQUIRED),
        write,
        valid_only=valid_only,
        dry_run=dry_run,
        progress=progress,
        progress_every=PROGRESS_EVERY,
    )


def _source_kind(row: dict[str, str]) -> str:
    return row.get("source_kind", "").strip().lower() or IndicatorValue.SourceKind.NATIONAL


def _check_row(line: int, row: dict[str, str], indicators, states, seen) -> list[RowError]:
    """What the services cannot say for a row: unknown codes, an unreadable year, a
    repeated (indicator, state, year, source kind) within the file."""
    errors = [RowError(line, column, _("required")) for column in VALUE_REQUIRED if not row[column]]
    code = row["indicator"].strip().lower()
    if code and code not in indicators:
        errors.append(
            RowError(line, "indicator", _("no indicator has the code %(c)r") % {"c": code})
        )
    alpha3 = row["state"].strip().upper()
    if alpha3 and alpha3 not in states:
        errors.append(
            RowError(line, "state", _("%(c)r is not a Member State's alpha-3 code") % {"c": alpha3})
        )
    year = row["year"].strip()
    if year and not year.isdigit():
        errors.append(RowError(line, "year", _("%(y)r is not a year") % {"y": year}))
    if not errors:
        key = (indicators[code].pk, states[alpha3].pk, int(year), _source_kind(row))
        if key in seen:
            errors.append(
                RowError(
                    line,
                    "row",
                    _("repeats line %(n)d (same indicator, State, year and source kind)")
                    % {"n": seen[key]},
                )
            )
        seen[key] = line
    return errors
