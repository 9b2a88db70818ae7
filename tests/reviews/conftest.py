"""Fixtures of the reviews tests: the calendar and texts loaded, reviews in each state.

The personas (kenya, mexico, focal_ken, focal_mex, staff_user, anonymous, client_for)
are the shared ones in tests/conftest.py.
"""

import pytest

from pledges.models import Pledge
from reviews import reference_data, services
from reviews.models import ReviewCycle, ReviewEvent, VoluntaryReview
from tests.dates import CYCLE_OPEN_ON
from tests.factories import PledgeFactory


@pytest.fixture
def calendar(compact):
    """The reference data of the reviews app, as `manage.py seed` loads it (once per
    session in tests/conftest.py; again after a transactional test flushed it)."""
    if not ReviewEvent.objects.exists():
        reference_data.calendar_load_default()
        reference_data.round_tables_load_default()
        reference_data.recommendations_load_default()


@pytest.fixture
def cycle(calendar) -> ReviewCycle:
    return ReviewCycle.objects.get(name="2023–2026")


@pytest.fixture
def current_cycle(today, calendar) -> ReviewCycle | None:
    """The cycle open today (`today` is each of the suite's dates in turn), or None."""
    name = CYCLE_OPEN_ON[today]
    return ReviewCycle.objects.get(name=name) if name else None


@pytest.fixture
def imrf_2026(calendar) -> ReviewEvent:
    return ReviewEvent.objects.get(slug="imrf-2026")


@pytest.fixture
def kenya_pledge(compact, kenya) -> Pledge:
    return PledgeFactory(
        code="GCM-KEN-1", lead=kenya, status=Pledge.Status.PUBLISHED, objectives=[5]
    )


@pytest.fixture
def mexico_pledge(compact, mexico) -> Pledge:
    return PledgeFactory(
        code="GCM-MEX-1", lead=mexico, status=Pledge.Status.PUBLISHED, objectives=[5]
    )


def make_review(state, cycle, user, *, status="draft", assess=(1,)) -> VoluntaryReview:
    """A review brought to `status` through the services, with `assess` objectives."""
    review = services.review_create(user=user, state=state, cycle=cycle)
    for number in assess:
        services.assessment_upsert(
            review=review, user=user, objective=number, level="in_progress", narrative="N"
        )
    if status in ("submitted", "published", "returned"):
        review = services.review_submit(review=review, user=user)
    return review


@pytest.fixture
def review_in(cycle, staff_user):
    """review_in(state, status): a review of `state` in the 2023–2026 cycle."""

    def build(state, status="draft", assess=(1,)):
        review = make_review(state, cycle, staff_user, status=status, assess=assess)
        if status == "published":
            review = services.review_publish(review=review, user=staff_user)
        elif status == "returned":
            review = services.review_return(review=review, user=staff_user, reason="More data.")
        return review

    return build
