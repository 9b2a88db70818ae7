"""Parsers for the review-related source texts (pure Python, no Django).

Two texts feed the ``reviews`` app:

* the Progress Declaration of the first International Migration Review Forum
  (IMRF, 2022), whose round-table headings and their footnotes say which GCM
  objectives each round table covered (``parse_round_tables``), and whose
  footnotes also give the adopted objective titles (``parse_objective_titles``);
* the 2024 report of the Secretary-General, whose annex holds lettered
  recommendations on missing migrants in five areas
  (``parse_missing_migrants_recommendations``).

Both texts are conversions of PDFs, so the parsers expect the artefacts that
brings: page breaks that split a paragraph (the rest of it follows a blank
line), footnote lines (starting with a superscript number) in the middle of
the text, and footnote markers inside sentences. The parsers refuse, with a
``SourceTextError`` naming the line, whenever the text does not have the shape
they rely on, instead of returning a partial or guessed result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from core.text import FROM_SUPERSCRIPT, SUPERSCRIPT_DIGITS, TO_SUPERSCRIPT, text_lines

__all__ = [
    "MISSING_MIGRANTS_OBJECTIVE",
    "RECOMMENDATION_AREAS",
    "ParsedRecommendation",
    "ParsedRoundTable",
    "SourceTextError",
    "parse_missing_migrants_recommendations",
    "parse_objective_titles",
    "parse_round_tables",
]


class SourceTextError(ValueError):
    """A source text does not have the structure a parser relies on."""

    def __init__(self, message: str, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)


# ---------------------------------------------------------------------------
# Shared text handling
# ---------------------------------------------------------------------------

_SUP = f"[{SUPERSCRIPT_DIGITS}]"

# A footnote line starts with its marker: "³⁴ See <https://…>" in the body,
# "^a Marie McAuliffe …" in boxes, "* The present report …" on the cover page.
_FOOTNOTE_LINE_RE = re.compile(rf"^(?:{_SUP}+|\^[0-9a-z]{{1,3}}|\*)\s")

# Markers inside sentences: "routes,³⁴ with", "in 2020.^e".
_FOOTNOTE_MARKER_RE = re.compile(rf"{_SUP}+|\^[0-9a-z]{{1,3}}(?![0-9a-z])")

# Markdown left over from the conversion: "[73/195](#)" links, "*Title*"
# emphasis and "\$" escapes. None of them is part of the wording.
_MD_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS_RE = re.compile(r"\*+([^*]+?)\*+")


def _split_lines(text: str) -> list[str]:
    """Lines numbered as an editor numbers them (core.text.text_lines), right-stripped."""
    return [line.rstrip() for line in text_lines(text)]


def _is_footnote_line(line: str) -> bool:
    return bool(_FOOTNOTE_LINE_RE.match(line.strip()))


def _clean(text: str) -> str:
    """Plain wording: no footnote markers or markdown, single spaces."""
    text = _FOOTNOTE_MARKER_RE.sub("", text)
    text = _MD_LINK_RE.sub(r"\1", text)
    text = _MD_EMPHASIS_RE.sub(r"\1", text)
    text = text.replace("\\$", "$")
    return " ".join(text.split())


def _parse_number_list(raw: str) -> list[int] | None:
    """'2, 5, 6, 12 and 18' -> [2, 5, 6, 12, 18]; None if anything else is there.

    Only plain numbers joined by commas/"and" are accepted: a range or a word we
    do not understand must not be silently dropped from a list of objectives.
    """
    parts = re.split(r"\s*(?:,\s*and\b|,|\band\b|&)\s*", raw.strip())
    if not parts or not all(part.isascii() and part.isdigit() for part in parts):
        return None
    return [int(part) for part in parts]


# Paragraph 23 spells the number of round tables out ("four round tables").
_NUMBER_NAMES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
_NUMBER_WORDS = {word: value for value, word in enumerate(_NUMBER_NAMES.split())}


def _to_int(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


# ---------------------------------------------------------------------------
# IMRF round tables
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedRoundTable:
    number: int
    title: str  # the round table's theme as the text gives it, "" if it has none
    objectives: tuple[int, ...]  # sorted
    line: int


# "Round table 1 (objectives 2, 5, 6, 12 and 18)¹". Only the number is
# mandatory in the first pass; the rest of the line is taken apart below.
_ROUND_TABLE_RE = re.compile(r"^Round table (?P<number>[0-9]+)(?![0-9])(?P<rest>.*)$")
_OBJECTIVES_PAREN_RE = re.compile(r"\(\s*objectives?\s+(?P<list>[^()]*?)\s*\)\s*$", re.IGNORECASE)
# Footnote marker after the heading: superscript (final text), "^1", or a
# plain digit straight after the closing parenthesis (some draft conversions).
_HEADING_MARKER_RE = re.compile(
    rf"(?:(?P<sup>{_SUP}+)|\^(?P<caret>[0-9]+)|(?<=\))(?P<plain>[0-9]+))\s*$"
)

# "… decided to cover all 23 objectives of the Global Compact in four round
# tables during the Forum." (para 23). It states totals only, which we use to
# cross-check what the headings say.
_TOTALS_RE = re.compile(
    r"cover\s+all\s+(?P<objectives>\w+)\s+objectives\b[^.]*?\bin\s+(?P<tables>\w+)\s+round\s+tables",
    re.IGNORECASE,
)
# One entry of a round-table footnote: "Objective 8: Save lives …".
_FOOTNOTE_OBJECTIVE_RE = re.compile(
    r"Objective\s+(?P<number>\d+)\s*:\s*(?P<title>.*?)\s*(?=;\s*Objective\s+\d+\s*:|$)"
)


@dataclass(frozen=True)
class _RoundTableFootnote:
    line: int
    objectives: tuple[int, ...]  # in the order the footnote gives them
    titles: dict[int, str]


def _read_heading(line_text: str, line_no: int) -> tuple[int, str, list[int] | None, str | None]:
    """Take a heading line apart: (number, title, objectives or None, marker or None)."""
    match = _ROUND_TABLE_RE.match(line_text)
    assert match is not None  # the caller only passes matching lines
    number = int(match["number"])
    rest = match["rest"].strip()

    marker = None
    marker_match = _HEADING_MARKER_RE.search(rest)
    if marker_match:
        marker = (marker_match["sup"] or "").translate(FROM_SUPERSCRIPT) or (
            marker_match["caret"] or marker_match["plain"]
        )
        rest = rest[: marker_match.start()].rstrip()

    objectives = None
    paren = _OBJECTIVES_PAREN_RE.search(rest)
    if paren:
        objectives = _parse_number_list(paren["list"])
        if objectives is None:
            raise SourceTextError(
                f"round table {number}: cannot read the objective list {paren['list']!r}",
                line_no,
            )
        rest = rest[: paren.start()].rstrip()

    # Whatever is left is the theme, e.g. "Round table 1: Regular pathways".
    title = _clean(rest.lstrip(":.-\u2013\u2014 ").strip())
    return number, title, objectives, marker


def _find_round_table_footnote(
    lines: list[str], after: int, marker: str
) -> _RoundTableFootnote | None:
    """The footnote that a heading's marker points to, if it lists objectives.

    Footnotes come after their marker (at the foot of the same page), so the
    first footnote line with the same number after the heading is the one.
    A note without "Objective N:" entries is some other kind of note and is
    not used for the cross-check.
    """
    sup = marker.translate(TO_SUPERSCRIPT)
    pattern = re.compile(rf"^(?:{re.escape(sup)}|\^{marker}|{marker})\s+(?P<body>Objective\s.*)$")
    for index in range(after + 1, len(lines)):
        match = pattern.match(lines[index].strip())
        if not match:
            continue
        body = match["body"].rstrip().rstrip(".")
        numbers: list[int] = []
        titles: dict[int, str] = {}
        for entry in _FOOTNOTE_OBJECTIVE_RE.finditer(body):
            number = int(entry["number"])
            if number in titles:
                raise SourceTextError(
                    f"footnote {marker} lists objective {number} twice", index + 1
                )
            numbers.append(number)
            titles[number] = _clean(entry["title"]).rstrip(".;").strip()
        if not numbers:
            return None
        return _RoundTableFootnote(line=index + 1, objectives=tuple(numbers), titles=titles)
    return None


def _read_round_tables(text: str) -> tuple[tuple[ParsedRoundTable, ...], dict[int, str]]:
    lines = _split_lines(text)
    normalised = "\n".join(lines)

    totals = _TOTALS_RE.search(normalised)
    totals_line = normalised.count("\n", 0, totals.start()) + 1 if totals else None

    tables: list[ParsedRoundTable] = []
    titles: dict[int, str] = {}
    seen_objectives: dict[int, ParsedRoundTable] = {}

    for index, raw in enumerate(lines):
        line_text = raw.strip()
        if not _ROUND_TABLE_RE.match(line_text):
            continue
        line_no = index + 1
        number, title, heading_objectives, marker = _read_heading(line_text, line_no)
        # A paragraph can start "Round table 2 discussed …" in some editions;
        # a heading never ends like a sentence.
        if heading_objectives is None and title.endswith((".", ";", ",")):
            continue

        footnote = _find_round_table_footnote(lines, index, marker) if marker else None

        # The heading is the primary statement; the footnote is a second one
        # that must agree with it when both list objectives.
        objectives = heading_objectives
        if objectives is None and footnote is not None:
            objectives = list(footnote.objectives)
        if not objectives:
            raise SourceTextError(f"round table {number} names no objectives", line_no)

        for objective in objectives:
            if objectives.count(objective) > 1:
                raise SourceTextError(
                    f"round table {number} lists objective {objective} twice", line_no
                )
        if footnote is not None and set(footnote.objectives) != set(objectives):
            raise SourceTextError(
                f"round table {number}: its heading lists objectives "
                f"{_fmt(objectives)} but its footnote lists {_fmt(footnote.objectives)}",
                footnote.line,
            )

        expected = len(tables) + 1
        if number != expected:
            raise SourceTextError(
                f"round table {number} found where round table {expected} was expected "
                "(round tables must be numbered consecutively from 1)",
                line_no,
            )

        table = ParsedRoundTable(
            number=number, title=title, objectives=tuple(sorted(objectives)), line=line_no
        )
        for objective in table.objectives:
            if objective < 1:
                raise SourceTextError(f"round table {number}: no objective {objective}", line_no)
            if objective in seen_objectives:
                other = seen_objectives[objective]
                raise SourceTextError(
                    f"objective {objective} is listed under round table {other.number} "
                    f"(line {other.line}) and round table {number}",
                    line_no,
                )
            seen_objectives[objective] = table
        tables.append(table)
        if footnote is not None:
            titles.update(footnote.titles)

    if not tables:
        raise SourceTextError("no round table heading found", totals_line)

    # The set must be 1..N with N the highest objective named: the number of
    # objectives is read from the text, not assumed.
    highest = max(seen_objectives)
    missing = sorted(set(range(1, highest + 1)) - set(seen_objectives))
    if missing:
        raise SourceTextError(
            f"round tables cover objectives 1 to {highest} except {_fmt(missing)}",
            totals_line or tables[-1].line,
        )

    if totals is not None:
        stated_objectives = _to_int(totals["objectives"])
        stated_tables = _to_int(totals["tables"])
        if stated_objectives is not None and stated_objectives != highest:
            raise SourceTextError(
                f"the text says all {stated_objectives} objectives are covered, "
                f"but the round tables cover objectives 1 to {highest}",
                totals_line,
            )
        if stated_tables is not None and stated_tables != len(tables):
            raise SourceTextError(
                f"the text says {totals['tables']} round tables, "
                f"but {len(tables)} round table headings were found",
                totals_line,
            )

    return tuple(tables), dict(sorted(titles.items()))


def _fmt(numbers: Iterable[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def parse_round_tables(text: str) -> tuple[ParsedRoundTable, ...]:
    """The IMRF round tables and the objectives each covered, in order.

    Where it comes from (Progress Declaration 2022): each round table has a
    heading "Round table N (objectives a, b … and z)" whose footnote repeats
    the list as "Objective a: <title>; …". Paragraph 23 only states the totals
    ("cover all 23 objectives … in four round tables"). All three statements
    are read and must agree; the footnote may stand in for a heading without
    a list.

    Refuses (``SourceTextError``) when no round table is found, the numbering
    is not 1, 2, 3 …, an objective appears twice (in one list or under two
    round tables), a heading and its footnote disagree, the objectives are
    not exactly 1..N for the highest N named, or the totals disagree.
    """
    tables, _ = _read_round_tables(text)
    return tables


def parse_objective_titles(text: str) -> dict[int, str]:
    """Objective number -> adopted title, from the round-table footnotes.

    The text is validated exactly as by ``parse_round_tables``. Objectives
    whose round table has no objective footnote are absent from the result.
    """
    _, titles = _read_round_tables(text)
    return titles


# ---------------------------------------------------------------------------
# Secretary-General report 2024: annex of recommendations on missing migrants
# ---------------------------------------------------------------------------

# GCM objective 8: "Save lives and establish coordinated international efforts
# on missing migrants". Every recommendation in the annex serves it.
MISSING_MIGRANTS_OBJECTIVE = 8

# The five areas of the annex, in the order the report gives them, with the
# words that identify each heading. Headings are worded differently from the
# summary in the report body ("Searching for and identifying migrants who have
# died or gone missing" vs "searching for and identifying migrants"), so they
# are matched by keyword; exactly one area must match a heading.
RECOMMENDATION_AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("prevention", (r"\bprevent",)),
    ("search-and-identification", (r"\bsearch", r"\bidentif")),
    ("support-to-families", (r"\bfamil",)),
    ("justice-and-accountability", (r"\bjustice\b", r"\baccountab")),
    ("data-and-foresight", (r"\bdata\b", r"\bforesight\b")),
)


@dataclass(frozen=True)
class ParsedRecommendation:
    area: str  # slug from RECOMMENDATION_AREAS
    area_title: str  # the area heading as written
    area_order: int  # 1..5 in document order
    letter: str  # "a", "b", …
    text: str  # full wording, without the "(a)" prefix
    objectives: tuple[int, ...]  # sorted; always includes objective 8
    line: int


_ANNEX_RE = re.compile(r"^\**\s*Annex(?:\s+[IVXLC]+)?\s*\**$")
_LETTERED_RE = re.compile(r"^\((?P<letter>[a-z]{1,2})\)\s+(?P<text>.*)$")
_NUMBERED_RE = re.compile(r"^(?P<number>\d+)\.\s+(?P<text>.*)$")
# "objective 1", "objectives 1 and 3", "objectives 1, 3 and 7".
_OBJECTIVE_MENTION_RE = re.compile(
    r"\bobjectives?\s+(?P<list>\d+(?:\s*(?:,\s*and|,|and|&)\s*\d+)*)", re.IGNORECASE
)
# A finished recommendation ends with ";" (more follow; "; and"/"; or" before
# the last one in some editions) or "." (the last one of its area).
_ENDS_CONTINUED_RE = re.compile(r";(?:\s+(?:and|or))?$")
_ENDS_FINAL_RE = re.compile(r"\.$")


def _letter(index: int) -> str:
    """0 -> "a" … 25 -> "z", then UN style "aa", "bb" …"""
    return chr(ord("a") + index) if index < 26 else chr(ord("a") + index - 26) * 2


def _area_slug(heading: str, line_no: int) -> str:
    lowered = heading.lower()
    matches = [
        slug
        for slug, patterns in RECOMMENDATION_AREAS
        if any(re.search(pattern, lowered) for pattern in patterns)
    ]
    if len(matches) != 1:
        raise SourceTextError(
            f"cannot tell which recommendation area the heading {heading!r} is "
            f"(matches: {', '.join(matches) or 'none'})",
            line_no,
        )
    return matches[0]


def _mentioned_objectives(text: str) -> set[int]:
    found: set[int] = set()
    for match in _OBJECTIVE_MENTION_RE.finditer(text):
        numbers = _parse_number_list(match["list"])
        if numbers:
            found.update(n for n in numbers if n > 0)
    return found


@dataclass
class _Block:
    """A recommendation or an area's intro paragraph while it is being read."""

    kind: str  # "heading", "intro" (the area's numbered paragraph) or "item"
    first_line: int
    last_line: int
    parts: list[str]
    letter: str = ""

    @property
    def text(self) -> str:
        return _clean(" ".join(self.parts))


