"""Writes to the compact's data. Every writer (command, seed step, admin) calls these."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from core.history import record_history_user
from core.loading import Counts, read_text_file, remove_stale, save_if_changed
from core.roles import User, signed_in
from core.text import SUPERSCRIPT_DIGITS

from .compact_text import CompactParseError, ParsedCompact, parse_compact
from .models import (
    Action,
    ActionTranslation,
    CompactSource,
    GuidingPrinciple,
    Objective,
    ObjectiveTranslation,
    Paragraph,
    PrincipleTranslation,
)

DEFAULT_COMPACT_PATH = settings.BASE_DIR / "fixtures" / "compact" / "gcm-draft-rev2-2018-05-28.txt"


@transaction.atomic
def compact_load(*, text: str, file_name: str = "", dry_run: bool = False) -> dict[str, Counts]:
    """Load one edition of the compact's text, updating rows in place by natural key.

    Refuses (ValidationError naming the line) a text the parser cannot read with
    confidence; in that case nothing is written. Objectives, actions or principles
    absent from the new text are removed unless something (a pledge) protects them,
    in which case the whole load is refused.

    The whole text is kept as the source's paragraphs (keyed by number and item, see
    `Paragraph`); another edition gets its own paragraphs beside the earlier one's.

    Cost: a handful of queries per objective (about 250 in all for the compact) and one
    insert for a new edition's paragraphs; a reload that changes nothing writes nothing
    but the source's timestamp.
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
        "paragraphs": _load_paragraphs(parsed, source),
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


def _load_paragraphs(parsed: ParsedCompact, source: CompactSource) -> Counts:
    """The source's paragraphs and items, in order; new ones in one insert."""
    counts = Counts()
    existing = {(p.number, p.item): p for p in source.paragraphs.all()}
    new: list[Paragraph] = []
    for order, item in enumerate(parsed.paragraphs, start=1):
        values = {
            "order": order,
            "section": item.section,
            "label": item.label,
            "text": item.text,
            "section_heading": item.section_heading,
            "heading": item.heading,
            "intro": item.intro,
            "line": item.line,
        }
        paragraph = existing.pop((item.number, item.item), None)
        if paragraph is None:
            new.append(Paragraph(source=source, number=item.number, item=item.item, **values))
            continue
        counts.add(save_if_changed(paragraph, values))
    Paragraph.objects.bulk_create(new)
    counts.created += len(new)
    # Nothing points at a paragraph by key (links are by number), so stale rows just go.
    counts.removed += remove_stale(existing.values(), "paragraph")
    return counts


# --- An edition in another of the six languages -------------------------------------------


