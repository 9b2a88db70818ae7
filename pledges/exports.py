"""What pledges offer the exports app: the "pledges" kind (the directory's rows,
narrowed by its filters), with the progress updates in the export of everything.
Registered from PledgesConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from exports.registry import Exporter, Table, register

from .columns import PLEDGE_COLUMN_NAMES, UPDATE_COLUMN_NAMES, pledge_row, update_row
from .filters import PledgeFilter
from .models import Pledge, ProgressUpdate
from .selectors import pledge_list, updates_visible_to


def _pledges(user: Any) -> QuerySet[Pledge]:
    # pledge_list prefetches what pledge_row reads: the chunks cost no query per row.
    return pledge_list(user).order_by("code")


def _updates(user: Any) -> QuerySet[ProgressUpdate]:
    return updates_visible_to(user).select_related("pledge").order_by("pledge__code", "date", "pk")


PLEDGES = Table("pledges", PLEDGE_COLUMN_NAMES, _pledges, pledge_row)
PROGRESS_UPDATES = Table("progress_updates", UPDATE_COLUMN_NAMES, _updates, update_row)


def register_exporters() -> None:
    register(
        Exporter(
            kind="pledges",
            label=_("Pledges"),
            table=PLEDGES,
            filterset=PledgeFilter,
            related=[PROGRESS_UPDATES],
        )
    )
