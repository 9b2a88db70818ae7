"""Demo data at the scale of the whole world, for benchmarks: `manage.py seed_scale N`.

N pledges over the 193 Member States and a crowd of demo stakeholders, with partners,
objectives, actions and principles, about ten progress updates each, a voluntary review
with 23 assessments for every State and cycle, and indicator values. Everything is
marked as demo data: pledges are titled "[Demo scale] …", stakeholders are coded
`demo-scale-…` and named "… (demo)", indicators are coded `DEMO-…`.

Written with `bulk_create` in batches (no history rows, no services: this is data
for measuring, not a record of anyone's work) and deterministic for a given seed.
Idempotent by count: it adds pledges until there are N demo-scale pledges, and the
reviews and indicator values that are missing.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from objectives.models import Action, GuidingPrinciple, Objective
from pledges.models import (
    Actor,
    Counter,
    Partnership,
    Pledge,
    PledgeAction,
    PledgeObjective,
    PledgePrinciple,
    ProgressUpdate,
)
from pledges.search import pledges_search_refresh
from pledges.services import PLEDGE_CODE_FORMAT
from reviews.models import (
    Indicator,
    IndicatorValue,
    ObjectiveAssessment,
    ReviewCycle,
    VoluntaryReview,
)

TITLE_PREFIX = "[Demo scale] "
STAKEHOLDER_PREFIX = "demo-scale-"
INDICATOR_PREFIX = "DEMO-"
BATCH = 2000
INDICATOR_YEARS = range(2018, 2026)

_TOPICS = [
    "remittance costs",
    "labour migration data",
    "consular protection",
    "missing migrants",
    "alternatives to detention",
    "skills recognition",
    "ethical recruitment",
    "return and reintegration",
    "border management cooperation",
    "access to basic services",
    "diaspora investment",
    "climate-related displacement",
    "counter-trafficking",
    "legal identity documents",
    "social protection portability",
    "evidence-based public discourse",
]
_VERBS = ["Strengthen", "Expand", "Launch", "Fund", "Improve", "Coordinate", "Pilot"]
_PLACES = ["nationally", "in border regions", "in partner States", "in cities", "regionally"]
_SENTENCES = [
    "The pledge builds on the commitments of the Global Compact and on lessons from the "
    "first International Migration Review Forum.",
    "Implementation is led by the responsible ministry together with local authorities, "
    "civil society, migrant and diaspora organisations and the private sector.",
    "Progress is measured against a baseline collected in the first year and reported "
    "every six months, with figures disaggregated by sex, age and migratory status.",
    "Funding comes from the national budget, complemented by the Migration Multi-Partner "
    "Trust Fund and bilateral partners.",
    "A whole-of-government working group meets quarterly to review delivery and adjust "
    "the plan where the evidence shows it is needed.",
    "Migrants are consulted at each stage, and information is published in the "
    "languages they speak.",
    "The work is aligned with the 2030 Agenda for Sustainable Development, in particular "
    "target 10.7.",
    "Results and the data behind them are shared on the Migration Network Hub.",
]
_NARRATIVES = [
    "Baseline survey completed; the working group agreed the indicators.",
    "First training round held for officials in the pilot districts.",
    "Draft regulation submitted to parliament after public consultation.",
    "Information campaign reached migrants in three languages.",
    "Funding for the second year confirmed; recruitment of staff under way.",
    "Mid-term review found delays in data sharing between agencies.",
    "Pilot extended to two more regions on the strength of its results.",
    "Partners signed a memorandum of understanding on referral procedures.",
    "Annual report published with disaggregated figures.",
    "Final evaluation commissioned; lessons shared with other States.",
]
_STAKEHOLDER_KINDS = [
    (Actor.Category.CIVIL_SOCIETY, "Migrant Rights Network"),
    (Actor.Category.MIGRANT_DIASPORA, "Diaspora Council"),
    (Actor.Category.LOCAL_AUTHORITIES, "City of Welcome"),
    (Actor.Category.PRIVATE_SECTOR, "Fair Recruitment Alliance"),
    (Actor.Category.TRADE_UNIONS, "Workers' Federation"),
    (Actor.Category.ACADEMIA, "Migration Research Centre"),
    (Actor.Category.FAITH_BASED, "Faith Action for Migrants"),
    (Actor.Category.UN_ENTITY, "UN Programme on Mobility"),
]
# Published dominates, as in the real pledging record; the rest in every other status.
_STATUSES = [
    (Pledge.Status.PUBLISHED, 90),
    (Pledge.Status.DRAFT, 4),
    (Pledge.Status.SUBMITTED, 3),
    (Pledge.Status.RETURNED, 1),
    (Pledge.Status.WITHDRAWN, 2),
]
_MODES = [
    (Pledge.Mode.INDIVIDUAL, 60),
    (Pledge.Mode.PARTNERSHIP, 20),
    (Pledge.Mode.COMMON, 15),
    (Pledge.Mode.MATCHING, 5),
]
_IMPLEMENTATION_STEPS = [
    Pledge.Implementation.NOT_STARTED,
    Pledge.Implementation.IN_PROGRESS,
    Pledge.Implementation.IN_PROGRESS,
    Pledge.Implementation.FULFILLED,
]


def _weighted(rng: random.Random, choices: list[tuple[Any, int]]) -> Any:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


def _batches(total: int, size: int = BATCH) -> Iterator[int]:
    while total > 0:
        yield min(size, total)
        total -= size


def scale_data_create(
    *,
    pledges: int,
    seed: int = 17,
    updates_per_pledge: int = 10,
    progress: Callable[[str], None] = lambda line: None,
) -> dict[str, int]:
    """Make the database hold `pledges` demo-scale pledges (adding what is missing),
    their links, partners and updates, then a review per State and cycle with an
    assessment per objective, and indicator values per State and year.

    Needs the reference data (`manage.py seed`). Returns the rows created per kind.
    Costs about one INSERT per table per batch of pledges.
    """
    states = list(Actor.objects.filter(kind=Actor.Kind.STATE).order_by("code"))
    objectives = list(Objective.objects.order_by("number"))
    cycles = list(ReviewCycle.objects.order_by("start_date"))
    if not states or not objectives or not cycles:
        raise ImproperlyConfigured(
            "The reference data is missing (Member States, the compact, the review "
            "calendar): run `manage.py seed` first."
        )
    rng = random.Random(seed)  # noqa: S311 -- demo data, not secrets
    counts = {"stakeholders": 0, "pledges": 0, "updates": 0, "reviews": 0, "indicator values": 0}
    stakeholders = _stakeholders(max(20, pledges // 100), counts)
    existing = Pledge.objects.filter(title__startswith=TITLE_PREFIX).count()
    missing = max(0, pledges - existing)
    if missing:
        # A second run's new pledges differ from the first run's.
        rng.seed(seed + existing)
        _pledges_create(
            missing,
            rng=rng,
            leads=_lead_pool(rng, states, stakeholders),
            partners=[*states, *stakeholders],
            objectives=objectives,
            updates_per_pledge=updates_per_pledge,
            counts=counts,
            progress=progress,
        )
    _reviews_create(rng, states, cycles, objectives, counts)
    _indicator_values_create(rng, states, objectives, counts)
    return counts


def _stakeholders(number: int, counts: dict[str, int]) -> list[Actor]:
    wanted = []
    for index in range(number):
        category, name = _STAKEHOLDER_KINDS[index % len(_STAKEHOLDER_KINDS)]
        wanted.append(
            Actor(
                kind=Actor.Kind.STAKEHOLDER,
                code=f"{STAKEHOLDER_PREFIX}{index + 1:04d}",
                name=f"{name} {index + 1} (demo)",
                category=category,
            )
        )
    before = Actor.objects.filter(code__startswith=STAKEHOLDER_PREFIX).count()
    Actor.objects.bulk_create(wanted, batch_size=BATCH, ignore_conflicts=True)
    counts["stakeholders"] = (
        Actor.objects.filter(code__startswith=STAKEHOLDER_PREFIX).count() - before
    )
    return list(Actor.objects.filter(code__startswith=STAKEHOLDER_PREFIX).order_by("code"))


def _lead_pool(rng: random.Random, states: list[Actor], stakeholders: list[Actor]) -> list[Actor]:
    """Leads drawn with a long tail, like the real record: a few States lead many
    pledges, most a handful; stakeholders lead about four in ten."""
    pool: list[Actor] = []
    for rank, state in enumerate(rng.sample(states, len(states))):
        pool.extend([state] * max(1, 60 // (rank + 1)))
    pool.extend(stakeholders * max(1, (len(pool) * 2 // 3) // len(stakeholders)))
    return pool


def _pledges_create(
    missing: int,
    *,
    rng: random.Random,
    leads: list[Actor],
    partners: list[Actor],
    objectives: list[Objective],
    updates_per_pledge: int,
    counts: dict[str, int],
    progress: Callable[[str], None],
) -> None:
    actions: dict[int, list[int]] = {}
    for action_id, objective_id in Action.objects.values_list("pk", "objective_id"):
        actions.setdefault(objective_id, []).append(action_id)
    principles = list(GuidingPrinciple.objects.values_list("pk", flat=True))
    through = Partnership
    published_ids = list(
        Pledge.objects.filter(status=Pledge.Status.PUBLISHED).values_list("pk", flat=True)[:1000]
    )
    today = timezone.now().date()
    for size in _batches(missing):
        with transaction.atomic():
            counter, _created = Counter.objects.select_for_update().get_or_create(name="pledge")
            first = counter.value + 1
            counter.value += size
            counter.save(update_fields=["value"])
            batch = []
            for offset in range(size):
                batch.append(_pledge(rng, first + offset, leads, today, updates_per_pledge))
            # Matching pledges last, so they may match a pledge published in this batch.
            batch.sort(key=lambda item: item[0].mode == Pledge.Mode.MATCHING)
            firsts = [pledge for pledge, _ in batch if pledge.mode != Pledge.Mode.MATCHING]
            Pledge.objects.bulk_create(firsts, batch_size=BATCH)
            published_ids.extend(
                pledge.pk for pledge in firsts[:100] if pledge.status == Pledge.Status.PUBLISHED
            )
            matching = [pledge for pledge, _ in batch if pledge.mode == Pledge.Mode.MATCHING]
            for pledge in matching:
                if published_ids:
                    pledge.matches_id = rng.choice(published_ids)
                else:  # nothing published yet to match
                    pledge.mode = Pledge.Mode.INDIVIDUAL
            Pledge.objects.bulk_create(matching, batch_size=BATCH)
            links: dict[str, list[Any]] = {"o": [], "a": [], "p": [], "partners": [], "u": []}
            for pledge, planned_updates in batch:
                _links(rng, pledge, objectives, actions, principles, partners, through, links)
                links["u"].extend(_updates(rng, pledge, planned_updates, today))
            PledgeObjective.objects.bulk_create(links["o"], batch_size=BATCH)
            PledgeAction.objects.bulk_create(links["a"], batch_size=BATCH)
            PledgePrinciple.objects.bulk_create(links["p"], batch_size=BATCH)
            through.objects.bulk_create(links["partners"], batch_size=BATCH)
            ProgressUpdate.objects.bulk_create(links["u"], batch_size=BATCH)
            # The search vector the services keep (one UPDATE for the batch).
            pledges_search_refresh(Pledge.objects.filter(pk__in=[p.pk for p, _ in batch]))
        counts["pledges"] += size
        counts["updates"] += len(links["u"])
        progress(f"pledges: {counts['pledges']} of {missing}, updates: {counts['updates']}")


def _pledge(
    rng: random.Random,
    number: int,
    leads: list[Actor],
    today: datetime.date,
    updates_per_pledge: int,
) -> tuple[Pledge, int]:
    status = _weighted(rng, _STATUSES)
    mode = _weighted(rng, _MODES)
    start = today - datetime.timedelta(days=rng.randint(60, 7 * 365))
    topic = rng.choice(_TOPICS)
    published_at = None
    if status in (Pledge.Status.PUBLISHED, Pledge.Status.WITHDRAWN):
        published_at = timezone.make_aware(
            datetime.datetime.combine(
                start + datetime.timedelta(days=rng.randint(0, 50)),
                datetime.time(rng.randint(6, 20), rng.randint(0, 59)),
            )
        )
    sentences = rng.sample(_SENTENCES, rng.randint(3, len(_SENTENCES)))
    description = f"This demo pledge addresses {topic} {rng.choice(_PLACES)}. " + " ".join(
        sentences
    )
    pledge = Pledge(
        code=PLEDGE_CODE_FORMAT.format(number),
        title=f"{TITLE_PREFIX}{rng.choice(_VERBS)} {topic} {rng.choice(_PLACES)} #{number}",
        description=description,
        lead=rng.choice(leads),
        mode=mode,
        pledge_type=rng.choice(Pledge.Type.values),
        scope=rng.choice(Pledge.Scope.values),
        start_date=start,
        target_date=start + datetime.timedelta(days=rng.randint(365, 6 * 365)),
        status=status,
        return_reason="(Demo) Please name the responsible ministry."
        if status == Pledge.Status.RETURNED
        else "",
        published_at=published_at,
        # When it went to staff: a few days before publication, or lately for the queue.
        submitted_at=(
            published_at - datetime.timedelta(days=rng.randint(1, 20))
            if published_at
            else timezone.now() - datetime.timedelta(days=rng.randint(0, 60))
            if status == Pledge.Status.SUBMITTED
            else None
        ),
        withdrawn_at=(
            min(published_at + datetime.timedelta(days=rng.randint(30, 400)), timezone.now())
            if status == Pledge.Status.WITHDRAWN and published_at
            else None
        ),
    )
    planned = 0
    if status == Pledge.Status.PUBLISHED:
        planned = max(0, updates_per_pledge + rng.randint(-3, 3))
        # How far it got; the latest update sets the implementation, as the services do.
        pledge.reach = rng.uniform(0.2, 1.0)  # type: ignore[attr-defined]
        if planned:
            pledge.implementation = _step(pledge.reach)  # type: ignore[attr-defined]
    return pledge, planned


def _step(share: float) -> str:
    return _IMPLEMENTATION_STEPS[min(len(_IMPLEMENTATION_STEPS) - 1, int(share * 4))]


def _links(
    rng: random.Random,
    pledge: Pledge,
    objectives: list[Objective],
    actions: dict[int, list[int]],
    principles: list[int],
    partners: list[Actor],
    through: Any,
    links: dict[str, list[Any]],
) -> None:
    chosen = rng.sample(objectives, rng.choice([1, 1, 2, 2, 3]))
    for objective in chosen:
        links["o"].append(PledgeObjective(pledge_id=pledge.pk, objective_id=objective.pk))
        pool = actions.get(objective.pk, [])
        for action_id in rng.sample(pool, min(len(pool), rng.randint(0, 2))):
            links["a"].append(PledgeAction(pledge_id=pledge.pk, action_id=action_id))
    for principle_id in rng.sample(principles, min(len(principles), rng.randint(0, 2))):
        links["p"].append(PledgePrinciple(pledge_id=pledge.pk, principle_id=principle_id))
    if pledge.mode in (Pledge.Mode.PARTNERSHIP, Pledge.Mode.COMMON):
        named = {actor.pk for actor in rng.sample(partners, rng.randint(1, 4))} - {pledge.lead_id}
        if not named:
            named = {next(a.pk for a in partners if a.pk != pledge.lead_id)}
        moment = timezone.now()
        for actor_id in sorted(named):
            # Most partners have accepted; some invitations are open, a few declined.
            roll = rng.random()
            status = (
                Partnership.Status.ACCEPTED
                if roll < 0.85
                else Partnership.Status.INVITED
                if roll < 0.95
                else Partnership.Status.DECLINED
            )
            answered = None if status == Partnership.Status.INVITED else moment
            links["partners"].append(
                through(
                    pledge_id=pledge.pk,
                    actor_id=actor_id,
                    status=status,
                    reason="[Demo scale] Not this year." if status == "declined" else "",
                    invited_at=moment,
                    answered_at=answered,
                )
            )


def _updates(
    rng: random.Random, pledge: Pledge, planned: int, today: datetime.date
) -> list[ProgressUpdate]:
    if not planned:
        return []
    span = max(1, (today - pledge.start_date).days)
    days = sorted(rng.sample(range(span), min(planned, span)))
    updates = []
    for index, day in enumerate(days):
        share = (index + 1) / len(days) * pledge.reach  # type: ignore[attr-defined]
        updates.append(
            ProgressUpdate(
                pledge_id=pledge.pk,
                date=pledge.start_date + datetime.timedelta(days=day),
                implementation=_step(share),
                percent=min(100, int(share * 100)),
                narrative=f"(Demo) {_NARRATIVES[index % len(_NARRATIVES)]}",
            )
        )
    return updates


def _reviews_create(
    rng: random.Random,
    states: list[Actor],
    cycles: list[ReviewCycle],
    objectives: list[Objective],
    counts: dict[str, int],
) -> None:
    """A review per State and cycle that has started (published for past cycles, any
    status in the current one), each assessing the 23 objectives."""
    today = timezone.now().date()
    have = set(VoluntaryReview.objects.values_list("state_id", "cycle_id"))
    reviews = []
    for cycle in cycles:
        if cycle.start_date > today:
            continue
        current = cycle.end_date >= today
        for state in states:
            if (state.pk, cycle.pk) in have:
                continue
            status = (
                rng.choice(list(VoluntaryReview.Status.values))
                if current
                else VoluntaryReview.Status.PUBLISHED
            )
            moment = timezone.make_aware(
                datetime.datetime.combine(
                    min(today, cycle.start_date + datetime.timedelta(days=rng.randint(30, 900))),
                    datetime.time(12),
                )
            )
            submitted = status in (
                VoluntaryReview.Status.SUBMITTED,
                VoluntaryReview.Status.PUBLISHED,
            )
            reviews.append(
                VoluntaryReview(
                    state=state,
                    cycle=cycle,
                    status=status,
                    return_reason="(Demo) Please complete objective 23."
                    if status == VoluntaryReview.Status.RETURNED
                    else "",
                    plan=rng.choice(list(VoluntaryReview.Plan.values)),
                    submitted_at=moment if submitted else None,
                    published_at=moment if status == VoluntaryReview.Status.PUBLISHED else None,
                )
            )
    with transaction.atomic():
        VoluntaryReview.objects.bulk_create(reviews, batch_size=BATCH)
        levels = list(ObjectiveAssessment.Level.values)
        ObjectiveAssessment.objects.bulk_create(
            (
                ObjectiveAssessment(
                    review_id=review.pk,
                    objective_id=objective.pk,
                    level=rng.choice(levels),
                    narrative=f"(Demo) Assessment of objective {objective.number}.",
                )
                for review in reviews
                for objective in objectives
            ),
            batch_size=BATCH,
        )
    counts["reviews"] = len(reviews)


def _indicator_values_create(
    rng: random.Random,
    states: list[Actor],
    objectives: list[Objective],
    counts: dict[str, int],
) -> None:
    """A demo indicator per objective (unless present) and its value for every State
    and year of INDICATOR_YEARS that has none."""
    Indicator.objects.bulk_create(
        [
            Indicator(
                code=f"{INDICATOR_PREFIX}{objective.number}",
                name=f"(Demo) Indicator for objective {objective.number}",
                objective=objective,
                tier=Indicator.Tier.CORE,
                unit="%",
            )
            for objective in objectives
        ],
        ignore_conflicts=True,
    )
    indicators = list(Indicator.objects.filter(code__startswith=INDICATOR_PREFIX))
    before = IndicatorValue.objects.filter(indicator__in=indicators).count()
    IndicatorValue.objects.bulk_create(
        (
            IndicatorValue(
                indicator=indicator,
                state=state,
                year=year,
                value=Decimal(rng.randint(0, 10000)) / 100,
                source="(Demo) generated",
            )
            for indicator in indicators
            for state in states
            for year in INDICATOR_YEARS
        ),
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    counts["indicator values"] = (
        IndicatorValue.objects.filter(indicator__in=indicators).count() - before
    )
