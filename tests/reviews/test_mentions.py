"""What the Secretary-General's reports say about each State (reviews.reports,
reviews.mentions): the reports' paragraphs, the sentences naming a Member State, the
facts stated outright, the API and the country page."""

import json

import pytest
from django.core.exceptions import ValidationError

from reviews.mentions import (
    FIXTURES,
    REPORTS_PATH,
    StateMatcher,
    reports_load,
    reports_load_default,
    state_aliases,
)
from reviews.models import Mention, Report, ReportParagraph, StateAlias, StatedFact
from reviews.reports import parse_report
from reviews.source_texts import SourceTextError

REPORT_2021 = (FIXTURES / "sg-report-2021.txt").read_text(encoding="utf-8")
REPORT_2024 = (FIXTURES / "sg-report-2024.txt").read_text(encoding="utf-8")

# Sentences naming each State, per report (2021, 2024), as the texts have them.
MENTIONS = {
    "KEN": (2, 2),
    "PRT": (2, 2),
    "LKA": (1, 1),
    "BGD": (1, 4),
    "COL": (3, 6),
    "ECU": (3, 4),
}


def line_of(text: str, prefix: str) -> int:
    return next(n for n, ln in enumerate(text.split("\n"), 1) if ln.startswith(prefix))


def test_the_2021_report_is_shipped_in_fixtures():
    assert (
        "Kenya and Portugal adopted Compact-specific national implementation plans." in REPORT_2021
    )


def test_parse_report_reads_every_paragraph_box_and_annex():
    report_2021 = parse_report(REPORT_2021, last_paragraph=111)
    numbers = [b.number for b in report_2021.blocks if b.kind == "paragraph"]
    assert numbers == list(range(1, 112))
    assert [b.key for b in report_2021.blocks if b.kind != "paragraph"] == ["summary", "box-1"]
    report_2024 = parse_report(REPORT_2024, last_paragraph=89, annex_paragraphs=5)
    keys = [b.key for b in report_2024.blocks if b.kind != "paragraph"]
    assert keys == ["summary", "box-1", "box-2", *(f"annex-{n}" for n in range(1, 6))]
    para_40 = report_2021.by_key()["40"]
    # The page break inside paragraph 40 is joined; the footnotes between are out.
    assert para_40.text.endswith(
        "in particular target 10.c, including for women and rural dwellers."
    )
    assert "International Fund for Agricultural Development" not in para_40.text
    para_24 = report_2021.by_key()["24"]
    assert para_24.section == "II. Progress on implementation"
    assert para_24.heading.startswith("D. Ensuring fair and ethical recruitment")


def test_parse_report_refuses_a_repeated_paragraph_number():
    broken = REPORT_2021.replace("\n25. There are indications", "\n24. There are indications", 1)
    with pytest.raises(SourceTextError) as caught:
        parse_report(broken, last_paragraph=111)
    line = line_of(REPORT_2021, "25. There are indications")
    assert str(caught.value) == (
        f"line {line}: paragraph 24 appears twice (first at line {line_of(REPORT_2021, '24. ')})"
    )


def test_parse_report_refuses_a_truncated_report():
    cut = REPORT_2021[: REPORT_2021.index("100. States are urged")]
    with pytest.raises(SourceTextError, match="text ends at paragraph 99, before paragraph 111"):
        parse_report(cut, last_paragraph=111)
    mid_sentence = REPORT_2021[: REPORT_2021.index("Migration Network Hub systematically")]
    line = line_of(REPORT_2021, "111. ")
    with pytest.raises(SourceTextError) as caught:
        parse_report(mid_sentence, last_paragraph=111)
    assert str(caught.value) == f"line {line}: paragraph 111 ends mid-sentence (truncated?)"


def test_parse_report_refuses_a_truncated_annex():
    cut = REPORT_2024[: REPORT_2024.index("Data and foresight")]
    with pytest.raises(SourceTextError, match="the annex ends at paragraph 4, before paragraph 5"):
        parse_report(cut, last_paragraph=89, annex_paragraphs=5)


