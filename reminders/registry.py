"""The kinds of reminder, as the apps register them.

An app whose data calls for a reminder registers a `ReminderKind` from its
`AppConfig.ready()` (pledges/reminders.py: a pledge gone quiet; reviews/reminders.py:
a review falling due): its name, its label and `due(today)`, which yields the
`Reminder`s due on that day, each naming its recipient, its occasion and its e-mail
templates. services.reminders_send claims and sends them, whatever their kind.

This module imports no app: the shared code iterates, the apps register.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # AUTH_USER_MODEL's class, as the plugin types SentReminder.recipient: a swapped
    # user model would show here as a type error rather than pass unseen.
    from django.contrib.auth.models import User
    from django_stubs_ext import StrOrPromise


@dataclass
class Reminder:
    """One mail to one recipient, about one object, on one occasion of its series."""

    kind: str
    object_id: int
    # Which reminder of the series: "2026-05-18/7d", "2024-03-01/24m". A new occasion
    # is a new mail; the same one is never sent twice.
    occasion: str
    recipient: User
    # "<app>/emails/<name>": <name>.txt, <name>.html and <name>_subject.txt.
    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class ReminderKind:
    kind: str
    label: StrOrPromise
    # The reminders due on a day, whether sent before or not. A few queries, not one
    # per reminder.
    due: Callable[[datetime.date], Iterable[Reminder]]


_kinds: dict[str, ReminderKind] = {}


def register(kind: ReminderKind) -> None:
    """Send reminders of `kind`. Registering a kind again replaces it."""
    _kinds[kind.kind] = kind


def reminder_kinds() -> list[ReminderKind]:
    """Every registered kind, in the order of registration."""
    return list(_kinds.values())


def kind_choices() -> list[tuple[str, StrOrPromise]]:
    """(kind, label) of each registered kind, for the model and the admin's filter."""
    return [(k.kind, k.label) for k in _kinds.values()]


def reminders_due(today: datetime.date) -> list[Reminder]:
    """Every reminder of every kind due `today`."""
    return [reminder for kind in _kinds.values() for reminder in kind.due(today)]
