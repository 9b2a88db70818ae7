"""The compact as a document: every paragraph and sub-item (objectives.compact_text's
document reader, the loader's `paragraphs`, /compact/ and /api/v1/paragraphs/)."""

from collections import Counter

import pytest

from objectives.compact_text import parse_compact

from .editions import (
    adopted_edition,
    line_of,
    parse_error,
    seed_compact,
    seed_text,
    truncated,
    with_line,
    without_lines,
)

# Counted in the fixture: (paragraphs, sub-items) per section. The opening is the
# unnumbered sentence before PREAMBLE; principles are paragraph 14 and its 10 names;
# objectives are 15 (the framework) and 16–38 with their 189 actions; implementation
# 39–46 with 42(a)–(c) and their 5 + 3 + 3 roman sub-items and 44(a)–(c); follow-up
# 47–51 with 48(a)–(e).
SECTION_COUNTS = {
    "opening": (1, 0),
    "preamble": (6, 0),
    "vision": (7, 0),
    "principles": (1, 10),
    "objectives": (24, 189),
    "implementation": (8, 17),
    "follow-up": (5, 5),
}


def counts(paragraphs) -> dict[str, tuple[int, int]]:
    found = Counter((p.section, bool(p.item)) for p in paragraphs)
    return {section: (found[section, False], found[section, True]) for section in SECTION_COUNTS}


def by_key(paragraphs) -> dict:
    return {(p.number, p.item): p for p in paragraphs}


# --- the real text -----------------------------------------------------------------------


def test_document_paragraphs_per_section():
    assert counts(seed_compact().paragraphs) == SECTION_COUNTS


def test_document_numbers_run_from_the_opening_to_51_in_order():
    numbers = [p.number for p in seed_compact().paragraphs if not p.item]
    assert numbers == list(range(52))
    lines = [p.line for p in seed_compact().paragraphs]
    assert lines == sorted(lines)


def test_document_opening_is_the_sentence_before_the_preamble():
    opening = seed_compact().paragraphs[0]
    assert (opening.section, opening.number, opening.line) == ("opening", 0, 77)
    assert opening.text.startswith("We, the Heads of State and Government")
    assert opening.text.endswith(
        "have adopted this Global Compact for Safe, Orderly and Regular Migration:"
    )


def test_document_page_break_and_footnotes_joined_out():
    para3 = by_key(seed_compact().paragraphs)[3, ""]
    assert "Safe, Orderly and Regular Migration, in two separate processes." in para3.text
    assert "International Convention on the Elimination" not in para3.text  # footnote 1
    para2 = by_key(seed_compact().paragraphs)[2, ""]
    assert "core international human rights treaties, the United Nations" in para2.text
    assert "Paris Agreement, the International Labour" in para2.text


def test_document_headings_are_the_texts():
    paragraphs = by_key(seed_compact().paragraphs)
    assert paragraphs[9, ""].section_heading == "OUR VISION AND GUIDING PRINCIPLES"
    assert paragraphs[9, ""].heading == "Common Understanding"
    assert paragraphs[39, ""].section_heading == "IMPLEMENTATION"
    assert paragraphs[16, ""].heading.startswith("OBJECTIVE 1: Collect and utilize")
    assert paragraphs[16, ""].intro == "In this regard, the following actions are instrumental:"


def test_document_capacity_building_mechanism_items():
    paragraphs = by_key(seed_compact().paragraphs)
    items = [p.item for p in seed_compact().paragraphs if p.number == 42 and p.item]
    assert items == [
        "a", "a.i", "a.ii", "a.iii", "a.iv", "a.v",
        "b", "b.i", "b.ii", "b.iii",
        "c", "c.i", "c.ii", "c.iii",
    ]  # fmt: skip
    assert paragraphs[42, "a"].text.startswith("A connection hub")
    assert paragraphs[42, "b"].text.startswith("A start-up fund")
    assert paragraphs[42, "c"].text.startswith("A global knowledge platform")
    assert paragraphs[42, "a.v"].text == (
        "identifying funding opportunities, including by initiating the start-up fund"
    )
    assert (
        paragraphs[44, "a"].text
        == "IOM will serve as the coordinator and secretariat of the network"
    )


def test_document_item_after_a_page_break_is_read():
    paragraphs = by_key(seed_compact().paragraphs)
    assert paragraphs[48, "d"].text.startswith(
        "The International Migration Review Forum shall discuss"
    )
    assert paragraphs[48, "c"].text.endswith("every four years beginning in 2022")


def test_document_objectives_and_principles_read_the_same_words():
    paragraphs = by_key(seed_compact().paragraphs)
    for objective in seed_compact().objectives:
        assert paragraphs[objective.paragraph, ""].text == objective.commitment
        for action in objective.actions:
            assert paragraphs[objective.paragraph, action.letter].text == action.text
    for principle in seed_compact().principles:
        row = paragraphs[14, principle.slug]
        assert (row.label, row.text) == (principle.name, principle.description)


def test_document_summary_list_of_objectives_is_not_text_of_its_own():
    para15 = by_key(seed_compact().paragraphs)[15, ""]
    assert para15.text.endswith("along the migration cycle.")
    assert not any("(16)" in p.text for p in seed_compact().paragraphs)


def test_document_adopted_edition_numbers_one_higher_from_the_principles():
    adopted = parse_compact(adopted_edition(seed_text()))
    paragraphs = by_key(adopted.paragraphs)
    assert [p.number for p in adopted.paragraphs if not p.item] == list(range(53))
    assert paragraphs[15, "people-centred"].section == "principles"
    assert paragraphs[43, "a.i"].text.startswith("advising on, assessing")
    assert paragraphs[17, "a"].text == by_key(seed_compact().paragraphs)[16, "a"].text


