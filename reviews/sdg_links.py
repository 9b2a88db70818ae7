"""The SDG links the review texts make: the Secretary-General's reports (their
paragraphs as reviews.mentions stored them) and the Progress Declaration.

The compact's own links are objectives' (objectives.sdg); this module writes the same
`SdgLink` rows for the texts reviews owns, through objectives' `sdg_links_sync`. A
link's objective is known where the paragraph names exactly one ("objective 20").
"""

from __future__ import annotations

import re

from django.db import transaction
from django.urls import reverse

from core.loading import Counts, read_text_file
from objectives.models import Objective
from objectives.sdg import FoundLink, links_in, sdg_links_sync

from .declaration import DECLARATION_PATH, declaration_paragraphs
from .models import Report, ReportParagraph

DECLARATION_DOCUMENT = "imrf-2022-progress-declaration"
DECLARATION_TITLE = "Progress Declaration of the International Migration Review Forum (2022)"
_OBJECTIVE = re.compile(r"\bobjective (\d{1,2})\b", re.IGNORECASE)


def _only_objective(text: str, objectives: dict[int, Objective]) -> Objective | None:
    numbers = {int(n) for n in _OBJECTIVE.findall(text)}
    return objectives.get(numbers.pop()) if len(numbers) == 1 else None


@transaction.atomic
def sdg_links_load_texts(*, dry_run: bool = False) -> dict[str, Counts]:
    """The reference-data step after the reports: the links of each report and of the
    Progress Declaration, idempotent by (text, paragraph, code). Four queries to read
    (objectives, reports, their paragraphs, the links), one write per change."""
    objectives = {o.number: o for o in Objective.objects.all()}
    counts: dict[str, Counts] = {}
    paragraphs = ReportParagraph.objects.select_related("report").order_by("report", "order")
    by_report: dict[Report, list[FoundLink]] = {r: [] for r in Report.objects.all()}
    for paragraph in paragraphs:
        by_report.setdefault(paragraph.report, []).extend(
            links_in(
                paragraph.text,
                paragraph=paragraph.key,
                url=paragraph.get_absolute_url(),
                order=paragraph.order,
                objective=_only_objective(paragraph.text, objectives),
            )
        )
    total = Counts()
    for report, found in by_report.items():
        total += sdg_links_sync(document=report.slug, document_title=str(report), found=found)
    counts["SDG links (reports)"] = total

    base = reverse("reviews:declaration")
    found = []
    for number, body, _line, _heading in declaration_paragraphs(read_text_file(DECLARATION_PATH)):
        found += links_in(
            body,
            paragraph=str(number),
            url=f"{base}#para-{number}",
            order=number,
            objective=_only_objective(body, objectives),
        )
    counts["SDG links (Progress Declaration)"] = sdg_links_sync(
        document=DECLARATION_DOCUMENT, document_title=DECLARATION_TITLE, found=found
    )
    if dry_run:
        transaction.set_rollback(True)
    return counts
