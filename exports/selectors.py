"""Reads of exports: one's own, and what one may see and download."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from core.roles import user_is_staff

from .models import Export


def export_list(user: Any) -> QuerySet[Export]:
    """`user`'s own exports, newest first. One query."""
    return Export.objects.filter(requester=user).order_by("-created_at", "-pk")


def exports_visible_to(user: Any) -> QuerySet[Export]:
    """The exports `user` may see and download: their own; staff every one."""
    if user_is_staff(user):
        return Export.objects.all()
    if not (user and user.is_authenticated):
        return Export.objects.none()
    return Export.objects.filter(requester=user)
