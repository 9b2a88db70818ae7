"""The Progress Declaration of the first IMRF (2022) as data: its recommended actions
(paras 51–76) with their kind, the objectives they name, the adopted objective titles
of its footnotes and the numeric target of para 67.

`parse_declaration` is pure Python (like source_texts.py); `declaration_load` writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from core.history import acting_user
from core.loading import Counts, read_text_file, remove_stale, save_if_changed
from core.roles import signed_in
from objectives.models import Objective

from .models import CommitmentObjective, DeclarationCommitment, Target
from .source_texts import (
    SourceTextError,
    _clean,
    _is_footnote_line,
    _split_lines,
    parse_objective_titles,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DECLARATION_PATH = settings.BASE_DIR / "fixtures" / "reviews" / "imrf-2022-progress-declaration.txt"

# The recommended actions are paragraphs 51 to 76 (DOMAIN.md, the seed texts); 77 on
# arrange the follow-up (the 2024 plenary), which the calendar already holds.
FIRST_COMMITMENT, LAST_COMMITMENT = 51, 76
_SECTION = re.compile(r"^Recommended actions\b")
_NUMBERED = re.compile(r"^(\d+)\.\s+(\S.*)$")
# The first "we <verb>" of the paragraph gives its kind: "Recognizing …, we commit".
_KINDS = (
    ("take-note", r"take note"),
    ("commit", r"commit"),
    ("will", r"will"),
    ("aim", r"aim"),
    ("request", r"request"),
    ("invite", r"invite"),
    ("encourage", r"encourage"),
    ("welcome", r"welcome"),
)
_KIND = re.compile(r"\bwe (" + "|".join(words for _, words in _KINDS) + r")\b", re.IGNORECASE)
_OBJECTIVE = re.compile(r"\bobjectives? (\d+)\b", re.IGNORECASE)
# Para 67: "… from 6.3 per cent of the amount transferred during the third quarter of
# 2021 to less than 3 per cent by 2030 …"
_TARGET = re.compile(
    r"reduce the (?P<what>average transaction cost of migrant remittances) from "
    r"(?P<base>\d+(?:\.\d+)?) per cent of the amount transferred during the "
    r"(?P<period>\w+ quarter of \d{4}) to (?P<cmp>less than|at most) "
    r"(?P<goal>\d+(?:\.\d+)?) per cent by (?P<year>\d{4})"
)


@dataclass(frozen=True)
class ParsedCommitment:
    number: int
    kind: str
    text: str
    objectives: tuple[int, ...]
    line: int


@dataclass(frozen=True)
class ParsedTarget:
    paragraph: int
    title: str
    baseline: Decimal
    baseline_period: str
    comparison: str  # Target.Comparison value
    goal: Decimal
    year: int
    sentence: str


@dataclass(frozen=True)
class ParsedDeclaration:
    commitments: tuple[ParsedCommitment, ...]
    targets: tuple[ParsedTarget, ...]
    adopted_titles: dict[int, str]


def declaration_paragraphs(text: str) -> list[tuple[int, str, int, str]]:
    """(number, text, line, heading) of every numbered paragraph, page breaks joined."""
    found: list[list] = []
    heading = ""
    for index, raw in enumerate(_split_lines(text), start=1):
        line = raw.strip()
        if not line or _is_footnote_line(line):
            continue
        numbered = _NUMBERED.match(line)
        if numbered:
            number = int(numbered[1])
            for seen in found:
                if seen[0] == number:
                    raise SourceTextError(
                        f"paragraph {number} appears twice (first at line {seen[2]})", index
                    )
            expected = found[-1][0] + 1 if found else 1
            if number != expected:
                gap = f" (paragraph {expected} is missing)" if number > expected else ""
                raise SourceTextError(
                    f"found paragraph {number} where paragraph {expected} was expected{gap}",
                    index,
                )
            found.append([number, numbered[2], index, heading])
        elif line[0].islower() and found:
            found[-1][1] += " " + line  # a page break inside the paragraph above
        elif line[-1] not in ".,;:" and line[0].isupper():
            heading = line  # "Recommended actions to accelerate …", "Round table 1 …"
        elif found:
            found[-1][1] += " " + line
    return [(n, _clean(t), line, h) for n, t, line, h in found]


def parse_declaration(text: str) -> ParsedDeclaration:
    """Paragraphs 51–76, each with the kind its first "we …" gives; the para 67 target.

    Refuses (SourceTextError naming the line) a repeated or missing paragraph number, a
    recommended action outside the "Recommended actions" section or without a "we …"
    clause, and a text cut before paragraph 76 or inside it (no closing full stop).
    """
    paragraphs = {
        number: (body, line, heading)
        for number, body, line, heading in declaration_paragraphs(text)
    }
    last_line = len(_split_lines(text))
    commitments: list[ParsedCommitment] = []
    targets: list[ParsedTarget] = []
    for number in range(FIRST_COMMITMENT, LAST_COMMITMENT + 1):
        if number not in paragraphs:
            raise SourceTextError(
                f"text ends before paragraph {number} (truncated text?)", last_line
            )
        body, line, heading = paragraphs[number]
        if not _SECTION.match(heading):
            raise SourceTextError(
                f"paragraph {number} is not under the 'Recommended actions' heading", line
            )
        if not body.endswith("."):
            raise SourceTextError(f"paragraph {number} ends mid-sentence (truncated?)", line)
        kind = _KIND.search(body)
        if kind is None:
            raise SourceTextError(f"paragraph {number} has no 'we …' clause to read", line)
        verb = kind[1].lower()
        slug = next(name for name, words in _KINDS if re.fullmatch(words, verb))
        objectives = tuple(sorted({int(n) for n in _OBJECTIVE.findall(body)}))
        commitments.append(ParsedCommitment(number, slug, body, objectives, line))
        if target := _TARGET.search(body):
            targets.append(
                ParsedTarget(
                    paragraph=number,
                    title=target["what"][0].upper() + target["what"][1:],
                    baseline=Decimal(target["base"]),
                    baseline_period=target["period"],
                    comparison="below" if target["cmp"] == "less than" else "at-most",
                    goal=Decimal(target["goal"]),
                    year=int(target["year"]),
                    sentence=body,
                )
            )
    return ParsedDeclaration(tuple(commitments), tuple(targets), parse_objective_titles(text))


# The remittance target's indicator and objective: the compact's objective 20 (cheaper
# remittances) is where SDG target 10.c and its indicator 10.c.1 (remittance costs as a
# proportion of the amount remitted) meet the paragraph.
class RemittanceTarget(TypedDict):
    slug: str
    objective: int  # the compact's objective number
    sdg_indicator: str
    unit: str


REMITTANCE_TARGET: RemittanceTarget = {
    "slug": "remittance-costs-2030",
    "objective": 20,
    "sdg_indicator": "10.c.1",
    "unit": "%",
}


@transaction.atomic
def declaration_load(*, text: str, file_name: str = "", dry_run: bool = False) -> dict[str, Counts]:
    """Load the declaration's commitments (by number), their objective links read from
    the text (staff-curated links are left alone), the para 67 target and the adopted
    objective titles. A broken text is refused (ValidationError naming the line) and
    nothing is written. Cost: about three queries per commitment on a first load, one
    read per kind on a reload that changes nothing."""
    try:
        parsed = parse_declaration(text)
    except SourceTextError as exc:
        raise ValidationError(f"{file_name or 'text'}, {exc}") from exc
    objectives = {o.number: o for o in Objective.objects.all()}
    counts = {"commitments": Counts(), "targets": Counts(), "adopted titles": Counts()}

    existing = {c.number: c for c in DeclarationCommitment.objects.all()}
    links = {
        (link.commitment_id, link.objective_id): link
        for link in CommitmentObjective.objects.filter(from_text=True)
    }
    by_number: dict[int, DeclarationCommitment] = {}
    for item in parsed.commitments:
        commitment = existing.pop(item.number, None) or DeclarationCommitment(number=item.number)
        values = {"kind": item.kind, "text": item.text, "source_line": item.line}
        outcome = save_if_changed(commitment, values)
        by_number[item.number] = commitment
        changed = False
        for number in item.objectives:
            if number not in objectives:
                raise ValidationError(
                    f"{file_name}, line {item.line}: objective {number} is not in the compact"
                )
            key = (commitment.pk, objectives[number].pk)
            if links.pop(key, None) is None:
                CommitmentObjective.objects.update_or_create(
                    commitment=commitment,
                    objective=objectives[number],
                    defaults={"from_text": True},
                )
                changed = True
        counts["commitments"].add("updated" if outcome == "unchanged" and changed else outcome)
    for link in links.values():  # read from an earlier text, gone from this one
        link.delete()
    counts["commitments"].removed += remove_stale(existing.values(), "commitment")

    existing_targets = {t.slug: t for t in Target.objects.all()}
    for found in parsed.targets:
        slug = REMITTANCE_TARGET["slug"]
        target = existing_targets.pop(slug, None) or Target(slug=slug)
        target_values: dict[str, Any] = {
            "title": found.title,
            "unit": REMITTANCE_TARGET["unit"],
            "objective": objectives.get(REMITTANCE_TARGET["objective"]),
            "commitment": by_number[found.paragraph],
            "baseline_value": found.baseline,
            "baseline_period": found.baseline_period,
            "baseline_source": f"Progress Declaration, para {found.paragraph}",
            "goal_value": found.goal,
            "goal_comparison": found.comparison,
            "goal_year": found.year,
            "sdg_indicator": REMITTANCE_TARGET["sdg_indicator"],
            "sentence": found.sentence,
        }
        counts["targets"].add(save_if_changed(target, target_values))

    for number, title in parsed.adopted_titles.items():
        objective = objectives.get(number)
        if objective is not None:
            counts["adopted titles"].add(save_if_changed(objective, {"adopted_title": title}))
    if dry_run:
        transaction.set_rollback(True)
    return counts


def declaration_load_default(*, dry_run: bool = False) -> dict[str, Counts]:
    """The reference-data step: the Progress Declaration in fixtures/reviews/."""
    path = DECLARATION_PATH
    return declaration_load(text=read_text_file(path), file_name=path.name, dry_run=dry_run)


@transaction.atomic
def commitment_objective_curate(
    *, commitment: DeclarationCommitment, objective: Objective, user: User
) -> CommitmentObjective:
    """Staff link a commitment to an objective the text does not name; who and when are
    recorded. Idempotent: an existing link (read or curated) is returned unchanged."""
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    if not getattr(user, "is_staff", False):
        from django.utils.translation import gettext

        raise PermissionDenied(gettext("Only Network staff curate the declaration's links."))
    with acting_user(signed_in(user)):
        link, _ = CommitmentObjective.objects.get_or_create(
            commitment=commitment,
            objective=objective,
            defaults={"from_text": False, "curated_by": user, "curated_at": timezone.now()},
        )
    return link
