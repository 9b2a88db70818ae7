"""A second factor (issue 12, defect 5): Network staff need TOTP for the admin; anyone
may turn it on, after which their sign-ins ask for it.

The suite turns the staff rule off (DJANGO_OTP_ADMIN_REQUIRED=false in pyproject.toml,
production's default is on: tests/security/test_headers.py); these tests turn it on.
"""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.security.conftest import current_code

pytestmark = pytest.mark.django_db

PASSWORD = "staff-password-for-otp"


@pytest.fixture(autouse=True)
def _otp_required(settings):
    settings.OTP_ADMIN_REQUIRED = True


@pytest.fixture
def curator(django_user_model):
    return django_user_model.objects.create_user(
        "otp-curator", "otp-curator@example.org", PASSWORD, is_staff=True, is_superuser=True
    )


def _later():
    # Past django-otp's pause after a wrong code.
    return time_machine.travel(timezone.now() + datetime.timedelta(seconds=5), tick=False)


def _signed_in(user, password=PASSWORD) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 302
    return client


def test_staff_signed_in_with_a_password_only_cannot_open_the_admin(curator):
    client = _signed_in(curator)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")


def test_staff_set_up_an_app_then_open_the_admin(curator):
    client = _signed_in(curator)

    page = client.get("/accounts/two-factor/?next=/admin/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "otpauth://totp/" in html
    device = TOTPDevice.objects.get(user=curator, confirmed=False)

    wrong = client.post("/accounts/two-factor/", {"otp_token": "000000", "next": "/admin/"})
    assert wrong.status_code == 200
    assert not TOTPDevice.objects.filter(user=curator, confirmed=True).exists()

    # After a wrong code django-otp refuses any code for a second, then two, four…
    throttled = client.post(
        "/accounts/two-factor/", {"otp_token": current_code(device), "next": "/admin/"}
    )
    assert "Too many wrong codes" in throttled.content.decode()
    with _later():
        done = client.post(
            "/accounts/two-factor/", {"otp_token": current_code(device), "next": "/admin/"}
        )
    assert done.status_code == 302
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_with_an_app_give_a_code_after_the_password(curator, totp_device):
    device = totp_device(curator)
    client = _signed_in(curator)

    redirect = client.get("/admin/pledges/pledge/")
    assert redirect.status_code == 302
    assert redirect["Location"].startswith("/accounts/two-factor/verify/")

    wrong = client.post("/accounts/two-factor/verify/", {"otp_token": "123456", "next": "/admin/"})
    assert wrong.status_code == 200
    assert client.get("/admin/").status_code == 302

    with _later():
        right = client.post(
            "/accounts/two-factor/verify/",
            {"otp_token": current_code(device), "next": "/admin/pledges/pledge/"},
        )
    assert right["Location"] == "/admin/pledges/pledge/"
    assert client.get("/admin/pledges/pledge/").status_code == 200


def test_a_staff_session_forced_in_tests_is_refused_too(curator):
    client = Client()
    client.force_login(curator)

    assert client.get("/admin/").status_code == 302


def test_verify_page_goes_only_to_the_site(curator, totp_device):
    device = totp_device(curator)
    client = _signed_in(curator)

    response = client.post(
        "/accounts/two-factor/verify/",
        {"otp_token": current_code(device), "next": "https://evil.example/"},
    )

    assert response["Location"] == "/workspace/"


def test_focal_points_need_no_second_factor_unless_they_turn_it_on(focal_ken):
    focal_ken.set_password(PASSWORD)
    focal_ken.save()

    assert _signed_in(focal_ken).get("/workspace/").status_code == 200


def test_focal_point_who_turned_it_on_is_asked_for_a_code(focal_ken, totp_device):
    focal_ken.set_password(PASSWORD)
    focal_ken.save()
    device = totp_device(focal_ken)
    client = _signed_in(focal_ken)

    page = client.get("/workspace/")
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/two-factor/verify/")
    # The API, with this session, is refused until the code is given.
    assert client.get("/api/v1/exports/").status_code == 403
    # The public pages are not.
    assert client.get("/pledges/").status_code == 302

    client.post("/accounts/two-factor/verify/", {"otp_token": current_code(device)})

    assert client.get("/workspace/").status_code == 200


def test_token_endpoint_asks_for_the_code_of_an_account_with_an_app(focal_ken, totp_device):
    focal_ken.set_password(PASSWORD)
    focal_ken.save()
    device = totp_device(focal_ken)
    credentials = {"username": "focal-ken", "password": PASSWORD}

    without = APIClient().post("/api/v1/auth/token/", credentials, format="json")
    with_code = APIClient().post(
        "/api/v1/auth/token/", {**credentials, "otp_token": current_code(device)}, format="json"
    )

    assert without.status_code == 400
    assert "otp_token" in without.json()
    assert with_code.status_code == 200
    assert re.fullmatch(r"[0-9a-f]{40}", with_code.json()["token"])


def test_second_factor_can_be_turned_off_with_a_code(focal_ken, totp_device):
    focal_ken.set_password(PASSWORD)
    focal_ken.save()
    device = totp_device(focal_ken)
    client = _signed_in(focal_ken)
    client.post("/accounts/two-factor/verify/", {"otp_token": current_code(device)})

    refused = client.post("/accounts/two-factor/", {"action": "disable", "otp_token": "1"})
    assert refused.status_code == 200
    assert TOTPDevice.objects.filter(user=focal_ken).exists()


def test_staff_get_no_api_token_without_the_second_factor(curator, focal_ken, totp_device):
    """The token endpoint asks of Network staff what the admin asks: an app and its code.
    A focal point without an app still gets a token with the password alone."""
    focal_ken.set_password(PASSWORD)
    focal_ken.save()
    staff = {"username": curator.username, "password": PASSWORD}

    no_app = APIClient().post("/api/v1/auth/token/", staff, format="json")
    assert no_app.status_code == 400
    assert "authenticator app" in no_app.json()["otp_token"][0]
    assert not Token.objects.filter(user=curator).exists()

    device = totp_device(curator)
    no_code = APIClient().post("/api/v1/auth/token/", staff, format="json")
    assert no_code.status_code == 400
    assert not Token.objects.filter(user=curator).exists()

    with_code = APIClient().post(
        "/api/v1/auth/token/", {**staff, "otp_token": current_code(device)}, format="json"
    )
    assert with_code.status_code == 200
    assert with_code.json()["token"] == Token.objects.get(user=curator).key

    focal = APIClient().post(
        "/api/v1/auth/token/", {"username": "focal-ken", "password": PASSWORD}, format="json"
    )
    assert focal.status_code == 200


def test_staff_token_rule_follows_the_admin_rule(settings, curator):
    """With the admin's rule off (a closed test installation), staff sign in to the API
    with the password, as they do to the admin."""
    settings.OTP_ADMIN_REQUIRED = False
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": curator.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200


def _token_client(token: Token) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_a_staff_token_issued_before_the_second_factor_stops_working(curator, totp_device):
    """A token a curator got before the staff rule (or before setting up their app) was
    never checked with a code: it is refused, and asking again with the code replaces it."""
    old = Token.objects.create(user=curator)
    refused = _token_client(old).get("/api/v1/pledges/?status=draft")
    assert refused.status_code == 403
    assert "second factor" in refused.json()["detail"]

    with _later():
        device = totp_device(curator)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=10), tick=False):
        renewed = APIClient().post(
            "/api/v1/auth/token/",
            {"username": curator.username, "password": PASSWORD, "otp_token": current_code(device)},
            format="json",
        )
        assert renewed.status_code == 200
        assert renewed.json()["token"] != old.key
        assert not Token.objects.filter(key=old.key).exists()
        new = Token.objects.get(user=curator)
        assert _token_client(new).get("/api/v1/pledges/").status_code == 200
        assert _token_client(old).get("/api/v1/pledges/").status_code == 403


def test_a_focal_points_token_from_before_their_app_stops_working(focal_ken, totp_device):
    old = Token.objects.create(user=focal_ken)
    assert _token_client(old).get("/api/v1/pledges/").status_code == 200

    with _later():
        totp_device(focal_ken)
        assert _token_client(old).get("/api/v1/pledges/").status_code == 403


def test_staff_tokens_pass_when_the_rule_is_off(settings, curator):
    settings.OTP_ADMIN_REQUIRED = False
    token = Token.objects.create(user=curator)
    assert _token_client(token).get("/api/v1/pledges/").status_code == 200
