"""Asking for an export: `export_create` checks the request (kind, format, the list's
own filters), records it and queues its build after commit. The build itself is the
worker's (jobs.py).

What there is to export is the apps' (registry.py): each kind's table, its columns and
the FilterSet of its list. Exports need a signed-in requester (the public has
`?format=csv` on the lists).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import registry
from .models import Export
from .tasks import build_export


def export_check_filters(kind: str, filters: dict) -> dict:
    """The filters of an export, checked with the list's own FilterSet: an unknown
    name or a bad value is an error rather than silently exporting everything."""
    if not isinstance(filters, dict):
        raise ValidationError({"filters": [_("Give the filters as an object.")]})
    filters = {str(k): v for k, v in filters.items() if v not in ("", None)}
    if kind == registry.EVERYTHING:
        if filters:
            raise ValidationError(
                {"filters": [_("Everything is exported unfiltered; export pledges or reviews.")]}
            )
        return {}
    filterset_class = registry.exporter(kind).filterset
    errors = {}
    unknown = sorted(set(filters) - set(filterset_class.base_filters))
    if unknown:
        errors["filters"] = [
            _("Unknown filter: %(names)s. Filters are: %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(filterset_class.base_filters)}
        ]
    if any(not isinstance(v, str | int | float) for v in filters.values()):
        errors["filters"] = [_("Each filter is a single value.")]
    if errors:
        raise ValidationError(errors)
    filters = {k: str(v) for k, v in filters.items()}
    filterset = filterset_class(data=filters, queryset=filterset_class._meta.model.objects.none())
    if not filterset.is_valid():
        raise ValidationError(
            {f"filters.{name}": list(messages) for name, messages in filterset.errors.items()}
        )
    return filters


@transaction.atomic
def export_create(*, user: Any, kind: str, format: str, filters: dict | None = None) -> Export:
    """Record an export for `user` and queue its build once the row is committed.
    One insert; on the embedded default the build runs inline right after it."""
    if not (user and user.is_authenticated):
        raise PermissionDenied(_("Sign in to export; the public lists offer ?format=csv."))
    errors = {}
    if kind not in registry.kinds():
        errors["kind"] = [_("Choose one of: %(c)s.") % {"c": ", ".join(registry.kinds())}]
    if format not in Export.Format.values:
        errors["format"] = [_("Choose one of: %(c)s.") % {"c": ", ".join(Export.Format.values)}]
    if errors:
        raise ValidationError(errors)
    filters = export_check_filters(kind, filters or {})
    export = Export.objects.create(requester=user, kind=kind, format=format, filters=filters)
    transaction.on_commit(lambda: build_export.delay(export_id=export.pk))
    return export
