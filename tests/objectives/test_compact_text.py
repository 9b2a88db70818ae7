"""Tests for objectives.compact_text: the real Draft Rev 2 text, re-edited copies and broken copies.

Copies are built in memory from the fixture by the helpers below (no files written).
"""

import re

import pytest

from objectives.compact_text import CompactParseError, parse_compact

from .editions import (
    DRAFT_INTRO,
    adopted_edition,
    last_nonblank_line,
    line_of,
    objective_block,
    parse_error,
    seed_compact,
    seed_text,
    truncated,
    with_line,
    without_lines,
)

# Counted by hand from the fixture ("- a)" … lines under each OBJECTIVE heading).
ACTION_COUNTS = {
    1: 11, 2: 12, 3: 5, 4: 7, 5: 10, 6: 12, 7: 12, 8: 6, 9: 7, 10: 10, 11: 6, 12: 5,
    13: 8, 14: 6, 15: 7, 16: 9, 17: 7, 18: 12, 19: 10, 20: 9, 21: 9, 22: 4, 23: 5,
}  # fmt: skip

PRINCIPLES = [
    ("people-centred", "People-centred"),
    ("international-cooperation", "International cooperation"),
    ("national-sovereignty", "National sovereignty"),
    ("rule-of-law-and-due-process", "Rule of law and due process"),
    ("sustainable-development", "Sustainable development"),
    ("human-rights", "Human rights"),
    ("gender-responsive", "Gender-responsive"),
    ("child-sensitive", "Child-sensitive"),
    ("whole-of-government-approach", "Whole-of-government approach"),
    ("whole-of-society-approach", "Whole-of-society approach"),
]

# Every place in the objectives section where a page break splits a commitment or an
# action: (objective, action letter or None for the commitment, start of the text
# continued after the break, its line in the fixture).
PAGE_BREAKS = [
    (2, None, "compel them to seek a livelihood elsewhere", 197),
    (2, "h", "creation, in line with labour market needs", 212),  # after footnote ⁴
    (3, "c", "for regular migration, and possibilities for return", 229),
    (5, "g", "to sudden-onset natural disasters", 263),
    (10, None, "to investigate, prosecute and penalize trafficking", 340),
    (14, None, "interactions between migrants and State authorities", 400),
    (15, "b", "political or other opinion, national or social origin", 420),
    (16, "c", "non-discrimination and health, including by fostering", 438),
    (17, "b", "accountable, in accordance with national legislation", 456),
    (21, "e", "and foreseeable risk of death, torture", 530),
]


# --- the real text -----------------------------------------------------------------------


def test_parse_compact_reads_23_objectives_numbered_from_1():
    compact = seed_compact()
    assert [o.number for o in compact.objectives] == list(range(1, 24))


def test_parse_compact_titles_come_from_the_headings():
    titles = {o.number: o.title for o in seed_compact().objectives}
    assert titles[1] == (
        "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies"
    )
    # The summary list near paragraph 15 words these differently; the heading wins.
    assert (
        titles[4] == "Provide all migrants with proof of legal identity and adequate documentation"
    )
    assert titles[13] == (
        "Use immigration detention only as a measure of last resort and work towards alternatives"
    )
    assert titles[18] == (
        "Invest in skills development and facilitate mutual recognition of skills, "
        "qualifications and competences"
    )
    assert titles[21] == (
        "Cooperate in facilitating safe, dignified return and readmission, "
        "and sustainable reintegration"
    )
    assert titles[23] == (
        "Strengthen international cooperation and global partnerships for safe, orderly "
        "and regular migration"
    )


def test_parse_compact_commitment_paragraphs_are_16_to_38():
    assert [o.paragraph for o in seed_compact().objectives] == list(range(16, 39))


def test_parse_compact_objective_lines_are_the_heading_lines():
    objectives = seed_compact().objectives
    assert objectives[0].line == 174
    assert objectives[6].line == 289
    assert objectives[22].line == 548


