"""The read-replica router (core/db_router.py): only an anonymous GET reads from the
replica, and only when one is configured; writes and transactions stay on the primary."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from core import db_router
from core.db_router import PrimaryReplicaRouter, PublicReadsMiddleware
from pledges.models import Pledge

router = PrimaryReplicaRouter()
anonymous = AnonymousUser()
signed_in = SimpleNamespace(is_authenticated=True)


@pytest.fixture
def replica(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": settings.DATABASES["default"]}


def read_during(request, user):
    request.user = user
    seen = {}

    def view(_request):
        seen["db"] = router.db_for_read(Pledge)
        return HttpResponse()

    PublicReadsMiddleware(view)(request)
    return seen["db"]


def test_router_sends_an_anonymous_get_to_the_replica(replica):
    assert read_during(RequestFactory().get("/pledges/"), anonymous) == "replica"
    assert read_during(RequestFactory().head("/pledges/"), anonymous) == "replica"
    # Outside a request (tasks, commands): the primary.
    assert router.db_for_read(Pledge) is None


def test_router_keeps_signed_in_token_and_writing_requests_on_the_primary(replica):
    factory = RequestFactory()
    assert read_during(factory.get("/pledges/"), signed_in) is None
    assert (
        read_during(factory.get("/api/v1/pledges/", HTTP_AUTHORIZATION="Token x"), anonymous)
        is None
    )
    assert read_during(factory.post("/pledges/"), anonymous) is None


def test_router_reads_the_primary_inside_a_transaction(replica, monkeypatch):
    token = db_router._public_read.set(True)
    try:
        assert router.db_for_read(Pledge) == "replica"
        monkeypatch.setattr(
            db_router.transaction,
            "get_connection",
            lambda: SimpleNamespace(in_atomic_block=True),
        )
        assert router.db_for_read(Pledge) is None
    finally:
        db_router._public_read.reset(token)


def test_router_without_a_replica_uses_the_primary(settings):
    token = db_router._public_read.set(True)
    try:
        assert "replica" not in settings.DATABASES
        assert router.db_for_read(Pledge) is None
    finally:
        db_router._public_read.reset(token)
    assert router.db_for_write(Pledge) == "default"
    assert router.allow_migrate("default", "pledges") is True
    assert router.allow_migrate("replica", "pledges") is False
    assert router.allow_relation(object(), object()) is True