@pytest.fixture
def matcher(member_states):
    from pledges.models import Actor

    states = dict(Actor.objects.filter(kind="state").values_list("code", "name"))
    return StateMatcher(states, state_aliases())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sentence", "codes"),
    [
        ("Türkiye has adopted a law", ["TUR"]),
        ("in the Sudan and South Sudan", ["SDN", "SSD"]),
        ("Belarus and the Republic of Moldova signed", ["BLR", "MDA"]),
        ("Côte d’Ivoire and Côte d'Ivoire", ["CIV"]),
        ("the United States and the United Kingdom", ["USA", "GBR"]),
        ("the Republic of Korea and the Democratic People's Republic of Korea", ["KOR", "PRK"]),
        (
            "the Netherlands, the Philippines, the Niger and the Gambia",
            ["NLD", "PHL", "NER", "GMB"],
        ),
        ("Bolivia (Plurinational State of) and Venezuela (Bolivarian Republic of)", ["BOL", "VEN"]),
        ("Iran (Islamic Republic of) and Viet Nam", ["IRN", "VNM"]),
        # Names inside other names, or inside words, are not that State.
        ("Papua New Guinea, Equatorial Guinea and Guinea-Bissau", ["PNG", "GNQ", "GNB"]),
        ("Nigeria and the Dominican Republic", ["NGA", "DOM"]),
        ("Venezuelan nationals in Colombia", ["COL"]),
        ("the Gulf of Guinea and Northern Ireland", []),
    ],
)
def test_state_matcher_names_and_aliases(matcher, sentence, codes):
    assert [code for code, _ in matcher.find(sentence)] == codes


@pytest.mark.django_db
def test_every_alias_is_a_member_state_code():
    import pycountry

    for code in state_aliases():
        assert pycountry.countries.get(alpha_3=code) is not None, code


@pytest.mark.django_db
def test_the_aliases_are_seeded_from_the_list_once_in_code(django_assert_num_queries):
    with django_assert_num_queries(1):
        aliases = state_aliases()
    assert aliases["TUR"] == ("Turkey", "Türkiye")
    assert aliases["SDN"] == ("the Sudan",)
    assert sum(len(names) for names in aliases.values()) == 36


@pytest.mark.django_db
def test_an_alias_staff_add_is_found_by_the_matcher(member_states):
    from pledges.models import Actor

    states = dict(Actor.objects.filter(kind="state").values_list("code", "name"))
    sentence = "Delegates of the Sublime Porte spoke."
    assert StateMatcher(states, state_aliases()).find(sentence) == []

    StateAlias.objects.create(state_code="TUR", name="the Sublime Porte")

    assert StateMatcher(states, state_aliases()).find(sentence) == [("TUR", "Sublime Porte")]


@pytest.mark.django_db
def test_an_alias_must_name_a_country_code():
    alias = StateAlias(state_code="xx1", name="Atlantis")
    with pytest.raises(ValidationError) as error:
        alias.full_clean()
    assert "state_code" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("code", list(MENTIONS))
def test_mentions_per_state_and_report(code):
    counts = tuple(
        Mention.objects.filter(state__code=code, paragraph__report__year=year).count()
        for year in (2021, 2024)
    )
    assert counts == MENTIONS[code]


@pytest.mark.django_db
def test_a_mention_keeps_its_report_paragraph_section_and_sentence():
    mention = Mention.objects.select_related("paragraph__report").get(
        state__code="LKA", paragraph__report__year=2024
    )
    assert (mention.paragraph.key, mention.paragraph.report.slug) == ("20", "sg-report-2024")
    assert mention.paragraph.where == "Labour migration and decent work"
    assert mention.sentence.startswith(
        "To address the issue of unfair recruitment, Sri Lanka developed a code of conduct"
    )
    colombia = Mention.objects.filter(state__code="COL", paragraph__report__year=2021)
    assert any("In countries such as Colombia and Ecuador" in m.sentence for m in colombia)


@pytest.mark.django_db
def test_facts_stated_outright():
    plans = {
        (f.paragraph.report.year, f.state.code)
        for f in StatedFact.objects.filter(kind="national-plan").select_related(
            "state", "paragraph__report"
        )
    }
    assert plans == {(2021, "KEN"), (2021, "PRT"), (2024, "SLV"), (2024, "GHA"), (2024, "KEN")}
    champions = {
        f.year: (f.value, f.sentence) for f in StatedFact.objects.filter(kind="champion-countries")
    }
    assert champions[2021][0] == 27 and "27 “champion countries”" in champions[2021][1]
    assert champions[2024] == (
        35,
        "The number of States involved in the “champion countries” initiative grew to 35.",
    )