def test_parse_compact_action_counts_per_objective():
    counts = {o.number: len(o.actions) for o in seed_compact().objectives}
    assert counts == ACTION_COUNTS
    assert sum(counts.values()) == 189


def test_parse_compact_action_letters_are_consecutive_from_a():
    for objective in seed_compact().objectives:
        letters = "".join(a.letter for a in objective.actions)
        assert letters == "abcdefghijklmnopqrstuvwxyz"[: len(letters)]


def test_parse_compact_commitment_full_text_without_number():
    objective = seed_compact().objectives[0]
    assert objective.commitment == (
        "We commit to strengthen the global evidence base on international migration by "
        "improving and investing in the collection, analysis and dissemination of accurate, "
        "reliable, comparable data, disaggregated by sex, age, migration status and other "
        "relevant characteristics, while upholding privacy rights and protecting personal "
        "data. We further commit to ensure this evidence fosters research, guides coherent "
        "policy-making and well-informed public discourse, and allows for effective "
        "monitoring and evaluation of the implementation of commitments over time."
    )


def test_parse_compact_commitment_joined_across_page_break():
    objective = seed_compact().objectives[1]
    assert objective.paragraph == 17
    assert objective.commitment == (
        "We commit to create conducive political, economic, social and environmental "
        "conditions for people to lead peaceful, productive and sustainable lives in their "
        "own country and to fulfil their personal aspirations, while ensuring that "
        "desperation and deteriorating environments do not compel them to seek a livelihood "
        "elsewhere through irregular migration. We further commit to ensure timely and full "
        "implementation of the 2030 Agenda for Sustainable Development, as well as to build "
        "upon and invest in the implementation of other existing frameworks, in order to "
        "enhance the overall impact of the Global Compact to facilitate safe, orderly and "
        "regular migration."
    )


def test_parse_compact_action_joined_across_page_break_and_footnote():
    action = seed_compact().objectives[1].actions[7]
    assert (action.letter, action.line) == ("h", 208)
    assert action.text == (
        "Invest in human capital development by promoting entrepreneurship, education, "
        "vocational training and skills development programmes and partnerships, productive "
        "employment creation, in line with labour market needs and in cooperation with the "
        "private sector, with a view to reducing youth unemployment, avoiding brain drain and "
        "optimizing brain gain in countries of origin, and harnessing the demographic dividend"
    )


def test_parse_compact_action_footnote_marker_removed():
    action = seed_compact().objectives[1].actions[0]
    assert (action.letter, action.line) == ("a", 201)
    assert action.text == (
        "Promote the implementation of the 2030 Agenda for Sustainable Development, including "
        "the Sustainable Development Goals and the Addis Ababa Action Agenda, and the "
        "commitment to reach the furthest behind first, as well as the Paris Agreement and "
        "the Sendai Framework for Disaster Risk Reduction 2015-2030"
    )


def test_parse_compact_action_full_text_in_later_objective():
    action = seed_compact().objectives[21].actions[3]
    assert (action.letter, action.line) == ("d", 546)
    assert action.text == (
        "Integrate provisions on the portability of entitlements and earned benefits into "
        "national social security frameworks, designate focal points in countries of origin, "
        "transit, destination and return that facilitate portability requests from migrants, "
        "and establish dedicated instruments, such as migrant welfare funds in countries of "
        "origin that support migrant workers and their families"
    )


@pytest.mark.parametrize(("number", "letter", "continuation", "line"), PAGE_BREAKS)
def test_parse_compact_every_page_break_is_joined(number, letter, continuation, line):
    assert seed_text().split("\n")[line - 1].startswith(continuation)
    objective = seed_compact().objectives[number - 1]
    if letter is None:
        text = objective.commitment
    else:
        (text,) = [a.text for a in objective.actions if a.letter == letter]
    # Joined with exactly one space onto the text before the break.
    assert re.search(r"[\w,] " + re.escape(continuation), text)


