import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from objectives.models import Objective
from pledges.models import Actor
from tests.factories import PledgeFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "values",
    [
        {"kind": "state", "code": "ken2", "name": "x", "country": "KE"},  # not alpha-3
        {"kind": "state", "code": "ZZZ", "name": "x", "country": ""},  # no country
        {"kind": "stakeholder", "code": "ngo-x", "name": "x", "category": ""},  # no category
        {"kind": "stakeholder", "code": "NGO", "name": "x", "category": "academia"},
    ],
)
def test_actor_constraint_refuses_malformed_actors(values):
    with pytest.raises(IntegrityError), transaction.atomic():
        Actor.objects.create(**values)


def test_pledge_constraints_hold_whoever_writes(kenya):
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeFactory(lead=kenya, description="too short")
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeFactory(lead=kenya, status="returned", return_reason="")
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeFactory(lead=kenya, mode="matching", matches=None)


def test_pledge_protects_the_compact_rows_it_names(kenya):
    PledgeFactory(lead=kenya, objectives=[4])

    with pytest.raises(ProtectedError):
        Objective.objects.get(number=4).delete()


def test_actor_with_pledges_cannot_be_deleted():
    ngo = StakeholderFactory()
    PledgeFactory(lead=ngo)

    with pytest.raises(ProtectedError):
        ngo.delete()
