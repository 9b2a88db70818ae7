"""The Progress Declaration as data: commitments 51–76 with their kinds, the para 67
target and the adopted objective titles (reviews.declaration)."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from objectives.models import Objective
from reviews.declaration import (
    DECLARATION_PATH,
    commitment_objective_curate,
    declaration_load,
    parse_declaration,
)
from reviews.models import CommitmentObjective, DeclarationCommitment, Target
from reviews.source_texts import SourceTextError

KINDS = {
    51: "commit", 52: "aim", 53: "commit", 54: "commit", 55: "commit", 56: "commit",
    57: "commit", 58: "will", 59: "will", 60: "commit", 61: "commit", 62: "commit",
    63: "commit", 64: "commit", 65: "aim", 66: "commit", 67: "commit", 68: "invite",
    69: "will", 70: "request", 71: "commit", 72: "take-note", 73: "welcome", 74: "commit",
    75: "commit", 76: "request",
}  # fmt: skip


def text() -> str:
    return DECLARATION_PATH.read_text(encoding="utf-8")


def line_of(body: str, prefix: str) -> int:
    return next(n for n, ln in enumerate(body.split("\n"), 1) if ln.startswith(prefix))


def test_parse_declaration_reads_26_commitments_with_their_kinds():
    parsed = parse_declaration(text())
    assert {c.number: c.kind for c in parsed.commitments} == KINDS
    # "Building on the lessons learned …, we aim to integrate …": the first "we" counts.
    assert parsed.commitments[1].text.startswith("Building on the lessons learned")


def test_parse_declaration_joins_page_breaks():
    by_number = {c.number: c for c in parse_declaration(text()).commitments}
    assert "liable to criminal prosecution for other violations" not in by_number[61].text
    assert "become lia prosecution" not in by_number[61].text
    assert by_number[61].text.endswith("pathways for safe, orderly and regular migration.")
    assert "voluntary national reviews of progress" in by_number[75].text


def test_parse_declaration_reads_the_para_67_target():
    (target,) = parse_declaration(text()).targets
    assert target.paragraph == 67
    assert (target.baseline, target.baseline_period) == (Decimal("6.3"), "third quarter of 2021")
    assert (target.comparison, target.goal, target.year) == ("below", Decimal("3"), 2030)


def test_parse_declaration_adopted_titles():
    titles = parse_declaration(text()).adopted_titles
    assert len(titles) == 23
    assert (
        titles[4]
        == "Ensure that all migrants have proof of legal identity and adequate documentation"
    )


def test_parse_declaration_refuses_a_repeated_number():
    body = text()
    number = line_of(body, "60. ")
    broken = body.replace("\n60. We commit", "\n59. We commit", 1)
    with pytest.raises(SourceTextError) as caught:
        parse_declaration(broken)
    assert str(caught.value) == (
        f"line {number}: paragraph 59 appears twice (first at line {line_of(body, '59. ')})"
    )


def test_parse_declaration_refuses_a_missing_paragraph():
    body = text()
    number = line_of(body, "70. ")
    lines = body.split("\n")
    broken = "\n".join(lines[: number - 1] + lines[number:])
    with pytest.raises(SourceTextError) as caught:
        parse_declaration(broken)
    assert str(caught.value) == (
        f"line {number + 1}: found paragraph 71 where paragraph 70 was expected "
        "(paragraph 70 is missing)"
    )


def test_parse_declaration_refuses_a_truncated_text():
    body = text()
    cut = body[: body.index("\n74. We commit")]
    with pytest.raises(SourceTextError, match="text ends before paragraph 74"):
        parse_declaration(cut)


# --- the loader --------------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_declaration_load_stores_commitments_target_and_titles(compact):
    assert dict(DeclarationCommitment.objects.values_list("number", "kind")) == KINDS
    target = Target.objects.get(slug="remittance-costs-2030")
    assert (target.baseline_value, target.goal_value, target.goal_year) == (
        Decimal("6.3"),
        Decimal("3"),
        2030,
    )
    assert (target.commitment.number, target.objective.number, target.sdg_indicator) == (
        67,
        20,
        "10.c.1",
    )
    assert Objective.objects.get(number=13).adopted_title == (
        "Use migration detention only as a measure of last resort and work towards alternatives"
    )


@pytestmark_db
def test_declaration_load_again_changes_nothing(compact):
    counts = declaration_load(text=text(), file_name="declaration.txt")
    assert str(counts["commitments"]) == "0 created, 0 updated, 26 unchanged"
    assert str(counts["targets"]) == "0 created, 0 updated, 1 unchanged"


@pytestmark_db
def test_declaration_load_refuses_a_broken_text_and_writes_nothing(compact):
    before = list(DeclarationCommitment.objects.values_list("number", "text"))
    broken = text().replace("\n60. We commit", "\n59. We commit", 1)
    with pytest.raises(ValidationError) as caught:
        declaration_load(text=broken, file_name="broken.txt")
    assert caught.value.messages[0].startswith("broken.txt, line ")
    assert list(DeclarationCommitment.objects.values_list("number", "text")) == before


@pytestmark_db
def test_staff_curate_a_link_with_who_and_when(compact, django_user_model):
    staff = django_user_model.objects.create_user("nina", is_staff=True)
    commitment = DeclarationCommitment.objects.get(number=67)
    link = commitment_objective_curate(
        commitment=commitment, objective=Objective.objects.get(number=20), user=staff
    )
    assert (link.from_text, link.curated_by, link.curated_at is not None) == (False, staff, True)
    # A reload keeps the curated link.
    declaration_load(text=text())
    assert CommitmentObjective.objects.filter(pk=link.pk).exists()


@pytestmark_db
def test_commitments_api(api_client, compact, django_assert_num_queries):
    # Queries: the count, the page, the objective links with their objectives, the
    # pledges citing them.
    with django_assert_num_queries(4):
        response = api_client.get("/api/v1/declaration-commitments/", {"kind": "request"})
    assert response.status_code == 200
    assert [r["number"] for r in response.json()["results"]] == [70, 76]


@pytestmark_db
def test_targets_api(api_client, compact, django_assert_num_queries):
    # Queries: the count, the page (with commitment and objective), the values.
    with django_assert_num_queries(3):
        response = api_client.get("/api/v1/targets/")
    (target,) = response.json()["results"]
    assert (target["paragraph"], target["objective"], target["sdg_indicator"]) == (67, 20, "10.c.1")
    assert (target["baseline_value"], target["goal_value"]) == ("6.3000", "3.0000")
    assert target["values"] == []


@pytestmark_db
def test_seed_reports_the_declaration_unchanged_on_a_second_run(compact):
    call_command("seed", stdout=StringIO())
    out = StringIO()
    call_command("seed", stdout=out)
    assert "commitments: 0 created, 0 updated, 26 unchanged" in out.getvalue()