@pytest.mark.django_db
def test_reports_load_again_changes_nothing():
    counts = reports_load_default()
    assert {kind: str(c) for kind, c in counts.items()} == {
        "reports": "0 created, 0 updated, 2 unchanged",
        "report paragraphs": "0 created, 0 updated, 210 unchanged",
        "mentions": "0 created, 0 updated, 201 unchanged",
        "stated facts": "0 created, 0 updated, 7 unchanged",
    }


@pytest.mark.django_db
def test_reports_load_refuses_a_broken_report_and_writes_nothing():
    data = json.loads(REPORTS_PATH.read_text(encoding="utf-8"))
    before = (Report.objects.count(), ReportParagraph.objects.count(), Mention.objects.count())
    Mention.objects.filter(state__code="KEN").delete()
    broken = REPORT_2024.replace("\n21. ", "\n20. ", 1)
    texts = {"sg-report-2021.txt": REPORT_2021, "sg-report-2024.txt": broken}
    with pytest.raises(
        ValidationError, match=r"sg-report-2024.txt, line \d+: paragraph 20 appears twice"
    ):
        reports_load(data=data, texts=texts)
    assert not Mention.objects.filter(state__code="KEN").exists()  # nothing written
    assert Report.objects.count() == before[0]


@pytest.mark.django_db
def test_mentions_api_filters_by_state_and_report(api_client, django_assert_num_queries):
    # Queries: the count, the page (with State, paragraph and report).
    with django_assert_num_queries(2):
        response = api_client.get("/api/v1/mentions/", {"state": "KEN", "report": "sg-report-2021"})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["paragraph"], r["state"], r["report_symbol"]) for r in rows] == [
        ("12", "KEN", "A/76/642"),
        ("38", "KEN", "A/76/642"),
    ]
    assert (
        rows[0]["sentence"]
        == "Kenya and Portugal adopted Compact-specific national implementation plans."
    )
    assert rows[0]["url"].endswith("/reports/sg-report-2021/#para-12")


@pytest.mark.django_db
def test_kenya_country_page_shows_its_mentions_with_paragraphs(
    client, django_assert_max_num_queries
):
    # The profile's own queries, plus two for "In the Secretary-General's reports":
    # the mentions (with paragraph and report) and the facts.
    with django_assert_max_num_queries(12):
        response = client.get("/countries/KEN/")
    html = response.content.decode()
    assert (
        "In the Secretary-General&#x27;s reports" in html
        or "In the Secretary-General's reports" in html
    )
    assert 'href="/reports/sg-report-2021/#para-12"' in html
    assert 'href="/reports/sg-report-2024/#para-71"' in html
    assert "Kenya and Portugal adopted Compact-specific national implementation plans." in html
    assert "National implementation plan" in html


@pytest.mark.django_db
def test_report_page_anchors_every_paragraph(client, django_assert_num_queries):
    # Queries: the report, its paragraphs, their mentions with their States.
    with django_assert_num_queries(3):
        response = client.get("/reports/sg-report-2021/")
    html = response.content.decode()
    assert html.count('class="report-paragraph') == 113
    assert 'id="para-72"' in html and 'href="/countries/ECU/"' in html
    assert client.get("/reports/no-such-report/").status_code == 404


@pytest.mark.django_db
def test_staff_add_an_alias_in_the_admin_and_the_change_is_audited(client, staff_user):
    client.force_login(staff_user)

    response = client.post(
        "/admin/reviews/statealias/add/", {"state_code": " tur ", "name": "Ottoman  Porte"}
    )

    assert response.status_code == 302
    alias = StateAlias.objects.get(name="Ottoman Porte")
    assert alias.state_code == "TUR"
    (record,) = alias.history.all()
    assert record.history_user == staff_user


@pytest.mark.django_db
def test_the_admin_refuses_an_alias_that_names_no_country(client, staff_user):
    client.force_login(staff_user)

    response = client.post(
        "/admin/reviews/statealias/add/", {"state_code": "XX1", "name": "Atlantis"}
    )

    assert response.status_code == 200
    assert "state_code" in response.context["adminform"].form.errors
    assert not StateAlias.objects.filter(name="Atlantis").exists()


@pytest.mark.django_db
def test_a_focal_point_may_not_change_the_aliases(client, focal_ken):
    focal_ken.is_staff = True  # even let into the admin, no permission on the model
    focal_ken.save()
    client.force_login(focal_ken)
    before = StateAlias.objects.count()

    response = client.post("/admin/reviews/statealias/add/", {"state_code": "KEN", "name": "Kenia"})

    assert response.status_code == 403
    assert StateAlias.objects.count() == before
