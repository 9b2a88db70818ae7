"""Reads of the review texts as data, shared by the pages and the API: the
Secretary-General's reports with their paragraphs, the States they mention and the facts
they state; the Progress Declaration's commitments and targets."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet

from pledges.models import Actor
from pledges.selectors import User

from .models import (
    CommitmentObjective,
    DeclarationCommitment,
    Mention,
    Report,
    ReportParagraph,
    StatedFact,
    Target,
    TargetValue,
)
from .selectors import commitment_citations_visible_to


def commitment_list(user: User = None) -> QuerySet[DeclarationCommitment]:
    """Commitments in order with their objective links and, as `visible_citations`, the
    pledges citing them that `user` may read (`None`: the published ones). Three
    queries."""
    links = CommitmentObjective.objects.select_related("objective").order_by("objective__number")
    citations = commitment_citations_visible_to(user)
    return DeclarationCommitment.objects.prefetch_related(
        Prefetch("objective_links", queryset=links),
        Prefetch("pledge_links", queryset=citations, to_attr="visible_citations"),
    ).order_by("number")


def target_list() -> QuerySet[Target]:
    """Targets with their paragraph, objective and values (world first). Two queries."""
    values = TargetValue.objects.select_related("state").order_by(
        F("state__code").asc(nulls_first=True), "year", "period"
    )
    return (
        Target.objects.select_related("commitment", "objective")
        .prefetch_related(Prefetch("values", queryset=values))
        .order_by("slug")
    )


def targets_of_objective(objective_id: int) -> list[Target]:
    """The targets an objective's page shows, with their paragraph. One query."""
    return list(Target.objects.select_related("commitment").filter(objective_id=objective_id))


def mention_list() -> QuerySet[Mention]:
    """Every mention with its State, paragraph and report, in the reports' order. One
    query."""
    return Mention.objects.select_related("state", "paragraph__report").order_by(
        "paragraph__report__year", "paragraph__order", "sentence_index", "state__code"
    )


def report_mentions_of_state(state: Actor) -> dict:
    """What a country page shows under "In the Secretary-General's reports": the
    sentences naming the State, grouped by report, and the facts stated about it. Two
    queries."""
    reports: dict[Report, list[Mention]] = {}
    for mention in mention_list().filter(state=state):
        reports.setdefault(mention.paragraph.report, []).append(mention)
    facts = list(
        StatedFact.objects.select_related("paragraph__report")
        .filter(state=state)
        .order_by("year", "kind")
    )
    return {
        "reports": list(reports.items()),
        "facts": facts,
        "count": sum(map(len, reports.values())),
    }


def report_detail(slug: str) -> Report | None:
    """A report with its paragraphs in order, each with its mentions' States. Three
    queries."""
    mentions = Mention.objects.select_related("state").order_by("sentence_index", "state__code")
    paragraphs = ReportParagraph.objects.prefetch_related(
        Prefetch("mentions", queryset=mentions)
    ).order_by("order")
    return (
        Report.objects.prefetch_related(Prefetch("paragraphs", queryset=paragraphs))
        .filter(slug=slug)
        .first()
    )
