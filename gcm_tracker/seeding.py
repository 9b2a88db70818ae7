"""The reference-data step: everything the product ships in fixtures/.

`python manage.py seed` runs REFERENCE_DATA in order. Each entry is a loader
function that takes `dry_run` and returns {kind: Counts}; loaders are
idempotent on natural keys, so running the step again reports "unchanged".
Later apps add their sources here (Member States, the review calendar…).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module


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


@dataclass
class Source:
    """One source of reference data: a label for progress and its loader."""

    label: str
    loader: str  # dotted path to `def load(*, dry_run: bool) -> dict[str, Counts]`
    kinds: dict[str, Counts] = field(default_factory=dict)

    def resolve(self) -> Callable[..., dict[str, Counts]]:
        module, _, name = self.loader.rpartition(".")
        return getattr(import_module(module), name)


REFERENCE_DATA: list[tuple[str, str]] = [
    # (label, loader)
    (
        "The compact: objectives, actions, guiding principles",
        "objectives.services.compact_load_default",
    ),
    (
        "UN Member States (ISO 3166 names, UN M49 regions)",
        "pledges.member_states.member_states_load",
    ),
]


def save_if_changed(instance, values: dict) -> str:
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
