"""The geometry of the dashboard's bar charts, from numbers only (no database, no
request): a "nice" scale from zero, its ticks, and one bar per row, stacked in segments.

Every chart is drawn as horizontal bars in one SVG whose x coordinates are percentages
of its width and whose y coordinates are pixels: the chart takes the width of its
column on a phone or a desktop while its text keeps its size (a view box would shrink
the labels with the drawing). A bar's length is its value on the scale,
`PLOT_WIDTH * value / scale.maximum` per cent, so that one pledge never fills the width;
the scale's ticks (steps of 1, 2 or 5 times a power of ten) are labelled and drawn as
gridlines from the zero baseline.

Labels are either beside the bar (short ones: a period, "2024-Q3") or above it, wrapped
onto as many lines as they need (an objective's title, in full). In a right-to-left page
everything is mirrored: bars grow from the right, labels start on the right.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Per cent of the chart's width.
LABEL_BESIDE_WIDTH = 20.0  # the label column of a chart with labels beside the bars
PLOT_START = 1.0  # a little room for the "0" tick's label
PLOT_END = 86.0  # after the longest bar: room for its value
LABEL_INSET = 0.8  # between the zero line and a label above its bar
# Pixels.
AXIS_HEIGHT = 22  # a row of tick labels, above and below the bars
LINE_HEIGHT = 17  # one line of a label above its bar
BAR_HEIGHT = 14
ROW_GAP = 9
# Characters per line of a label above its bar (a wide character, Chinese, counts two):
# about what 390 px hold at the chart's font size, so no line leaves a phone's chart.
WRAP_WIDTH = 46


@dataclass(frozen=True)
class Scale:
    maximum: int
    step: int

    @property
    def ticks(self) -> list[int]:
        return list(range(0, self.maximum + 1, self.step))


def nice_scale(top: float, *, intervals: int = 5) -> Scale:
    """The scale from zero for values up to `top`: a step of 1, 2 or 5 times a power of
    ten (never less than 1: the values are counts) giving at most `intervals` intervals,
    and the first multiple of the step at or above `top` as its maximum (at least 1)."""
    top = max(top, 1)
    raw = top / intervals
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(
        factor * magnitude for factor in (1, 2, 5, 10) if factor * magnitude * intervals >= top
    )
    return Scale(maximum=step * math.ceil(top / step), step=step)


@dataclass(frozen=True)
class Segment:
    key: str  # what the segment counts ("in_progress"): its class, colour and pattern
    label: str
    value: int
    x: float  # per cent
    width: float  # per cent


@dataclass(frozen=True)
class Line:
    text: str
    y: int  # baseline, pixels


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    segments: tuple[Segment, ...]
    lines: tuple[Line, ...]  # the label, one or more lines
    y: int  # top of the bar, pixels
    value_x: float  # where its value is written, per cent
    value_y: int

    @property
    def width(self) -> float:
        return round(sum(segment.width for segment in self.segments), 4)


@dataclass(frozen=True)
class Tick:
    value: int
    x: float  # per cent


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    scale: Scale
    ticks: tuple[Tick, ...]
    height: int
    rtl: bool
    labels_beside: bool
    plot_top: int  # pixels: the gridlines' extent
    plot_bottom: int
    label_x: float  # per cent: where each label starts
    baseline_x: float  # per cent: the zero line
    bottom_axis_y: int

    @property
    def is_empty(self) -> bool:
        return not self.bars


@dataclass(frozen=True)
class Row:
    """One bar to draw: its label and its parts, (key, label, value) each."""

    label: str
    parts: Sequence[tuple[str, str, int]]

    @property
    def total(self) -> int:
        return sum(value for _key, _label, value in self.parts)


def _char_width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _text_width(text: str) -> int:
    return sum(_char_width(char) for char in text)


def wrap(text: str, width: int = WRAP_WIDTH) -> list[str]:
    """`text` on lines of at most `width` columns, broken between words (or between any
    two characters of a script written without spaces); a word longer than a line is
    cut. Nothing is left out: the lines joined are the text."""
    lines: list[str] = []
    line = ""
    for word in _words(text):
        candidate = (line + word) if line else word.lstrip()
        if line and _text_width(candidate.rstrip()) > width:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line = candidate
        while _text_width(line) > width:
            cut = _cut_at(line, width)
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _words(text: str) -> list[str]:
    """`text` in pieces each kept whole on a line: a word with the space before it, or
    one wide character (Chinese breaks between any two)."""
    words: list[str] = []
    for char in " ".join(text.split()):
        if _char_width(char) == 2 or not words or char == " " or _char_width(words[-1][-1]) == 2:
            words.append(char)
        else:
            words[-1] += char
    return words


def _cut_at(text: str, width: int) -> int:
    used = 0
    for index, char in enumerate(text):
        used += _char_width(char)
        if used > width:
            return max(1, index)
    return len(text)


def bar_chart(rows: Sequence[Row], *, rtl: bool = False, labels_beside: bool = False) -> BarChart:
    """The geometry of `rows` as horizontal bars on one scale (`nice_scale` of the
    largest total). With `labels_beside` each label sits in a column before its bar (one
    line); otherwise above it, wrapped (`wrap`)."""
    scale = nice_scale(max((row.total for row in rows), default=0))
    plot_start = LABEL_BESIDE_WIDTH if labels_beside else PLOT_START
    plot_width = PLOT_END - plot_start

    def x(start: float, width: float = 0.0) -> float:
        return round(100 - start - width, 4) if rtl else round(start, 4)

    bars = []
    y = AXIS_HEIGHT + ROW_GAP
    for row in rows:
        texts = [row.label] if labels_beside else wrap(row.label)
        lines = []
        if not labels_beside:
            for text in texts:
                y += LINE_HEIGHT
                lines.append(Line(text=text, y=y - 4))
            y += 3
        start = plot_start
        segments = []
        for key, label, value in row.parts:
            width = round(plot_width * value / scale.maximum, 4)
            segments.append(
                Segment(key=key, label=label, value=value, x=x(start, width), width=width)
            )
            start += width
        if labels_beside:
            lines = [Line(text=texts[0], y=y + BAR_HEIGHT - 2)]
        bars.append(
            Bar(
                label=row.label,
                value=row.total,
                segments=tuple(segments),
                lines=tuple(lines),
                y=y,
                value_x=x(start + 0.8),
                value_y=y + BAR_HEIGHT - 2,
            )
        )
        y += BAR_HEIGHT + ROW_GAP
    ticks = tuple(
        Tick(value=tick, x=x(plot_start + plot_width * tick / scale.maximum))
        for tick in scale.ticks
    )
    return BarChart(
        bars=tuple(bars),
        scale=scale,
        ticks=ticks,
        height=y + AXIS_HEIGHT,
        rtl=rtl,
        labels_beside=labels_beside,
        plot_top=AXIS_HEIGHT - 4,
        plot_bottom=y,
        # Above its bar, a label starts just past the zero line; beside it, at the edge.
        label_x=x(0.0 if labels_beside else plot_start + LABEL_INSET),
        baseline_x=x(plot_start),
        bottom_axis_y=y + AXIS_HEIGHT - 6,
    )
