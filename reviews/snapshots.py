"""What a snapshot freezes, and how two records compare (issue 19).

`public_record(as_of)` is the public record as a plain dict: every published pledge
with its lead, accepted partners, objectives and latest progress, every published
review with its assessments, and the dashboard figures computed from those pledges.
Without `as_of` it reads today's tables through the visibility rule
(`public_pledges`, `public_reviews`); with it, it reads the history tables
(`Model.history.as_of(moment)`) and keeps what was published then, with the
objectives each was linked to then (the link table keeps history rows too).

A fixed number of queries whatever the number of rows. No writes: the service
(reviews.services.snapshot_take) stores the result, and says how far it got through
the `progress` callback it passes (stage, rows done, rows in all).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet

from core.visibility import published
from objectives.models import Objective
from pledges.models import Actor, Partnership, Pledge, PledgeObjective, ProgressUpdate
from pledges.selectors import public_pledges

from .models import ObjectiveAssessment, VoluntaryReview
from .selectors import public_reviews

FORMAT_VERSION = 1

# How often (in pledges assembled) the progress callback hears of it.
PROGRESS_EVERY = 5000
# Rows fetched at a time from the database.
CHUNK = 5000

Progress = Callable[[str, int, int], None]


def _silent(stage: str, done: int, total: int) -> None:
    return None


PLEDGE_FIELDS = (
    "id", "code", "title", "lead_id", "mode", "pledge_type", "scope", "status",
    "implementation", "start_date", "target_date", "published_at",
)  # fmt: skip


def canonical_json(data: dict[str, Any]) -> str:
    """One text for one record: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, cls=DjangoJSONEncoder
    )


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _at(queryset: QuerySet, model: Any, as_of: datetime.datetime | None) -> QuerySet:
    """`queryset` today, or the model's rows as they stood at `as_of`."""
    return queryset if as_of is None else model.history.as_of(as_of)


def public_record(
    as_of: datetime.datetime | None = None, *, progress: Progress = _silent
) -> dict[str, Any]:
    """The public record now, or reconstructed at `as_of`. Eight queries; `progress`
    hears "reading", then "assembling" every PROGRESS_EVERY pledges."""
    progress("reading", 0, 0)
    pledges = _at(public_pledges(), Pledge, as_of).filter(published())
    # Streamed (a server-side cursor on PostgreSQL): a queryset's cache would hold
    # every row twice over, and the updates are ten times the pledges.
    rows = sorted(pledges.values(*PLEDGE_FIELDS).iterator(CHUNK), key=lambda row: row["code"])
    ids = [row["id"] for row in rows]

    partners: dict[int, list[int]] = defaultdict(list)
    for pledge_id, actor_id in (
        _at(Partnership.objects.all(), Partnership, as_of)
        .filter(pledge_id__in=ids, status=Partnership.Status.ACCEPTED)
        .values_list("pledge_id", "actor_id")
        .iterator(CHUNK)
    ):
        partners[pledge_id].append(actor_id)
    actor_ids = {row["lead_id"] for row in rows} | {a for ids_ in partners.values() for a in ids_}
    actors = {
        actor["id"]: actor
        for actor in Actor.objects.filter(pk__in=actor_ids).values(
            "id", "code", "name", "kind", "region"
        )
    }
    objectives: dict[int, list[int]] = defaultdict(list)
    for pledge_id, number in sorted(
        _at(PledgeObjective.objects.all(), PledgeObjective, as_of)
        .filter(pledge_id__in=ids)
        .values_list("pledge_id", "objective__number")
        .iterator(CHUNK)
    ):
        objectives[pledge_id].append(number)
    latest: dict[int, dict[str, Any]] = {}
    for update in (
        _at(ProgressUpdate.objects.all(), ProgressUpdate, as_of)
        .filter(pledge_id__in=ids)
        .order_by("pledge_id", "date", "id")
        .values("pledge_id", "date", "implementation", "percent")
        .iterator(CHUNK)
    ):
        latest[update.pop("pledge_id")] = update

    pledge_rows = []
    progress("assembling", 0, len(rows))
    for done, row in enumerate(rows, 1):
        if done % PROGRESS_EVERY == 0:
            progress("assembling", done, len(rows))
        pledge_id = row.pop("id")
        lead: dict[str, Any] = dict(actors.get(row.pop("lead_id"), {}))
        pledge_rows.append(
            {
                **row,
                "lead": lead.get("code", ""),
                "lead_name": lead.get("name", ""),
                "lead_kind": lead.get("kind", ""),
                "lead_region": lead.get("region", ""),
                "partners": sorted(actors[a]["code"] for a in partners[pledge_id] if a in actors),
                "objectives": objectives[pledge_id],
                "latest_update": latest.get(pledge_id),
            }
        )

    reviews = sorted(
        _at(public_reviews(), VoluntaryReview, as_of)
        .filter(published())
        .values("id", "state_id", "cycle_id", "published_at"),
        key=lambda row: row["id"],
    )
    review_ids = [row["id"] for row in reviews]
    states = dict(
        Actor.objects.filter(pk__in={row["state_id"] for row in reviews}).values_list("id", "code")
    )
    assessments: dict[int, list[dict[str, Any]]] = defaultdict(list)
    assessed = _at(ObjectiveAssessment.objects.all(), ObjectiveAssessment, as_of).filter(
        review_id__in=review_ids
    )
    numbers = dict(Objective.objects.values_list("id", "number"))
    for review_id, objective_id, level in assessed.values_list(
        "review_id", "objective_id", "level"
    ):
        assessments[review_id].append({"objective": numbers.get(objective_id), "level": level})
    review_rows = [
        {
            "id": row["id"],
            "state": states.get(row["state_id"], ""),
            "cycle_id": row["cycle_id"],
            "published_at": row["published_at"],
            "assessments": sorted(assessments[row["id"]], key=lambda a: a["objective"] or 0),
        }
        for row in reviews
    ]
    return {
        "format": FORMAT_VERSION,
        "as_of": as_of,
        "pledges": pledge_rows,
        "reviews": review_rows,
        "figures": figures(pledge_rows),
    }


