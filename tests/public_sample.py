"""Demo-like published data for the public pages' tests: pledges of Kenya, Mexico and a
stakeholder in each state of implementation, progress with a file, a published review
for Kenya and a draft for Mexico. Rows come from the factories; reviews go through the
services, whose rules (a review needs an assessment to be submitted…) they must obey."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from objectives.models import Action
from pledges.models import Actor, Evidence, Pledge, PledgeAction
from pledges.search import pledges_search_refresh
from reviews import services as review_services
from reviews.models import ReviewCycle, VoluntaryReview
from tests.factories import PledgeFactory, ProgressUpdateFactory, StakeholderFactory, add_partners

PUBLISHED = Pledge.Status.PUBLISHED


@dataclass
class Sample:
    fair_recruitment: Pledge
    data_unit: Pledge
    remittances: Pledge
    detention: Pledge
    kenya_draft: Pledge
    kenya_review: VoluntaryReview
    mexico_review: VoluntaryReview


def _published_at(year: int, month: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, 15, 12, 0))


def public_sample(*, staff) -> Sample:
    kenya = Actor.objects.get(code="KEN")
    mexico = Actor.objects.get(code="MEX")
    network = StakeholderFactory(
        code="east-africa-rights", name="East Africa Migrant Rights Network"
    )
    fair_recruitment = PledgeFactory(
        code="GCM-P-00001",
        title="Fair recruitment for Kenyan workers abroad",
        lead=kenya,
        status=PUBLISHED,
        published_at=_published_at(2024, 2),
        implementation=Pledge.Implementation.IN_PROGRESS,
        objectives=[6, 7],
    )
    PledgeAction.objects.create(
        pledge=fair_recruitment, action=Action.objects.get(objective__number=6, letter="a")
    )
    update = ProgressUpdateFactory(
        pledge=fair_recruitment,
        date=datetime.date(2025, 6, 30),
        percent=70,
        narrative="Three bilateral labour agreements revised.",
        links=["https://example.org/agreements"],
    )
    Evidence.objects.create(
        update=update,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="agreements.pdf"),
        name="agreements.pdf",
        size=15,
    )
    ProgressUpdateFactory(
        pledge=fair_recruitment,
        date=datetime.date(2024, 6, 30),
        percent=40,
        narrative="Recruitment fee register published online.",
    )
    data_unit = PledgeFactory(
        code="GCM-P-00002",
        title="Migration data unit in the national statistics office",
        lead=kenya,
        status=PUBLISHED,
        published_at=_published_at(2024, 8),
        pledge_type=Pledge.Type.HUMAN_RESOURCES,
        implementation=Pledge.Implementation.FULFILLED,
        objectives=[1],
    )
    ProgressUpdateFactory(
        pledge=data_unit,
        date=datetime.date(2024, 12, 15),
        implementation=Pledge.Implementation.FULFILLED,
        percent=100,
        narrative="Unit staffed; first migration profile out.",
    )
    remittances = PledgeFactory(
        code="GCM-P-00003",
        title="Cheaper remittances on the East Africa corridor",
        lead=network,
        mode=Pledge.Mode.PARTNERSHIP,
        pledge_type=Pledge.Type.FINANCIAL,
        status=PUBLISHED,
        published_at=_published_at(2025, 1),
        objectives=[20],
    )
    add_partners(remittances, kenya)
    detention = PledgeFactory(
        code="GCM-P-00004",
        title="Alternatives to detention for migrant children",
        lead=mexico,
        status=PUBLISHED,
        published_at=_published_at(2025, 3),
        pledge_type=Pledge.Type.POLICY,
        objectives=[13],
    )
    kenya_draft = PledgeFactory(
        code="GCM-P-00005", title="Draft: birth registration for all children", lead=kenya
    )

    cycle = ReviewCycle.objects.get(name="2023–2026")
    kenya_review = review_services.review_create(
        user=staff,
        state=kenya,
        cycle=cycle,
        plan=VoluntaryReview.Plan.ADOPTED,
        plan_url="https://example.org/kenya-plan",
    )
    for number, level, narrative in [
        (1, "advanced", "A national migration data strategy is in force."),
        (6, "in_progress", "Bilateral labour agreements revised with three partners."),
    ]:
        review_services.assessment_upsert(
            review=kenya_review,
            user=staff,
            objective=number,
            level=level,
            narrative=narrative,
            pledges=[fair_recruitment.code] if number == 6 else [],
        )
    review_services.review_submit(review=kenya_review, user=staff)
    kenya_review = review_services.review_publish(review=kenya_review, user=staff)
    mexico_review = review_services.review_create(user=staff, state=mexico, cycle=cycle)
    review_services.assessment_upsert(
        review=mexico_review,
        user=staff,
        objective=13,
        level="planning",
        narrative="Draft text, not for the public.",
    )
    # The factories write rows directly: index them for search as the services would.
    pledges_search_refresh(Pledge.objects.all())
    return Sample(
        fair_recruitment=fair_recruitment,
        data_unit=data_unit,
        remittances=remittances,
        detention=detention,
        kenya_draft=kenya_draft,
        kenya_review=kenya_review,
        mexico_review=mexico_review,
    )
