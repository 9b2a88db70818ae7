"""Every write to the review calendar, voluntary reviews and indicators.

The reference-data step, the API, the admin and `seed_demo` call these. Each checks
meaning and raises ValidationError with a message per field (nothing is written),
or PermissionDenied for the wrong role. The who-may rule is the pledges app's
(`pledges.selectors.user_is_staff` / `user_speaks_for`), not a second copy.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import record_history_user
from core.loading import Counts, read_text_file, remove_stale, save_if_changed
from objectives.models import Objective
from pledges.models import Actor, Pledge
from pledges.selectors import user_is_staff, user_speaks_for

from .models import (
    Indicator,
    IndicatorValue,
    MissingMigrantsRecommendation,
    ObjectiveAssessment,
    PledgeAnnouncement,
    RecommendationObjective,
    RecommendationProgress,
    ReviewCycle,
    ReviewEvent,
    RoundTable,
    RoundTableObjective,
    VoluntaryReview,
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
# The event whose outcome text lists the round tables.
FIRST_IMRF_SLUG = "imrf-2022"

EDITABLE_STATUSES = (VoluntaryReview.Status.DRAFT, VoluntaryReview.Status.RETURNED)


def _text_lines(text: str) -> list[str]:
    # The same numbering as source_texts (and an editor): CRLF/CR count as one break.
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


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
    lines = _text_lines(texts[source])
    if not isinstance(line, int) or not 1 <= line <= len(lines):
        raise ValidationError(f"{source}, line {line}: no such line (cited by {where})")
    if " ".join(quote.split()) not in " ".join(lines[line - 1].split()):
        raise ValidationError(
            f"{source}, line {line}: does not say {quote!r} any more (cited by {where}); "
            "the calendar and its texts disagree"
        )
    return source, line


def _read_calendar(data: Any, texts: dict[str, str], file_name: str):
    """Validate the whole calendar before anything is written: (cycles, events)."""
    if not isinstance(data, dict) or not {"cycles", "events"} <= data.keys():
        raise ValidationError(f"{file_name}: needs a list of cycles and a list of events")
    cycles: dict[str, dict] = {}
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

    events: dict[str, dict] = {}
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
        if end < start:
            raise _calendar_error(file_name, where, "ends before it starts")
        cycle = item.get("cycle")
        if cycle is not None:
            if cycle not in cycles:
                raise _calendar_error(file_name, where, f"unknown cycle {cycle!r}")
            bounds = cycles[cycle]
            if not bounds["start_date"] <= start <= bounds["end_date"]:
                raise _calendar_error(file_name, where, f"starts outside its cycle {cycle}")
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
        counts["events"].add(save_if_changed(event, values))
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
    texts = {path.name: read_text_file(path) for path in (DECLARATION_PATH, SG_REPORT_2024_PATH)}
    return calendar_load(data=data, texts=texts, file_name=CALENDAR_PATH.name, dry_run=dry_run)


# --- Reference data: round tables and recommendations ------------------------------


def _objectives_by_number(numbers, file_name: str, line: int) -> dict[int, Objective]:
    found = {o.number: o for o in Objective.objects.filter(number__in=numbers)}
    missing = sorted(set(numbers) - set(found))
    if missing:
        raise ValidationError(
            f"{file_name}, line {line}: objective(s) {', '.join(map(str, missing))} are not "
            "in the compact; load the compact first"
        )
    return found


def _set_objective_links(owner, through, owner_field: str, objectives: list[Objective]) -> bool:
    """Make `owner`'s objective links exactly `objectives`; True if anything changed."""
    links = through.objects.filter(**{owner_field: owner})
    current = set(links.values_list("objective_id", flat=True))
    wanted = {o.pk for o in objectives}
    if current == wanted:
        return False
    links.exclude(objective_id__in=wanted).delete()
    through.objects.bulk_create(
        [through(**{owner_field: owner, "objective_id": pk}) for pk in wanted - current]
    )
    return True


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
        links_changed = _set_objective_links(
            table, RoundTableObjective, "round_table", list(objectives.values())
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
        links_changed = _set_objective_links(
            recommendation, RecommendationObjective, "recommendation", list(objectives.values())
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


# --- Pledge announcements -------------------------------------------------------------


@transaction.atomic
def pledge_announcement_set(*, pledge: Pledge, event: ReviewEvent | None, user) -> None:
    """Record (or with `event=None`, clear) the event where a pledge was announced. Staff."""
    _require_staff(user, _("record where a pledge was announced"))
    if event is None:
        PledgeAnnouncement.objects.filter(pledge=pledge).delete()
        return
    PledgeAnnouncement.objects.update_or_create(pledge=pledge, defaults={"event": event})


# --- Voluntary reviews --------------------------------------------------------------


def _require_staff(user, verb: str) -> None:
    if not user_is_staff(user):
        raise PermissionDenied(_("Only Network staff %(verb)s.") % {"verb": verb})


def _require_editor(user, review: VoluntaryReview) -> None:
    """Staff always; the State's focal points while the review is a draft or returned."""
    if user_is_staff(user):
        return
    if not user_speaks_for(user, review.state_id):
        raise PermissionDenied(_("Only the State's focal points edit its review."))
    if review.status not in EDITABLE_STATUSES:
        raise PermissionDenied(
            _("A %(status)s review is locked; only drafts and returned reviews can be edited.")
            % {"status": review.get_status_display().lower()}
        )


def _locked(review: VoluntaryReview) -> VoluntaryReview:
    # Row lock: two focal points submitting or editing at once serialise here.
    return VoluntaryReview.objects.select_for_update().get(pk=review.pk)


def _check_plan(plan: str, plan_url: str, errors: dict[str, list[str]]) -> None:
    if plan not in VoluntaryReview.Plan.values:
        errors.setdefault("plan", []).append(_("Choose none, in_preparation or adopted."))
    if plan_url:
        try:
            URLValidator(schemes=["http", "https"])(plan_url)
        except ValidationError:
            errors.setdefault("plan_url", []).append(_("Enter a valid http(s) URL."))
    if plan == VoluntaryReview.Plan.NONE and plan_url:
        errors.setdefault("plan_url", []).append(_("A State without a plan has no plan link."))


def _check_event(event: ReviewEvent | None, cycle: ReviewCycle, errors) -> None:
    if event is not None and event.cycle_id != cycle.pk:
        errors.setdefault("event", []).append(
            _("The event belongs to another cycle than the review.")
        )


def _default_event(cycle: ReviewCycle) -> ReviewEvent | None:
    # Reviews of a cycle feed the IMRF that closes it.
    return (
        ReviewEvent.objects.filter(cycle=cycle, kind=ReviewEvent.Kind.IMRF)
        .order_by("-start_date")
        .first()
    )


@transaction.atomic
def review_create(
    *,
    user,
    state: Actor,
    cycle: ReviewCycle,
    event: ReviewEvent | None = None,
    plan: str = VoluntaryReview.Plan.NONE,
    plan_url: str = "",
) -> VoluntaryReview:
    """Start a State's draft review for a cycle (one per State and cycle). The State's
    focal points or staff. Feeds `event`, by default the cycle's IMRF."""
    if not (user_is_staff(user) or user_speaks_for(user, state.pk)):
        raise PermissionDenied(_("Only the State's focal points start its review."))
    errors: dict[str, list[str]] = {}
    if state.kind != Actor.Kind.STATE:
        errors["state"] = [_("Only a Member State makes a voluntary national review.")]
    elif VoluntaryReview.objects.filter(state=state, cycle=cycle).exists():
        errors["cycle"] = [
            _("%(state)s already has a review for %(cycle)s.")
            % {"state": state.name, "cycle": cycle.name}
        ]
    _check_event(event, cycle, errors)
    _check_plan(plan, plan_url, errors)
    if errors:
        raise ValidationError(errors)
    review = VoluntaryReview(
        state=state,
        cycle=cycle,
        event=event or _default_event(cycle),
        plan=plan,
        plan_url=plan_url,
        created_by=user,
    )
    record_history_user(review, user)
    try:
        # A concurrent create of the same (state, cycle) loses here, not with a 500.
        with transaction.atomic():
            review.save()
    except IntegrityError as exc:
        message = _("This State already has a review for the cycle.")
        raise ValidationError({"cycle": [message]}) from exc
    return review


UNSET: Any = object()


@transaction.atomic
def review_update(
    *,
    review: VoluntaryReview,
    user,
    event: ReviewEvent | None = UNSET,
    plan: str = UNSET,
    plan_url: str = UNSET,
) -> VoluntaryReview:
    """Change the given fields of a review (the event it feeds, the national plan).
    The State's focal points while it is a draft or returned; staff always."""
    review = _locked(review)
    _require_editor(user, review)
    given = {
        name: value
        for name, value in {"event": event, "plan": plan, "plan_url": plan_url}.items()
        if value is not UNSET
    }
    errors: dict[str, list[str]] = {}
    if event is not UNSET:
        _check_event(event, review.cycle, errors)
    _check_plan(
        review.plan if plan is UNSET else plan,
        review.plan_url if plan_url is UNSET else plan_url,
        errors,
    )
    if errors:
        raise ValidationError(errors)
    for name, value in given.items():
        setattr(review, name, value)
    record_history_user(review, user)
    review.save()
    return review


def _resolve_level(level: str, errors: dict[str, list[str]]) -> None:
    if level not in ObjectiveAssessment.Level.values:
        errors["level"] = [
            _("Choose one of: %(levels)s.") % {"levels": ", ".join(ObjectiveAssessment.Level)}
        ]


def _resolve_pledges(
    review: VoluntaryReview, codes: Sequence[str], errors: dict[str, list[str]]
) -> list[Pledge]:
    """The State's own pledges (led by it or with it as partner), not withdrawn."""
    codes = list(dict.fromkeys(codes))
    found = {
        p.code: p
        for p in Pledge.objects.filter(code__in=codes).exclude(status=Pledge.Status.WITHDRAWN)
    }
    own = set(
        Pledge.objects.filter(code__in=found, lead=review.state).values_list("code", flat=True)
    ) | set(
        Pledge.objects.filter(code__in=found, partners=review.state).values_list("code", flat=True)
    )
    messages = [
        _("%(code)s is not a pledge of %(state)s.") % {"code": code, "state": review.state.name}
        for code in codes
        if code not in own
    ]
    if messages:
        errors["pledges"] = messages
    return [found[code] for code in codes if code in own]


@transaction.atomic
def assessment_upsert(
    *,
    review: VoluntaryReview,
    user,
    objective: int,
    level: str,
    narrative: str = "",
    challenges: str = "",
    pledges: Sequence[str] = (),
) -> tuple[ObjectiveAssessment, bool]:
    """Assess one objective (by number) in a review; assessing it again replaces the
    assessment. `pledges` are codes of the State's own pledges. Returns
    (assessment, created). Same editors as `review_update`."""
    review = _locked(review)
    _require_editor(user, review)
    errors: dict[str, list[str]] = {}
    objective_row = Objective.objects.filter(number=objective).first()
    if objective_row is None:
        errors["objective"] = [_("There is no objective %(n)s.") % {"n": objective}]
    _resolve_level(level, errors)
    contributing = _resolve_pledges(review, pledges, errors)
    if errors:
        raise ValidationError(errors)
    assessment = ObjectiveAssessment.objects.filter(review=review, objective=objective_row).first()
    created = assessment is None
    assessment = assessment or ObjectiveAssessment(review=review, objective=objective_row)
    assessment.level = level
    assessment.narrative = narrative.strip()
    assessment.challenges = challenges.strip()
    record_history_user(assessment, user)
    assessment.save()
    assessment.pledges.set(contributing)
    review.save(update_fields=["updated_at"])
    return assessment, created


@transaction.atomic
def recommendation_progress_upsert(
    *,
    review: VoluntaryReview,
    user,
    recommendation: MissingMigrantsRecommendation | int,
    level: str,
    narrative: str = "",
    challenges: str = "",
) -> tuple[RecommendationProgress, bool]:
    """Report progress on one recommendation on missing migrants (by row or id);
    reporting again replaces it. Same editors as `review_update`."""
    review = _locked(review)
    _require_editor(user, review)
    errors: dict[str, list[str]] = {}
    recommendation_row: MissingMigrantsRecommendation | None
    if isinstance(recommendation, MissingMigrantsRecommendation):
        recommendation_row = recommendation
    else:
        recommendation_row = MissingMigrantsRecommendation.objects.filter(pk=recommendation).first()
        if recommendation_row is None:
            errors["recommendation"] = [_("There is no such recommendation.")]
    _resolve_level(level, errors)
    if errors:
        raise ValidationError(errors)
    progress = RecommendationProgress.objects.filter(
        review=review, recommendation=recommendation_row
    ).first()
    created = progress is None
    progress = progress or RecommendationProgress(review=review, recommendation=recommendation_row)
    progress.level = level
    progress.narrative = narrative.strip()
    progress.challenges = challenges.strip()
    record_history_user(progress, user)
    progress.save()
    review.save(update_fields=["updated_at"])
    return progress, created


def _transition(review: VoluntaryReview, *, allowed_from: Sequence[str], to: str):
    review = _locked(review)
    if review.status not in allowed_from:
        raise ValidationError(
            {
                "status": _("A %(status)s review cannot be %(verb)s.")
                % {"status": review.get_status_display().lower(), "verb": to}
            }
        )
    return review


def _save_status(review: VoluntaryReview, user, fields: list[str]) -> VoluntaryReview:
    record_history_user(review, user)
    review.save(update_fields=[*fields, "updated_at"])
    return review


@transaction.atomic
def review_submit(*, review: VoluntaryReview, user) -> VoluntaryReview:
    """Draft or returned → submitted: locked for the focal points until staff return it.
    The State's focal points or staff. A review with no assessment cannot be submitted."""
    if not (user_is_staff(user) or user_speaks_for(user, review.state_id)):
        raise PermissionDenied(_("Only the State's focal points submit its review."))
    review = _transition(review, allowed_from=EDITABLE_STATUSES, to="submitted")
    if not review.assessments.exists():
        raise ValidationError(
            {"assessments": [_("Assess at least one objective before submitting.")]}
        )
    review.status = VoluntaryReview.Status.SUBMITTED
    review.submitted_at = timezone.now()
    return _save_status(review, user, ["status", "submitted_at"])


@transaction.atomic
def review_publish(*, review: VoluntaryReview, user) -> VoluntaryReview:
    """Submitted → published: the public sees it from now on. Staff only."""
    _require_staff(user, _("publish reviews"))
    review = _transition(review, allowed_from=(VoluntaryReview.Status.SUBMITTED,), to="published")
    review.status = VoluntaryReview.Status.PUBLISHED
    review.return_reason = ""
    review.published_at = timezone.now()
    return _save_status(review, user, ["status", "return_reason", "published_at"])


@transaction.atomic
def review_return(*, review: VoluntaryReview, user, reason: str) -> VoluntaryReview:
    """Submitted → returned to the focal points with a reason, for them to edit. Staff."""
    _require_staff(user, _("return reviews"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the review is returned.")]})
    review = _transition(review, allowed_from=(VoluntaryReview.Status.SUBMITTED,), to="returned")
    review.status = VoluntaryReview.Status.RETURNED
    review.return_reason = reason
    return _save_status(review, user, ["status", "return_reason"])


# --- Indicators ---------------------------------------------------------------------


INDICATOR_COLUMNS = (
    "code",
    "name",
    "objective",
    "tier",
    "sdg_indicator",
    "unit",
    "by_sex",
    "by_age",
    "by_migratory_status",
)
REQUIRED_INDICATOR_COLUMNS = ("code", "name", "objective", "tier")
_TRUE = {"1", "true", "yes", "y", "x"}
_FALSE = {"", "0", "false", "no", "n"}


@dataclass
class ImportReport:
    """What an import did (counts) or, when refused, what is wrong: (row, column, message)."""

    counts: Counts = field(default_factory=Counts)
    errors: list[tuple[int, str, str]] = field(default_factory=list)

    def messages(self) -> list[str]:
        return [f"row {row}, {column}: {message}" for row, column, message in self.errors]


def _read_indicator_row(row: dict[str, str], number: int, objectives, report) -> dict | None:
    values: dict[str, Any] = {}
    fail = len(report.errors)

    def error(column: str, message: str) -> None:
        report.errors.append((number, column, message))

    for column in REQUIRED_INDICATOR_COLUMNS:
        if not (row.get(column) or "").strip():
            error(column, _("required"))
    code = (row.get("code") or "").strip()
    values["name"] = (row.get("name") or "").strip()
    objective = (row.get("objective") or "").strip()
    if objective:
        if not objective.isdigit() or int(objective) not in objectives:
            error("objective", _("%(value)r is not an objective number") % {"value": objective})
        else:
            values["objective"] = objectives[int(objective)]
    tier = (row.get("tier") or "").strip().lower()
    if tier and tier not in Indicator.Tier.values:
        error("tier", _("%(value)r is not core or additional") % {"value": tier})
    values["tier"] = tier
    values["sdg_indicator"] = (row.get("sdg_indicator") or "").strip()
    values["unit"] = (row.get("unit") or "").strip()
    for column in ("by_sex", "by_age", "by_migratory_status"):
        raw = (row.get(column) or "").strip().lower()
        if raw not in _TRUE | _FALSE:
            error(column, _("%(value)r is not yes or no") % {"value": raw})
        values[column] = raw in _TRUE
    for column, limit in (("code", 20), ("name", 500), ("sdg_indicator", 20), ("unit", 60)):
        text = code if column == "code" else values[column]
        if len(text) > limit:
            error(column, _("longer than %(n)s characters") % {"n": limit})
    if len(report.errors) > fail:
        return None
    return {"code": code, **values}


@transaction.atomic
def indicator_import_csv(*, user, content: bytes | str, dry_run: bool = False) -> ImportReport:
    """Create or update indicators (by code) from a CSV with a header row of
    INDICATOR_COLUMNS (only code, name, objective, tier required). Every row is
    checked first: with any error the report lists every (row, column, message)
    and nothing is written. Staff only. Cost: two reads, one write per changed row.
    """
    _require_staff(user, _("import indicators"))
    report = ImportReport()
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            report.errors.append((0, "file", f"byte {exc.start} is not UTF-8"))
            return report
    reader = csv.DictReader(io.StringIO(content.removeprefix("\ufeff")))
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    unknown = [name for name in header if name not in INDICATOR_COLUMNS]
    missing = [name for name in REQUIRED_INDICATOR_COLUMNS if name not in header]
    if unknown or missing or not header:
        for name in missing:
            report.errors.append((1, name, _("column missing from the header")))
        for name in unknown:
            report.errors.append((1, name, _("unknown column")))
        return report

    objectives = {o.number: o for o in Objective.objects.all()}
    rows: list[dict] = []
    seen: dict[str, int] = {}
    # Row numbers are file lines (the header is line 1), as a spreadsheet shows them.
    for number, row in enumerate(reader, start=2):
        if None in row:
            report.errors.append((number, "row", _("more cells than header columns")))
            continue
        values = _read_indicator_row(row, number, objectives, report)
        if values is None:
            continue
        if values["code"] in seen:
            report.errors.append(
                (number, "code", _("repeats row %(row)s") % {"row": seen[values["code"]]})
            )
            continue
        seen[values["code"]] = number
        rows.append(values)
    if report.errors:
        return report

    existing = {i.code: i for i in Indicator.objects.filter(code__in=seen)}
    for values in rows:
        code = values.pop("code")
        indicator = existing.get(code) or Indicator(code=code)
        record_history_user(indicator, user)
        report.counts.add(save_if_changed(indicator, values))
    if dry_run:
        transaction.set_rollback(True)
    return report


@transaction.atomic
def indicator_value_upsert(
    *,
    user,
    indicator: Indicator,
    state: Actor,
    year: int,
    value: Decimal | str,
    source: str = "",
    source_url: str = "",
) -> tuple[IndicatorValue, bool]:
    """Record a State's value of an indicator for a year, replacing any earlier one.
    Staff only. Returns (value row, created)."""
    _require_staff(user, _("record indicator values"))
    errors: dict[str, list[str]] = {}
    if state.kind != Actor.Kind.STATE:
        errors["state"] = [_("Indicator values are reported for Member States.")]
    if not 1950 <= year <= timezone.now().year + 1:
        errors["year"] = [_("Enter a year between 1950 and next year.")]
    try:
        value = Decimal(str(value))
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        errors["value"] = [_("Enter a number.")]
    if source_url:
        try:
            URLValidator(schemes=["http", "https"])(source_url)
        except ValidationError:
            errors["source_url"] = [_("Enter a valid http(s) URL.")]
    if errors:
        raise ValidationError(errors)
    row, created = IndicatorValue.objects.update_or_create(
        indicator=indicator,
        state=state,
        year=year,
        defaults={"value": value, "source": source.strip(), "source_url": source_url},
    )
    return row, created
