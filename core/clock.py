"""What time it is for the services: `now()` and `localdate()`.

Always the real time (`timezone.now()`), except inside `at(moment)`: a block whose
writes happen at a given past moment. Only the demo data uses it (pledges/demo.py),
so that the demo pledges' lives (created, submitted, published, progress reported,
withdrawn) happen in 2019–2026 and a snapshot reconstructed for the 2022 IMRF has
something to show. A context variable, not a patch of the clock: nothing outside the
block sees the moment, and a test's time machine still moves `now()` (it falls back
to `timezone.now()`).

Inside the block the history rows are dated at the moment too (core.history), and so
is the change feed (changes.services). Fields Django fills itself (`auto_now`,
`auto_now_add`) are not reached: whoever sets a past moment dates them explicitly.
"""

from __future__ import annotations

import contextvars
import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

_moment: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar(
    "gcm_clock_moment", default=None
)


def now() -> datetime.datetime:
    """The moment of the `at` block the code runs in, else the real time."""
    return _moment.get() or timezone.now()


def localdate() -> datetime.date:
    return timezone.localdate(now())


def moment() -> datetime.datetime | None:
    """The moment an `at` block set, or None outside one."""
    return _moment.get()


@contextmanager
def at(when: datetime.datetime) -> Iterator[datetime.datetime]:
    """Make the writes inside the block happen at `when` (aware). Blocks nest."""
    if timezone.is_naive(when):
        raise ValueError("clock.at needs an aware datetime")
    token = _moment.set(when)
    try:
        yield when
    finally:
        _moment.reset(token)
