"""A small fixed-window counter in the cache, for limits outside DRF (password reset).

`N/period` as DRF writes rates: `3/hour`, `10/minute`, `100/day`.
"""

from __future__ import annotations

from django.core.cache import cache

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """`3/hour` -> (3, 3600): requests, seconds."""
    number, period = rate.split("/")
    return int(number), PERIODS[period.strip()[0]]


def hit(key: str, rate: str) -> bool:
    """Count one use of `key`; False once more than the rate allows in the window."""
    limit, window = parse_rate(rate)
    cache_key = f"ratelimit:{key}"
    # add() only sets a missing key: the window starts at its first use.
    if cache.add(cache_key, 1, timeout=window):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=window)
        count = 1
    return count <= limit
