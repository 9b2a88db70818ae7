"""Parse the text of the Global Compact for Migration (GCM) into objectives and principles.

Pure Python on purpose (no Django): the importer and the tests both use it.

The input is a PDF-to-text conversion, so the parser is line oriented and tolerant of
the artefacts that brings (page breaks splitting a sentence, footnotes in the middle of
the text), while refusing, with the line number, anything it cannot read with
confidence. Two editions are supported without code changes:

* Draft Rev 2 (28 May 2018): ``OBJECTIVE 1: …``, ``16. We commit …``,
  ``In this regard, the following actions are instrumental:``, ``- a) …``.
* The adopted text (A/RES/73/195): ``Objective 1: …``, ``17. We commit …``,
  ``To realize this commitment, we will draw from the following actions:``, ``(a) …``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "CompactParseError",
    "ParsedAction",
    "ParsedCompact",
    "ParsedObjective",
    "ParsedPrinciple",
    "parse_compact",
]


@dataclass(frozen=True)
class ParsedAction:
    letter: str  # "a", "b", …
    text: str  # whole text: page breaks joined, footnote markers removed, no "- a)"
    line: int  # 1-based line where the action starts


@dataclass(frozen=True)
class ParsedObjective:
    number: int
    title: str  # from the "OBJECTIVE n: title" heading, the authority for the title
    paragraph: int  # number of the commitment paragraph (16 for objective 1 in Draft Rev 2)
    commitment: str  # full text of that paragraph without its leading number
    actions: tuple[ParsedAction, ...]
    line: int  # line of the heading


@dataclass(frozen=True)
class ParsedPrinciple:
    slug: str  # "people-centred", "whole-of-government-approach"
    name: str  # "People-centred"
    description: str
    paragraph: int  # the paragraph listing the principles (14 in Draft Rev 2)
    line: int


@dataclass(frozen=True)
class ParsedCompact:
    edition: str  # best effort: "Draft Rev 2, 28 May 2018", "A/RES/73/195" or ""
    objectives: tuple[ParsedObjective, ...]
    principles: tuple[ParsedPrinciple, ...]


class CompactParseError(ValueError):
    """The text cannot be read with confidence; str() starts with "line N: " if known."""

    def __init__(self, message: str, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)


_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FOOTNOTE_LINE = re.compile(rf"^[{_SUPERSCRIPT_DIGITS}]+\s*\S")  # "⁴ Adopted under …"
_FOOTNOTE_MARK = re.compile(rf"[{_SUPERSCRIPT_DIGITS}]+")  # "Paris Agreement⁴", "…¹²"
_OBJECTIVE = re.compile(r"^objective\s+(\d+)\s*[:.\u2013\u2014-]\s*(\S.*)$", re.IGNORECASE)
_PARAGRAPH = re.compile(r"^(\d+)\.\s+(\S.*)$")
# "- a) …", "a) …", "(a) …", "- (a) …"
_ACTION = re.compile(r"^(?:-\s*)?\(?([a-z])\)\s+(\S.*)$")
# "In this regard, the following actions are instrumental:" /
# "To realize this commitment, we will draw from the following actions:"
_ACTIONS_INTRO = re.compile(r"\bactions?\b.*:$", re.IGNORECASE)
_PRINCIPLES_INTRO = re.compile(r"\bguiding principles\b.*:$", re.IGNORECASE)
# "People-centred: The Global Compact …" (the name is checked for length separately).
_PRINCIPLE = re.compile(r"^([A-Z][^:.;,]*?):\s+(\S.*)$")
_RESOLUTION = re.compile(r"\bA/RES/\d+/\d+\b")
_DRAFT = re.compile(r"^(zero\s+)?draft(?:\s+rev\.?\s*(\d+))?$", re.IGNORECASE)
_DATE = re.compile(r"^\d{1,2}\s+[A-Z][a-z]+\s+\d{4}$")


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based, in the original text
    text: str  # footnote markers removed, whitespace normalised
    after_blank: bool  # preceded by a blank (or footnote) line: a possible page break


def _prepare(text: str) -> list[_Line]:
    """Non-blank, non-footnote lines, cleaned, with their original line numbers."""
    text = text.removeprefix("\ufeff")
    # Not str.splitlines(): it also splits on form feeds and other separators a PDF
    # conversion may leave inside a line, which would shift every line number after it.
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[_Line] = []
    after_blank = True
    for number, raw in enumerate(raw_lines, start=1):
        cleaned = " ".join(_FOOTNOTE_MARK.sub("", raw).split())
        # A footnote sits at the foot of a page, so it counts as a page break.
        if not cleaned or _FOOTNOTE_LINE.match(raw.strip()):
            after_blank = True
            continue
        lines.append(_Line(number, cleaned, after_blank))
        after_blank = False
    return lines


def _looks_like_heading(line: _Line) -> bool:
    # Section headings ("IMPLEMENTATION", "Follow-up and review") stand alone after a
    # blank line, start with a capital and are short with no closing punctuation.
    # Page-break continuations in the compact start mid-sentence (usually lowercase)
    # or are long, so they fail this test.
    text = line.text
    return (
        line.after_blank
        and text[0].isupper()
        and len(text.split()) <= 8
        and text[-1] not in ".,;:!?"
    )


def _join(head: str, tail: str) -> str:
    return f"{head} {tail}" if head else tail


@dataclass
class _Objective:  # mutable while being read, frozen into ParsedObjective at the end
    number: int
    title: str
    line: int
    paragraph: int = 0
    commitment: str = ""
    actions: list[list] = field(default_factory=list)  # [letter, text, line]

    def freeze(self) -> ParsedObjective:
        actions = tuple(ParsedAction(letter, text, line) for letter, text, line in self.actions)
        return ParsedObjective(
            self.number, self.title, self.paragraph, self.commitment, actions, self.line
        )


# What the objectives reader expects next.
_SEEK = "before the first objective"
_HEADING = "after an objective heading"  # expecting the numbered commitment paragraph
_COMMITMENT = "in a commitment paragraph"  # continuation lines, the actions intro or (a)
_INTRO = "after the actions intro"  # expecting action a)
_ACTIONS = "in the actions"  # continuation lines, the next action, the next objective
_AFTER_HEADING = "after a section heading"  # e.g. "IMPLEMENTATION": the next paragraph
_DONE = "after the objectives"


def _parse_objectives(lines: list[_Line]) -> list[_Objective]:
    objectives: list[_Objective] = []
    state = _SEEK
    current: _Objective | None = None
    section_heading: _Line | None = None
    end_line = 0
    fail = CompactParseError

    for ln in lines:
        heading = _OBJECTIVE.match(ln.text)
        paragraph = _PARAGRAPH.match(ln.text)
        action = _ACTION.match(ln.text)

        if state == _DONE:
            # Anything after the objectives section is someone else's business, but an
            # objective heading there means the section ended early: refuse.
            if heading:
                raise fail(
                    f"objective {heading[1]} appears after the objectives section "
                    f"ended at line {end_line}",
                    ln.number,
                )
            continue

        if heading:
            number = int(heading[1])
            if current is not None and state in (_HEADING, _COMMITMENT, _INTRO):
                missing = "commitment paragraph" if state == _HEADING else "actions"
                raise fail(
                    f"objective {number} starts but objective {current.number} "
                    f"(line {current.line}) has no {missing}",
                    ln.number,
                )
            for seen in objectives:
                if seen.number == number:
                    raise fail(
                        f"objective {number} appears twice (first at line {seen.line})",
                        ln.number,
                    )
            expected = len(objectives) + 1
            if number != expected:
                gap = f" (objective {expected} is missing)" if number > expected else ""
                raise fail(
                    f"found objective {number} where objective {expected} was expected{gap}",
                    ln.number,
                )
            current = _Objective(number, heading[2], ln.number)
            objectives.append(current)
            state = _HEADING
            continue

        if state == _SEEK:
            continue  # preamble, vision, principles, the summary list of objectives
        assert current is not None

        if paragraph:
            number = int(paragraph[1])
            previous = objectives[-2].paragraph if len(objectives) > 1 else None
            if state == _HEADING:
                if previous is not None and number != previous + 1:
                    raise fail(
                        f"objective {current.number}'s commitment is paragraph {number}, "
                        f"but the previous commitment was paragraph {previous}",
                        ln.number,
                    )
                current.paragraph, current.commitment = number, paragraph[2]
                state = _COMMITMENT
            elif state in (_ACTIONS, _AFTER_HEADING):
                # How the objectives section ends (and how truncation is detected): the
                # paragraph numbering resumes right after the last commitment (para 39
                # "For the effective implementation …" in Draft Rev 2). Without that
                # paragraph the text was cut inside the objectives and we refuse it.
                if number != current.paragraph + 1:
                    raise fail(
                        f"paragraph {number} follows objective {current.number}; expected "
                        f"paragraph {current.paragraph + 1} to continue the numbering",
                        ln.number,
                    )
                state, end_line = _DONE, ln.number
            else:
                raise fail(
                    f"paragraph {number} starts before objective {current.number} has any actions",
                    ln.number,
                )
            continue

        if action:
            letter, text = action[1], action[2]
            if state == _HEADING:
                raise fail(f"objective {current.number} has no commitment paragraph", ln.number)
            if state == _AFTER_HEADING:
                # _AFTER_HEADING is only entered together with its heading line.
                assert section_heading is not None
                raise fail(
                    f"action {letter}) follows the line {section_heading.text!r} "
                    f"(line {section_heading.number}) inside objective {current.number}",
                    ln.number,
                )
            _check_letter(current, letter, ln.number)
            current.actions.append([letter, text, ln.number])
            state = _ACTIONS
            continue

        if _ACTIONS_INTRO.search(ln.text):
            if state == _HEADING:
                raise fail(f"objective {current.number} has no commitment paragraph", ln.number)
            if state != _COMMITMENT:  # a second intro: two objectives run together?
                raise fail(f"unexpected actions intro in objective {current.number}", ln.number)
            state = _INTRO
            continue

        # Any other line: a continuation (after a page break or a wrapped line) or a heading.
        if state == _HEADING and not ln.after_blank:
            current.title = _join(current.title, ln.text)  # heading wrapped onto 2 lines
        elif state == _COMMITMENT:
            current.commitment = _join(current.commitment, ln.text)
        elif state == _ACTIONS and _looks_like_heading(ln):
            state, section_heading = _AFTER_HEADING, ln
        elif state == _ACTIONS:
            current.actions[-1][1] = _join(current.actions[-1][1], ln.text)
        elif state == _AFTER_HEADING and _looks_like_heading(ln):
            pass  # several headings in a row
        else:  # _HEADING after a blank line, _INTRO, or _AFTER_HEADING
            raise fail(
                f"cannot read {ln.text[:40]!r} ({state}, objective {current.number})", ln.number
            )

    if not objectives:
        raise fail("no objectives found (no 'OBJECTIVE 1: …' heading)", None)
    assert current is not None  # the last of the objectives just found
    if state != _DONE:  # see the end-of-section rule above: the text was cut short
        if state == _HEADING:
            what = f"before the commitment paragraph of objective {current.number}"
        elif state in (_COMMITMENT, _INTRO):
            what = f"before the actions of objective {current.number}"
        else:
            what = (
                f"inside objective {current.number}: the objectives section must be "
                f"followed by paragraph {current.paragraph + 1}"
            )
        raise fail(f"text ends {what} (truncated text?)", lines[-1].number)
    return objectives


def _check_letter(objective: _Objective, letter: str, line: int) -> None:
    for seen_letter, _text, seen_line in objective.actions:
        if seen_letter == letter:
            raise CompactParseError(
                f"action {letter}) of objective {objective.number} appears twice "
                f"(first at line {seen_line})",
                line,
            )
    expected = chr(ord("a") + len(objective.actions))
    if letter != expected:
        gap = f" (action {expected}) is missing)" if letter > expected else ""
        raise CompactParseError(
            f"found action {letter}) of objective {objective.number} where action "
            f"{expected}) was expected{gap}",
            line,
        )


def _parse_principles(lines: list[_Line], before: int) -> list[ParsedPrinciple]:
    """The `Name: description` lines after the '… guiding principles …:' paragraph."""
    intro_at = next(
        (
            i
            for i, ln in enumerate(lines)
            if ln.number < before
            and _PARAGRAPH.match(ln.text)
            and _PRINCIPLES_INTRO.search(ln.text)
        ),
        None,
    )
    if intro_at is None:
        raise CompactParseError(
            "no guiding principles found (no '… guiding principles …:' paragraph)"
        )
    intro = lines[intro_at]
    intro_match = _PARAGRAPH.match(intro.text)
    assert intro_match is not None  # intro_at was picked for matching _PARAGRAPH
    paragraph = int(intro_match[1])

    found: list[list] = []  # [name, description, line]
    for ln in lines[intro_at + 1 :]:
        # The list ends at the next numbered paragraph or heading; this keeps paragraph
        # 15 ("With the New York Declaration …") out of the last principle.
        if _PARAGRAPH.match(ln.text) or _OBJECTIVE.match(ln.text) or _looks_like_heading(ln):
            break
        match = _PRINCIPLE.match(ln.text)
        # A `Name:` line only starts a new principle when the previous description
        # ended its sentence; otherwise it is a page-break continuation.
        if match and len(match[1].split()) <= 8 and (not found or found[-1][1][-1] in '.;!?)"”'):
            found.append([match[1], match[2], ln.number])
        elif found:
            found[-1][1] = _join(found[-1][1], ln.text)
        else:
            break
    if not found:
        raise CompactParseError(
            f"paragraph {paragraph} announces guiding principles but no 'Name: description' "
            "line follows",
            intro.number,
        )

    principles: list[ParsedPrinciple] = []
    for name, description, line in found:
        slug = _slugify(name)
        for other in principles:
            if other.slug == slug:
                raise CompactParseError(
                    f"guiding principle {name!r} appears twice (first at line {other.line})", line
                )
        principles.append(ParsedPrinciple(slug, name, description, paragraph, line))
    return principles


def _slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _detect_edition(lines: list[_Line]) -> str:
    """Best effort: a resolution symbol or a 'DRAFT Rev n' line (+ its date) up front."""
    # Only the front matter counts: the body cites other resolutions.
    front: list[_Line] = []
    for ln in lines:
        if _PARAGRAPH.match(ln.text) or _OBJECTIVE.match(ln.text):
            break
        front.append(ln)
    for ln in front:
        if symbol := _RESOLUTION.search(ln.text):
            return symbol[0]
    for i, ln in enumerate(front):
        if draft := _DRAFT.match(ln.text):
            label = ("Zero Draft" if draft[1] else "Draft") + (
                f" Rev {draft[2]}" if draft[2] else ""
            )
            if i + 1 < len(front) and _DATE.match(front[i + 1].text):
                label += f", {front[i + 1].text}"
            return label
    return ""


def parse_compact(text: str) -> ParsedCompact:
    """Parse the whole compact text; raise CompactParseError (naming the line) if unsure."""
    lines = _prepare(text)
    objectives = _parse_objectives(lines)
    principles = _parse_principles(lines, before=objectives[0].line)
    return ParsedCompact(
        edition=_detect_edition(lines),
        objectives=tuple(objective.freeze() for objective in objectives),
        principles=tuple(principles),
    )
