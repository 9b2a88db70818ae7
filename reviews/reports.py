"""The Secretary-General's reports on the compact as text: their paragraphs in order.

`parse_report` is pure Python (like source_texts.py). A report, as converted from its
PDF, is a cover page and summary, roman-numbered sections ("II. Progress on
implementation"), lettered headings ("D. Ensuring fair and ethical recruitment …"),
unnumbered sub-headings ("Climate and human mobility"), numbered paragraphs, boxes
("Box 2" or a heading followed by bullets), footnote lines and page breaks, and (2024)
an annex whose paragraphs are numbered again from 1.

Every block gets a key that is its anchor on the report's page: "24", "box-2",
"annex-3", "summary". Mentions of States (reviews.mentions) and SDG links
(reviews.sdg_links) point at these blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .source_texts import SourceTextError, _clean, _is_footnote_line, _split_lines

_SECTION = re.compile(r"^(?P<roman>[IVX]+)\.\s+(?P<title>\S.*)$")
_LETTERED_HEADING = re.compile(r"^[A-Z]\.\s+\S")
_ANNEX = re.compile(r"^\**\s*Annex(?:\s+[IVXLC]+)?\s*\**$")
_BOX = re.compile(r"^\**Box (?P<number>\d+)\**$")
_NUMBERED = re.compile(r"^(?P<number>\d+)\.\s+(?P<text>\S.*)$")
_LETTERED_ITEM = re.compile(r"^\([a-z]{1,2}\)\s+\S")
_BULLET = re.compile(r"^[-•]\s+(?P<text>\S.*)$")
# How a paragraph (or a page of it) may end: a full stop, a list's colon or semicolon,
# a closing quote or bracket after one.
_ENDS = re.compile(r"[.:;!?][”\"’')\]]*$")


@dataclass
class ReportBlock:
    key: str  # the anchor: "24", "annex-3", "box-2", "summary"
    kind: str  # ReportParagraph.Kind value
    number: int | None
    section: str
    heading: str
    subheading: str
    line: int
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return _clean(" ".join(self.parts))


@dataclass(frozen=True)
class ParsedReport:
    blocks: tuple[ReportBlock, ...]

    def by_key(self) -> dict[str, ReportBlock]:
        return {block.key: block for block in self.blocks}


def parse_report(text: str, *, last_paragraph: int, annex_paragraphs: int = 0) -> ParsedReport:
    """The report's blocks in order: summary, paragraphs, boxes, annex paragraphs.

    `last_paragraph` (and `annex_paragraphs`) come from fixtures/reviews/reports.json:
    a text that stops short of them is truncated. Refuses (SourceTextError naming the
    line) a repeated or skipped paragraph number, a text cut before its last paragraph
    or inside one (no closing full stop), and an annex that is missing or short.
    """
    lines = _split_lines(text)
    blocks: list[ReportBlock] = []
    seen: dict[tuple[str, int], int] = {}  # (body|annex, number) -> line
    part = "body"
    section = heading = subheading = ""
    current: ReportBlock | None = None
    last_numbered: ReportBlock | None = None
    pending_box: ReportBlock | None = None  # "Box 2" seen, its title next
    boxes = 0
    started = False  # the first section heading ("I. Introduction") is behind us

    def new_block(key: str, kind: str, number: int | None, index: int) -> ReportBlock:
        block = ReportBlock(key, kind, number, section, heading, subheading, index)
        blocks.append(block)
        return block

    for index, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or _is_footnote_line(line):
            continue
        if _ANNEX.match(line):
            part, section, heading, subheading = "annex", "Annex", "", ""
            current = pending_box = None
            continue
        if part == "body" and _SECTION.match(line):
            started = True
            section, heading, subheading = _clean(line), "", ""
            current = pending_box = None
            continue
        if (numbered := _NUMBERED.match(line)) is not None:
            number = int(numbered["number"])
            if (part, number) in seen:
                raise SourceTextError(
                    f"paragraph {number} appears twice (first at line {seen[part, number]})",
                    index,
                )
            previous = max((n for p, n in seen if p == part), default=0)
            if number != previous + 1:
                raise SourceTextError(
                    f"found paragraph {number} where paragraph {previous + 1} was expected",
                    index,
                )
            seen[part, number] = index
            key = f"annex-{number}" if part == "annex" else str(number)
            kind = "annex" if part == "annex" else "paragraph"
            current = last_numbered = new_block(key, kind, number, index)
            current.parts.append(numbered["text"])
            pending_box = None
            started = True
            continue
        if (box := _BOX.match(line)) is not None:
            boxes = max(boxes + 1, int(box["number"]))
            current = pending_box = new_block(f"box-{box['number']}", "box", None, index)
            continue
        if part == "body" and _LETTERED_HEADING.match(line) and not _ENDS.search(line):
            heading, subheading = _clean(line), ""
            current = pending_box = None
            continue
        cleaned = _clean(line)
        if _LETTERED_ITEM.match(line) or line[0].islower():
            # An annex recommendation "(a) …" or a page break inside a paragraph: the
            # rest of the open block, else of the last numbered paragraph.
            target = current if current is not None else last_numbered
            if target is None:
                continue
            target.parts.append(line)
            continue
        if (bullet := _BULLET.match(line)) is not None:
            if current is None:  # a heading then bullets: a box without a label
                boxes += 1
                current = new_block(f"box-{boxes}", "box", None, index)
                current.heading = subheading
            current.parts.append(bullet["text"])
            continue
        if not _ENDS.search(cleaned):
            # A heading: a box's title, a sub-heading, or the cover page's lines.
            if pending_box is not None and not pending_box.parts:
                pending_box.subheading = cleaned
            elif started:
                subheading = cleaned
                current = None
            continue
        if not started:
            # The summary on the cover page (before "I. Introduction").
            if current is None:
                current = new_block("summary", "summary", None, index)
                current.section = "Summary"
            current.parts.append(line)
            continue
        target = current if current is not None else last_numbered
        if target is not None:
            target.parts.append(line)  # a page that starts with a new sentence

    last_line = len(lines)
    body = max((n for p, n in seen if p == "body"), default=0)
    if body < last_paragraph:
        raise SourceTextError(
            f"text ends at paragraph {body}, before paragraph {last_paragraph} (truncated text?)",
            last_line,
        )
    if body > last_paragraph:
        raise SourceTextError(
            f"paragraph {body} is past the report's last paragraph {last_paragraph} "
            "(another edition? update reports.json)",
            seen["body", body],
        )
    annex = max((n for p, n in seen if p == "annex"), default=0)
    if annex < annex_paragraphs:
        raise SourceTextError(
            f"the annex ends at paragraph {annex}, before paragraph {annex_paragraphs} "
            "(truncated annex?)",
            last_line,
        )
    for block in blocks:
        if block.kind != "box" and not _ENDS.search(block.text):
            raise SourceTextError(
                f"paragraph {block.key} ends mid-sentence (truncated?)", block.line
            )
    return ParsedReport(tuple(blocks))
