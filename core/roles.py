"""The Network staff role: a group holding every permission on the product's data.

Loaded by the reference-data step (`manage.py seed`), so every installation has it;
an administrator then adds Network staff users to it (and marks them "staff status").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias, cast

from django.contrib.auth.models import Group, Permission

from .loading import Counts

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.auth.models import User as AuthUser

# Whoever a request or a task acts for: a signed-in user, anonymous, or None (a
# command or a task acting for nobody).
User: TypeAlias = "AuthUser | AnonymousUser | None"

NETWORK_STAFF_GROUP = "Network staff"
# The apps whose data staff curate (by label: the shared layer imports no app).
CURATED_APPS = ["objectives", "pledges", "reviews", "exports", "reminders"]


def signed_in(user: AbstractBaseUser | AnonymousUser | None) -> AuthUser | None:
    """`user` if signed in, else None: who a history row or a `created_by` records."""
    if user is None or not user.is_authenticated:
        return None
    return cast("AuthUser", user)


def user_is_staff(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Network staff curate everything: the admin flag is the role."""
    return bool(
        user and user.is_authenticated and user.is_active and getattr(user, "is_staff", False)
    )


def network_staff_group() -> Group:
    """The group, created if missing, with every permission of the curated apps and
    read access to users (to manage focal points). Not user changes: whoever may change
    users may make themselves superuser in the admin. Idempotent."""
    group, _ = Group.objects.get_or_create(name=NETWORK_STAFF_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=CURATED_APPS) | (
        Permission.objects.filter(content_type__app_label="auth", codename="view_user")
    )
    group.permissions.set(permissions)
    return group


def roles_load(*, dry_run: bool = False) -> dict[str, Counts]:
    """The reference-data step for roles: the Network staff group and its permissions."""
    counts = Counts()
    existed = Group.objects.filter(name=NETWORK_STAFF_GROUP).first()
    before = set(existed.permissions.values_list("pk", flat=True)) if existed else None
    group = network_staff_group()
    if before is None:
        counts.created += 1
    elif before != set(group.permissions.values_list("pk", flat=True)):
        counts.updated += 1
    else:
        counts.unchanged += 1
    return {"roles": counts}
