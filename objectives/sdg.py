"""Links between the texts and the 2030 Agenda: every place a text names an SDG target
or indicator by number, with the sentence that makes the link.

- `find_sdg_references` reads "target 10.c", "SDG indicator 10.7.1", "targets 10.7 and
  10.c", "Sustainable Development Goal target 16.9" out of a sentence (pure Python).
- `sdg_links_sync` writes one text's links (any app's text: the reviews app syncs the
  reports' and the declaration's); staff-curated links are never touched by it.
- `sdg_links_load` is the compact's step of `seed`: the current edition's paragraphs,
  each action's links carrying its objective and action (action 20(a) ↔ 10.c).
- `sdg_link_curate` is how Network staff add a link the texts do not make.
- `sdg_links_for_objective` and `sdg_link_list` are the reads of the pages and API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.loading import Counts, save_if_changed
from core.sentences import sentences

from .document import paragraph_list
from .models import Action, Objective, SdgLink

if TYPE_CHECKING:
    from django.contrib.auth.models import User

COMPACT_DOCUMENT = "compact"

# A target is "<goal>.<digit(s) or letter>", an indicator adds ".<digits>"; goals 1–17.
_CODE = r"(?:1[0-7]|[1-9])\.(?:\d{1,2}|[a-z])(?:\.\d{1,2})?(?![\w])"
_SDG_REFERENCE = re.compile(
    r"\b(?P<word>[Tt]argets?|[Ii]ndicators?)\s+"
    rf"(?P<codes>{_CODE}(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+){_CODE})*)"
)
_ONE_CODE = re.compile(_CODE)


@dataclass(frozen=True)
class SdgReference:
    code: str  # "10.c", "10.7.1"
    kind: str  # SdgLink.Kind value
    goal: int
    sdg_target: str  # "10.7" for indicator 10.7.1


def find_sdg_references(text: str) -> list[SdgReference]:
    """Every SDG target or indicator `text` names by number, in order, each once."""
    found: dict[str, SdgReference] = {}
    for match in _SDG_REFERENCE.finditer(text):
        word_is_indicator = match["word"].lower().startswith("indicator")
        for code_match in _ONE_CODE.finditer(match["codes"]):
            code = code_match[0]
            parts = code.split(".")
            kind = "indicator" if word_is_indicator or len(parts) == 3 else "target"
            found.setdefault(code, SdgReference(code, kind, int(parts[0]), ".".join(parts[:2])))
    return list(found.values())


@dataclass(frozen=True)
class FoundLink:
    """One link as a loader found it, before it is written."""

    paragraph: str
    url: str
    sentence: str
    reference: SdgReference
    order: int
    objective: Objective | None = None
    action: Action | None = None


def links_in(
    text: str,
    *,
    paragraph: str,
    url: str,
    order: int,
    objective: Objective | None = None,
    action: Action | None = None,
) -> list[FoundLink]:
    """The links a paragraph's text makes, each with its sentence."""
    links = []
    for sentence in sentences(text):
        for reference in find_sdg_references(sentence):
            links.append(FoundLink(paragraph, url, sentence, reference, order, objective, action))
    return links


@transaction.atomic
def sdg_links_sync(*, document: str, document_title: str, found: list[FoundLink]) -> Counts:
    """Make the read-from-text links of `document` what `found` says: created, updated
    in place by (paragraph, code), or removed when the text no longer makes them.
    Curated links are left alone. Cost: one read, one write per change."""
    counts = Counts()
    existing = {
        (link.paragraph, link.code): link
        for link in SdgLink.objects.filter(document=document, curated=False)
    }
    seen: set[tuple[str, str]] = set()
    for item in found:
        key = (item.paragraph, item.reference.code)
        if key in seen:  # the same code twice in one paragraph: its first sentence
            continue
        seen.add(key)
        link = existing.pop(key, None) or SdgLink(
            document=document, paragraph=item.paragraph, code=item.reference.code
        )
        values = {
            "document_title": document_title,
            "url": item.url,
            "sentence": item.sentence,
            "kind": item.reference.kind,
            "goal": item.reference.goal,
            "sdg_target": item.reference.sdg_target,
            "objective": item.objective,
            "action": item.action,
            "order": item.order,
        }
        counts.add(save_if_changed(link, values))
    for link in existing.values():
        link.delete()
        counts.removed += 1
    return counts


@transaction.atomic
def sdg_links_load(*, dry_run: bool = False) -> dict[str, Counts]:
    """The reference-data step: the SDG links of the compact's current edition, read
    from its paragraphs as `load_compact` stored them (an action's link carries its
    objective and action; a commitment's, its objective). Three queries to read."""
    objectives = {o.paragraph: o for o in Objective.objects.all()}
    actions = {(a.objective_id, a.letter): a for a in Action.objects.select_related("objective")}
    found: list[FoundLink] = []
    title = ""
    for paragraph in paragraph_list():
        title = title or str(paragraph.source)
        objective = objectives.get(paragraph.number) if paragraph.objective_number else None
        action = (
            actions.get((objective.pk, paragraph.item))
            if objective is not None and paragraph.item
            else None
        )
        label = f"{paragraph.number}{paragraph.marker if paragraph.item else ''}"
        found += links_in(
            paragraph.text,
            paragraph=label,
            url=paragraph.get_absolute_url(),
            order=paragraph.order,
            objective=objective,
            action=action,
        )
    counts = sdg_links_sync(document=COMPACT_DOCUMENT, document_title=title, found=found)
    if dry_run:
        transaction.set_rollback(True)
    return {"SDG links (compact)": counts}


@transaction.atomic
def sdg_link_curate(
    *,
    user: User,
    document: str,
    document_title: str,
    paragraph: str,
    sentence: str,
    code: str,
    url: str = "",
    objective: Objective | None = None,
    action: Action | None = None,
) -> SdgLink:
    """Network staff record a link a text makes in words the loader cannot read (or
    that staff judge it makes), marked curated with who and when. Refuses a code that
    is not an SDG target or indicator, and a link already recorded."""
    if not getattr(user, "is_staff", False):
        from django.utils.translation import gettext

        raise PermissionDenied(gettext("Only Network staff curate SDG links."))
    if not re.fullmatch(_CODE, code):
        raise ValidationError({"code": "An SDG target (“10.c”) or indicator (“10.7.1”)."})
    if action is not None and objective is not None and action.objective_id != objective.pk:
        raise ValidationError({"action": "The action is not under this objective."})
    if SdgLink.objects.filter(document=document, paragraph=paragraph, code=code).exists():
        raise ValidationError({"code": "This paragraph's link to this code is already recorded."})
    parts = code.split(".")
    return SdgLink.objects.create(
        document=document,
        document_title=document_title,
        paragraph=paragraph,
        url=url,
        sentence=sentence,
        code=code,
        kind="indicator" if len(parts) == 3 else "target",
        goal=int(parts[0]),
        sdg_target=".".join(parts[:2]),
        objective=objective or (action.objective if action else None),
        action=action,
        curated=True,
        curated_by=user,
        curated_at=timezone.now(),
    )


def sdg_link_list() -> QuerySet[SdgLink]:
    """Every link with its objective and action, by text and place. One query."""
    return SdgLink.objects.select_related("objective", "action__objective").order_by(
        "document", "order", "code"
    )


def sdg_links_for_objective(objective: Objective) -> list[SdgLink]:
    """An objective's links (its commitment, its actions, any text naming it). One
    query."""
    return list(sdg_link_list().filter(objective=objective))
