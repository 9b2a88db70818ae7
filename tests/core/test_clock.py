"""core.clock: the services' time, the real one except inside `at(moment)` (the demo
data's past), where the services' timestamps and the history rows take the moment."""

import datetime

import pytest
from django.utils import timezone

from core import clock
from pledges.models import Pledge
from pledges.services import pledge_publish
from tests.factories import PledgeFactory

MOMENT = datetime.datetime(2021, 3, 4, 10, tzinfo=datetime.UTC)


def test_the_clock_is_the_real_time_outside_a_block():
    before = timezone.now()
    assert before <= clock.now() <= timezone.now()
    assert clock.moment() is None


def test_a_block_sets_the_moment_and_restores_it():
    with clock.at(MOMENT):
        assert clock.now() == MOMENT and clock.localdate() == datetime.date(2021, 3, 4)
        with clock.at(MOMENT + datetime.timedelta(days=1)):
            assert clock.now().day == 5
        assert clock.now() == MOMENT
    assert clock.moment() is None


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError), clock.at(datetime.datetime(2021, 3, 4)):
        pass


@pytest.mark.django_db
def test_a_service_inside_a_block_dates_its_write_and_history_row(staff_user):
    pledge = PledgeFactory(status=Pledge.Status.SUBMITTED)
    with clock.at(MOMENT):
        pledge = pledge_publish(pledge=pledge, user=staff_user)
    assert pledge.published_at == MOMENT
    # The rows in the order they were written (the factory's first, dated now).
    assert pledge.history.order_by("-history_id").first().history_date == MOMENT
    # Outside the block the next row is dated now again.
    pledge.title = "Renamed"
    pledge.save()
    assert pledge.history.order_by("-history_id").first().history_date.year > 2021
