"""The kinds of export, as the apps register them (pretix's exporters, smaller).

An app that has rows worth exporting registers an `Exporter` from its
`AppConfig.ready()` (pledges/exports.py, reviews/exports.py): the kind's name and
label, its table (name, columns, one row per object, the objects a user may see) and
the FilterSet that narrows it — the list's own, so an export and the list it starts
from agree. The export of "everything" is every registered table, unfiltered, in the
order the apps registered (INSTALLED_APPS), each followed by its `related` tables.

This module imports no app: the shared code iterates, the apps register.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    import django_filters
    from django.db.models import QuerySet
    from django_stubs_ext import StrOrPromise

# The one kind no app registers: every table of every exporter.
EVERYTHING = "everything"


@dataclass(frozen=True)
class Table:
    """One sheet of an export (one CSV file, one JSON array)."""

    name: str
    columns: Sequence[str]
    # The objects `user` may see, in the file's order, with what `row` reads prefetched.
    queryset: Callable[[Any], QuerySet[Any]]
    # One object as one row, in the order of `columns`.
    row: Callable[[Any], Sequence[Any]]


@dataclass(frozen=True)
class Exporter:
    """A kind of export: its own table, narrowed by `filterset`, and the tables that
    come with it in the export of everything (a pledge's progress updates)."""

    kind: str
    label: StrOrPromise
    table: Table
    filterset: type[django_filters.FilterSet]
    related: Sequence[Table] = ()


_exporters: dict[str, Exporter] = {}


def register(exporter: Exporter) -> None:
    """Offer `exporter`'s kind. Registering a kind again replaces it (a reloaded app)."""
    if exporter.kind == EVERYTHING:
        raise ValueError(f"{EVERYTHING!r} is every registered table; register another kind")
    _exporters[exporter.kind] = exporter


def exporters() -> list[Exporter]:
    """Every registered exporter, in the order of registration."""
    return list(_exporters.values())


def exporter(kind: str) -> Exporter:
    """The exporter of `kind`; KeyError for an unknown kind (or everything)."""
    return _exporters[kind]


def kinds() -> list[str]:
    """The kinds one may ask for: each registered one, then everything."""
    return [*_exporters, EVERYTHING]


def kind_choices() -> list[tuple[str, StrOrPromise]]:
    """(kind, label) of each kind, for the model, the form and the API's schema."""
    return [(e.kind, e.label) for e in _exporters.values()] + [(EVERYTHING, _("Everything"))]


def tables(kind: str) -> list[tuple[Table, type[django_filters.FilterSet] | None]]:
    """The tables of an export of `kind`, each with the FilterSet its filters go
    through (None: unfiltered, as every table of everything is)."""
    if kind != EVERYTHING:
        found = exporter(kind)
        return [(found.table, found.filterset)]
    return [(table, None) for e in _exporters.values() for table in (e.table, *e.related)]