def test_parse_compact_keeps_every_line_of_the_objectives_section_in_order():
    # Independent oracle: the fixture's lines between OBJECTIVE 1 and IMPLEMENTATION,
    # minus headings, intros, footnotes and item markers, are exactly the parsed texts.
    text = seed_text()
    section = text.split("\n")[line_of(text, "OBJECTIVE 1:") - 1 : line_of(text, "IMPLEMENTATION")]
    pieces = []
    for line in section:
        if not line.strip() or line.startswith(("OBJECTIVE ", DRAFT_INTRO, "⁴", "IMPLEMENTATION")):
            continue
        line = re.sub(r"^(- [a-z]\)|\d+\.) ", "", line)
        pieces.append(line.replace("⁴", "").strip())
    parsed = []
    for objective in seed_compact().objectives:
        parsed.append(objective.commitment)
        parsed.extend(a.text for a in objective.actions)
    assert " ".join(parsed) == " ".join(" ".join(pieces).split())


def test_parse_compact_no_footnote_text_or_superscripts_in_objectives():
    for objective in seed_compact().objectives:
        for text in [objective.title, objective.commitment, *(a.text for a in objective.actions)]:
            assert not re.search("[⁰¹²³⁴⁵⁶⁷⁸⁹]", text)
            assert "Adopted under the UNFCCC" not in text
            assert "FCCC/CP/2015" not in text


def test_parse_compact_texts_are_whitespace_normalised_without_markers():
    for objective in seed_compact().objectives:
        assert not re.match(r"\d+\.", objective.commitment)
        for action in objective.actions:
            assert action.text == " ".join(action.text.split())
            assert not re.match(r"(- )?\(?[a-z]\) ", action.text)
            assert action.text[0].isupper()


def test_parse_compact_last_action_stops_before_implementation():
    last = seed_compact().objectives[-1].actions[-1]
    assert (last.letter, last.line) == ("e", 558)
    assert last.text.endswith(
        "address opportunities and challenges of migration in accordance with the Global Compact"
    )
    assert "IMPLEMENTATION" not in last.text
    assert "concerted efforts" not in last.text  # paragraph 39


def test_parse_compact_reads_10_principles():
    principles = seed_compact().principles
    assert [(p.slug, p.name) for p in principles] == PRINCIPLES
    assert {p.paragraph for p in principles} == {14}
    assert [p.line for p in principles] == list(range(119, 138, 2))


def test_parse_compact_principle_description_exact():
    child = seed_compact().principles[7]
    assert child.description == (
        "The Global Compact promotes existing international legal obligations in relation to "
        "the rights of the child, and upholds the best interests of the child at all times, as "
        "a primary consideration in all situations concerning children in the context of "
        "international migration, including unaccompanied and separated children."
    )


def test_parse_compact_principles_do_not_swallow_the_next_paragraph():
    last = seed_compact().principles[-1]
    assert last.description.endswith("and other relevant stakeholders in migration governance.")
    assert "COOPERATIVE FRAMEWORK" not in last.description
    assert "New York Declaration" not in last.description


def test_parse_compact_detects_draft_edition():
    assert seed_compact().edition == "Draft Rev 2, 28 May 2018"


def test_parse_compact_edition_empty_when_not_found():
    text = seed_text().replace("DRAFT Rev 2\n", "\n")
    assert parse_compact(text).edition == ""


# --- re-edited copies --------------------------------------------------------------------


def test_parse_compact_adopted_edition_gives_same_objectives_and_actions():
    draft = seed_compact()
    adopted = parse_compact(adopted_edition(seed_text()))
    assert adopted.edition == "A/RES/73/195"
    assert [o.paragraph for o in adopted.objectives] == list(range(17, 40))
    for old, new in zip(draft.objectives, adopted.objectives, strict=True):
        assert (new.number, new.title, new.commitment) == (old.number, old.title, old.commitment)
        assert [(a.letter, a.text) for a in new.actions] == [
            (a.letter, a.text) for a in old.actions
        ]
    assert [(p.slug, p.name, p.description) for p in adopted.principles] == [
        (p.slug, p.name, p.description) for p in draft.principles
    ]
    assert {p.paragraph for p in adopted.principles} == {15}