@transaction.atomic
def compact_edition_load(
    *, text: str, file_name: str = "", dry_run: bool = False
) -> dict[str, Counts]:
    """Load the compact in another UN language: a YAML text translating the rows of the
    English edition by their natural keys.

        language: fr
        edition: A/RES/73/195
        objectives:
          1:
            title: Collecter et utiliser des données exactes…
            commitment: Nous nous engageons à…
            actions:
              a: Élaborer et appliquer une stratégie…
        principles:
          people-centred:
            name: Centré sur la personne
            description: …

    Any part may be left out (the page shows the English text there). Refuses, writing
    nothing, an unknown language, English, or an objective, action or principle that the
    English edition does not have. A new edition in a language replaces the earlier
    one's texts. Cost: three reads, then a write per text.
    """
    import yaml

    where = f"{file_name}: " if file_name else ""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationError(f"{where}not YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise ValidationError(f"{where}needs a mapping with language, objectives, principles")
    language = str(data.get("language", ""))
    translated = {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
    if language not in translated:
        raise ValidationError(
            f"{where}language {language!r} is not one of {', '.join(sorted(translated))}"
        )
    objectives = {o.number: o for o in Objective.objects.all()}
    actions = {
        (a.objective.number, a.letter): a for a in Action.objects.select_related("objective")
    }
    principles = {p.slug: p for p in GuidingPrinciple.objects.all()}
    objective_rows, action_rows, principle_rows = [], [], []
    problems = []
    for number, item in (data.get("objectives") or {}).items():
        objective = objectives.get(int(number)) if str(number).isdigit() else None
        if objective is None:
            problems.append(f"objective {number} is not in the compact")
            continue
        item = item or {}
        if item.get("title"):
            objective_rows.append(
                (objective, {"title": item["title"], "commitment": item.get("commitment", "")})
            )
        for letter, action_text in (item.get("actions") or {}).items():
            action = actions.get((objective.number, str(letter)))
            if action is None:
                problems.append(f"action {objective.number}({letter}) is not in the compact")
                continue
            action_rows.append((action, {"text": action_text}))
    for slug, item in (data.get("principles") or {}).items():
        principle = principles.get(slug)
        if principle is None:
            problems.append(f"guiding principle {slug!r} is not in the compact")
            continue
        principle_rows.append(
            (principle, {"name": item["name"], "description": item.get("description", "")})
        )
    if problems:
        raise ValidationError([f"{where}{problem}" for problem in problems])

    sha256 = hashlib.sha256(text.encode()).hexdigest()
    source, _ = CompactSource.objects.update_or_create(
        sha256=sha256,
        defaults={
            "edition": str(data.get("edition") or Path(file_name).stem or language),
            "file_name": file_name,
            "language": language,
        },
    )
    counts = {}
    for kind, model, field, rows in (
        ("objectives", ObjectiveTranslation, "objective", objective_rows),
        ("actions", ActionTranslation, "action", action_rows),
        ("principles", PrincipleTranslation, "principle", principle_rows),
    ):
        kind_counts = Counts()
        # The language's earlier edition gives way to this one.
        kind_counts.removed += (
            model.objects.filter(source__language=language).exclude(source=source).delete()[0]
        )
        existing = {getattr(t, f"{field}_id"): t for t in model.objects.filter(source=source)}
        for row, values in rows:
            translation = existing.pop(row.pk, None) or model(source=source, **{field: row})
            kind_counts.add(save_if_changed(translation, values))
        kind_counts.removed += len(existing)
        model.objects.filter(pk__in=[t.pk for t in existing.values()]).delete()
        counts[kind] = kind_counts
    if dry_run:
        transaction.set_rollback(True)
    return counts


# --- Corrections by staff (the admin) -----------------------------------------------------


def _corrected(values: dict[str, str | None]) -> dict[str, str]:
    """The texts given (None: left as is), as the loader stores them: whitespace
    collapsed, not empty, no footnote marks (the loader drops them, so one typed here
    is a slip). Refuses, naming each field, anything else."""
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name, value in values.items():
        if value is None:
            continue
        text = " ".join(value.split())
        if not text:
            errors[name] = "This text may not be empty."
        elif any(mark in text for mark in SUPERSCRIPT_DIGITS):
            errors[name] = "Footnote marks (superscript digits) are not part of the text."
        else:
            cleaned[name] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


def _correct(
    row: Objective | Action | GuidingPrinciple, user: User, values: dict[str, str]
) -> None:
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if not changed:
        return
    for name in changed:
        setattr(row, name, values[name])
    record_history_user(row, signed_in(user))
    row.save(update_fields=changed)


@transaction.atomic
def objective_text_correct(
    *,
    objective: Objective,
    user: User,
    title: str | None = None,
    commitment: str | None = None,
) -> Objective:
    """Correct an objective's title or commitment (None leaves a text as is). The
    number, paragraph and source stay the loader's. Cost: one update, none if nothing
    changed."""
    _correct(objective, user, _corrected({"title": title, "commitment": commitment}))
    return objective


@transaction.atomic
def action_text_correct(*, action: Action, user: User, text: str) -> Action:
    """Correct an action's text; its objective, letter and order stay the loader's."""
    _correct(action, user, _corrected({"text": text}))
    return action


@transaction.atomic
def principle_text_correct(
    *,
    principle: GuidingPrinciple,
    user: User,
    name: str | None = None,
    description: str | None = None,
) -> GuidingPrinciple:
    """Correct a guiding principle's name or description; its slug and order stay the
    loader's."""
    _correct(principle, user, _corrected({"name": name, "description": description}))
    return principle
