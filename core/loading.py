"""What reference-data loaders share: the counts they report and how they write.

Every loader is idempotent on natural keys and returns {kind: Counts}; a second run
reports everything unchanged. `manage.py seed` (gcm_tracker) runs them in order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, ProtectedError


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.created + other.created,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.removed + other.removed,
        )

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def __str__(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        return text + (f", {self.removed} removed" if self.removed else "")


def save_if_changed(instance: Model, values: dict[str, Any]) -> str:
    """Set `values` on a model instance; save only what differs.

    Returns "created", "updated" or "unchanged" for the Counts of a loader.
    """
    if instance.pk is None:
        for name, value in values.items():
            setattr(instance, name, value)
        instance.save()
        return "created"
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        return "unchanged"
    for name in changed:
        setattr(instance, name, values[name])
    instance.save(update_fields=changed)
    return "updated"


def read_text_file(path: Path) -> str:
    """A source text in fixtures/ (or given to a command), whatever its BOM or line
    endings; a ValidationError naming the file when it cannot be read as UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{path}: cannot be read ({exc.strerror}).") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"{path.name}: byte {exc.start} is not UTF-8; save the text as UTF-8 and load it again."
        ) from exc


def remove_stale(instances: Iterable[Model], kind: str) -> int:
    """Delete rows a new edition of a text no longer has. A row something else still
    points at (PROTECT) refuses the whole load instead of silently dropping links."""
    removed = 0
    for instance in instances:
        try:
            instance.delete()
        except ProtectedError as exc:
            raise ValidationError(
                f"{kind} {instance} is not in the new text but is still referenced "
                f"({len(exc.protected_objects)} record(s)); nothing was loaded."
            ) from exc
        removed += 1
    return removed
