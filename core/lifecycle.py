"""What the services of records with a status share (pledges, voluntary reviews).

- `UNSET` and `given`: a partial update's "not given", distinct from None and [].
- `require`: a permission guard, `require(user_can_x(user, obj), message)`.
- `transition`: lock the row and check that its status allows a named change.
- `save_status`: save the fields a change touched, recording who made it.
- `set_links`: make an owner's rows of a through table point at exactly some targets
  (`link_changes` and `apply_links`: the same in two steps, for a history row that
  records what changed).

The rules themselves (who may, from which statuses) stay in the apps.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model

from .history import links_history_write, record_history_user
from .roles import signed_in

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

M = TypeVar("M", bound=Model)


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


def given(values: dict[str, Any]) -> dict[str, Any]:
    """The arguments of a partial update that were given (not UNSET)."""
    return {name: value for name, value in values.items() if value is not UNSET}


def require(allowed: bool, message: str) -> None:
    """PermissionDenied with `message` unless `allowed` (a `user_can_*` predicate)."""
    if not allowed:
        raise PermissionDenied(message)


def transition(instance: M, *, allowed_from: Collection[str], message: str) -> M:
    """`instance` reloaded under a row lock (concurrent changes queue here), if its
    status is one of `allowed_from`; otherwise a ValidationError on "status" with
    `message` % {"status": the current status, lower-case}: a sentence per move, as a
    verb slotted into a sentence cannot be translated."""
    locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    status: str = locked.status  # type: ignore[attr-defined]
    if status not in allowed_from:
        label = locked.get_status_display()  # type: ignore[attr-defined]
        raise ValidationError({"status": message % {"status": label.lower()}})
    return locked


def save_status(
    instance: M, user: AbstractBaseUser | AnonymousUser | None, fields: Iterable[str]
) -> M:
    """Save `fields` (and `updated_at`), naming `user` in the history row."""
    record_history_user(instance, signed_in(user))
    instance.save(update_fields=[*fields, "updated_at"])
    return instance


def link_changes(
    through: type[Model], owner: dict[str, Model], field: str, targets: Iterable[Model]
) -> tuple[set[Any], set[Any]]:
    """The pks that `targets` add to and remove from the `through` rows of `owner`
    ({owner field: owner row}) by `field`. One query (none for an unsaved owner)."""
    (owner_row,) = owner.values()
    existing: set[Any] = set()
    if owner_row.pk is not None:
        links = through._default_manager.filter(**owner)
        existing = set(links.values_list(f"{field}_id", flat=True))
    wanted = {target.pk for target in targets}
    return wanted - existing, existing - wanted


def apply_links(
    through: type[Model],
    owner: dict[str, Model],
    field: str,
    added: Collection[Any],
    removed: Collection[Any],
) -> None:
    """Add and remove the `through` rows `link_changes` found, with their history rows
    when `through` keeps history: a queryset delete sends the rows' signals itself (so
    simple-history records each removal), a bulk insert sends none (so
    `links_history_write` records the additions). Two queries without history; with
    it, a delete is a select and a history row per removed link."""
    if removed:
        through._default_manager.filter(**owner, **{f"{field}_id__in": removed}).delete()
    if added:
        made = through._default_manager.bulk_create(
            [through(**owner, **{f"{field}_id": pk}) for pk in sorted(added)]
        )
        links_history_write(through, made)


def set_links(
    through: type[Model], owner: dict[str, Model], field: str, targets: Iterable[Model]
) -> bool:
    """Make the `through` rows of `owner` ({owner field: owner row}) point at exactly
    `targets` by `field`; True if anything changed. Three queries at most."""
    added, removed = link_changes(through, owner, field, targets)
    apply_links(through, owner, field, added, removed)
    return bool(added or removed)
