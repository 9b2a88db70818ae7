"""The focal points' spreadsheets: an XLSX template to fill in offline (pledges, or
progress updates), and reading it back for the import.

The template is in the user's language: its header row names the columns in that
language, its drop-down lists offer the choices' labels in that language, and a hidden
sheet records the kind, the language and the columns' keys, so that a file filled in
from another language's template is recognised and refused rather than misread. The
rows are then written by the SAME machinery as the staff import (core/tabular.py
rows_import with pledges/imports.py's row writers), through the same services.

Refused before any row is read, each with where it happened: a file that is not an
XLSX workbook, a password-protected (encrypted) one, a macro-enabled one, a template of
another language or kind, more than MAX_ROWS rows. A formula in a cell refuses its row,
naming the row and the column.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.tabular import ImportFileError, ImportResult, RowError, rows_import

from .imports import PROGRESS_EVERY, SERVICE_TO_COLUMN, pledge_row_writer, update_row_writer
from .models import Pledge
from .selectors import User, actors_for_user, user_is_staff

PLEDGES, UPDATES = "pledges", "updates"
MAX_ROWS = 10_000
MARKER = "gcm-tracker-template"
META_SHEET = "gcm-meta"
DATA_ROWS_VALIDATED = 2000  # rows of the data sheet that carry the drop-down lists


@dataclass(frozen=True)
class TemplateColumn:
    key: str
    label: Any  # lazily translated
    help: Any
    required: bool = False
    choices: tuple[tuple[str, Any], ...] = ()
    example: str = ""


def _choices(enum) -> tuple[tuple[str, Any], ...]:
    return tuple((value, label) for value, label in enum.choices)


PLEDGE_TEMPLATE = (
    TemplateColumn(
        "lead",
        gettext_lazy("Lead actor"),
        gettext_lazy("The code of an actor you speak for (a Member State: KEN)."),
        True,
        example="KEN",
    ),
    TemplateColumn(
        "title",
        gettext_lazy("Title"),
        gettext_lazy("Up to 200 characters."),
        True,
        example="Fair recruitment for domestic workers",
    ),
    TemplateColumn(
        "description",
        gettext_lazy("Description"),
        gettext_lazy(
            "What will be done, by whom, and how progress is measured: 300 to 3,000 characters."
        ),
        True,
        example="We will train labour inspectors…",
    ),
    TemplateColumn(
        "mode",
        gettext_lazy("Mode"),
        gettext_lazy("Choose from the list."),
        True,
        _choices(Pledge.Mode),
        "individual",
    ),
    TemplateColumn(
        "type",
        gettext_lazy("Type"),
        gettext_lazy("Choose from the list."),
        True,
        _choices(Pledge.Type),
        "policy",
    ),
    TemplateColumn(
        "objectives",
        gettext_lazy("Objectives"),
        gettext_lazy("Objective numbers separated by ;, e.g. 1;5"),
        True,
        example="6;22",
    ),
    TemplateColumn(
        "scope",
        gettext_lazy("Scope"),
        gettext_lazy("Choose from the list."),
        True,
        _choices(Pledge.Scope),
        "national",
    ),
    TemplateColumn(
        "start_date",
        gettext_lazy("Start date"),
        gettext_lazy("A date (YYYY-MM-DD)."),
        True,
        example="2025-01-01",
    ),
    TemplateColumn(
        "target_date",
        gettext_lazy("Target date"),
        gettext_lazy("A date (YYYY-MM-DD)."),
        True,
        example="2027-12-31",
    ),
    TemplateColumn(
        "actions",
        gettext_lazy("Actions"),
        gettext_lazy("Optional: actions of the chosen objectives, e.g. 6(a);6(c)"),
        example="6(a)",
    ),
    TemplateColumn(
        "principles",
        gettext_lazy("Guiding principles"),
        gettext_lazy("Optional: principle slugs separated by ;"),
        example="people-centred",
    ),
    TemplateColumn(
        "partners",
        gettext_lazy("Partners"),
        gettext_lazy("Optional: actor codes separated by ;"),
    ),
    TemplateColumn(
        "matches",
        gettext_lazy("Matches"),
        gettext_lazy("Optional: the code of the published pledge a matching pledge answers."),
    ),
    TemplateColumn(
        "amount",
        gettext_lazy("Amount"),
        gettext_lazy(
            "Optional, for a financial contribution: a number with at most 2 decimals and "
            "a point, e.g. 250000.00, with its currency."
        ),
    ),
    TemplateColumn(
        "currency",
        gettext_lazy("Currency"),
        gettext_lazy("With an amount: the ISO 4217 code, e.g. USD, EUR, KES."),
    ),
)
UPDATE_TEMPLATE = (
    TemplateColumn(
        "pledge",
        gettext_lazy("Pledge"),
        gettext_lazy("The code of a published pledge of yours."),
        True,
        example="GCM-P-00012",
    ),
    TemplateColumn(
        "date",
        gettext_lazy("Date"),
        gettext_lazy("A date (YYYY-MM-DD), not in the future."),
        True,
        example="2026-06-30",
    ),
    TemplateColumn(
        "implementation",
        gettext_lazy("Implementation"),
        gettext_lazy("Choose from the list."),
        True,
        _choices(Pledge.Implementation),
        "in_progress",
    ),
    TemplateColumn(
        "percent",
        gettext_lazy("Percent complete"),
        gettext_lazy("Optional: 0 to 100."),
        example="40",
    ),
    TemplateColumn(
        "narrative",
        gettext_lazy("Narrative"),
        gettext_lazy("What has been done."),
        True,
        example="Two of five training sessions held.",
    ),
    TemplateColumn(
        "links",
        gettext_lazy("Links"),
        gettext_lazy("Optional: web addresses separated by ;"),
    ),
)
TEMPLATES = {PLEDGES: PLEDGE_TEMPLATE, UPDATES: UPDATE_TEMPLATE}


def template_columns(kind: str) -> tuple[TemplateColumn, ...]:
    return TEMPLATES[kind]


def column_label(kind: str, key: str) -> str:
    """A column's name in the current language, for the report ("row" stays a row)."""
    for column in TEMPLATES[kind]:
        if column.key == key:
            return str(column.label)
    return _("row") if key == "row" else key


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def template_workbook(*, kind: str, user: User) -> bytes:
    """The XLSX template of `kind` in the current language: a data sheet with the
    header row, drop-down lists for the choices (and the actors `user` speaks for), an
    instructions sheet, an examples sheet and the hidden sheet that identifies it. One
    query (the user's actors)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = TEMPLATES[kind]
    language = translation.get_language() or "en"
    workbook = Workbook()
    data = workbook.active
    data.title = _("Pledges") if kind == PLEDGES else _("Progress updates")
    data.append([str(c.label) for c in columns])
    for cell in data[1]:
        cell.font = Font(bold=True)
    lists = workbook.create_sheet(_("Lists"))
    meta = workbook.create_sheet(META_SHEET)
    meta.append([MARKER, kind, language])
    meta.append([c.key for c in columns])
    actors = [] if user_is_staff(user) else [a.code for a in actors_for_user(user)]
    for index, column in enumerate(columns):
        data.column_dimensions[_letter(index)].width = 40 if column.key == "description" else 18
        values = [str(label) for _value, label in column.choices]
        if column.key == "lead" and actors:
            values = actors
        if not values:
            continue
        for row, value in enumerate(values, start=1):
            lists.cell(row=row, column=index + 1, value=value)
        letter = _letter(index)
        validation = DataValidation(
            type="list",
            formula1=f"'{lists.title}'!${letter}$1:${letter}${len(values)}",
            allow_blank=not column.required,
            showErrorMessage=True,
            errorTitle=str(column.label),
            error=_("Choose a value from the list."),
        )
        validation.add(f"{letter}2:{letter}{DATA_ROWS_VALIDATED + 1}")
        data.add_data_validation(validation)
    lists.sheet_state = "hidden"
    meta.sheet_state = "hidden"

    instructions = workbook.create_sheet(_("Instructions"), 0)
    instructions.append([_("How to fill in this template")])
    instructions["A1"].font = Font(bold=True, size=14)
    for line in (
        _(
            "Fill in one row per record on the sheet “%(sheet)s”, from row 2; keep "
            "the header row as it is."
        )
        % {"sheet": data.title},
        _("Type values, not formulas. Choose the values of lists from their drop-down."),
        _(
            "Upload the file in the workspace: you see a report, row by row, "
            "before anything is written."
        ),
        _("Pledges are created as drafts: submit them for verification from the workspace."),
    ):
        instructions.append([line])
    instructions.append([])
    instructions.append([_("Column"), _("Required"), _("What to write")])
    for cell in instructions[instructions.max_row]:
        cell.font = Font(bold=True)
    for column in columns:
        instructions.append(
            [str(column.label), _("yes") if column.required else _("no"), str(column.help)]
        )
    instructions.column_dimensions["A"].width = 24
    instructions.column_dimensions["C"].width = 90
    examples = workbook.create_sheet(_("Examples"), 2)
    examples.append([str(c.label) for c in columns])
    labels = {c.key: dict(c.choices) for c in columns}
    examples.append(
        [str(labels[c.key].get(c.example, c.example)) if c.example else "" for c in columns]
    )
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class ReadSheet:
    rows: list[tuple[int, dict[str, str]]]
    errors: dict[int, list[RowError]]  # formulas, choices not in the list: by line


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_template(*, kind: str, content: bytes) -> ReadSheet:
    """The rows of a filled-in template of `kind` in the current language, keyed by
    column; raises ImportFileError (with where) for a file to refuse whole. No query."""
    from openpyxl import load_workbook

    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        # An OLE compound file: an encrypted OOXML workbook, or an old binary .xls.
        raise ImportFileError(
            _(
                "The file is password-protected (or an old .xls workbook): save it "
                "without a password as .xlsx."
            )
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise ImportFileError(
            _("The file is not a spreadsheet: upload the .xlsx template.")
        ) from exc
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ImportFileError(_("The workbook contains macros: save it as a plain .xlsx workbook."))
    if "xl/workbook.xml" not in names:
        raise ImportFileError(_("The file is not a spreadsheet: upload the .xlsx template."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from exc
    try:
        return _read(workbook, kind)
    finally:
        workbook.close()


def _read(workbook, kind: str) -> ReadSheet:
    language = translation.get_language() or "en"
    if META_SHEET not in workbook.sheetnames:
        raise ImportFileError(
            _("This is not a GCM Tracker template: download the template and fill it in.")
        )
    meta_rows = list(workbook[META_SHEET].iter_rows(values_only=True, max_row=2))
    marker, file_kind, file_language = (list(meta_rows[0]) + [None] * 3)[:3]
    keys = [k for k in (meta_rows[1] if len(meta_rows) > 1 else ()) if k]
    if marker != MARKER:
        raise ImportFileError(
            _("This is not a GCM Tracker template: download the template and fill it in.")
        )
    if file_kind != kind:
        raise ImportFileError(
            _("This is the template for pledges; upload it as pledges.")
            if file_kind == PLEDGES
            else _("This is the template for progress updates; upload it as progress updates.")
        )
    if file_language != language:
        info = translation.get_language_info(str(file_language)) if file_language else None
        raise ImportFileError(
            _(
                "Sheet “%(sheet)s”, row 1: this template is in %(language)s. Switch "
                "the site to %(language)s, or download the template in this language."
            )
            % {
                "sheet": META_SHEET,
                "language": info["name_translated"] if info else file_language,
            }
        )
    columns = TEMPLATES[kind]
    if keys != [c.key for c in columns]:
        raise ImportFileError(_("The template's columns have been changed: download it again."))
    choices = {c.key: {str(label).lower(): value for value, label in c.choices} for c in columns}
    for c in columns:
        choices[c.key].update({value: value for value, _label in c.choices})
    sheet = workbook.worksheets[1]  # after the instructions
    rows: list[tuple[int, dict[str, str]]] = []
    errors: dict[int, list[RowError]] = {}
    for line, cells in enumerate(sheet.iter_rows(min_row=2), start=2):
        values = [cell.value for cell in cells][: len(keys)]
        if not any(v not in (None, "") for v in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _("Row %(line)s: a file holds at most %(max)s rows; split it.")
                % {
                    "line": number_format(line, force_grouping=True),
                    "max": number_format(MAX_ROWS, force_grouping=True),
                }
            )
        row: dict[str, str] = {}
        for key, cell in zip(keys, cells, strict=False):
            if cell.data_type == "f":
                errors.setdefault(line, []).append(
                    RowError(line, key, _("a formula: type the value itself"))
                )
                row[key] = ""
                continue
            text = _cell_text(cell.value)
            if text and choices.get(key):
                if text.lower() not in choices[key]:
                    errors.setdefault(line, []).append(
                        RowError(line, key, _("choose a value from the list"))
                    )
                text = choices[key].get(text.lower(), text)
            row[key] = text
        row.update({key: "" for key in keys if key not in row})
        rows.append((line, row))
    return ReadSheet(rows=rows, errors=errors)


def workspace_import(
    *,
    user: User,
    kind: str,
    content: bytes,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import a focal point's filled-in template: pledges as drafts of the actors
    `user` speaks for, or progress updates on their published pledges, through the
    staff import's machinery (rows_import) and the form's services. All-or-nothing
    unless `valid_only`; a dry run writes nothing. Raises ImportFileError. Cost: the
    services' queries per row."""
    sheet = read_template(kind=kind, content=content)
    writer = (
        pledge_row_writer(user=user, drafts_only=True)
        if kind == PLEDGES
        else update_row_writer(user=user)
    )

    def write(line: int, row: dict[str, str], errors: list[RowError]):
        if sheet.errors.get(line):
            errors.extend(sheet.errors[line])
            return None
        return writer(line, row, errors)

    return rows_import(
        sheet.rows,
        write,
        valid_only=valid_only,
        dry_run=dry_run,
        progress=progress,
        progress_every=PROGRESS_EVERY,
        renamed=SERVICE_TO_COLUMN,
    )


REPORT_SECONDS = 24 * 60 * 60
# The cache key of an upload's report, by the upload's random key.
REPORT_KEY = "workspace-import:{}"


def workspace_import_report(
    *, user: User, kind: str, content: bytes, valid_only: bool, dry_run: bool, key: str
) -> dict[str, Any]:
    """Run `workspace_import` and keep its report (with progress while it runs) in the
    cache under the import's key, for the report page; returns the report."""
    from django.core.cache import cache

    cache_key = REPORT_KEY.format(key)
    base = cache.get(cache_key) or {}

    def progress(rows: int) -> None:
        cache.set(cache_key, {**base, "status": "running", "done": rows}, REPORT_SECONDS)

    try:
        result = workspace_import(
            user=user,
            kind=kind,
            content=content,
            valid_only=valid_only,
            dry_run=dry_run,
            progress=progress,
        )
    except ImportFileError as exc:
        report = {**base, "status": "done", "file_error": str(exc), "dry_run": dry_run}
    else:
        report = {**base, "status": "done", "dry_run": dry_run, **result.as_dict()}
    cache.set(cache_key, report, REPORT_SECONDS)
    return report
