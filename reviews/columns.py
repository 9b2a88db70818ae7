"""A voluntary review as a flat row of a table: the columns, once.

The export files (exports.py) read this list and the API's JSON fields are derived
from it (api/serializers.py). The values read what `selectors.review_list` joins and
annotates (State, cycle, event; `assessed_count`, `objective_total`, `due_on`).
"""

from __future__ import annotations

from typing import Any

from core.columns import Column, names, row

from .models import VoluntaryReview

REVIEW_COLUMNS: tuple[Column, ...] = (
    Column("id", lambda r: r.pk),
    Column("state", lambda r: r.state.code),
    Column("state_name", lambda r: r.state.name),
    Column("cycle", lambda r: r.cycle.name),
    Column("event", lambda r: r.event.slug if r.event_id else ""),
    Column("due_date", lambda r: r.due_on),
    Column("status", lambda r: r.status),
    Column("plan", lambda r: r.plan),
    Column("plan_url", lambda r: r.plan_url),
    Column("objectives_assessed", lambda r: r.assessed_count),
    Column("objectives_total", lambda r: r.objective_total),
    Column("submitted_at", lambda r: r.submitted_at),
    Column("published_at", lambda r: r.published_at),
)
REVIEW_COLUMN_NAMES = names(REVIEW_COLUMNS)
# The API answers completeness as one object ({assessed, total}) instead.
COMPLETENESS_COLUMNS = frozenset({"objectives_assessed", "objectives_total"})


def review_row(review: VoluntaryReview) -> list[Any]:
    return row(REVIEW_COLUMNS, review)
