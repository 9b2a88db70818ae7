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

from core.text import SUPERSCRIPT_DIGITS, text_lines

__all__ = [
    "SECTIONS",
    "CompactParseError",
    "ParsedAction",
    "ParsedCompact",
    "ParsedObjective",
    "ParsedParagraph",
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
class ParsedParagraph:
    """One numbered paragraph of the whole text, or one of its sub-items, in order."""

    section: str  # one of SECTIONS
    number: int  # 0 for the unnumbered opening
    item: str  # "" for the paragraph itself; "a", "a.i" (roman under a letter), a principle's slug
    label: str  # "", "a", "i", or a principle's name
    text: str  # page breaks joined, footnote markers removed, no "42." / "- a)" marker
    section_heading: str  # the text's own heading of its section ("IMPLEMENTATION")
    heading: str  # the heading it stands under inside its section, "" if none
    intro: str  # a line introducing its list that stands apart from the paragraph
    line: int


@dataclass(frozen=True)
class ParsedCompact:
    edition: str  # best effort: "Draft Rev 2, 28 May 2018", "A/RES/73/195" or ""
    objectives: tuple[ParsedObjective, ...]
    principles: tuple[ParsedPrinciple, ...]
    paragraphs: tuple[ParsedParagraph, ...] = ()


class CompactParseError(ValueError):
    """The text cannot be read with confidence; str() starts with "line N: " if known."""

    def __init__(self, message: str, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)


_FOOTNOTE_LINE = re.compile(rf"^[{SUPERSCRIPT_DIGITS}]+\s*\S")  # "⁴ Adopted under …"
_FOOTNOTE_MARK = re.compile(rf"[{SUPERSCRIPT_DIGITS}]+")  # "Paris Agreement⁴", "…¹²"
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
    raw_lines = text_lines(text)
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
    objectives = tuple(objective.freeze() for objective in _parse_objectives(lines))
    principles = tuple(_parse_principles(lines, before=objectives[0].line))
    return ParsedCompact(
        edition=_detect_edition(lines),
        objectives=objectives,
        principles=principles,
        paragraphs=_parse_document(lines, objectives, principles),
    )


# --- The whole text as a document ---------------------------------------------------------

# The sections of the compact, in the order the text gives them. "opening" is the
# unnumbered sentence before the preamble; "principles" is the paragraph that lists the
# guiding principles (found by the principles reader, whatever its number).
SECTIONS = (
    "opening",
    "preamble",
    "vision",
    "principles",
    "objectives",
    "implementation",
    "follow-up",
)
# A heading that opens a section, by its words (Draft Rev 2 capitalises them, the
# adopted text does not). Any other heading is a heading inside the current section.
_SECTION_HEADINGS = (
    ("preamble", re.compile(r"\bpreamble\b", re.IGNORECASE)),
    ("vision", re.compile(r"\bvision\b", re.IGNORECASE)),
    (
        "objectives",
        re.compile(r"\bcooperative framework\b|\bobjectives and commitments\b", re.IGNORECASE),
    ),
    ("implementation", re.compile(r"^implementation\b", re.IGNORECASE)),
    ("follow-up", re.compile(r"\bfollow-up\b", re.IGNORECASE)),
)
# "- i. advising on …", "(ii) identifying …": roman sub-items under a lettered item.
_ROMAN_ITEM = re.compile(r"^(?:-\s*)?\(?([ivxl]+)[.)]\s+(\S.*)$")
_ROMANS = "i ii iii iv v vi vii viii ix x xi xii xiii xiv xv".split()  # noqa: SIM905
# The summary list of the 23 objectives after paragraph 15 ("- (1) Collect …", a table
# "| (16) | Empower … |" and its rules). The objective headings are the authority for
# the titles, so the list is not kept as text of its own.
_SUMMARY_ENTRY = re.compile(r"^(?:-\s*)?(?:\|\s*)?\(\d+\)\s|^[-|:\s]+$")
_SENTENCE_END = '.:;!?"”)'


@dataclass
class _Block:  # a paragraph or item while being read
    section: str
    number: int
    item: str
    label: str
    text: str
    section_heading: str
    heading: str
    line: int
    intro: str = ""

    def freeze(self) -> ParsedParagraph:
        return ParsedParagraph(
            self.section,
            self.number,
            self.item,
            self.label,
            self.text,
            self.section_heading,
            self.heading,
            self.intro,
            self.line,
        )


def _section_of(heading: str) -> str | None:
    return next((name for name, words in _SECTION_HEADINGS if words.search(heading)), None)


def _parse_document(
    lines: list[_Line],
    objectives: tuple[ParsedObjective, ...],
    principles: tuple[ParsedPrinciple, ...],
) -> tuple[ParsedParagraph, ...]:
    """Every numbered paragraph and sub-item from the opening to the end, in order.

    The rules are those of the objectives reader: a line that is neither a numbered
    paragraph, an item nor a heading continues the paragraph or item above it (a page
    break); footnotes are out. Paragraphs must be numbered 1, 2, 3 … without gaps or
    repeats, lettered items a), b) … and roman sub-items i., ii. … under a lettered item
    likewise; every section must be present, in order, and the text must not end
    mid-sentence. The objectives' and principles' paragraphs are cross-checked against
    what their own readers found.
    """
    fail = CompactParseError
    start = next((i for i, ln in enumerate(lines) if _PARAGRAPH.match(ln.text)), None)
    if start is None:
        raise fail("no numbered paragraph found", None)
    first = _PARAGRAPH.match(lines[start].text)
    assert first is not None
    if int(first[1]) != 1:
        raise fail(
            f"the first numbered paragraph is {first[1]} (paragraph 1 is missing)",
            lines[start].number,
        )
    if start < 2 or not _looks_like_heading(lines[start - 1]):
        raise fail("paragraph 1 does not follow a section heading", lines[start].number)
    preamble = lines[start - 1]
    if _section_of(preamble.text) != "preamble":
        raise fail(
            f"paragraph 1 follows {preamble.text!r}, not a preamble heading", preamble.number
        )
    # The opening: the sentence just before the preamble heading ("We, the Heads of
    # State … have adopted this Global Compact …:"), possibly wrapped over lines.
    first_opening = start - 2
    while first_opening > 0 and not lines[first_opening].after_blank:
        first_opening -= 1
    opening = " ".join(ln.text for ln in lines[first_opening : start - 1])
    if not opening.endswith(":") or _looks_like_heading(lines[first_opening]):
        raise fail(
            "no opening sentence (ending with ':') before the preamble heading",
            preamble.number,
        )

    blocks: list[_Block] = [
        _Block("opening", 0, "", "", opening, "", "", lines[first_opening].number)
    ]
    section, section_heading, heading = "opening", "", ""
    sections_seen: dict[str, int] = {}
    paragraphs_seen: dict[int, int] = {}
    principle_paragraph = principles[0].paragraph
    principle_lines = {p.line for p in principles}
    in_principles = False
    heading_wraps = False  # an objective heading may wrap onto the next line
    objective_paragraph = False  # the paragraph just read follows an objective heading
    block: _Block | None = None  # the block a continuation line would join

    for ln in lines[start - 1 :]:
        paragraph = _PARAGRAPH.match(ln.text)
        objective = _OBJECTIVE.match(ln.text)
        letter = _ACTION.match(ln.text)
        roman = _ROMAN_ITEM.match(ln.text)

        if in_principles:
            # `Name: description` lines, read by the principles reader with the same stop.
            if not (paragraph or objective or _looks_like_heading(ln)):
                continue
            in_principles = False

        if objective:
            if section != "objectives":
                raise fail(f"objective {objective[1]} outside the objectives section", ln.number)
            heading, heading_wraps, block = ln.text, True, None
            continue
        if heading_wraps and not ln.after_blank and not paragraph:
            heading = _join(heading, ln.text)
            continue
        heading_wraps = False

        if paragraph:
            number = int(paragraph[1])
            if number in paragraphs_seen:
                raise fail(
                    f"paragraph {number} appears twice (first at line {paragraphs_seen[number]})",
                    ln.number,
                )
            expected = len(paragraphs_seen) + 1
            if number != expected:
                gap = f" (paragraph {expected} is missing)" if number > expected else ""
                raise fail(
                    f"found paragraph {number} where paragraph {expected} was expected{gap}",
                    ln.number,
                )
            paragraphs_seen[number] = ln.number
            objective_paragraph = heading.lower().startswith("objective") and section == (
                "objectives"
            )
            kind = "principles" if number == principle_paragraph else section
            block = _Block(kind, number, "", "", paragraph[2], section_heading, heading, ln.number)
            blocks.append(block)
            if number == principle_paragraph:
                blocks.extend(
                    _Block(kind, number, p.slug, p.name, p.description, section_heading, "", p.line)
                    for p in principles
                )
                in_principles = bool(principle_lines)
                block = None
            continue

        current = next((b for b in reversed(blocks) if b.item == ""), None)
        parent = next((b for b in reversed(blocks) if b.item and "." not in b.item), None)
        if current is not None and current.number and parent is not None:
            parent = parent if parent.number == current.number else None
        if roman and current is not None and current.number:
            label = roman[1]
            romans = [b for b in blocks if parent and b.item.startswith(f"{parent.item}.")]
            following = _ROMANS[len(romans)] if len(romans) < len(_ROMANS) else ""
            is_roman = ln.text.lstrip("- (").startswith(f"{label}.") or (
                parent is not None
                and (label == following if romans else label == "i" and parent.text[-1] == ":")
            )
            if is_roman:
                if parent is None:
                    raise fail(
                        f"item {label}. of paragraph {current.number} is not under a lettered item",
                        ln.number,
                    )
                for seen in romans:
                    if seen.label == label:
                        raise fail(
                            f"item {parent.item}) {label}. of paragraph {current.number} "
                            f"appears twice (first at line {seen.line})",
                            ln.number,
                        )
                if label != following:
                    raise fail(
                        f"found item {parent.item}) {label}. of paragraph {current.number} "
                        f"where {following}. was expected",
                        ln.number,
                    )
                block = _Block(
                    current.section,
                    current.number,
                    f"{parent.item}.{label}",
                    label,
                    roman[2],
                    section_heading,
                    current.heading,
                    ln.number,
                )
                blocks.append(block)
                continue
        if letter and current is not None and current.number:
            label = letter[1]
            items = [
                b for b in blocks if b.number == current.number and b.item and "." not in b.item
            ]
            for seen in items:
                if seen.item == label:
                    raise fail(
                        f"item {label}) of paragraph {current.number} appears twice "
                        f"(first at line {seen.line})",
                        ln.number,
                    )
            expected_letter = chr(ord("a") + len(items))
            if label != expected_letter:
                gap = f" (item {expected_letter}) is missing)" if label > expected_letter else ""
                raise fail(
                    f"found item {label}) of paragraph {current.number} where item "
                    f"{expected_letter}) was expected{gap}",
                    ln.number,
                )
            block = _Block(
                current.section,
                current.number,
                label,
                label,
                letter[2],
                section_heading,
                current.heading,
                ln.number,
            )
            blocks.append(block)
            continue

        if (
            objective_paragraph
            and current is block
            and current is not None
            and ln.after_blank
            and _ACTIONS_INTRO.search(ln.text)
        ):
            current.intro, block = ln.text, None
            continue

        if _looks_like_heading(ln):
            named = _section_of(ln.text)
            if named is not None and named == section:
                heading = ln.text  # "OBJECTIVES AND COMMITMENTS" inside the objectives section
            elif named is not None:
                if named in sections_seen:
                    raise fail(
                        f"a second {named!r} section heading (first at line "
                        f"{sections_seen[named]})",
                        ln.number,
                    )
                if SECTIONS.index(named) < SECTIONS.index(section):
                    raise fail(f"the {named!r} section comes after {section!r}", ln.number)
                sections_seen[named] = ln.number
                section, section_heading, heading = named, ln.text, ""
            else:
                heading = ln.text
            block = None
            continue
        if section == "objectives" and heading and block is None and _SUMMARY_ENTRY.match(ln.text):
            continue  # the summary list of objectives (see _SUMMARY_ENTRY)
        if block is None:
            raise fail(
                f"cannot read {ln.text[:40]!r} (after {heading or section_heading!r})", ln.number
            )
        block.text = _join(block.text, ln.text)

    last = lines[-1].number
    for name in SECTIONS:
        if name not in ("opening", "principles") and name not in sections_seen:
            raise fail(f"text ends without a {name!r} section (truncated text?)", last)
    if blocks[-1].text[-1] not in _SENTENCE_END:
        end = blocks[-1]
        where = f"paragraph {end.number}" + (f" item {end.item}" if end.item else "")
        raise fail(f"text ends mid-sentence in {where} (truncated text?)", last)

    result = tuple(b.freeze() for b in blocks)
    _check_against_objectives(result, objectives)
    return result


def _check_against_objectives(
    paragraphs: tuple[ParsedParagraph, ...], objectives: tuple[ParsedObjective, ...]
) -> None:
    """The document reader and the objectives reader must read the same words."""
    by_key = {(p.number, p.item): p for p in paragraphs}
    for objective in objectives:
        wanted = [("", objective.commitment)] + [(a.letter, a.text) for a in objective.actions]
        for item, text in wanted:
            found = by_key.get((objective.paragraph, item))
            if found is None or found.text != text:
                raise CompactParseError(
                    f"paragraph {objective.paragraph}{f' item {item})' if item else ''} reads "
                    f"differently as text and as objective {objective.number}",
                    found.line if found else objective.line,
                )
