"""The texts' links to the 2030 Agenda (objectives.sdg, reviews.sdg_links): every SDG
target or indicator the compact, the Progress Declaration and the two Secretary-General
reports name by number, with its sentence, paragraph, objective and action."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from objectives.models import Action, Objective, SdgLink
from objectives.sdg import find_sdg_references, sdg_link_curate, sdg_links_load
from reviews.sdg_links import sdg_links_load_texts

# Every reference the texts make, by (text, paragraph, code): the compact names one
# (action 20(a)), the declaration none, the 2021 report five, the 2024 report one.
EVERY_REFERENCE = {
    ("compact", "35(a)", "10.c"),
    ("sg-report-2021", "24", "10.7.1"),
    ("sg-report-2021", "40", "10.c"),
    ("sg-report-2021", "60", "10.7"),
    ("sg-report-2021", "72", "16.9"),
    ("sg-report-2021", "72", "10.7"),
    ("sg-report-2024", "20", "10.7"),
}


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("in line with target 10.c of the 2030 Agenda", [("10.c", "target")]),
        ("SDG target 10.c", [("10.c", "target")]),
        (
            "the assessment of Sustainable Development Goal indicator 10.7.1.",
            [("10.7.1", "indicator")],
        ),
        ("targets 10.7 and 10.c", [("10.7", "target"), ("10.c", "target")]),
        ("Sustainable Development Goal target 16.9 (By 2030, …)", [("16.9", "target")]),
        (
            "indicators 10.7.1, 10.7.2 or 10.c.1",
            [("10.7.1", "indicator"), ("10.7.2", "indicator"), ("10.c.1", "indicator")],
        ),
        ("the Sustainable Development Goal target of 3 per cent", []),
        ("in 10.7 per cent of cases; target 18.1", []),
    ],
)
def test_find_sdg_references(text, codes):
    assert [(r.code, r.kind) for r in find_sdg_references(text)] == codes


def test_an_indicator_belongs_to_its_target():
    (reference,) = find_sdg_references("indicator 10.7.1")
    assert (reference.goal, reference.sdg_target) == (10, "10.7")


@pytest.mark.django_db
def test_seed_records_every_sdg_reference_the_texts_make():
    links = SdgLink.objects.filter(curated=False)
    assert {(link.document, link.paragraph, link.code) for link in links} == EVERY_REFERENCE
    assert not links.filter(document="imrf-2022-progress-declaration").exists()


@pytest.mark.django_db
def test_action_20a_links_to_target_10c_with_its_sentence():
    link = SdgLink.objects.select_related("objective", "action").get(document="compact")
    assert (link.objective.number, link.action.label, link.kind) == (20, "20(a)", "target")
    assert link.sentence.startswith("Develop a roadmap to reduce the transaction costs")
    assert link.sentence.endswith(
        "in line with target 10.c of the 2030 Agenda for Sustainable Development"
    )
    assert link.url == "/compact/#para-35-a"


@pytest.mark.django_db
def test_report_links_quote_their_own_sentence():
    para_72 = SdgLink.objects.filter(document="sg-report-2021", paragraph="72")
    by_code = {link.code: link.sentence for link in para_72}
    assert by_code["16.9"].startswith("The commitment to providing proof of legal identity")
    assert by_code["10.7"].startswith("With regular pathways out of reach")
    indicator = SdgLink.objects.get(code="10.7.1")
    assert (indicator.kind, indicator.sdg_target) == ("indicator", "10.7")
    assert indicator.url == "/reports/sg-report-2021/#para-24"


@pytest.mark.django_db
def test_sdg_loaders_run_again_change_nothing():
    assert str(sdg_links_load()["SDG links (compact)"]) == "0 created, 0 updated, 1 unchanged"
    counts = sdg_links_load_texts()
    assert str(counts["SDG links (reports)"]) == "0 created, 0 updated, 6 unchanged"
    assert str(counts["SDG links (Progress Declaration)"]) == "0 created, 0 updated, 0 unchanged"


@pytest.mark.django_db
def test_staff_curate_a_link_and_the_loader_leaves_it(staff_user, django_user_model):
    objective = Objective.objects.get(number=6)
    link = sdg_link_curate(
        user=staff_user,
        document="compact",
        document_title="Rev 2",
        paragraph="21",
        sentence="We commit to review existing recruitment mechanisms …",
        code="10.7",
        objective=objective,
    )
    assert (link.curated, link.curated_by, link.kind) == (True, staff_user, "target")
    assert link.curated_at is not None
    sdg_links_load()
    assert SdgLink.objects.filter(pk=link.pk).exists()
    outsider = django_user_model.objects.create_user("outsider", "o@example.org", "pw")
    with pytest.raises(PermissionDenied):
        sdg_link_curate(user=outsider, document="compact", document_title="", paragraph="21",
                        sentence="", code="10.7")  # fmt: skip
    with pytest.raises(ValidationError):
        sdg_link_curate(user=staff_user, document="compact", document_title="", paragraph="22",
                        sentence="", code="18.1")  # fmt: skip
    with pytest.raises(ValidationError):
        sdg_link_curate(user=staff_user, document="compact", document_title="", paragraph="21",
                        sentence="", code="10.7")  # fmt: skip


@pytest.mark.django_db
def test_sdg_links_api_filters_by_objective(api_client, django_assert_num_queries):
    # Queries: the count, the page (with objective and action).
    with django_assert_num_queries(2):
        response = api_client.get("/api/v1/sdg-links/", {"objective": 20})
    assert response.status_code == 200
    (link,) = response.json()["results"]
    assert (link["code"], link["action"], link["paragraph"], link["curated"]) == (
        "10.c",
        "20(a)",
        "35(a)",
        False,
    )


@pytest.mark.django_db
def test_sdg_links_api_filters_by_target_with_its_indicators(api_client, django_assert_num_queries):
    # Queries: the count, the page.
    with django_assert_num_queries(2):
        response = api_client.get("/api/v1/sdg-links/", {"sdg_target": "10.7"})
    rows = response.json()["results"]
    assert sorted((r["document"], r["paragraph"], r["code"]) for r in rows) == [
        ("sg-report-2021", "24", "10.7.1"),
        ("sg-report-2021", "60", "10.7"),
        ("sg-report-2021", "72", "10.7"),
        ("sg-report-2024", "20", "10.7"),
    ]


@pytest.mark.django_db
def test_sdg_links_and_mentions_are_in_the_openapi_document(api_client):
    paths = api_client.get("/api/schema/", {"format": "json"}).json()["paths"]
    assert "/api/v1/sdg-links/" in paths
    assert "/api/v1/mentions/" in paths


@pytest.mark.django_db
def test_objective_20_page_shows_target_10c_and_the_para_67_target(
    client, django_assert_max_num_queries
):
    # The page's own queries (the compact's four, pledges'), plus one for its SDG links
    # and one for the reviews panel's targets.
    with django_assert_max_num_queries(12):
        response = client.get("/objectives/20/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "SDG target 10.c" in html
    assert "in line with target 10.c of the 2030 Agenda for Sustainable Development" in html
    assert 'href="/targets/remittance-costs-2030/"' in html
    assert "baseline 6.3 %" in html and "less than 3 %" in html and "by 2030" in html


@pytest.mark.django_db
def test_an_objective_without_links_says_so(client):
    html = client.get("/objectives/1/").content.decode()
    assert "The texts name no SDG target or indicator for this objective." in html
    assert "/targets/" not in html
    assert Action.objects.filter(sdg_links__isnull=False).count() == 1
