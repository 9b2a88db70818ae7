"""API rate limits: DRF's throttles, reading their rates from settings on each request.

DRF's own classes copy `DEFAULT_THROTTLE_RATES` once, when they are imported, so a
test (or a settings override) cannot change them afterwards. These read the current
`REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`, which settings fill from the environment
(API_THROTTLE_ANON, API_THROTTLE_USER, API_THROTTLE_AUTH). Counts live in the cache
(Redis in production), so every web worker shares them. A throttled request is a 429
with `Retry-After` (DRF's exception handler sets it).
"""

from typing import cast

from rest_framework import throttling
from rest_framework.settings import api_settings


class _CurrentRates(throttling.SimpleRateThrottle):
    def get_rate(self) -> str | None:
        # The rates are strings ("100/minute"), as DRF's own throttles take them; the
        # stubs type the setting's values as numbers.
        self.THROTTLE_RATES = cast("dict[str, str | None]", api_settings.DEFAULT_THROTTLE_RATES)
        return super().get_rate()


class AnonRateThrottle(_CurrentRates, throttling.AnonRateThrottle):
    """Anonymous clients, by IP address: scope `anon`."""


class UserRateThrottle(_CurrentRates, throttling.UserRateThrottle):
    """Signed-in clients (session or token), by user: scope `user`."""


class ScopedRateThrottle(_CurrentRates, throttling.ScopedRateThrottle):
    """Views that set `throttle_scope` (the token endpoint: `auth`), by user or IP."""
