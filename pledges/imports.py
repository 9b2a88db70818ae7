"""Import pledges from a CSV or XLSX file: `manage.py import_pledges` and the admin.

Every row goes through the pledge services (pledge_create, then pledge_submit and
pledge_publish or pledge_withdraw for the status asked), inside a savepoint, so the
rules are checked exactly as for a focal point's form and nothing is written twice.
Whole file in one transaction: unless every row is valid nothing is kept (or, with
`valid_only`, only the valid rows), and a dry run keeps nothing.

Columns (header row, any order): COLUMNS, those of an export (columns.py) less the
ones the product writes; REQUIRED must be filled in.

Lists are separated by ";" ("1;5", "5(a);5(c)"). `status` is draft (default),
submitted, published or withdrawn. A row whose lead already has a pledge with the
same title is refused, so importing a file twice adds nothing the second time.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.tabular import ImportResult, RowError, RowWriter, read_rows, rows_import, split_list

from . import services
from .columns import IMPORT_COLUMNS
from .models import Actor, Pledge
from .selectors import user_can_report_progress, user_is_staff, user_speaks_for

# An export's columns less those the product writes (columns.py): a file exported
# from the directory, trimmed of those, imports again.
COLUMNS = IMPORT_COLUMNS
REQUIRED = (
    "lead",
    "title",
    "description",
    "mode",
    "type",
    "objectives",
    "scope",
    "start_date",
    "target_date",
)
STATUSES = (
    Pledge.Status.DRAFT,
    Pledge.Status.SUBMITTED,
    Pledge.Status.PUBLISHED,
    Pledge.Status.WITHDRAWN,
)
# The services name some fields differently from the file's columns.
SERVICE_TO_COLUMN = {"pledge_type": "type"}
PROGRESS_EVERY = 100


def _amount(text: str) -> Decimal | None:
    """A number written with a point ("250000.50"); None for anything else ("12,5,0",
    "NaN"). Its sign and decimals are the service's to judge."""
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _parse(line: int, row: dict[str, str], errors: list[RowError]) -> dict[str, Any] | None:
    """The service's arguments from a row's text; the errors of shape (a date that is
    not a date) here, those of meaning are the service's."""
    found = len(errors)

    def error(column: str, message: str) -> None:
        errors.append(RowError(line, column, message))

    for column in REQUIRED:
        if not (row.get(column) or "").strip():
            error(column, _("required"))
    values: dict[str, Any] = {
        "lead": (row.get("lead") or "").strip(),
        "title": row.get("title") or "",
        "description": row.get("description") or "",
        "mode": (row.get("mode") or "").strip().lower(),
        "pledge_type": (row.get("type") or "").strip().lower(),
        "scope": (row.get("scope") or "").strip().lower(),
        "actions": split_list(row.get("actions", "")),
        "principles": split_list(row.get("principles", "")),
        "partners": split_list(row.get("partners", "")),
        "matches": (row.get("matches") or "").strip(),
    }
    objectives = split_list(row.get("objectives", ""))
    if not all(o.isdigit() for o in objectives):
        error("objectives", _("write objective numbers separated by ;, e.g. 1;5"))
    values["objectives"] = [int(o) for o in objectives if o.isdigit()]
    for column in ("start_date", "target_date"):
        text = (row.get(column) or "").strip()
        try:
            values[column] = datetime.date.fromisoformat(text) if text else None
        except ValueError:
            error(column, _("%(v)r is not a date (YYYY-MM-DD)") % {"v": text})
    amount_text = (row.get("amount") or "").strip()
    values["currency"] = (row.get("currency") or "").strip().upper()
    values["amount"] = _amount(amount_text) if amount_text else None
    if amount_text and values["amount"] is None:
        error(
            "amount", _("%(v)r is not an amount (a number such as 250000.00)") % {"v": amount_text}
        )
    status = (row.get("status") or "").strip().lower() or Pledge.Status.DRAFT
    if status not in STATUSES:
        error("status", _("choose one of: %(c)s") % {"c": ", ".join(STATUSES)})
    values["status"] = status
    return None if len(errors) > found else values


