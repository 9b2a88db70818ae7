"""The dates the suite runs its date-sensitive tests at, and the clock to get there.

A date in each of three review cycles: late in 2023–2026, early in 2027–2030, and in
2031, for which the seeded calendar (fixtures/reviews/calendar.json) has no cycle yet.
The `today` fixture (tests/conftest.py) runs a test once at each.
"""

import datetime

import time_machine

SUITE_DATES = {
    "2026-12-15": datetime.date(2026, 12, 15),
    "2027-01-15": datetime.date(2027, 1, 15),
    "2031-03-01": datetime.date(2031, 3, 1),
}

# The cycle the seeded calendar has open on each of them.
CYCLE_OPEN_ON = {
    datetime.date(2026, 12, 15): "2023–2026",
    datetime.date(2027, 1, 15): "2027–2030",
    datetime.date(2031, 3, 1): None,
}
DAYS_WITH_A_CYCLE = [day for day, name in CYCLE_OPEN_ON.items() if name]
DAYS_WITHOUT_A_CYCLE = [day for day, name in CYCLE_OPEN_ON.items() if not name]


def travel_to(day: datetime.date) -> time_machine.travel:
    """Make `day` today (noon UTC, the clock ticking) for the code and the test alike:
    timezone.now(), timezone.localdate() and date.today() all follow."""
    noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    return time_machine.travel(noon, tick=True)
