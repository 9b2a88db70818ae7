"""A history row in words, for the admin's history pages and the public pledge page.

`record_changes(record, previous)` lists what a row changed: the field's label
(verbose_name), the old and new values as a person reads them (choice labels, dates in
the page's language, "none" for empty, a related row by its name), and for an owner of
link tables (`core.history.LinkHistory`) what was added and removed. `record_summary`
says who did what when: "Published on 1 Dec 2026 by curator". Nothing here names a
model: the historical row carries its model (`instance_type`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .history import is_system_user

# Never worth a line: set by every save.
IGNORED_FIELDS = ("updated_at",)
MAX_VALUE_CHARS = 120


@dataclass(frozen=True)
class FieldChange:
    """One field's change, as words: `label` (the field's verbose name), `old` → `new`;
    for links, `added` and `removed` (the linked rows by name) instead."""

    name: str
    label: str
    old: str = ""
    new: str = ""
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def is_links(self) -> bool:
        return bool(self.added or self.removed)


def format_when(value: datetime.datetime | datetime.date) -> str:
    """A date (a moment: its local date) in the active language's format."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return formats.date_format(value, "DATE_FORMAT")


def display_value(model_field: models.Field, value: Any) -> str:
    """`value` of `model_field` as a person reads it."""
    if value is None or value == "" or value == [] or value == {}:
        return pgettext("empty value", "none")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(moment, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    return Truncator(str(value)).chars(MAX_VALUE_CHARS)


def actor_name(user: Any) -> str:
    """Who a history row names: a person by username, a system actor as such."""
    if user is None:
        return _("an unknown user")
    if is_system_user(user):
        return _("the system (%(name)s)") % {"name": user.username.split("-", 1)[1]}
    return str(user.get_username())


def _link_changes(model: type[models.Model], record: Any) -> list[FieldChange]:
    changes = []
    for name, change in (getattr(record, "history_links", None) or {}).items():
        m2m = model._meta.get_field(name)
        assert isinstance(m2m, models.ManyToManyField)
        related = m2m.related_model
        assert isinstance(related, type)  # a model, not "self" unresolved
        rows = related._default_manager.in_bulk([*change["added"], *change["removed"]])
        changes.append(
            FieldChange(
                name=name,
                label=capfirst(str(m2m.verbose_name)),
                added=[str(rows.get(pk, pk)) for pk in change["added"]],
                removed=[str(rows.get(pk, pk)) for pk in change["removed"]],
            )
        )
    return changes


def record_changes(record: Any, previous: Any | None) -> list[FieldChange]:
    """What `record` (a historical row) changed since `previous` (the row before it,
    or None for the first), in words. A query per changed foreign key and per link
    field, for their names."""
    model = record.instance_type
    changes: list[FieldChange] = []
    if previous is not None:
        delta = record.diff_against(
            previous, excluded_fields=IGNORED_FIELDS, foreign_keys_are_objs=True
        )
        for change in delta.changes:
            model_field = model._meta.get_field(change.field)
            changes.append(
                FieldChange(
                    name=change.field,
                    label=capfirst(str(model_field.verbose_name)),
                    old=display_value(model_field, change.old),
                    new=display_value(model_field, change.new),
                )
            )
    return changes + _link_changes(model, record)


def record_summary(record: Any, previous: Any | None) -> str:
    """Who did what when: "Published on 1 Dec 2026 by curator" (a change of status says
    the new status), "Created on …", "Changed on …", "Deleted on …"."""
    values = {"date": format_when(record.history_date), "user": actor_name(record.history_user)}
    if record.history_type == "+":
        return _("Created on %(date)s by %(user)s") % values
    if record.history_type == "-":
        return _("Deleted on %(date)s by %(user)s") % values
    status = getattr(record, "status", None)
    if previous is not None and status is not None and status != previous.status:
        label = record.instance_type._meta.get_field("status").flatchoices
        values["status"] = str(dict(label).get(status, status))
        return _("%(status)s on %(date)s by %(user)s") % values
    return _("Changed on %(date)s by %(user)s") % values
