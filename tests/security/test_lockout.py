"""Sign-in lockout (issue 12, defect 5): 30 wrong passwords lock each sign-in route.

django-axes counts failures per username and IP address; past AXES_FAILURE_LIMIT the
pair is refused (429) even with the right password, until AXES_COOLOFF_TIME has passed.
"""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-password-42"


@pytest.fixture
def curator(django_user_model):
    return django_user_model.objects.create_user(
        "lock-curator", "lock-curator@example.org", PASSWORD, is_staff=True
    )


def _sign_in_page(path):
    def attempt(client, password, **extra):
        response = client.post(path, {"username": "lock-curator", "password": password}, **extra)
        signed_in = "_auth_user_id" in client.session
        return response, signed_in

    return attempt


def _token(client, password, **extra):
    response = client.post(
        "/api/v1/auth/token/",
        {"username": "lock-curator", "password": password},
        format="json",
        **extra,
    )
    return response, response.status_code == 200 and "token" in response.json()


ROUTES = {
    "accounts": (_sign_in_page("/accounts/login/"), "django"),
    "admin": (_sign_in_page("/admin/login/?next=/admin/"), "django"),
    "token": (_token, "api"),
}


def _client(kind):
    return APIClient() if kind == "api" else Client()


@pytest.mark.parametrize("route", ROUTES)
def test_thirty_wrong_passwords_lock_the_route_even_for_the_right_one(
    route, curator, settings, caplog
):
    attempt, kind = ROUTES[route]
    client = _client(kind)

    statuses = [attempt(client, f"wrong-{n}")[0].status_code for n in range(30)]
    response, signed_in = attempt(client, PASSWORD)

    limit = settings.AXES_FAILURE_LIMIT
    assert 429 not in statuses[: limit - 1]
    assert set(statuses[limit - 1 :]) == {429}
    assert response.status_code == 429
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert not signed_in
    assert any("Locking out" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("route", ROUTES)
def test_lock_lifts_after_the_cool_off(route, curator, settings):
    attempt, kind = ROUTES[route]
    client = _client(kind)
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"wrong-{n}")
    assert attempt(client, PASSWORD)[0].status_code == 429

    later = timezone.now() + settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        response, signed_in = attempt(client, PASSWORD)

    assert signed_in, response.status_code
    # A success clears the count for the pair.
    assert not AccessAttempt.objects.filter(username="lock-curator").exists()


def test_lock_is_for_the_username_and_address_pair(curator, settings):
    attempt, _kind = ROUTES["accounts"]
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(Client(), f"wrong-{n}")

    _response, signed_in_elsewhere = attempt(Client(), PASSWORD, REMOTE_ADDR="192.0.2.50")

    assert signed_in_elsewhere


def test_lockout_page_is_the_sites_own(curator, settings):
    attempt, _kind = ROUTES["accounts"]
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        response, _signed_in = attempt(client, f"wrong-{n}")

    assert response.status_code == 429
    assert "Signing in is paused" in response.content.decode()