def test_parse_compact_adopted_edition_titles_come_from_its_headings():
    titles = {
        4: "Ensure that all migrants have proof of legal identity and adequate documentation",
        13: "Use migration detention only as a measure of last resort "
        "and work towards alternatives",
        21: "Cooperate in facilitating safe and dignified return and readmission, "
        "as well as sustainable reintegration",
    }
    adopted = parse_compact(adopted_edition(seed_text(), titles))
    for number, title in titles.items():
        assert adopted.objectives[number - 1].title == title
    assert adopted.objectives[0].title == seed_compact().objectives[0].title


def test_parse_compact_crlf_and_bom_keep_line_numbers():
    text = "\ufeff" + seed_text().replace("\n", "\r\n")
    compact = parse_compact(text)
    assert compact == seed_compact()


@pytest.mark.parametrize("marker", ["- ({})", "({})", "{})"])
def test_parse_compact_accepts_action_marker_variants(marker):
    text = re.sub(
        r"^- ([a-z])\) ", lambda m: marker.format(m[1]) + " ", seed_text(), flags=re.MULTILINE
    )
    compact = parse_compact(text)
    assert compact.objectives == seed_compact().objectives


def test_parse_compact_removes_multi_digit_footnotes():
    # A footnote ¹² with its marker inside an action, on a page break mid-action.
    text = seed_text()
    number = line_of(text, "- c) Develop a global programme")
    original = text.split("\n")[number - 1]
    head, tail = original.split(" provides dedicated training")
    text = with_line(
        text,
        number,
        f"{head}¹² \n\n¹² See the report of 3 February 2017.\n\nprovides dedicated training{tail}",
    )
    action = parse_compact(text).objectives[0].actions[2]
    assert action.text == original[len("- c) ") :]


def test_parse_compact_joins_principle_continued_after_page_break():
    text = seed_text()
    number = line_of(text, "Human rights: ")
    original = text.split("\n")[number - 1]
    head, tail = original.split(" across all stages of the migration cycle.")
    text = with_line(
        text, number, f"{head}\n\n⁵ A footnote.\n\nacross all stages of the migration cycle.{tail}"
    )
    principles = parse_compact(text).principles
    assert [(p.slug, p.name) for p in principles] == PRINCIPLES
    assert principles[5].description == original[len("Human rights: ") :]


def test_parse_compact_joins_heading_wrapped_onto_two_lines():
    heading = line_of(seed_text(), "OBJECTIVE 12:")
    title = seed_text().split("\n")[heading - 1]
    text = with_line(seed_text(), heading, title.replace(" determination", "\ndetermination"))
    assert "appropriate\ndetermination and referral\n\n27. " in text
    assert parse_compact(text).objectives[11].title == seed_compact().objectives[11].title


# --- broken copies -----------------------------------------------------------------------


def test_parse_compact_refuses_missing_objective():
    text = without_lines(seed_text(), *objective_block(seed_text(), 8))
    error = parse_error(text)
    assert error.line == line_of(text, "OBJECTIVE 9:")
    assert str(error) == (
        f"line {error.line}: found objective 9 where objective 8 was expected "
        "(objective 8 is missing)"
    )


def test_parse_compact_refuses_missing_first_objective():
    text = without_lines(seed_text(), *objective_block(seed_text(), 1))
    error = parse_error(text)
    assert error.line == line_of(text, "OBJECTIVE 2:")
    assert "objective 1 is missing" in str(error)


