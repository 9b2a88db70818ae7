"""A pledge, and a progress update, as a flat row of a table: the columns, once.

The export files (exports.py), the API's `?format=csv` (api/serializers.py) and the
import template (imports.py: the columns a person fills in) all read these lists; the
API's JSON fields are derived from them too. Lists are joined with "; ".

The list helpers read the relations `selectors.pledge_list` prefetches: no query per
pledge, whether one pledge is shown or ten thousand are exported.
"""

from __future__ import annotations

from typing import Any

from core.columns import Column, join, names, row

from .models import Pledge, ProgressUpdate
from .selectors import accepted_partners


def objective_numbers(pledge: Pledge) -> list[int]:
    return sorted(o.number for o in pledge.objectives.all())


def action_labels(pledge: Pledge) -> list[str]:
    actions = sorted(pledge.actions.all(), key=lambda a: (a.objective.number, a.order))
    return [a.label for a in actions]


def principle_slugs(pledge: Pledge) -> list[str]:
    return [p.slug for p in sorted(pledge.principles.all(), key=lambda p: p.order)]


def partner_codes(pledge: Pledge) -> list[str]:
    # Accepted partners only: an invited or declined actor is not pledging (issue 14).
    return sorted(p.code for p in accepted_partners(pledge))


def _completion(pledge: Pledge) -> int | str:
    completion = pledge.latest_completion  # type: ignore[attr-defined]
    return "" if completion is None else completion


PLEDGE_COLUMNS: tuple[Column, ...] = (
    Column("code", lambda p: p.code),
    Column("title", lambda p: p.title),
    Column("description", lambda p: p.description),
    Column("lead", lambda p: p.lead.code),
    Column("lead_name", lambda p: p.lead.name),
    Column("partners", lambda p: join(partner_codes(p))),
    Column("mode", lambda p: p.mode),
    Column("type", lambda p: p.pledge_type),
    Column("objectives", lambda p: join(objective_numbers(p))),
    Column("actions", lambda p: join(action_labels(p))),
    Column("principles", lambda p: join(principle_slugs(p))),
    Column("scope", lambda p: p.scope),
    Column("start_date", lambda p: p.start_date),
    Column("target_date", lambda p: p.target_date),
    Column("matches", lambda p: p.matches.code if p.matches is not None else ""),
    # A financial contribution's amount (a plain decimal, never a float) and currency.
    Column("amount", lambda p: p.amount if p.amount is not None else ""),
    Column("currency", lambda p: p.currency),
    Column("status", lambda p: p.status),
    Column("implementation", lambda p: p.implementation),
    # The lead's own latest percent (selectors.with_latest_completion, which pledge_list
    # annotates): the pledge's figure, whatever a partner reports.
    Column("latest_completion", lambda p: _completion(p)),
    Column("published_at", lambda p: p.published_at),
    Column("updated_at", lambda p: p.updated_at),
)
PLEDGE_COLUMN_NAMES = names(PLEDGE_COLUMNS)
# Written by the product, never by a person: a file to import leaves them out.
PRODUCT_WRITTEN = frozenset(
    {"code", "lead_name", "implementation", "latest_completion", "published_at", "updated_at"}
)
IMPORT_COLUMNS: tuple[str, ...] = tuple(n for n in PLEDGE_COLUMN_NAMES if n not in PRODUCT_WRITTEN)

UPDATE_COLUMNS: tuple[Column, ...] = (
    Column("pledge", lambda u: u.pledge.code),
    Column("date", lambda u: u.date),
    Column("implementation", lambda u: u.implementation),
    Column("percent", lambda u: u.percent),
    Column("narrative", lambda u: u.narrative),
    Column("links", lambda u: join(u.links)),
    # What the public reads of the verification (the API's `verification`): a dispute
    # not yet made public reads as self-reported, and carries no reason.
    Column("verification", lambda u: u.public_verification),
    Column("verification_date", lambda u: u.public_verification_at),
    Column("dispute_reason", lambda u: u.public_dispute_reason),
)
UPDATE_COLUMN_NAMES = names(UPDATE_COLUMNS)


def pledge_row(pledge: Pledge) -> list[Any]:
    return row(PLEDGE_COLUMNS, pledge)


def update_row(update: ProgressUpdate) -> list[Any]:
    return row(UPDATE_COLUMNS, update)
