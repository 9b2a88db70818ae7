"""API rate limits (issue 12, defect 5): past its rate a client gets 429 and Retry-After.

Rates are settings (API_THROTTLE_ANON, API_THROTTLE_USER, API_THROTTLE_AUTH); the suite
runs with generous ones (pyproject.toml), these tests with strict ones.
"""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def _statuses(client, path, times, **extra):
    responses = [client.get(path, **extra) for _ in range(times)]
    return [r.status_code for r in responses], responses[-1]


def test_anonymous_clients_are_throttled_past_their_rate(api_client, throttle_rates):
    throttle_rates(anon="5/minute")

    statuses, last = _statuses(api_client, "/api/v1/cycles/", 6)

    assert statuses == [200] * 5 + [429]
    assert 0 < int(last["Retry-After"]) <= 60


def test_anonymous_rate_is_counted_per_client_address(api_client, throttle_rates):
    throttle_rates(anon="2/minute")
    _statuses(api_client, "/api/v1/cycles/", 3)

    other = APIClient().get("/api/v1/cycles/", REMOTE_ADDR="192.0.2.7")

    assert other.status_code == 200


def test_signed_in_users_are_throttled_past_their_rate(client_for, focal_ken, throttle_rates):
    throttle_rates(anon="1/minute", user="4/minute")

    statuses, last = _statuses(client_for(focal_ken), "/api/v1/pledges/", 5)

    assert statuses == [200] * 4 + [429]
    assert int(last["Retry-After"]) > 0


def test_token_endpoint_has_its_own_strict_rate(api_client, focal_ken, throttle_rates):
    throttle_rates(auth="3/minute")
    credentials = {"username": "focal-ken", "password": "wrong"}

    statuses = [
        api_client.post("/api/v1/auth/token/", credentials, format="json").status_code
        for _ in range(4)
    ]

    assert statuses == [400, 400, 400, 429]


def test_default_rates_come_from_settings(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]

    assert set(rates) >= {"anon", "user", "auth"}