def _create(values: dict[str, Any], *, user) -> Pledge:
    status = values.pop("status")
    if Pledge.objects.filter(lead__code=values["lead"], title=values["title"].strip()).exists():
        raise ValidationError({"title": _("This lead already has a pledge with this title.")})
    pledge = services.pledge_create(user=user, **values)
    if status in (Pledge.Status.SUBMITTED, Pledge.Status.PUBLISHED):
        pledge = services.pledge_submit(pledge=pledge, user=user)
    if status == Pledge.Status.PUBLISHED:
        pledge = services.pledge_publish(pledge=pledge, user=user)
    if status == Pledge.Status.WITHDRAWN:
        pledge = services.pledge_withdraw(pledge=pledge, user=user)
    return pledge


def pledge_row_writer(*, user, drafts_only: bool = False) -> RowWriter:
    """The row writer of a pledges file: parse the row, then the services. With
    `drafts_only` (a focal point's file) every row is a draft of an actor `user` speaks
    for, refused by line and column otherwise."""

    def write(line: int, row: dict[str, str], errors: list[RowError]) -> tuple[str, str] | None:
        values = _parse(line, row, errors)
        if values is None:
            return None
        if drafts_only:
            if values["status"] != Pledge.Status.DRAFT:
                errors.append(RowError(line, "status", _("a focal point's file makes drafts")))
                return None
            lead = Actor.objects.filter(code=values["lead"]).first()
            if lead is None or not user_speaks_for(user, lead.pk):
                message = _("you do not speak for %(code)s") % {"code": values["lead"]}
                errors.append(RowError(line, "lead", message))
                return None
        return ("created", _create(values, user=user).code)

    return write


def pledges_import(
    *,
    user,
    name: str,
    content: bytes,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Create the pledges of a CSV or XLSX file through the services. Staff only.

    Writes nothing unless every row is valid (or, with `valid_only`, the valid rows);
    a dry run writes nothing and reports the same. `progress(rows_done)` is called
    every PROGRESS_EVERY rows. Raises ImportFileError for an unreadable file. Cost:
    the services' queries per row (about fifteen).
    """
    if not user_is_staff(user):
        raise PermissionDenied(_("Only Network staff import pledges."))
    return rows_import(
        read_rows(name, content, columns=COLUMNS, required=REQUIRED),
        pledge_row_writer(user=user),
        valid_only=valid_only,
        dry_run=dry_run,
        progress=progress,
        progress_every=PROGRESS_EVERY,
        renamed=SERVICE_TO_COLUMN,
    )


# --- Progress updates (a focal point's spreadsheet) --------------------------------

UPDATE_REQUIRED = ("pledge", "date", "implementation", "narrative")


def update_row_writer(*, user) -> RowWriter:
    """The row writer of a progress-updates file: one update per row through
    `progress_update_create`, on a pledge `user` may report progress on."""

    def write(line: int, row: dict[str, str], errors: list[RowError]) -> tuple[str, str] | None:
        found = len(errors)
        for column in UPDATE_REQUIRED:
            if not (row.get(column) or "").strip():
                errors.append(RowError(line, column, _("required")))
        code = (row.get("pledge") or "").strip().upper()
        pledge = Pledge.objects.filter(code=code).first() if code else None
        if code and (pledge is None or not user_can_report_progress(user, pledge)):
            message = _("%(code)s is not a published pledge you report on") % {"code": code}
            errors.append(RowError(line, "pledge", message))
        text = (row.get("date") or "").strip()
        date = None
        try:
            date = datetime.date.fromisoformat(text) if text else None
        except ValueError:
            errors.append(
                RowError(line, "date", _("%(v)r is not a date (YYYY-MM-DD)") % {"v": text})
            )
        percent_text = (row.get("percent") or "").strip()
        if percent_text and not percent_text.isdigit():
            errors.append(RowError(line, "percent", _("a whole number from 0 to 100")))
        if len(errors) > found or pledge is None or date is None:
            return None
        update = services.progress_update_create(
            pledge=pledge,
            user=user,
            date=date,
            implementation=(row.get("implementation") or "").strip().lower(),
            narrative=row.get("narrative") or "",
            percent=int(percent_text) if percent_text else None,
            links=split_list(row.get("links", "")),
        )
        return ("created", f"{pledge.code} {update.date.isoformat()}")

    return write
