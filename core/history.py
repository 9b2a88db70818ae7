"""Who made a change, for django-simple-history's historical records.

Every model a person can change declares `history = audited()` (a `HistoricalRecords`
whose `get_user` is `history_user`), so every history row names an actor:

1. the user a service names with `record_history_user` on the instance it saves, or
   with `acting_user(user)` around writes it cannot reach (`update_or_create`,
   queryset deletes);
2. otherwise the signed-in user of the request (simple-history's middleware);
3. otherwise a named **system actor**: a dedicated user `system-<name>` (inactive,
   unusable password, created on demand) for the `system_actor(name)` block the
   write runs in (management commands, Celery tasks), or `system-system` for a
   write made outside any request and any named block.

A pledge's history rows also carry what a save changed in its link tables
(objectives, actions, principles): `record_history_links` before the save,
`LinkHistory` as the historical model's base, shown in words by `core.changes`. The
link tables have history rows of their own too (`Model.history.as_of` reads a pledge's
objectives as they stood): the link-setting service inserts them in bulk, where no
signal fires, and writes their rows with `links_history_write`.

Inside a `core.clock.at(moment)` block (the demo data's past) every history row is
dated at that moment rather than now.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from . import clock

if TYPE_CHECKING:
    # Only a type here: importing auth's models needs the app registry loaded.
    from django.contrib.auth.models import AbstractBaseUser
    from django.contrib.auth.models import User as AuthUser
    from django.http import HttpRequest

SYSTEM_PREFIX = "system-"
DEFAULT_SYSTEM_ACTOR = "system"

_system_actor: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "gcm_system_actor", default=None
)
_acting_user: contextvars.ContextVar[AbstractBaseUser | None] = contextvars.ContextVar(
    "gcm_acting_user", default=None
)


@contextmanager
def acting_user(user: AbstractBaseUser | None) -> Iterator[None]:
    """Name `user` as the author of every history row written inside the block (for
    writes whose instance a service never holds: `update_or_create`, queryset deletes).
    `None` names nobody: the request's user or the system actor is recorded."""
    token = _acting_user.set(user) if user is not None else None
    try:
        yield
    finally:
        if token is not None:
            _acting_user.reset(token)


@contextmanager
def system_actor(name: str) -> Iterator[None]:
    """Name the system actor `name` as the author of the writes made inside the block
    that no request or service names a user for. Also a decorator:
    `@system_actor("seed")` on a command's `handle`. Blocks nest; the innermost wins."""
    token = _system_actor.set(name)
    try:
        yield
    finally:
        _system_actor.reset(token)


def current_system_actor() -> str:
    """The name of the system actor writes are recorded under right now."""
    return _system_actor.get() or DEFAULT_SYSTEM_ACTOR


def system_user(name: str) -> AuthUser:
    """The user that stands for the system actor `name`, created on demand: inactive,
    with an unusable password, so it can never sign in. One query once it exists."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    username = f"{SYSTEM_PREFIX}{name}"
    user = user_model._default_manager.filter(username=username).first()
    if user is None:
        user = user_model(username=username, is_active=False, is_staff=False)
        user.set_unusable_password()
        user.save()
    return user


def is_system_user(user: Any) -> bool:
    """True for a system actor's user (never a person)."""
    username = getattr(user, "username", "") or ""
    return username.startswith(SYSTEM_PREFIX) and not user.has_usable_password()


def history_user(
    instance: models.Model | None = None, request: HttpRequest | None = None, **_kwargs: Any
) -> AbstractBaseUser:
    """simple-history's `get_user`: the `acting_user`, else the request's signed-in user,
    else the system actor.

    simple-history passes `request` only when its user is signed in; a user named by
    `record_history_user` is taken before this is asked.
    """
    if (user := _acting_user.get()) is not None:
        return user
    if request is not None:
        return request.user  # type: ignore[return-value]
    return system_user(current_system_actor())


def audited(**options: Any) -> HistoricalRecords:
    """`HistoricalRecords` for a model a person can change: every row with an actor."""
    return HistoricalRecords(get_user=history_user, **options)


def record_history_user(instance: models.Model, user: AbstractBaseUser | None) -> None:
    """Name `user` as the author of `instance`'s next save in its history row.

    django-simple-history reads a `_history_user` attribute on the instance being saved
    (its documented way to record the user outside a request). The attribute is not a
    field, so the model's type does not declare it: setting it through this one helper
    keeps the type checker honest everywhere else. `None` names nobody: the request's
    user, or else the system actor, is recorded (see `history_user`).
    """
    if user is None:
        instance.__dict__.pop("_history_user", None)
        return
    # B010 asks for a plain assignment, which is exactly what the model's type refuses.
    setattr(instance, "_history_user", user)  # noqa: B010


class LinkHistory(models.Model):
    """The base of a historical model whose owner has link tables (a pledge's
    objectives, actions, principles): what its save added to and removed from each,
    as {"objectives": {"added": [pk…], "removed": [pk…]}, …}; {} if nothing."""

    history_links = models.JSONField(_("links changed"), default=dict, blank=True)

    class Meta:
        abstract = True


def record_history_links(
    instance: models.Model, changes: Mapping[str, tuple[set[Any], set[Any]]]
) -> None:
    """Record with `instance`'s next history row what changed in its link fields:
    {m2m field name: (added pks, removed pks)}; unchanged fields are left out."""
    recorded = {
        name: {"added": sorted(added), "removed": sorted(removed)}
        for name, (added, removed) in changes.items()
        if added or removed
    }
    setattr(instance, "_history_links", recorded)  # noqa: B010


def _copy_history_links(
    sender: Any, instance: models.Model, history_instance: Any, **_: Any
) -> None:
    if hasattr(history_instance, "history_links"):
        history_instance.history_links = instance.__dict__.pop("_history_links", {})


pre_create_historical_record.connect(_copy_history_links, dispatch_uid="core.history.links")


def _date_in_the_clock(
    sender: Any, instance: models.Model, history_instance: Any, **_: Any
) -> None:
    # A moment simple-history was given on the instance wins; else the clock's, if set.
    if (moment := clock.moment()) is not None and "_history_date" not in instance.__dict__:
        history_instance.history_date = moment


pre_create_historical_record.connect(_date_in_the_clock, dispatch_uid="core.history.clock")


def links_history_write(through: type[models.Model], rows: Iterable[models.Model]) -> None:
    """History rows ("+": created) for link rows inserted in bulk, which sends no
    signal: so `through.history.as_of(moment)` gives the links as they stood. Authored
    like any other row (`history_user`), dated by the clock. One query (none if no row);
    nothing for a model without history."""
    history = getattr(through, "history", None)
    rows = list(rows)
    if history is None or not rows:
        return
    historical = history.model
    tracked = [field.attname for field in historical.tracked_fields]
    user = history_user()
    when = clock.now()
    historical.objects.bulk_create(
        [
            historical(
                history_date=when,
                history_user=user,
                history_type="+",
                history_change_reason="",
                **{name: getattr(row, name) for name in tracked},
            )
            for row in rows
        ]
    )