@dataclass
class _Area:
    title: str
    slug: str
    line: int
    items: list[_Block]


def _find_annex(lines: list[str]) -> tuple[int, int]:
    """(first, end) line indexes of the annex on missing migrants.

    It starts at a line reading just "Annex" (or "Annex I" …) whose title,
    the next non-blank line, mentions missing migrants. It ends at the next
    "Annex …" line or at the end of the text.
    """
    for index, line in enumerate(lines):
        if not _ANNEX_RE.match(line.strip()):
            continue
        title = next((later for later in lines[index + 1 :] if later.strip()), "")
        if "missing migrants" not in title.lower():
            continue
        end = next(
            (i for i in range(index + 1, len(lines)) if _ANNEX_RE.match(lines[i].strip())),
            len(lines),
        )
        return index, end
    raise SourceTextError("no annex with recommendations on missing migrants found")


def parse_missing_migrants_recommendations(text: str) -> tuple[ParsedRecommendation, ...]:
    """The lettered recommendations of the report's annex on missing migrants.

    Layout read (SG report 2024, annex): an "Annex" line, the annex title,
    then per area a heading line, a numbered intro paragraph ("1. … The
    following recommendations are made …:") and lettered recommendations
    "(a) …;", "(b) …;" … the last one ending with ".".

    A non-blank line that is none of these is placed by these rules:
    footnote lines are dropped; a line directly followed by a numbered
    paragraph is an area heading; otherwise it continues the block above
    (a page break). Once a recommendation has ended with ";" or ".", only a
    line starting in lower case may continue it (a page break after an inner
    semicolon); anything else there is refused rather than glued on.

    Truncation rule (the annex must end cleanly): every recommendation ends
    with ";" or "."; the last one of each area ends with "." (a ";" there
    means a further recommendation was expected); every area has at least one
    recommendation; all five areas are present. A cut exactly after a "." that
    ends a whole area cannot be seen in the annex alone, which is why all five
    areas are required.

    Objectives: 8 for every recommendation, plus any objective the wording
    names explicitly ("objective 1", "objectives 1 and 3"). No keyword rule.
    """
    lines = _split_lines(text)
    annex_start, annex_end = _find_annex(lines)

    # Content lines of the annex after the "Annex" line, footnotes dropped.
    content = [
        (index + 1, lines[index].strip())
        for index in range(annex_start + 1, annex_end)
        if lines[index].strip() and not _is_footnote_line(lines[index])
    ]

    areas: list[_Area] = []
    block: _Block | None = None  # None while still in the annex title
    expected_paragraph = 1

    def close_item() -> None:
        if block is None or block.kind != "item":
            return
        wording = block.text
        if not (_ENDS_CONTINUED_RE.search(wording) or _ENDS_FINAL_RE.search(wording)):
            raise SourceTextError(
                f"recommendation ({block.letter}) under {areas[-1].title!r} ends mid-sentence "
                f"({wording[-40:]!r}); the annex looks truncated",
                block.last_line,
            )

    def close_area() -> None:
        if not areas:
            return
        area = areas[-1]
        if not area.items:
            raise SourceTextError(f"area {area.title!r} has no recommendations", area.line)
        last = area.items[-1]
        if not _ENDS_FINAL_RE.search(last.text):
            raise SourceTextError(
                f"the last recommendation ({last.letter}) under {area.title!r} ends with "
                f"{last.text[-1]!r}, so a further one was expected; the annex looks truncated",
                last.last_line,
            )

    for position, (line_no, line) in enumerate(content):
        next_line = content[position + 1][1] if position + 1 < len(content) else None
        lettered = _LETTERED_RE.match(line)
        numbered = _NUMBERED_RE.match(line)

        if lettered:
            if not areas or block is None:
                raise SourceTextError("recommendation before any area heading", line_no)
            close_item()
            area = areas[-1]
            letter = lettered["letter"]
            expected = _letter(len(area.items))
            if letter != expected:
                repeated = any(item.letter == letter for item in area.items)
                raise SourceTextError(
                    f"under {area.title!r}: recommendation ({letter}) "
                    + ("appears twice" if repeated else f"found where ({expected}) was expected"),
                    line_no,
                )
            block = _Block("item", line_no, line_no, [lettered["text"]], letter)
            area.items.append(block)
        elif numbered:
            if block is None or block.kind != "heading":
                raise SourceTextError(
                    "numbered paragraph not directly under an area heading", line_no
                )
            if int(numbered["number"]) != expected_paragraph:
                raise SourceTextError(
                    f"paragraph {numbered['number']} found where paragraph "
                    f"{expected_paragraph} was expected",
                    line_no,
                )
            expected_paragraph += 1
            block = _Block("intro", line_no, line_no, [numbered["text"]])
        elif next_line is not None and _NUMBERED_RE.match(next_line):
            # An area heading: it introduces the numbered paragraph below it.
            close_item()
            close_area()
            title = _clean(line)
            slug = _area_slug(title, line_no)
            for earlier in areas:
                if earlier.slug == slug:
                    raise SourceTextError(
                        f"area {slug!r} appears twice (first at line {earlier.line})", line_no
                    )
            areas.append(_Area(title=title, slug=slug, line=line_no, items=[]))
            block = _Block("heading", line_no, line_no, [line])
        elif block is None:
            pass  # the annex title (it may span more than one line)
        elif block.kind == "intro":
            block.parts.append(line)  # intro paragraph continued after a page break
            block.last_line = line_no
        elif block.kind == "item":
            ended = _ENDS_CONTINUED_RE.search(block.text) or _ENDS_FINAL_RE.search(block.text)
            if ended and not line[0].islower() and next_line is None:
                raise SourceTextError(
                    f"the annex ends with {line[:60]!r}, which is neither a recommendation nor "
                    "an area heading followed by its paragraph; the annex looks truncated",
                    line_no,
                )
            if ended and not line[0].islower():
                raise SourceTextError(
                    f"unexpected line after recommendation ({block.letter}) "
                    f"under {areas[-1].title!r}: {line[:60]!r}",
                    line_no,
                )
            block.parts.append(line)  # recommendation continued after a page break
            block.last_line = line_no
        else:
            raise SourceTextError(f"unexpected line after an area heading: {line[:60]!r}", line_no)

    close_item()
    close_area()

    if not areas:
        raise SourceTextError("the annex has no recommendation area", annex_start + 1)
    missing = [slug for slug, _ in RECOMMENDATION_AREAS if slug not in {a.slug for a in areas}]
    if missing:
        raise SourceTextError(
            f"recommendation area(s) {', '.join(missing)} not found; the annex looks truncated",
            content[-1][0],
        )

    result: list[ParsedRecommendation] = []
    for order, area in enumerate(areas, start=1):
        for item in area.items:
            wording = item.text
            objectives = {MISSING_MIGRANTS_OBJECTIVE} | _mentioned_objectives(wording)
            result.append(
                ParsedRecommendation(
                    area=area.slug,
                    area_title=area.title,
                    area_order=order,
                    letter=item.letter,
                    text=wording,
                    objectives=tuple(sorted(objectives)),
                    line=item.first_line,
                )
            )
    return tuple(result)