# --- broken copies: refused with their line ----------------------------------------------


def test_document_refuses_a_missing_paragraph():
    text = seed_text()
    number = line_of(text, "5. This Global Compact is a milestone")
    error = parse_error(without_lines(text, number, number))
    assert str(error) == (
        f"line {number}: found paragraph 6 where paragraph 5 was expected (paragraph 5 is missing)"
    )


def test_document_refuses_a_repeated_number():
    text = seed_text()
    first = line_of(text, "46. Further recognizing")
    number = line_of(text, "47. We will review")
    broken = with_line(text, number, text.split("\n")[number - 1].replace("47.", "46.", 1))
    error = parse_error(broken)
    assert str(error) == f"line {number}: paragraph 46 appears twice (first at line {first})"


def test_document_refuses_a_gap_in_sub_items():
    text = seed_text()
    number = line_of(text, " - ii. complementing other funding sources")
    error = parse_error(without_lines(text, number, number))
    assert error.line == number
    assert "found item b) iii. of paragraph 42 where ii. was expected" in str(error)


def test_document_refuses_a_repeated_item_letter():
    text = seed_text()
    number = line_of(text, " - c) the work of the network")
    broken = with_line(text, number, text.split("\n")[number - 1].replace("c)", "b)", 1))
    error = parse_error(broken)
    assert error.line == number
    assert "item b) of paragraph 44 appears twice" in str(error)


def test_document_refuses_a_text_cut_before_follow_up():
    cut = truncated(seed_text(), line_of(seed_text(), "46. Further recognizing"))
    error = parse_error(cut)
    assert error.line == line_of(cut, "46. Further recognizing")
    assert "without a 'follow-up' section (truncated text?)" in str(error)


def test_document_refuses_a_text_cut_mid_sentence():
    text = seed_text()
    cut = text[: text.rindex(" as they relate to the implementation")]
    error = parse_error(cut)
    assert str(error) == (
        f"line {line_of(cut, '51. ')}: text ends mid-sentence in paragraph 51 (truncated text?)"
    )


def test_document_refuses_text_without_opening():
    text = seed_text()
    number = line_of(text, "We, the Heads of State")
    error = parse_error(with_line(text, number, ""))
    assert error.line == line_of(text, "PREAMBLE")
    assert "no opening sentence" in str(error)


# --- the loader, the page and the API ----------------------------------------------------


@pytest.mark.django_db
def test_compact_load_stores_the_whole_text_and_reload_changes_nothing(compact):
    from objectives.models import Paragraph
    from objectives.services import compact_load

    rows = Paragraph.objects.filter(source__edition="Draft Rev 2, 28 May 2018")
    assert rows.count() == sum(a + b for a, b in SECTION_COUNTS.values())
    assert rows.get(number=42, item="a.i").anchor == "para-42-a-i"

    again = compact_load(text=seed_text(), file_name="rev2.txt")

    assert str(again["paragraphs"]) == f"0 created, 0 updated, {rows.count()} unchanged"


@pytest.mark.django_db
def test_compact_load_refuses_a_broken_document_and_writes_nothing(compact):
    from django.core.exceptions import ValidationError

    from objectives.models import Paragraph
    from objectives.services import compact_load

    before = list(Paragraph.objects.values_list("pk", "text"))
    text = seed_text()
    number = line_of(text, "40. We will work")
    with pytest.raises(ValidationError) as caught:
        compact_load(text=without_lines(text, number, number), file_name="broken.txt")
    assert caught.value.messages[0] == (
        f"broken.txt, line {number}: found paragraph 41 where paragraph 40 was expected "
        "(paragraph 40 is missing)"
    )
    assert list(Paragraph.objects.values_list("pk", "text")) == before


@pytest.mark.django_db
def test_compact_page_shows_every_paragraph_with_anchors(
    client, compact, django_assert_num_queries
):
    # Queries: the current source (first objective with its source); the paragraphs
    # with their objective number (one query, subqueries inside).
    with django_assert_num_queries(2):
        response = client.get("/compact/")
    assert response.status_code == 200
    html = response.content.decode()
    for anchor in ("opening", "para-1", "para-42", "para-42-a-i", "para-48-e", "para-51"):
        assert f'id="{anchor}"' in html
    assert 'id="para-14-people-centred"' in html
    assert 'href="/objectives/20/"' in html  # objective 20's commitment links to its page
    assert 'href="/objectives/20/#a"' in html  # and each of its actions
    assert 'href="/principles/#human-rights"' in html
    assert '<article class="compact-text" lang="en">' in html


@pytest.mark.django_db
def test_paragraphs_api_filters_by_section_and_number(
    api_client, compact, django_assert_num_queries
):
    # Queries: the count and the page (each with the current source as a subquery).
    with django_assert_num_queries(2):
        response = api_client.get("/api/v1/paragraphs/", {"section": "implementation"})
    assert response.status_code == 200
    assert response.json()["count"] == 25
    first = response.json()["results"][0]
    assert (first["number"], first["item"], first["objective"]) == (39, "", None)

    rows = api_client.get("/api/v1/paragraphs/", {"number": 35}).json()["results"]
    assert [(r["item"], r["objective"]) for r in rows][:2] == [("", 20), ("a", 20)]
    assert rows[0]["url"].endswith("/compact/#para-35")


@pytest.mark.django_db
def test_paragraphs_api_is_in_the_schema(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/paragraphs/" in schema["paths"]
    assert "/api/v1/declaration-commitments/" in schema["paths"]
    assert "/api/v1/targets/" in schema["paths"]


@pytest.mark.django_db
def test_objective_page_links_to_its_place_in_the_text(client, compact):
    html = client.get("/objectives/20/").content.decode()
    assert 'href="/compact/#para-35"' in html