def test_parse_compact_refuses_repeated_objective():
    text = seed_text()
    first, last = objective_block(text, 7)
    lines = text.split("\n")
    text = "\n".join(lines[:last] + lines[first - 1 : last] + lines[last:])
    error = parse_error(text)
    assert error.line == line_of(text, "OBJECTIVE 7:", after=first)
    assert str(error) == f"line {error.line}: objective 7 appears twice (first at line {first})"


def test_parse_compact_refuses_gap_in_action_letters():
    text = seed_text()
    missing = line_of(text, "- d) Collect, analyse and use data")
    text = without_lines(text, missing, missing)
    error = parse_error(text)
    assert error.line == missing  # now the line of e)
    assert str(error) == (
        f"line {missing}: found action e) of objective 1 where action d) was expected "
        "(action d) is missing)"
    )


def test_parse_compact_refuses_repeated_action_letter():
    text = seed_text()
    number = line_of(text, "- c) Establish gender-responsive referral")
    text = with_line(text, number, text.split("\n")[number - 1].replace("- c)", "- b)", 1))
    error = parse_error(text)
    first = line_of(text, "- b) Develop and conduct intra-")
    assert (
        str(error)
        == f"line {number}: action b) of objective 12 appears twice (first at line {first})"
    )


def test_parse_compact_refuses_out_of_order_action_letters():
    text = seed_text()
    number = line_of(text, "- a) Elaborate and implement")
    text = with_line(text, number, text.split("\n")[number - 1].replace("- a)", "- b)", 1))
    error = parse_error(text)
    assert error.line == number
    assert "found action b) of objective 1 where action a) was expected" in str(error)


def test_parse_compact_refuses_objective_without_commitment():
    text = seed_text()
    number = line_of(text, "20. We commit to adapt options")
    text = without_lines(text, number, number)
    error = parse_error(text)
    assert error.line == line_of(text, DRAFT_INTRO, after=line_of(text, "OBJECTIVE 5:"))
    assert "objective 5 has no commitment paragraph" in str(error)


def test_parse_compact_refuses_objective_without_actions():
    text = seed_text()
    first = line_of(text, DRAFT_INTRO, after=line_of(text, "OBJECTIVE 3:"))
    last = line_of(text, "OBJECTIVE 4:") - 1
    text = without_lines(text, first + 1, last)
    error = parse_error(text)
    assert error.line == line_of(text, "OBJECTIVE 4:")
    assert (
        str(error)
        == f"line {error.line}: objective 4 starts but objective 3 (line 219) has no actions"
    )


def test_parse_compact_refuses_commitment_numbering_gap():
    text = seed_text().replace("\n24. We commit to intensify", "\n25. We commit to intensify")
    error = parse_error(text)
    assert error.line == line_of(text, "25. We commit to intensify")
    assert "paragraph 25, but the previous commitment was paragraph 23" in str(error)


def test_parse_compact_refuses_text_without_objectives():
    text = re.sub(r"^OBJECTIVE \d+: .*$", "", seed_text(), flags=re.MULTILINE)
    error = parse_error(text)
    assert error.line is None
    assert "no objectives found" in str(error)


def test_parse_compact_refuses_missing_principles():
    text = seed_text()
    first, last = line_of(text, "People-centred:"), line_of(text, "Whole-of-society approach:")
    error = parse_error(without_lines(text, first, last))
    assert error.line == line_of(text, "14. We agree")
    assert "paragraph 14 announces guiding principles but no" in str(error)


def test_parse_compact_refuses_missing_principles_paragraph():
    text = seed_text()
    number = line_of(text, "14. We agree")
    error = parse_error(without_lines(text, number, line_of(text, "Whole-of-society approach:")))
    assert error.line is None
    assert str(error).startswith("no guiding principles found")


