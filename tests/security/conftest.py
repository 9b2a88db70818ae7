"""Fixtures of the security tests: strict API rates, TOTP devices and codes."""

import pytest

# The reviews tests' calendar and reviews in each state, for the visibility tests.
from tests.reviews.conftest import calendar, cycle, review_in  # noqa: F401


@pytest.fixture
def throttle_rates(settings):
    """Set the API's rates for one test: throttle_rates(anon="5/minute", ...)."""

    def set_rates(**rates):
        current = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**current, **rates},
        }

    return set_rates


def current_code(device) -> str:
    """The code an authenticator app shows right now for `device`."""
    from django_otp.oath import totp

    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


@pytest.fixture
def totp_device():
    """A confirmed authenticator app for a user: totp_device(user)."""

    from django_otp.plugins.otp_totp.models import TOTPDevice

    def make(user) -> TOTPDevice:
        return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)

    return make
