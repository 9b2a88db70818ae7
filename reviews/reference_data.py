"""The review calendar and the texts' reference data: cycles and events, the IMRF's
round tables, the recommendations on missing migrants.

The loaders are the reference-data step (`manage.py seed`, gcm_tracker/seeding.py):
idempotent on natural keys, they return {kind: Counts}. Staff add and correct events
in the admin through `review_event_save`, which holds the rule the calendar loader
checks too: an event starts within its cycle and does not end before it starts.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from changes.models import ChangeEvent
from changes.services import change_record
from core.history import record_history_user
from core.lifecycle import require, set_links
from core.loading import Counts, read_text_file, remove_stale, save_if_changed
from core.text import text_lines
from objectives.models import Objective
from objectives.services import DEFAULT_COMPACT_PATH
from pledges.selectors import User, signed_in, user_is_staff

from .models import (
    MissingMigrantsRecommendation,
    RecommendationObjective,
    ReviewCycle,
    ReviewEvent,
    RoundTable,
    RoundTableObjective,
)
from .source_texts import (
    SourceTextError,
    parse_missing_migrants_recommendations,
    parse_round_tables,
)

FIXTURES = settings.BASE_DIR / "fixtures" / "reviews"
CALENDAR_PATH = FIXTURES / "calendar.json"
DECLARATION_PATH = FIXTURES / "imrf-2022-progress-declaration.txt"
SG_REPORT_2024_PATH = FIXTURES / "sg-report-2024.txt"
SG_REPORT_2021_PATH = FIXTURES / "sg-report-2021.txt"
# The event whose outcome text lists the round tables.
FIRST_IMRF_SLUG = "imrf-2022"


# --- The rule of an event's dates --------------------------------------------------


def event_date_errors(
    *,
    start_date: datetime.date,
    end_date: datetime.date,
    cycle: str | None,
    cycle_bounds: tuple[datetime.date, datetime.date] | None,
) -> dict[str, str]:
    """{field: message} for an event's dates: it does not end before it starts, and
    starts within its cycle (`cycle_bounds`: the cycle's start and end) if it has one."""
    errors = {}
    if end_date < start_date:
        errors["end_date"] = _("ends before it starts")
    if cycle_bounds is not None and not cycle_bounds[0] <= start_date <= cycle_bounds[1]:
        errors["start_date"] = _("starts outside its cycle %(cycle)s") % {"cycle": cycle}
    return errors


@transaction.atomic
def review_event_save(*, user: User, event: ReviewEvent, values: dict[str, Any]) -> ReviewEvent:
    """Create (`event` unsaved) or change an event of the calendar with `values`
    ({field: value}), by the calendar's rule (`event_date_errors`). Staff only.
    ValidationError {field: [message]} otherwise; nothing is written."""
    require(user_is_staff(user), _("Only Network staff edit the review calendar."))
    merged = {
        name: values.get(name, getattr(event, name)) for name in ("start_date", "end_date", "cycle")
    }
    cycle: ReviewCycle | None = merged["cycle"]
    errors = event_date_errors(
        start_date=merged["start_date"],
        end_date=merged["end_date"],
        cycle=cycle.name if cycle else None,
        cycle_bounds=(cycle.start_date, cycle.end_date) if cycle else None,
    )
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(event, name, value)
    event.full_clean()
    record_history_user(event, signed_in(user))
    created = event.pk is None
    event.save()
    event_logged(event, created=created)
    return event


def event_logged(event: ReviewEvent, *, created: bool) -> None:
    """Log a change of a calendar event (always public) in the change feed."""
    kind = ChangeEvent.Kind.CREATED if created else ChangeEvent.Kind.UPDATED
    change_record(kind=kind, object_kind=ChangeEvent.ObjectKind.EVENT, code=event.pk)


# --- Reference data: the calendar -------------------------------------------------


CYCLE_FIELDS = ("name", "start_date", "end_date")
EVENT_FIELDS = (
    "slug",
    "kind",
    "title",
    "cycle",
    "start_date",
    "end_date",
    "dates_provisional",
    "place",
    "region",
    "symbol",
    "outcome_title",
    "outcome_url",
    "evidence",
    "as_stated",
)


def _calendar_error(file_name: str, where: str, message: str) -> ValidationError:
    return ValidationError(f"{file_name}, {where}: {message}")


def _parse_date(value: Any, file_name: str, where: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _calendar_error(file_name, where, f"{value!r} is not a YYYY-MM-DD date") from None


def _check_evidence(
    evidence: Any, texts: dict[str, str], file_name: str, where: str
) -> tuple[str, int]:
    """The event's evidence must quote the line it names, word for word."""
    if not isinstance(evidence, dict) or not {"file", "line", "quote"} <= evidence.keys():
        raise _calendar_error(file_name, where, "evidence needs a file, a line and a quote")
    source, line, quote = evidence["file"], evidence["line"], evidence["quote"]
    if source not in texts:
        raise _calendar_error(file_name, where, f"evidence names an unknown text {source!r}")
    lines = text_lines(texts[source])
    if not isinstance(line, int) or not 1 <= line <= len(lines):
        raise ValidationError(f"{source}, line {line}: no such line (cited by {where})")
    if " ".join(quote.split()) not in " ".join(lines[line - 1].split()):
        raise ValidationError(
            f"{source}, line {line}: does not say {quote!r} any more (cited by {where}); "
            "the calendar and its texts disagree"
        )
    return source, line


def _read_calendar(
    data: Any, texts: dict[str, str], file_name: str
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Validate the whole calendar before anything is written: (cycles, events)."""
    if not isinstance(data, dict) or not {"cycles", "events"} <= data.keys():
        raise ValidationError(f"{file_name}: needs a list of cycles and a list of events")
    cycles: dict[str, dict[str, Any]] = {}
    for index, item in enumerate(data["cycles"], start=1):
        where = f"cycle {index}"
        if not isinstance(item, dict) or set(item) != set(CYCLE_FIELDS):
            raise _calendar_error(file_name, where, f"needs exactly {', '.join(CYCLE_FIELDS)}")
        start = _parse_date(item["start_date"], file_name, where)
        end = _parse_date(item["end_date"], file_name, where)
        if end <= start:
            raise _calendar_error(file_name, where, "ends before it starts")
        if item["name"] in cycles:
            raise _calendar_error(file_name, where, f"{item['name']!r} appears twice")
        cycles[item["name"]] = {"start_date": start, "end_date": end}

    events: dict[str, dict[str, Any]] = {}
    kinds = set(ReviewEvent.Kind.values)
    for index, item in enumerate(data["events"], start=1):
        where = f"event {index} ({item.get('slug', '?')})" if isinstance(item, dict) else ""
        if not isinstance(item, dict) or not set(item) <= set(EVENT_FIELDS):
            raise _calendar_error(file_name, where or f"event {index}", "unknown fields")
        missing = {"slug", "kind", "title", "start_date", "end_date", "evidence"} - set(item)
        if missing:
            raise _calendar_error(file_name, where, f"missing {', '.join(sorted(missing))}")
        if item["kind"] not in kinds:
            raise _calendar_error(file_name, where, f"unknown kind {item['kind']!r}")
        start = _parse_date(item["start_date"], file_name, where)
        end = _parse_date(item["end_date"], file_name, where)
        cycle = item.get("cycle")
        if cycle is not None and cycle not in cycles:
            raise _calendar_error(file_name, where, f"unknown cycle {cycle!r}")
        bounds = cycles[cycle] if cycle is not None else None
        date_errors = event_date_errors(
            start_date=start,
            end_date=end,
            cycle=cycle,
            cycle_bounds=(bounds["start_date"], bounds["end_date"]) if bounds else None,
        )
        if date_errors:
            raise _calendar_error(file_name, where, next(iter(date_errors.values())))
        if item["slug"] in events:
            raise _calendar_error(file_name, where, "slug appears twice")
        source, line = _check_evidence(item["evidence"], texts, file_name, where)
        events[item["slug"]] = {
            "kind": item["kind"],
            "title": item["title"],
            "cycle": cycle,
            "start_date": start,
            "end_date": end,
            "dates_provisional": bool(item.get("dates_provisional", False)),
            "place": item.get("place", ""),
            "region": item.get("region", ""),
            "symbol": item.get("symbol", ""),
            "outcome_title": item.get("outcome_title", ""),
            "outcome_url": item.get("outcome_url", ""),
            "source_file": source,
            "source_line": line,
            # What the text says where it gives a period, and its words (the evidence).
            "as_stated": item.get("as_stated", ""),
            "source_quote": " ".join(item["evidence"]["quote"].split()),
        }
    return cycles, events


@transaction.atomic
def calendar_load(
    *, data: Any, texts: dict[str, str], file_name: str = "calendar.json", dry_run: bool = False
) -> dict[str, Counts]:
    """Load the review cycles and events, updating rows in place by name and slug.

    `texts` maps a fixture file name to its text: each event's evidence must quote
    the line it cites. The whole calendar is checked before anything is written;
    any error is a ValidationError naming the file and the line or entry. Rows the
    calendar no longer lists are left alone (staff add events in the admin).
    Cost: two queries to read, one per changed row.
    """
    cycles, events = _read_calendar(data, texts, file_name)
    counts = {"cycles": Counts(), "events": Counts()}
    existing_cycles = {c.name: c for c in ReviewCycle.objects.all()}
    for name, values in cycles.items():
        cycle = existing_cycles.get(name) or ReviewCycle(name=name)
        counts["cycles"].add(save_if_changed(cycle, values))
        existing_cycles[name] = cycle
    existing_events = {e.slug: e for e in ReviewEvent.objects.all()}
    for slug, values in events.items():
        event = existing_events.get(slug) or ReviewEvent(slug=slug)
        cycle = values["cycle"]
        values = {**values, "cycle": existing_cycles[cycle] if cycle else None}
        outcome = save_if_changed(event, values)
        if outcome == "updated":
            # save_if_changed saves the changed fields only, not the auto_now one.
            ReviewEvent.objects.filter(pk=event.pk).update(updated_at=timezone.now())
        if outcome != "unchanged":
            event_logged(event, created=outcome == "created")
        counts["events"].add(outcome)
    if dry_run:
        transaction.set_rollback(True)
    return counts


def calendar_load_default(*, dry_run: bool = False) -> dict[str, Counts]:
    """The reference-data step: fixtures/reviews/calendar.json and the texts it cites."""
    raw = read_text_file(CALENDAR_PATH)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{CALENDAR_PATH.name}, line {exc.lineno}: {exc.msg}") from exc
    return calendar_load(
        data=data, texts=calendar_texts(), file_name=CALENDAR_PATH.name, dry_run=dry_run
    )


def calendar_texts() -> dict[str, str]:
    """The texts the calendar's evidence may cite, by file name. The compact itself sets
    the rhythm of the cycles to come (every four years, biennially)."""
    paths = (DECLARATION_PATH, SG_REPORT_2024_PATH, SG_REPORT_2021_PATH, DEFAULT_COMPACT_PATH)
    return {path.name: read_text_file(path) for path in paths}


# --- Reference data: round tables and recommendations ------------------------------


def _objectives_by_number(
    numbers: Iterable[int], file_name: str, line: int
) -> dict[int, Objective]:
    found = {o.number: o for o in Objective.objects.filter(number__in=numbers)}
    missing = sorted(set(numbers) - set(found))
    if missing:
        raise ValidationError(
            f"{file_name}, line {line}: objective(s) {', '.join(map(str, missing))} are not "
            "in the compact; load the compact first"
        )
    return found


@transaction.atomic
def round_tables_load(
    *, text: str, file_name: str = "", event_slug: str = FIRST_IMRF_SLUG, dry_run: bool = False
) -> dict[str, Counts]:
    """Load an IMRF's round tables and their objectives from its outcome text.

    Refuses (ValidationError naming file and line) a text the parser cannot read,
    an unknown objective or a missing event; nothing is written then. Round tables
    the text no longer has are removed. Cost: a few queries per round table.
    """
    try:
        parsed = parse_round_tables(text)
    except SourceTextError as exc:
        raise ValidationError(f"{file_name or 'text'}, {exc}") from exc
    event = ReviewEvent.objects.filter(slug=event_slug).first()
    if event is None:
        raise ValidationError(f"event {event_slug!r} is not in the calendar; load it first")
    counts = Counts()
    existing = {t.number: t for t in RoundTable.objects.filter(event=event)}
    for item in parsed:
        objectives = _objectives_by_number(item.objectives, file_name, item.line)
        table = existing.pop(item.number, None) or RoundTable(event=event, number=item.number)
        outcome = save_if_changed(table, {"title": item.title, "source_line": item.line})
        links_changed = set_links(
            RoundTableObjective, {"round_table": table}, "objective", objectives.values()
        )
        counts.add("updated" if outcome == "unchanged" and links_changed else outcome)
    counts.removed += remove_stale(existing.values(), "round table")
    if dry_run:
        transaction.set_rollback(True)
    return {"round tables": counts}


def round_tables_load_default(*, dry_run: bool = False) -> dict[str, Counts]:
    """The reference-data step: the IMRF 2022 Progress Declaration in fixtures/."""
    path = DECLARATION_PATH
    return round_tables_load(text=read_text_file(path), file_name=path.name, dry_run=dry_run)


@transaction.atomic
def recommendations_load(
    *, text: str, file_name: str = "", dry_run: bool = False
) -> dict[str, Counts]:
    """Load the recommendations on missing migrants from the 2024 SG report's annex,
    keyed by (area, letter). Same refusals and cost as `round_tables_load`; a
    recommendation gone from the text but cited by a review refuses the load."""
    try:
        parsed = parse_missing_migrants_recommendations(text)
    except SourceTextError as exc:
        raise ValidationError(f"{file_name or 'text'}, {exc}") from exc
    counts = Counts()
    existing = {(r.area, r.letter): r for r in MissingMigrantsRecommendation.objects.all()}
    for item in parsed:
        objectives = _objectives_by_number(item.objectives, file_name, item.line)
        recommendation = existing.pop((item.area, item.letter), None) or (
            MissingMigrantsRecommendation(area=item.area, letter=item.letter)
        )
        values = {
            "area_title": item.area_title,
            "area_order": item.area_order,
            "text": item.text,
            "source_line": item.line,
        }
        outcome = save_if_changed(recommendation, values)
        links_changed = set_links(
            RecommendationObjective,
            {"recommendation": recommendation},
            "objective",
            objectives.values(),
        )
        counts.add("updated" if outcome == "unchanged" and links_changed else outcome)
    counts.removed += remove_stale(existing.values(), "recommendation")
    if dry_run:
        transaction.set_rollback(True)
    return {"recommendations": counts}


def recommendations_load_default(*, dry_run: bool = False) -> dict[str, Counts]:
    """The reference-data step: the 2024 Secretary-General report in fixtures/."""
    path = SG_REPORT_2024_PATH
    return recommendations_load(text=read_text_file(path), file_name=path.name, dry_run=dry_run)