@pytest.mark.parametrize(
    "cut_after",
    [
        "OBJECTIVE 23:",  # right after the last heading
        "38. We commit to support",  # right after the last commitment
        DRAFT_INTRO,  # (the last one) before any action of objective 23
        "- c) Involve and support local authorities",  # in the middle of the last actions
        "- e) Conclude bilateral, regional",  # after the last action
        "IMPLEMENTATION",  # after the heading, before paragraph 39
        "OBJECTIVE 12:",  # half-way
        "- g) Develop or build on existing national",  # half-way, before a page break
        "- c) Establish open and accessible information points",  # early, before a page break
    ],
)
def test_parse_compact_refuses_truncated_text(cut_after):
    text = seed_text()
    after = line_of(text, "OBJECTIVE 23:") if cut_after == DRAFT_INTRO else 0
    cut = truncated(text, line_of(text, cut_after, after=after))
    error = parse_error(cut)
    assert error.line == last_nonblank_line(cut)
    assert str(error).startswith(f"line {error.line}: text ends ")


def test_parse_compact_refuses_text_cut_mid_sentence_in_last_action():
    text = seed_text()
    number = line_of(text, "- e) Conclude bilateral, regional")
    cut = truncated(text, number)
    cut = cut[: cut.rindex(" of common interest")]
    error = parse_error(cut)
    assert str(error) == (
        f"line {number}: text ends inside objective 23: the objectives section must be "
        "followed by paragraph 39 (truncated text?)"
    )


def test_parse_compact_refuses_unexpected_paragraph_after_objectives():
    text = seed_text().replace("\n39. For the effective", "\n41. For the effective")
    error = parse_error(text)
    assert error.line == line_of(text, "41. For the effective")
    assert "paragraph 41 follows objective 23; expected paragraph 39" in str(error)


def test_parse_compact_refuses_objective_after_the_objectives_section():
    text = seed_text() + "\n\nOBJECTIVE 24: Something else\n"
    error = parse_error(text)
    assert error.line == line_of(text, "OBJECTIVE 24:")
    assert "appears after the objectives section ended at line 562" in str(error)


def test_parse_compact_refuses_actions_after_a_heading_inside_objective():
    text = seed_text().replace(
        "\n- d) Collect, analyse", "\nSome Stray Heading\n\n- d) Collect, analyse"
    )
    error = parse_error(text)
    assert error.line == line_of(text, "- d) Collect, analyse")
    assert "follows the line 'Some Stray Heading'" in str(error)


def test_parse_compact_error_message_names_line():
    error = CompactParseError("objective 7 appears twice (first at line 290)", 312)
    assert str(error) == "line 312: objective 7 appears twice (first at line 290)"
    assert error.line == 312
    assert isinstance(error, ValueError)


def test_parse_compact_refuses_text_between_intro_and_first_action():
    text = seed_text()
    intro = line_of(text, DRAFT_INTRO, after=line_of(text, "OBJECTIVE 3:"))
    text = with_line(text, intro + 1, "Some stray sentence that is not an action.")
    error = parse_error(text)
    assert error.line == intro + 1
    assert "cannot read 'Some stray sentence" in str(error)
    assert "objective 3" in str(error)


def test_parse_compact_refuses_paragraph_before_the_actions():
    text = seed_text()
    intro = line_of(text, DRAFT_INTRO, after=line_of(text, "OBJECTIVE 3:"))
    text = with_line(text, intro, "99. A stray numbered paragraph.")
    error = parse_error(text)
    assert str(error) == (f"line {intro}: paragraph 99 starts before objective 3 has any actions")


def test_parse_compact_principle_continuation_that_looks_like_a_name_is_joined():
    # A page break mid-sentence, the next page starting with "Words: …", must not
    # start an eleventh principle.
    text = seed_text().replace(
        "It promotes the well-being of migrants",
        "It promotes the following\n\n¹² A footnote.\n\nWell-being: of migrants",
    )
    principles = parse_compact(text).principles
    assert [(p.slug, p.name) for p in principles] == PRINCIPLES
    assert "It promotes the following Well-being: of migrants and" in principles[0].description
