"""What the Secretary-General's reports say about each State.

The reports listed in fixtures/reviews/reports.json are read into paragraphs
(reviews.reports), and every sentence naming a Member State becomes a `Mention`: the
State's name as the product stores it (pledges.member_states: ISO 3166 short names,
turned for reading), its ISO common name ("Bolivia"), the UN's bracketed form
("Bolivia (Plurinational State of)") and the aliases staff keep (`StateAlias`, in the
admin: "Türkiye", "the Sudan"). A longer name is
always tried first, and a name never matches inside a word, so "Guinea" is not found in
"Papua New Guinea" nor "Niger" in "Nigeria".

Facts a report states outright are `StatedFact`s with their sentence: the States that
adopted national implementation plans, and the number of champion countries.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from core.loading import Counts, read_text_file, save_if_changed
from core.sentences import sentences
from pledges.models import Actor

from .models import Mention, Report, ReportParagraph, StateAlias, StatedFact
from .reports import ParsedReport, parse_report
from .source_texts import SourceTextError

FIXTURES = settings.BASE_DIR / "fixtures" / "reviews"
REPORTS_PATH = FIXTURES / "reports.json"

# Places whose names contain a State's but are not that State: matched first, dropped.
NOT_STATES = ("American Samoa", "Gulf of Guinea", "Northern Ireland", "New Mexico", "Guinea pig")

_APOSTROPHES = str.maketrans("’ʼ", "''")


@cache
def _common_names(code: str) -> tuple[str, ...]:
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return ()
    names = [getattr(country, "common_name", "")]
    if ", " in country.name:  # "Bolivia, Plurinational State of" -> "Bolivia (Plurinational…)"
        head, _, tail = country.name.partition(", ")
        names += [f"{head} ({tail})", head]
    return tuple(name for name in names if name)


def state_aliases() -> dict[str, tuple[str, ...]]:
    """{alpha-3 code: the names staff listed for it}, in one query."""
    aliases: dict[str, list[str]] = {}
    for code, name in StateAlias.objects.values_list("state_code", "name"):
        aliases.setdefault(code, []).append(name)
    return {code: tuple(names) for code, names in aliases.items()}


class StateMatcher:
    """Finds Member States in a sentence by every name above, longest name first."""

    def __init__(self, states: dict[str, str], aliases: Mapping[str, tuple[str, ...]]):
        """`states`: {alpha-3 code: stored name}; `aliases`: {alpha-3 code: names}."""
        self.by_name: dict[str, str | None] = dict.fromkeys(NOT_STATES)
        for code, name in states.items():
            for variant in (name, *_common_names(code), *aliases.get(code, ())):
                variant = variant.translate(_APOSTROPHES).removeprefix("the ")
                # "Korea" alone is either Korea; only the full names count.
                if variant != "Korea":
                    self.by_name.setdefault(variant, code)
        names = sorted(self.by_name, key=len, reverse=True)
        self.alternation = "|".join(re.escape(name) for name in names)
        self.pattern = re.compile(rf"(?<![\w-])(?:{self.alternation})(?![\w-])")

    def find(self, text: str) -> list[tuple[str, str]]:
        """(code, name as written) of each State `text` names, in order, each once."""
        found: dict[str, str] = {}
        normalised = text.translate(_APOSTROPHES)  # same length: offsets hold
        for match in self.pattern.finditer(normalised):
            code = self.by_name[match[0]]
            if code is not None:
                found.setdefault(code, text[match.start() : match.end()])
        return list(found.items())


# "Kenya and Portugal adopted Compact-specific national implementation plans"; "El
# Salvador, Ghana and Kenya have developed national implementation plans".
_PLAN_VERB = (
    r"\s+(?:have\s+|has\s+)?(?:adopted|developed)\s+(?:[\w-]+\s+)?national implementation plans?\b"
)
# "27 “champion countries” have come together"; "the “champion countries” initiative grew
# to 35".
_CHAMPIONS = re.compile(
    r"(?P<before>\d+)\s+[“\"]?champion countries\b"
    r"|champion countries[”\"]?(?:\s+initiative)?\s+(?:grew|rose|increased)\s+to\s+(?P<after>\d+)"
)


@dataclass(frozen=True)
class FoundFact:
    kind: str
    state: str | None
    value: int | None
    sentence: str


def facts_in(sentence: str, matcher: StateMatcher) -> list[FoundFact]:
    """The facts a sentence states outright."""
    found: list[FoundFact] = []
    name = rf"(?:{matcher.alternation})"
    plan = re.search(
        rf"(?P<subject>{name}(?:,\s+{name})*(?:,?\s+and\s+{name})?){_PLAN_VERB}",
        sentence.translate(_APOSTROPHES),
    )
    if plan:
        for code, _ in matcher.find(plan["subject"]):
            found.append(FoundFact(StatedFact.Kind.NATIONAL_PLAN.value, code, None, sentence))
    if champions := _CHAMPIONS.search(sentence):
        value = int(champions["before"] or champions["after"])
        found.append(FoundFact(StatedFact.Kind.CHAMPION_COUNTRIES.value, None, value, sentence))
    return found


def _read_reports(
    data: Any, texts: dict[str, str], file_name: str
) -> list[tuple[dict, str, ParsedReport]]:
    """Check reports.json and parse every report before anything is written."""
    if not isinstance(data, dict) or not isinstance(data.get("reports"), list):
        raise ValidationError(f"{file_name}: needs a list of reports under 'reports'")
    parsed = []
    required = {"slug", "file", "title", "year", "last_paragraph"}
    for index, item in enumerate(data["reports"], start=1):
        missing = required - set(item)
        if missing:
            raise ValidationError(
                f"{file_name}, report {index}: missing {', '.join(sorted(missing))}"
            )
        text = texts.get(item["file"])
        if text is None:
            raise ValidationError(f"{file_name}, report {index}: no text {item['file']!r}")
        try:
            report = parse_report(
                text,
                last_paragraph=item["last_paragraph"],
                annex_paragraphs=item.get("annex_paragraphs", 0),
            )
        except SourceTextError as exc:
            raise ValidationError(f"{item['file']}, {exc}") from exc
        parsed.append((item, text, report))
    return parsed


@transaction.atomic
def reports_load(
    *, data: Any, texts: dict[str, str], file_name: str = "reports.json", dry_run: bool = False
) -> dict[str, Counts]:
    """Load the reports, their paragraphs (by report and key), the sentences naming a
    Member State and the facts they state. Every report is parsed before anything is
    written: a broken text (a repeated or skipped paragraph number, a truncated text or
    annex) is refused with its line and nothing is written. Idempotent: a second run
    writes nothing. Cost: about ten queries in all, plus one per changed row."""
    parsed = _read_reports(data, texts, file_name)
    members = Actor.objects.filter(kind=Actor.Kind.STATE, is_un_member=True)
    states = dict(members.values_list("code", "name"))
    state_pks = dict(Actor.objects.filter(kind=Actor.Kind.STATE).values_list("code", "pk"))
    matcher = StateMatcher(states, state_aliases())
    counts = {
        "reports": Counts(),
        "report paragraphs": Counts(),
        "mentions": Counts(),
        "stated facts": Counts(),
    }
    existing_reports = {r.slug: r for r in Report.objects.all()}
    reports: list[tuple[Report, dict, ParsedReport]] = []
    for item, text, parsed_report in parsed:
        report = existing_reports.get(item["slug"]) or Report(slug=item["slug"])
        values = {
            "title": item["title"],
            "symbol": item.get("symbol", ""),
            "year": item["year"],
            "session": item.get("session"),
            "file_name": item["file"],
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        }
        counts["reports"].add(save_if_changed(report, values))
        reports.append((report, item, parsed_report))

    # Paragraphs: compared in memory, written in bulk.
    existing = {
        (p.report_id, p.key): p
        for p in ReportParagraph.objects.filter(report__in=[r for r, _, _ in reports])
    }
    fields = ("kind", "number", "order", "section", "heading", "subheading", "text", "line")
    new: list[ReportParagraph] = []
    changed: list[ReportParagraph] = []
    paragraphs: list[tuple[Report, ReportParagraph]] = []
    for report, _, parsed_report in reports:
        for order, block in enumerate(parsed_report.blocks, start=1):
            values = {
                "kind": block.kind,
                "number": block.number,
                "order": order,
                "section": block.section,
                "heading": block.heading,
                "subheading": block.subheading,
                "text": block.text,
                "line": block.line,
            }
            row = existing.pop((report.pk, block.key), None)
            if row is None:
                row = ReportParagraph(report=report, key=block.key, **values)
                new.append(row)
                counts["report paragraphs"].created += 1
            elif any(getattr(row, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(row, name, value)
                changed.append(row)
                counts["report paragraphs"].updated += 1
            else:
                counts["report paragraphs"].unchanged += 1
            paragraphs.append((report, row))
    ReportParagraph.objects.bulk_create(new)
    ReportParagraph.objects.bulk_update(changed, fields)
    if existing:
        counts["report paragraphs"].removed += len(existing)
        ReportParagraph.objects.filter(pk__in=[p.pk for p in existing.values()]).delete()

    # Mentions and facts, keyed by their natural keys.
    wanted_mentions: dict[tuple[int, int, int], tuple[str, str]] = {}
    wanted_facts: dict[tuple[int, str, int | None], tuple[int | None, int, str]] = {}
    for report, row in paragraphs:
        for index, sentence in enumerate(sentences(row.text)):
            for code, written in matcher.find(sentence):
                wanted_mentions.setdefault((row.pk, state_pks[code], index), (sentence, written))
            for fact in facts_in(sentence, matcher):
                state = state_pks[fact.state] if fact.state else None
                wanted_facts.setdefault(
                    (row.pk, fact.kind, state), (fact.value, report.year, fact.sentence)
                )
    _sync(
        Mention,
        ("paragraph_id", "state_id", "sentence_index"),
        ("sentence", "name_as_written"),
        wanted_mentions,
        counts["mentions"],
    )
    _sync(
        StatedFact,
        ("paragraph_id", "kind", "state_id"),
        ("value", "year", "sentence"),
        wanted_facts,
        counts["stated facts"],
    )
    if dry_run:
        transaction.set_rollback(True)
    return counts


_Row = TypeVar("_Row", Mention, StatedFact)


def _sync(
    model: type[_Row],
    key_fields: tuple[str, ...],
    value_fields: tuple[str, ...],
    wanted: Mapping[tuple[Any, ...], tuple[Any, ...]],
    counts: Counts,
) -> None:
    """Make `model`'s rows be `wanted` ({key: values}): bulk create, update, delete."""
    existing = {tuple(getattr(row, f) for f in key_fields): row for row in model.objects.all()}
    new: list[_Row] = []
    changed: list[_Row] = []
    for key, values in wanted.items():
        row = existing.pop(key, None)
        if row is None:
            new.append(
                model(
                    **dict(zip(key_fields, key, strict=True)),
                    **dict(zip(value_fields, values, strict=True)),
                )
            )
            counts.created += 1
        elif tuple(getattr(row, f) for f in value_fields) != values:
            for name, value in zip(value_fields, values, strict=True):
                setattr(row, name, value)
            changed.append(row)
            counts.updated += 1
        else:
            counts.unchanged += 1
    model.objects.bulk_create(new)
    model.objects.bulk_update(changed, value_fields)
    if existing:
        counts.removed += len(existing)
        model.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()


def reports_load_default(*, dry_run: bool = False) -> dict[str, Counts]:
    """The reference-data step: fixtures/reviews/reports.json and the reports it lists."""
    raw = read_text_file(REPORTS_PATH)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{REPORTS_PATH.name}, line {exc.lineno}: {exc.msg}") from exc
    texts = {
        item["file"]: read_text_file(FIXTURES / item["file"])
        for item in data.get("reports", [])
        if isinstance(item, dict) and "file" in item
    }
    return reports_load(data=data, texts=texts, file_name=REPORTS_PATH.name, dry_run=dry_run)
