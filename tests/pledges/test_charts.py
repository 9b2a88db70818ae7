"""pledges.charts: the scale, the bars and the label wrapping, from numbers alone."""

import pytest

from pledges.charts import PLOT_END, PLOT_START, Row, bar_chart, nice_scale, wrap


@pytest.mark.parametrize(
    ("top", "maximum", "ticks"),
    [
        (0, 1, [0, 1]),
        (1, 1, [0, 1]),
        (3, 3, [0, 1, 2, 3]),
        (7, 8, [0, 2, 4, 6, 8]),
        (23, 25, [0, 5, 10, 15, 20, 25]),
        (101, 150, [0, 50, 100, 150]),
        (10_000, 10_000, [0, 2_000, 4_000, 6_000, 8_000, 10_000]),
        (12_345, 15_000, [0, 5_000, 10_000, 15_000]),
    ],
)
def test_nice_scale_starts_at_zero_and_steps_by_one_two_or_five(top, maximum, ticks):
    scale = nice_scale(top)

    assert scale.maximum == maximum and scale.ticks == ticks
    assert scale.maximum >= top
    assert str(scale.step).strip("0") in {"1", "2", "5"}


def test_a_single_pledge_does_not_fill_the_width_when_another_bar_is_larger():
    chart = bar_chart([Row("a", [("n", "", 1)]), Row("b", [("n", "", 9)])])

    one, nine = chart.bars
    assert chart.scale.maximum == 10
    assert one.width == pytest.approx((PLOT_END - PLOT_START) / 10)
    assert nine.width == pytest.approx(9 * one.width)


@pytest.mark.parametrize("values", [[1], [0, 3, 10_000, 4_999]])
def test_bar_chart_bars_are_proportional_to_the_value_on_the_scale(values):
    chart = bar_chart([Row(str(v), [("n", "", v)]) for v in values])

    zero, last = chart.ticks[0], chart.ticks[-1]
    for bar, value in zip(chart.bars, values, strict=True):
        end = bar.segments[0].x + bar.width
        # Read off the scale: where the bar ends, between the zero and the last tick.
        assert (end - zero.x) / (last.x - zero.x) * last.value == pytest.approx(value)
    assert zero.value == 0 and zero.x == chart.baseline_x


def test_bar_chart_stacks_segments_end_to_end():
    chart = bar_chart([Row("6", [("a", "A", 2), ("b", "B", 0), ("c", "C", 3)])])

    a, b, c = chart.bars[0].segments
    assert a.x == PLOT_START and b.width == 0
    assert c.x == pytest.approx(a.x + a.width)
    assert chart.bars[0].value == 5 and chart.scale.maximum == 5


def test_bar_chart_is_mirrored_right_to_left():
    ltr = bar_chart([Row("a", [("n", "", 4)])])
    rtl = bar_chart([Row("a", [("n", "", 4)])], rtl=True)

    ltr_bar, rtl_bar = ltr.bars[0].segments[0], rtl.bars[0].segments[0]
    assert rtl_bar.width == ltr_bar.width
    assert rtl_bar.x + rtl_bar.width == pytest.approx(100 - PLOT_START)  # grows from the right
    assert [t.x for t in rtl.ticks] == [pytest.approx(100 - t.x) for t in ltr.ticks]
    assert rtl.label_x == pytest.approx(100 - ltr.label_x)
    assert ltr.label_x > ltr.baseline_x  # a label above its bar starts past the zero line
    beside = bar_chart([Row("2024-Q1", [("n", "", 4)])], rtl=True, labels_beside=True)
    assert beside.label_x == 100  # a period's label sits at the start edge


def test_bar_chart_labels_above_take_a_line_each_and_the_height_grows():
    long = "Minimize the adverse drivers and structural factors that compel people to leave"
    one_line = bar_chart([Row("1. Data", [("n", "", 1)])])
    wrapped = bar_chart([Row(long, [("n", "", 1)])])

    assert len(wrapped.bars[0].lines) == 2
    assert " ".join(line.text for line in wrapped.bars[0].lines) == long
    assert wrapped.height > one_line.height
    assert wrapped.bars[0].lines[-1].y < wrapped.bars[0].y  # the label is above its bar


def test_wrap_keeps_every_word_and_counts_chinese_characters_double():
    title = "Save lives and establish coordinated international efforts on missing migrants"
    lines = wrap(title, 30)
    chinese = wrap("拯救生命并就失踪移民问题开展协调一致的国际努力", 20)

    assert " ".join(lines) == title and all(len(line) <= 30 for line in lines)
    assert "".join(chinese) == "拯救生命并就失踪移民问题开展协调一致的国际努力"
    assert [len(line) for line in chinese] == [10, 10, 3]
    assert wrap("") == [""]
