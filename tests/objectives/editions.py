"""Copies of the compact's text for tests: the real fixture, re-edited and broken copies.

Built in memory; nothing is written to disk.
"""

import re
from functools import cache
from pathlib import Path

import pytest

from objectives.compact_text import CompactParseError, ParsedCompact, parse_compact

FIXTURE = (
    Path(__file__).resolve().parents[2] / "fixtures" / "compact" / "gcm-draft-rev2-2018-05-28.txt"
)

DRAFT_INTRO = "In this regard, the following actions are instrumental:"
ADOPTED_INTRO = "To realize this commitment, we will draw from the following actions:"


# --- helpers building copies of the text -------------------------------------------------


@cache
def seed_text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


@cache
def seed_compact() -> ParsedCompact:
    return parse_compact(seed_text())


def line_of(text: str, prefix: str, after: int = 0) -> int:
    """1-based number of the first line after line `after` that starts with `prefix`."""
    for number, line in enumerate(text.split("\n"), start=1):
        if number > after and line.startswith(prefix):
            return number
    raise AssertionError(f"no line starts with {prefix!r}")


def without_lines(text: str, first: int, last: int) -> str:
    lines = text.split("\n")
    return "\n".join(lines[: first - 1] + lines[last:])


def with_line(text: str, number: int, new: str) -> str:
    lines = text.split("\n")
    lines[number - 1] = new
    return "\n".join(lines)


def truncated(text: str, keep: int) -> str:
    return "\n".join(text.split("\n")[:keep])


def objective_block(text: str, number: int) -> tuple[int, int]:
    """First and last line of objective `number` (heading up to the next heading)."""
    first = line_of(text, f"OBJECTIVE {number}:")
    following = (
        f"OBJECTIVE {number + 1}:" if f"OBJECTIVE {number + 1}:" in text else "IMPLEMENTATION"
    )
    return first, line_of(text, following) - 1


def adopted_edition(text: str, titles: dict[int, str] | None = None) -> str:
    """Re-edit Draft Rev 2 the way A/RES/73/195 is written.

    `Objective n:` headings, `(a)` actions, the adopted actions intro, paragraphs
    numbered one higher from the guiding principles paragraph (14 → 15) on (paragraph
    13 split in two, so the numbering has no gap), a BOM and
    Windows line endings; `titles` replaces the title of some headings.
    """
    titles = titles or {}
    lines = text.split("\n")
    lines = lines[line_of(text, "GLOBAL COMPACT FOR SAFE") - 1 :]
    lines = [ln for ln in lines if ln not in ("DRAFT Rev 2", "28 May 2018")]
    out = ["United Nations A/RES/73/195", "", "General Assembly", ""]
    for line in lines:
        if heading := re.match(r"OBJECTIVE (\d+): (.*)", line):
            number = int(heading[1])
            line = f"Objective {number}: {titles.get(number, heading[2])}"
        elif line == DRAFT_INTRO:
            line = ADOPTED_INTRO
        elif line.startswith("13. "):
            # The adopted text has one paragraph more before the principles: split 13.
            head, tail = line.split(" We unite, ", 1)
            out.append(head)
            line = f"14. We unite, {tail}"
        elif paragraph := re.match(r"(\d+)\. ", line):
            if int(paragraph[1]) >= 14:
                line = f"{int(paragraph[1]) + 1}. {line[paragraph.end() :]}"
        else:
            line = re.sub(r"^- ([a-z])\) ", r"(\1) ", line)
        out.append(line)
    return "\ufeff" + "\r\n".join(out)


def parse_error(text: str) -> CompactParseError:
    with pytest.raises(CompactParseError) as caught:
        parse_compact(text)
    return caught.value


def last_nonblank_line(text: str) -> int:
    lines = text.split("\n")
    return max(i for i, line in enumerate(lines, start=1) if line.strip())
