"""core.lifecycle: set_links' rows and the changed flag a loader counts "updated" by
(reviews.reference_data) in each case (nothing, only added, only removed, both), and
save_status writing only the fields it names."""

import pytest

from core.lifecycle import save_status, set_links
from objectives.models import Objective
from pledges.models import Pledge, PledgeObjective
from tests.factories import PledgeFactory


def linked(pledge) -> set[int]:
    return set(
        PledgeObjective.objects.filter(pledge=pledge).values_list("objective__number", flat=True)
    )


@pytest.fixture
def objectives(compact) -> dict[int, Objective]:
    return {o.number: o for o in Objective.objects.filter(number__in=[1, 2, 3])}


@pytest.mark.parametrize(
    ("before", "after", "changed"),
    [
        ([1, 2], [1, 2], False),
        ([1], [1, 2], True),
        ([1, 2], [1], True),
        ([1, 2], [2, 3], True),
        ([], [], False),
    ],
    ids=["unchanged", "only-added", "only-removed", "both", "empty"],
)
def test_set_links_says_whether_anything_changed(objectives, before, after, changed):
    pledge = PledgeFactory()
    PledgeObjective.objects.filter(pledge=pledge).delete()
    PledgeObjective.objects.bulk_create(
        [PledgeObjective(pledge=pledge, objective=objectives[n]) for n in before]
    )

    result = set_links(
        PledgeObjective, {"pledge": pledge}, "objective", [objectives[n] for n in after]
    )

    assert result is changed
    assert linked(pledge) == set(after)


def test_set_links_removes_only_the_owners_rows(objectives):
    pledge, other = PledgeFactory(), PledgeFactory()
    for p in (pledge, other):
        PledgeObjective.objects.filter(pledge=p).delete()
        PledgeObjective.objects.create(pledge=p, objective=objectives[1])

    set_links(PledgeObjective, {"pledge": pledge}, "objective", [objectives[2]])

    assert linked(pledge) == {2}
    assert linked(other) == {1}


def test_save_status_writes_only_the_fields_named(compact, focal_ken):
    """A stale copy saving its status leaves what a colleague saved meanwhile."""
    pledge = PledgeFactory(title="The title as first written")
    Pledge.objects.filter(pk=pledge.pk).update(title="A colleague's newer title")
    pledge.status = Pledge.Status.SUBMITTED

    save_status(pledge, focal_ken, ["status"])

    pledge.refresh_from_db()
    assert (pledge.status, pledge.title) == (Pledge.Status.SUBMITTED, "A colleague's newer title")
