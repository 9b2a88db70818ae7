"""Who made a change, for django-simple-history's historical records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    # Only a type here: importing auth's models needs the app registry loaded.
    from django.contrib.auth.models import AbstractBaseUser


def record_history_user(instance: models.Model, user: AbstractBaseUser | None) -> None:
    """Name `user` as the author of `instance`'s next save in its history row.

    django-simple-history reads a `_history_user` attribute on the instance being saved
    (its documented way to record the user outside a request). The attribute is not a
    field, so the model's type does not declare it: setting it through this one helper
    keeps the type checker honest everywhere else. `None` records no user.
    """
    # B010 asks for a plain assignment, which is exactly what the model's type refuses.
    setattr(instance, "_history_user", user)  # noqa: B010
