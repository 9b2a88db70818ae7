"""The reference-data step: everything the product ships in fixtures/.

`python manage.py seed` runs REFERENCE_DATA in order. Each entry is an app's loader,
imported here by name (the project package is the one place that knows every app):
it takes `dry_run` and returns {kind: Counts}; loaders are idempotent on natural keys,
so running the step again reports "unchanged". What loaders share is core/loading.py.
"""

from __future__ import annotations

from collections.abc import Callable

from core.loading import Counts
from core.roles import roles_load
from objectives.sdg import sdg_links_load
from objectives.services import compact_load_default
from pledges.member_states import member_states_load
from reviews.declaration import declaration_load_default
from reviews.mentions import reports_load_default
from reviews.reference_data import (
    calendar_load_default,
    recommendations_load_default,
    round_tables_load_default,
)
from reviews.sdg_links import sdg_links_load_texts

Loader = Callable[..., dict[str, Counts]]

REFERENCE_DATA: list[tuple[str, Loader]] = [
    # (label, loader), in the order later sources need earlier ones.
    ("The compact: objectives, actions, guiding principles", compact_load_default),
    ("Roles: the Network staff group", roles_load),
    ("UN Member States (ISO 3166 names, UN M49 regions)", member_states_load),
    ("The review calendar: cycles and events", calendar_load_default),
    ("IMRF 2022 round tables (Progress Declaration)", round_tables_load_default),
    (
        "Recommendations on missing migrants (SG report 2024, annex)",
        recommendations_load_default,
    ),
    (
        "Progress Declaration commitments, target and adopted titles (IMRF 2022)",
        declaration_load_default,
    ),
    ("SDG links in the compact", sdg_links_load),
    ("The Secretary-General's reports: paragraphs, State mentions, facts", reports_load_default),
    ("SDG links in the reports and the Progress Declaration", sdg_links_load_texts),
]
