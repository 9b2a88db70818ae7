"""Password reset is limited per address and per client (issue 12, defect 5)."""

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_reset(settings):
    settings.PASSWORD_RESET_RATE_PER_EMAIL = "3/hour"
    settings.PASSWORD_RESET_RATE_PER_CLIENT = "5/hour"


def _reset(email, **extra):
    return Client().post("/accounts/password_reset/", {"email": email}, **extra)


def test_reset_of_one_address_is_limited(focal_ken, strict_reset):
    statuses = [_reset("focal-ken@example.org", REMOTE_ADDR=f"192.0.2.{n}") for n in range(4)]

    assert [r.status_code for r in statuses] == [302, 302, 302, 429]
    assert len(mail.outbox) == 3
    assert "Too many requests" in statuses[-1].content.decode()
    assert int(statuses[-1]["Retry-After"]) > 0


def test_reset_from_one_client_is_limited(focal_ken, strict_reset):
    statuses = [_reset(f"someone-{n}@example.org").status_code for n in range(5)]
    refused = _reset("focal-ken@example.org")

    assert statuses == [302] * 5
    assert refused.status_code == 429
    assert len(mail.outbox) == 0


def test_refusal_does_not_tell_whether_an_address_has_an_account(strict_reset):
    # The same answers for an address that has no account: the limit counts requests.
    statuses = [_reset("nobody@example.org").status_code for _ in range(4)]

    assert statuses == [302, 302, 302, 429]