def figures(pledges: list[dict[str, Any]]) -> dict[str, Any]:
    """The dashboard's headline figures, computed from a record's own pledges (the
    same for a snapshot taken on the day and one reconstructed)."""
    by_objective: Counter[int] = Counter(n for row in pledges for n in row["objectives"])
    leads = {(row["lead_kind"], row["lead"]) for row in pledges}
    return {
        "published_pledges": len(pledges),
        "fulfilled_pledges": sum(
            1 for row in pledges if row["implementation"] == Pledge.Implementation.FULFILLED
        ),
        "by_implementation": dict(Counter(row["implementation"] for row in pledges)),
        "by_objective": {str(n): by_objective[n] for n in sorted(by_objective)},
        "states_pledging": sum(1 for kind, _ in leads if kind == Actor.Kind.STATE),
        "stakeholders_pledging": sum(1 for kind, _ in leads if kind == Actor.Kind.STAKEHOLDER),
    }


def compare(then: dict[str, Any], now: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """ "IMRF 2022 → now": pledges published since, pledges whose implementation moved,
    pledges no longer public, and pledges that went silent (public then and now, no
    progress reported since the snapshot)."""
    before = {row["code"]: row for row in then["pledges"]}
    after = {row["code"]: row for row in now["pledges"]}

    def update_date(row: dict[str, Any]) -> Any:
        return (row.get("latest_update") or {}).get("date")

    return {
        "new": [after[code] for code in sorted(after.keys() - before.keys())],
        "gone": [before[code] for code in sorted(before.keys() - after.keys())],
        "moved": [
            {**after[code], "was": before[code]["implementation"]}
            for code in sorted(after.keys() & before.keys())
            if after[code]["implementation"] != before[code]["implementation"]
        ],
        "silent": [
            after[code]
            for code in sorted(after.keys() & before.keys())
            if str(update_date(after[code]) or "") <= str(update_date(before[code]) or "")
        ],
    }
