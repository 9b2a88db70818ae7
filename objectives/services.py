"""Writes to the compact's data. Every writer (command, seed step, admin) calls these."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from core.loading import Counts, read_text_file, remove_stale, save_if_changed

from .compact_text import CompactParseError, ParsedCompact, parse_compact
from .models import Action, CompactSource, GuidingPrinciple, Objective

DEFAULT_COMPACT_PATH = settings.BASE_DIR / "fixtures" / "compact" / "gcm-draft-rev2-2018-05-28.txt"


@transaction.atomic
def compact_load(*, text: str, file_name: str = "", dry_run: bool = False) -> dict[str, Counts]:
    """Load one edition of the compact's text, updating rows in place by natural key.

    Refuses (ValidationError naming the line) a text the parser cannot read with
    confidence; in that case nothing is written. Objectives, actions or principles
    absent from the new text are removed unless something (a pledge) protects them,
    in which case the whole load is refused.

    Cost: a handful of queries per objective (about 250 in all for the compact);
    a reload that changes nothing writes nothing but the source's timestamp.
    """
    try:
        parsed = parse_compact(text)
    except CompactParseError as exc:
        where = f"{file_name}, " if file_name else ""
        raise ValidationError(f"{where}{exc}") from exc

    sha256 = hashlib.sha256(text.encode()).hexdigest()
    source, _ = CompactSource.objects.update_or_create(
        sha256=sha256,
        defaults={"edition": parsed.edition or Path(file_name).stem, "file_name": file_name},
    )
    counts = {
        "principles": _load_principles(parsed, source),
        "objectives": Counts(),
        "actions": Counts(),
    }
    _load_objectives(parsed, source, counts["objectives"], counts["actions"])
    if dry_run:
        transaction.set_rollback(True)
    return counts


def compact_load_default(*, dry_run: bool = False) -> dict[str, Counts]:
    """The reference-data step: the compact text shipped in fixtures/."""
    path = DEFAULT_COMPACT_PATH
    return compact_load(text=read_text_file(path), file_name=path.name, dry_run=dry_run)


def _load_principles(parsed: ParsedCompact, source: CompactSource) -> Counts:
    counts = Counts()
    existing = {p.slug: p for p in GuidingPrinciple.objects.all()}
    for order, item in enumerate(parsed.principles, start=1):
        principle = existing.pop(item.slug, None) or GuidingPrinciple(slug=item.slug)
        values = {
            "name": item.name,
            "description": item.description,
            "order": order,
            "paragraph": item.paragraph,
            "source": source,
        }
        counts.add(save_if_changed(principle, values))
    counts.removed += remove_stale(existing.values(), "guiding principle")
    return counts


def _load_objectives(
    parsed: ParsedCompact, source: CompactSource, objective_counts: Counts, action_counts: Counts
) -> None:
    existing = {o.number: o for o in Objective.objects.all()}
    actions_by_key = {
        (a.objective_id, a.letter): a for a in Action.objects.select_related("objective")
    }
    for item in parsed.objectives:
        objective = existing.pop(item.number, None) or Objective(number=item.number)
        values = {
            "title": item.title,
            "commitment": item.commitment,
            "paragraph": item.paragraph,
            "source": source,
        }
        objective_counts.add(save_if_changed(objective, values))
        for order, parsed_action in enumerate(item.actions, start=1):
            action = actions_by_key.pop((objective.pk, parsed_action.letter), None) or Action(
                objective=objective, letter=parsed_action.letter
            )
            values = {"text": parsed_action.text, "order": order, "source": source}
            action_counts.add(save_if_changed(action, values))
    # Stale actions go before stale objectives, so that a protected action names itself.
    action_counts.removed += remove_stale(actions_by_key.values(), "action")
    objective_counts.removed += remove_stale(existing.values(), "objective")
