"""Tests for the pure-Python parsers of the review source texts.

The real texts are the project's fixture copies of the seeds. Broken copies
are built from them inside each test, so every refusal is checked against
the text the parser really meets, and the line it names is the line a person
would open in an editor.
"""

from collections import Counter
from pathlib import Path

import pytest

from reviews.source_texts import (
    ParsedRecommendation,
    ParsedRoundTable,
    SourceTextError,
    parse_missing_migrants_recommendations,
    parse_objective_titles,
    parse_round_tables,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "reviews"
SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"


def _fixture(name: str) -> str:
    # newline="" keeps the bytes as they are (no universal-newline translation).
    with open(FIXTURES / name, encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture(scope="module")
def declaration() -> str:
    return _fixture("imrf-2022-progress-declaration.txt")


@pytest.fixture(scope="module")
def report() -> str:
    return _fixture("sg-report-2024.txt")


# Helpers that edit a copy of a text by 1-based line number. Replacing a line
# keeps every other line where it was; deleting shifts the lines after it.


def _line(text: str, number: int) -> str:
    return text.split("\n")[number - 1]


def _replace_line(text: str, number: int, new: str) -> str:
    lines = text.split("\n")
    lines[number - 1] = new
    return "\n".join(lines)


def _edit_line(text: str, number: int, old: str, new: str) -> str:
    line = _line(text, number)
    assert old in line, f"fixture changed: {old!r} not on line {number}"
    return _replace_line(text, number, line.replace(old, new))


def _delete_lines(text: str, first: int, count: int = 1) -> str:
    lines = text.split("\n")
    del lines[first - 1 : first - 1 + count]
    return "\n".join(lines)


def _first_lines(text: str, count: int) -> str:
    return "\n".join(text.split("\n")[:count])


def _line_of(text: str, prefix: str) -> int:
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(prefix):
            return number
    raise AssertionError(f"no line starts with {prefix!r}")


# Lines of the real Progress Declaration the tests lean on.
PARA_23 = 57
ROUND_TABLE_HEADINGS = {1: 59, 2: 77, 3: 97, 4: 119}
ROUND_TABLE_FOOTNOTES = {1: 65, 2: 83, 3: 113, 4: 131}


def _without_round_table_footnotes(text: str) -> str:
    for number in ROUND_TABLE_FOOTNOTES.values():
        assert _line(text, number)[0] in SUPERSCRIPTS
        text = _replace_line(text, number, "")
    return text


# ---------------------------------------------------------------------------
# SourceTextError
# ---------------------------------------------------------------------------


def test_source_text_error_names_the_line():
    err = SourceTextError("round table 3 lists objective 14 twice", line=57)

    assert isinstance(err, ValueError)
    assert str(err) == "line 57: round table 3 lists objective 14 twice"
    assert err.line == 57
    assert err.message == "round table 3 lists objective 14 twice"


def test_source_text_error_without_a_line_is_just_the_message():
    err = SourceTextError("no annex found")

    assert str(err) == "no annex found"
    assert err.line is None


# ---------------------------------------------------------------------------
# parse_round_tables on the real Progress Declaration
# ---------------------------------------------------------------------------


def test_parse_round_tables_reads_the_four_imrf_2022_round_tables(declaration):
    assert parse_round_tables(declaration) == (
        ParsedRoundTable(number=1, title="", objectives=(2, 5, 6, 12, 18), line=59),
        ParsedRoundTable(number=2, title="", objectives=(4, 8, 9, 10, 11, 13, 21), line=77),
        ParsedRoundTable(number=3, title="", objectives=(14, 15, 16, 19, 20, 22), line=97),
        ParsedRoundTable(number=4, title="", objectives=(1, 3, 7, 17, 23), line=119),
    )


def test_parse_round_tables_covers_every_objective_exactly_once(declaration):
    covered = [o for table in parse_round_tables(declaration) for o in table.objectives]

    assert sorted(covered) == list(range(1, 24))


def test_parse_round_tables_crlf_copy_parses_identically(declaration):
    crlf = declaration.replace("\n", "\r\n")

    assert "\r\n" in crlf
    assert parse_round_tables(crlf) == parse_round_tables(declaration)
    assert parse_objective_titles(crlf) == parse_objective_titles(declaration)


def test_parse_round_tables_uses_footnotes_when_headings_carry_no_list(declaration):
    text = declaration
    for number in ROUND_TABLE_HEADINGS.values():
        line = _line(text, number)
        # "Round table 1 (objectives 2, 5, 6, 12 and 18)¹" -> "Round table 1¹"
        text = _replace_line(text, number, line[: line.index(" (")] + line[-1])

    assert _line(text, 59) == "Round table 1\u00b9"
    assert parse_round_tables(text) == parse_round_tables(declaration)


def test_parse_round_tables_uses_headings_alone_when_footnotes_are_gone(declaration):
    text = _without_round_table_footnotes(declaration)

    assert parse_round_tables(text) == parse_round_tables(declaration)
    assert parse_objective_titles(text) == {}


def test_parse_objective_titles_gives_the_adopted_titles_from_footnotes(declaration):
    titles = parse_objective_titles(declaration)

    assert list(titles) == list(range(1, 24))
    assert (
        titles[8]
        == "Save lives and establish coordinated international efforts on missing migrants"
    )
    # Footnotes 1 and 4 set titles in *italics*; the markup is not part of the title.
    assert titles[2] == (
        "Minimize the adverse drivers and structural factors that compel people to leave "
        "their country of origin"
    )
    assert titles[23] == (
        "Strengthen international cooperation and global partnerships for safe, orderly and "
        "regular migration"
    )
    assert titles[21] == (
        "Cooperate in facilitating safe and dignified return and readmission, as well as "
        "sustainable reintegration"
    )
    assert all("*" not in t and not t.endswith((".", ";")) for t in titles.values())


def test_parse_round_tables_reads_a_theme_and_any_number_of_objectives():
    # Nothing in the parser assumes 23 objectives or 4 round tables.
    text = (
        "Round table 1: Regular pathways (objectives 2 and 3)\n"
        "\n"
        "Some paragraph.\n"
        "\n"
        "Round table 2 \u2013 Data and evidence (objective 1)\n"
    )

    assert parse_round_tables(text) == (
        ParsedRoundTable(number=1, title="Regular pathways", objectives=(2, 3), line=1),
        ParsedRoundTable(number=2, title="Data and evidence", objectives=(1,), line=5),
    )


# ---------------------------------------------------------------------------
# parse_round_tables refusals, on broken copies of the real text
# ---------------------------------------------------------------------------


def test_parse_round_tables_refuses_an_objective_listed_twice(declaration):
    text = _edit_line(declaration, 97, "(objectives 14, 15,", "(objectives 14, 15, 14,")

    with pytest.raises(SourceTextError) as caught:
        parse_round_tables(text)

    assert caught.value.line == 97
    assert str(caught.value) == "line 97: round table 3 lists objective 14 twice"


def test_parse_round_tables_refuses_an_objective_under_two_round_tables(declaration):
    text = _without_round_table_footnotes(declaration)
    text = _edit_line(text, 119, "7, 17", "7, 8, 17")

    with pytest.raises(SourceTextError) as caught:
        parse_round_tables(text)

    assert caught.value.line == 119
    assert "objective 8 is listed under round table 2 (line 77) and round table 4" in str(
        caught.value
    )


def test_parse_round_tables_refuses_a_missing_round_table(declaration):
    # Round table 2's heading and the blank line after it are gone.
    assert _line(declaration, 77).startswith("Round table 2 ")
    text = _delete_lines(declaration, 77, 2)
    round_table_3 = _line_of(text, "Round table 3 ")

    with pytest.raises(SourceTextError) as caught:
        parse_round_tables(text)

    assert round_table_3 == 95
    assert caught.value.line == 95
    assert "round table 3 found where round table 2 was expected" in str(caught.value)


def test_parse_round_tables_refuses_a_repeated_round_table_number(declaration):
    text = _edit_line(declaration, 97, "Round table 3", "Round table 2")

    with pytest.raises(SourceTextError) as caught:
        parse_round_tables(text)

    assert caught.value.line == 97
    assert "round table 2 found where round table 3 was expected" in str(caught.value)


def test_parse_round_tables_refuses_numbering_that_does_not_start_at_1(declaration):
    text = declaration
    for number, line in ROUND_TABLE_HEADINGS.items():
        text = _edit_line(text, line, f"Round table {number}", f"Round table {number + 1}")

    with pytest.raises(SourceTextError) as caught:
        parse_round_tables(text)

    assert caught.value.line == 59
    assert "round table 2 found where round table 1 was expected" in str(caught.value)


def test_parse_round_tables_refuses_a_heading_its_footnote_contradicts(declaration):
    text = _edit_line(declaration, 113, "Objective 22:", "Objective 23:")

    with pytest.raises(SourceTextError) as caught:
        parse_round_tables(text)

    assert caught.value.line == 113
    assert str(caught.value) == (
        "line 113: round table 3: its heading lists objectives 14, 15, 16, 19, 20, 22 "
        "but its footnote lists 14, 15, 16, 19, 20, 23"
    )


def test_parse_round_tables_refuses_a_gap_in_the_objectives(declaration):
    text = _edit_line(declaration, 119, "3, 7, 17", "3, 17")
    text = _edit_line(
        text, 131, "Objective 7: *Address and reduce vulnerabilities in migration*; ", ""
    )

    with pytest.raises(SourceTextError) as caught:
        parse_round_tables(text)

    # The gap is reported where the text says all objectives are covered.
    assert caught.value.line == PARA_23
    assert "round tables cover objectives 1 to 23 except 7" in str(caught.value)


def test_parse_round_tables_refuses_a_total_paragraph_23_contradicts(declaration):
    # Without objective 23 the round tables are a clean 1..22, but paragraph
    # 23 says "all 23 objectives".
    text = _edit_line(declaration, 119, "17 and 23)", "17)")
    text = _edit_line(
        text,
        131,
        "; Objective 23: *Strengthen international cooperation and global partnerships for "
        "safe, orderly and regular migration*.",
        ".",
    )

    with pytest.raises(SourceTextError) as caught:
        parse_round_tables(text)

    assert caught.value.line == PARA_23
    assert "says all 23 objectives are covered, but the round tables cover objectives 1 to 22" in (
        str(caught.value)
    )


def test_parse_round_tables_refuses_a_round_table_count_paragraph_23_contradicts(declaration):
    text = _edit_line(declaration, PARA_23, "in four round tables", "in five round tables")

    with pytest.raises(SourceTextError) as caught:
        parse_round_tables(text)

    assert caught.value.line == PARA_23
    assert "says five round tables, but 4 round table headings were found" in str(caught.value)


def test_parse_round_tables_refuses_a_text_whose_headings_are_gone(declaration):
    text = declaration
    for number in ROUND_TABLE_HEADINGS.values():
        text = _replace_line(text, number, "")

    with pytest.raises(SourceTextError) as caught:
        parse_round_tables(text)

    assert str(caught.value) == f"line {PARA_23}: no round table heading found"


def test_parse_round_tables_refuses_a_text_without_round_tables(report):
    with pytest.raises(SourceTextError) as caught:
        parse_round_tables(report)

    assert caught.value.line is None
    assert str(caught.value) == "no round table heading found"


def test_parse_round_tables_refuses_an_objective_list_it_cannot_read(declaration):
    text = _edit_line(declaration, 119, "(objectives 1, 3, 7, 17 and 23)", "(objectives 1\u20133)")

    with pytest.raises(SourceTextError) as caught:
        parse_round_tables(text)

    assert caught.value.line == 119
    assert "cannot read the objective list" in str(caught.value)


# ---------------------------------------------------------------------------
# parse_missing_migrants_recommendations on the real SG report 2024
# ---------------------------------------------------------------------------

AREAS = [
    (1, "prevention", "Prevention of migrant deaths and disappearances"),
    (
        2,
        "search-and-identification",
        "Searching for and identifying migrants who have died or gone missing",
    ),
    (3, "support-to-families", "Provision of support to affected families"),
    (4, "justice-and-accountability", "Justice, accountability and redress"),
    (5, "data-and-foresight", "Data and foresight"),
]
COUNTS = {
    "prevention": 13,
    "search-and-identification": 6,
    "support-to-families": 2,
    "justice-and-accountability": 2,
    "data-and-foresight": 3,
}


def _by_key(recommendations) -> dict[tuple[str, str], ParsedRecommendation]:
    return {(r.area, r.letter): r for r in recommendations}


def test_parse_missing_migrants_recommendations_reads_five_areas_in_order(report):
    recommendations = parse_missing_migrants_recommendations(report)

    areas = list(dict.fromkeys((r.area_order, r.area, r.area_title) for r in recommendations))
    assert areas == AREAS


def test_parse_missing_migrants_recommendations_counts_per_area(report):
    recommendations = parse_missing_migrants_recommendations(report)

    assert Counter(r.area for r in recommendations) == COUNTS
    assert len(recommendations) == 26
    for area, count in COUNTS.items():
        letters = "".join(r.letter for r in recommendations if r.area == area)
        assert letters == "abcdefghijklm"[:count]


def test_parse_missing_migrants_recommendations_gives_the_full_text(report):
    recommendations = _by_key(parse_missing_migrants_recommendations(report))

    assert recommendations["prevention", "c"] == ParsedRecommendation(
        area="prevention",
        area_title="Prevention of migrant deaths and disappearances",
        area_order=1,
        letter="c",
        text=(
            "Adopt a humanitarian and precautionary approach to identifying and responding to "
            "possible distress situations on land and at sea and interpret \u201cdistress\u201d "
            "broadly and in good faith;"
        ),
        objectives=(8,),
        line=400,
    )
    # Inner semicolons do not end a recommendation.
    assert recommendations["search-and-identification", "c"].text == (
        "Set up processes for families, co-travellers and others to register cases in an "
        "accessible, safe and confidential manner; use the information for humanitarian "
        "purposes only, unless otherwise agreed with those who provide it; and follow a "
        "standardized approach for registering missing migrant cases, in accordance with "
        "International Committee of the Red Cross guidance;"
    )
    assert recommendations["search-and-identification", "c"].line == 430
    last = recommendations["data-and-foresight", "c"]
    assert last.text == (
        "Share migration forecasting data across government levels, to allow for "
        "preparedness measures that optimize humanitarian assistance."
    )
    assert last.line == 462
    assert recommendations["prevention", "a"].line == 396


def test_parse_missing_migrants_recommendations_links_all_to_objective_8(report):
    recommendations = parse_missing_migrants_recommendations(report)

    # The annex names no other objective explicitly.
    assert {r.objectives for r in recommendations} == {(8,)}


def test_parse_missing_migrants_recommendations_leaves_no_footnote_debris(report):
    for r in parse_missing_migrants_recommendations(report):
        assert not any(ch in SUPERSCRIPTS for ch in r.text), r
        assert "^" not in r.text and "*" not in r.text and "](" not in r.text, r
        assert "\n" not in r.text and "  " not in r.text and r.text == r.text.strip(), r
        assert not r.text.startswith("("), r
        assert r.text.endswith((";", ".")), r


def test_parse_missing_migrants_recommendations_crlf_copy_parses_identically(report):
    crlf = report.replace("\n", "\r\n")

    assert "\r\n" in crlf
    assert parse_missing_migrants_recommendations(crlf) == (
        parse_missing_migrants_recommendations(report)
    )


def test_parse_missing_migrants_recommendations_joins_page_breaks(report):
    # The real annex has no page break inside a recommendation, so this copy
    # adds three the way the PDF conversion shows them elsewhere in the report:
    # a footnote marker in the sentence, a blank line, the footnote, a blank
    # line, then the rest of the sentence.
    assert "on land and at sea and interpret \u201cdistress\u201d" in _line(report, 400)
    text = _edit_line(
        report,
        430,
        "confidential manner; use",
        "confidential manner;\u00b3\u2076\n\n\u00b3\u2076 See <https://missingmigrants.iom.int/>.\n\nuse",
    )
    text = _edit_line(
        text,
        400,
        "on land and at sea and interpret",
        "on land and at sea\u00b3\u2075 and\n\n\u00b3\u2075 Ibid.\n\ninterpret",
    )
    # A break in an area's intro paragraph, after a full stop.
    text = _edit_line(
        text,
        394,
        "are preventable. The main",
        "are preventable.\n\n\u00b3\u2077 Ibid.\n\nThe main",
    )

    def without_lines(recommendations):
        return [(r.area, r.area_order, r.letter, r.text, r.objectives) for r in recommendations]

    broken = parse_missing_migrants_recommendations(text)
    assert without_lines(broken) == without_lines(parse_missing_migrants_recommendations(report))
    by_key = _by_key(broken)
    assert by_key["prevention", "c"].line == 404  # the intro's page break added 4 lines
    assert by_key["prevention", "d"].line == 410


def test_parse_missing_migrants_recommendations_adds_objectives_the_text_names(report):
    text = _edit_line(
        report,
        460,
        "International Organization for Migration;",
        "International Organization for Migration, in line with objectives 1 and 3;",
    )

    by_key = _by_key(parse_missing_migrants_recommendations(text))

    assert by_key["data-and-foresight", "b"].objectives == (1, 3, 8)
    assert by_key["data-and-foresight", "a"].objectives == (8,)


# ---------------------------------------------------------------------------
# parse_missing_migrants_recommendations refusals
# ---------------------------------------------------------------------------


def test_parse_missing_migrants_recommendations_refuses_a_text_without_the_annex(declaration):
    with pytest.raises(SourceTextError) as caught:
        parse_missing_migrants_recommendations(declaration)

    assert caught.value.line is None
    assert str(caught.value) == "no annex with recommendations on missing migrants found"


def test_parse_missing_migrants_recommendations_refuses_a_gap_in_letters(report):
    assert _line(report, 404).startswith("(e) ")
    text = _replace_line(report, 404, "")

    with pytest.raises(SourceTextError) as caught:
        parse_missing_migrants_recommendations(text)

    assert caught.value.line == 406
    assert str(caught.value) == (
        "line 406: under 'Prevention of migrant deaths and disappearances': "
        "recommendation (f) found where (e) was expected"
    )


def test_parse_missing_migrants_recommendations_refuses_a_repeated_letter(report):
    text = _edit_line(report, 402, "(d) ", "(c) ")

    with pytest.raises(SourceTextError) as caught:
        parse_missing_migrants_recommendations(text)

    assert caught.value.line == 402
    assert "recommendation (c) appears twice" in str(caught.value)


def test_parse_missing_migrants_recommendations_refuses_an_annex_cut_mid_sentence(report):
    cut = _line(report, 462).index(", to allow")
    text = _first_lines(report, 461) + "\n" + _line(report, 462)[:cut]

    with pytest.raises(SourceTextError) as caught:
        parse_missing_migrants_recommendations(text)

    assert caught.value.line == 462
    assert "recommendation (c) under 'Data and foresight' ends mid-sentence" in str(caught.value)
    assert "truncated" in str(caught.value)


def test_parse_missing_migrants_recommendations_refuses_an_annex_cut_after_a_semicolon(report):
    text = _first_lines(report, 460)  # ends with "(b) … for Migration;"

    with pytest.raises(SourceTextError) as caught:
        parse_missing_migrants_recommendations(text)

    assert caught.value.line == 460
    assert "the last recommendation (b) under 'Data and foresight' ends with ';'" in str(
        caught.value
    )


def test_parse_missing_migrants_recommendations_refuses_an_annex_cut_after_a_heading(report):
    text = _first_lines(report, 455)  # ends with "Data and foresight" and a blank line

    with pytest.raises(SourceTextError) as caught:
        parse_missing_migrants_recommendations(text)

    assert caught.value.line == 454
    assert "the annex ends with 'Data and foresight'" in str(caught.value)


def test_parse_missing_migrants_recommendations_refuses_an_annex_cut_after_an_intro(report):
    text = _first_lines(report, 456)  # "5. Gaps in available data …" but no (a)

    with pytest.raises(SourceTextError) as caught:
        parse_missing_migrants_recommendations(text)

    assert str(caught.value) == "line 454: area 'Data and foresight' has no recommendations"


def test_parse_missing_migrants_recommendations_refuses_an_annex_cut_between_areas(report):
    text = _first_lines(report, 453)  # ends cleanly after justice (b) "… actors."

    with pytest.raises(SourceTextError) as caught:
        parse_missing_migrants_recommendations(text)

    assert caught.value.line == 452
    assert "recommendation area(s) data-and-foresight not found" in str(caught.value)


def test_parse_missing_migrants_recommendations_refuses_an_area_without_recommendations(report):
    text = _replace_line(_replace_line(report, 442, ""), 444, "")

    with pytest.raises(SourceTextError) as caught:
        parse_missing_migrants_recommendations(text)

    assert str(caught.value) == (
        "line 438: area 'Provision of support to affected families' has no recommendations"
    )


def test_parse_missing_migrants_recommendations_refuses_an_unknown_area_heading(report):
    text = _replace_line(report, 446, "Remedies")

    with pytest.raises(SourceTextError) as caught:
        parse_missing_migrants_recommendations(text)

    assert caught.value.line == 446
    assert "cannot tell which recommendation area the heading 'Remedies' is" in str(caught.value)


def test_parse_missing_migrants_recommendations_refuses_a_stray_line_in_the_annex(report):
    text = _replace_line(report, 405, "24-12345 (E)")  # a PDF job number left in the text

    with pytest.raises(SourceTextError) as caught:
        parse_missing_migrants_recommendations(text)

    assert caught.value.line == 405
    assert "unexpected line after recommendation (e)" in str(caught.value)
