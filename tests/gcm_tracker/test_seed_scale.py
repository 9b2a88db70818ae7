"""`manage.py seed_scale N`: demo data at scale for `make bench`, at a small N here."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.utils import timezone

from gcm_tracker.scale import INDICATOR_PREFIX, STAKEHOLDER_PREFIX, TITLE_PREFIX
from objectives.models import Objective
from pledges.models import Actor, Counter, Pledge, ProgressUpdate
from pledges.services import PLEDGE_CODE_FORMAT
from reviews.models import IndicatorValue, ObjectiveAssessment, ReviewCycle, VoluntaryReview

pytestmark = pytest.mark.django_db


def seed_scale(number: int, **options) -> str:
    out = StringIO()
    call_command("seed_scale", number, force=True, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def reference_data(compact, member_states):
    from tests.conftest import load_reference_data

    load_reference_data()


def test_seed_scale_refuses_a_database_other_than_the_embedded_default(reference_data):
    with pytest.raises(CommandError, match="invented pledges do not belong in a real record"):
        call_command("seed_scale", 10, stdout=StringIO())
    assert not Pledge.objects.exists()
    assert not Actor.objects.filter(code__startswith=STAKEHOLDER_PREFIX).exists()


def test_seed_scale_refuses_without_the_reference_data(db, monkeypatch):
    # A fresh database before `manage.py seed`: no review calendar (nor anything else).
    monkeypatch.setattr("gcm_tracker.scale.ReviewCycle.objects", ReviewCycle.objects.none())
    with pytest.raises(CommandError, match=r"run `manage\.py seed` first"):
        seed_scale(10)
    assert not Pledge.objects.exists()


def test_seed_scale_makes_marked_realistic_pledges(reference_data):
    output = seed_scale(300, updates=4)

    pledges = Pledge.objects.all()
    assert pledges.count() == 300
    assert "pledges: 300" in output
    assert all(title.startswith(TITLE_PREFIX) for title in pledges.values_list("title", flat=True))
    # Every status, led by States and by demo stakeholders, in every mode.
    assert set(pledges.values_list("status", flat=True)) == set(Pledge.Status.values)
    assert set(pledges.values_list("mode", flat=True)) == set(Pledge.Mode.values)
    assert pledges.filter(lead__kind=Actor.Kind.STATE).exists()
    assert pledges.filter(lead__code__startswith=STAKEHOLDER_PREFIX).exists()
    demo_stakeholders = Actor.objects.filter(code__startswith=STAKEHOLDER_PREFIX)
    assert demo_stakeholders.count() == 20
    assert not demo_stakeholders.exclude(name__endswith="(demo)").exists()
    # Links as the services would make them: an objective each, partners where the mode
    # needs them, a matched published pledge.
    assert not pledges.filter(objectives__isnull=True).exists()
    shared = pledges.filter(mode__in=[Pledge.Mode.PARTNERSHIP, Pledge.Mode.COMMON])
    assert not shared.filter(partners__isnull=True).exists()
    assert not pledges.filter(mode=Pledge.Mode.INDIVIDUAL, partners__isnull=False).exists()
    assert not pledges.filter(partners=F("lead")).exists()
    for pledge in pledges.filter(mode=Pledge.Mode.MATCHING).select_related("matches"):
        assert pledge.matches.status == Pledge.Status.PUBLISHED
    # Progress on published pledges only; the latest update sets the implementation.
    published = pledges.filter(status=Pledge.Status.PUBLISHED)
    assert ProgressUpdate.objects.exclude(pledge__status=Pledge.Status.PUBLISHED).count() == 0
    per_pledge = published.annotate(n=Count("updates")).values_list("n", flat=True)
    assert 3 <= sum(per_pledge) / len(per_pledge) <= 5
    for pledge in published.filter(updates__isnull=False).distinct()[:50]:
        latest = pledge.updates.order_by("-date", "-created_at", "-pk").first()
        assert pledge.implementation == latest.implementation
    # The counter moved past the codes handed out: the next real pledge gets a new one.
    assert Counter.objects.get(name="pledge").value == 300
    assert pledges.filter(code=PLEDGE_CODE_FORMAT.format(300)).exists()


def test_seed_scale_reviews_every_state_and_cycle_and_fills_indicators(reference_data):
    seed_scale(20, updates=1)

    states = Actor.objects.filter(kind=Actor.Kind.STATE).count()
    cycles = ReviewCycle.objects.filter(start_date__lte=timezone.now().date()).count()
    assert states == 193
    assert cycles >= 1
    assert VoluntaryReview.objects.count() == states * cycles
    assert ObjectiveAssessment.objects.count() == states * cycles * Objective.objects.count()
    values = IndicatorValue.objects.filter(indicator__code__startswith=INDICATOR_PREFIX)
    assert values.count() == Objective.objects.count() * states * 8
    assert not VoluntaryReview.objects.filter(
        status=VoluntaryReview.Status.PUBLISHED, published_at__isnull=True
    ).exists()


def test_seed_scale_twice_adds_only_what_is_missing(reference_data):
    seed_scale(40, updates=2)
    counts = (
        Pledge.objects.count(),
        VoluntaryReview.objects.count(),
        IndicatorValue.objects.count(),
    )

    output = seed_scale(40, updates=2)

    assert "pledges: 0" in output
    assert (
        Pledge.objects.count(),
        VoluntaryReview.objects.count(),
        IndicatorValue.objects.count(),
    ) == counts
    seed_scale(55, updates=2)
    assert Pledge.objects.count() == 55
    assert Pledge.objects.values("code").distinct().count() == 55


def test_seed_scale_refuses_a_negative_number(reference_data):
    with pytest.raises(CommandError, match="0 or more"):
        seed_scale(-1)
