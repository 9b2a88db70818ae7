"""factory_boy factories. They write rows directly, for arranging a test; the
behaviour under test goes through the services."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from objectives.models import Objective
from pledges.models import (
    Actor,
    FocalPoint,
    Partnership,
    Pledge,
    PledgeObjective,
    ProgressUpdate,
)

DESCRIPTION = (
    "We will train border and labour officials in the rights of migrant workers, "
    "publish recruitment fees in a public register, and review bilateral labour "
    "agreements so that workers pay no recruitment fees. Progress is measured by the "
    "number of officials trained, agreements revised and complaints resolved each year, "
    "reported to the Network."
)
assert len(DESCRIPTION) >= 300


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user-{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("pw-for-tests")


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor
        django_get_or_create = ["code"]

    kind = Actor.Kind.STAKEHOLDER
    code = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    category = Actor.Category.CIVIL_SOCIETY


class FocalPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPoint

    user = factory.SubFactory(UserFactory)
    actor = factory.SubFactory(StakeholderFactory)


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"GCM-T-{n:05d}")
    title = factory.Sequence(lambda n: f"Pledge {n}")
    description = DESCRIPTION
    lead = factory.SubFactory(StakeholderFactory)
    mode = Pledge.Mode.INDIVIDUAL
    pledge_type = Pledge.Type.POLICY
    scope = Pledge.Scope.NATIONAL
    start_date = datetime.date(2024, 1, 1)
    target_date = datetime.date(2026, 12, 31)
    status = Pledge.Status.DRAFT
    published_at = factory.LazyAttribute(
        lambda p: timezone.now() if p.status == Pledge.Status.PUBLISHED else None
    )
    return_reason = factory.LazyAttribute(
        lambda p: "Please add a measurable target." if p.status == Pledge.Status.RETURNED else ""
    )
    withdrawn_at = factory.LazyAttribute(
        lambda p: timezone.now() if p.status == Pledge.Status.WITHDRAWN else None
    )

    @factory.post_generation
    def objectives(self, create, numbers, **kwargs):
        if create:
            for number in numbers or [1]:
                PledgeObjective.objects.create(
                    pledge=self, objective=Objective.objects.get(number=number)
                )


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    pledge = factory.SubFactory(PledgeFactory, status=Pledge.Status.PUBLISHED)
    date = datetime.date(2025, 6, 30)
    implementation = Pledge.Implementation.IN_PROGRESS
    percent = 40
    narrative = "Two of five training sessions held."


def add_partners(
    pledge, *actors, status=Partnership.Status.ACCEPTED, share="", amount=None, currency=""
):
    """Arrange partners of `pledge` directly: accepted by default (a partner that
    pledges), or invited / declined / left with the dates and reason each needs."""
    now = timezone.now()
    for actor in actors:
        Partnership.objects.create(
            pledge=pledge,
            actor=actor,
            status=status,
            share=share,
            amount=amount,
            currency=currency,
            answered_at=None if status == Partnership.Status.INVITED else now,
            left_at=now if status == Partnership.Status.LEFT else None,
            reason="Not in this cycle." if status == Partnership.Status.DECLINED else "",
        )
    return pledge
