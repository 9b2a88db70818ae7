"""Shared fixtures: the personas every permission test speaks of, and API clients."""

import datetime

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient

from core.roles import network_staff_group
from gcm_tracker.seeding import REFERENCE_DATA
from objectives.models import Objective
from objectives.services import compact_load_default
from pledges.member_states import member_states_load
from pledges.models import Actor, FocalPoint
from tests.dates import SUITE_DATES, travel_to


def load_reference_data() -> None:
    """What `manage.py seed` loads: the compact, the Member States, the calendar…"""
    for _label, loader in REFERENCE_DATA:
        loader(dry_run=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Load the reference data once into the test database: every test's transaction
    # starts from it and rolls back to it.
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def compact(db):
    """The compact's text loaded (23 objectives, 189 actions, 10 principles)."""
    # A transactional test flushes the tables when it ends; load again after one.
    if not Objective.objects.exists():
        compact_load_default()


@pytest.fixture(autouse=True)
def _celery_mode_unchanged():
    # Celery's configuration is process-global: a test (or fixture) that changes how
    # tasks run must put back what it found, or later tests run in the wrong mode.
    from gcm_tracker.celery import app

    before = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    yield
    after = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    assert after == before, f"Celery's (always_eager, eager_propagates) leaked: {before} → {after}"


@pytest.fixture(autouse=True)
def _language_put_back():
    # The active language is per thread: a request to /fr/… leaves LocaleMiddleware's
    # choice active after the response, and every later test of the process would read
    # French messages. Each test starts in the default language.
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    # The test cache is a real Redis database; keep tests independent of each other.
    cache.clear()
    yield


# --- Today -----------------------------------------------------------------------------


@pytest.fixture(params=list(SUITE_DATES.values()), ids=list(SUITE_DATES))
def today(request) -> datetime.date:
    """Run the test once at each of SUITE_DATES (tests/dates.py). A test whose outcome
    depends on the date asks for it first (or `pytest.mark.usefixtures("today")`), so
    that the suite passes on any day, not only on the one it was written; narrow it
    with `@pytest.mark.parametrize("today", [...], indirect=True)`."""
    with travel_to(request.param):
        yield request.param


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Production serves hashed files from collectstatic's manifest; tests do not run
    # collectstatic, so they use the plain storage.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # PBKDF2 costs a third of a second per user by design; tests create hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests write with factories, behind the services' back: the public API's response
    # cache would answer them with what they read before. tests/core/test_public_cache.py
    # turns it on.
    settings.PUBLIC_CACHE_SECONDS = 0


# --- Personas: this State's focal point, another State's, staff, anonymous ----------


@pytest.fixture
def member_states(db):
    """The 193 Member States as actors (loaded once per session; again after a flush)."""
    if not Actor.objects.filter(kind=Actor.Kind.STATE).exists():
        member_states_load()


@pytest.fixture
def kenya(member_states) -> Actor:
    return Actor.objects.get(code="KEN")


@pytest.fixture
def mexico(member_states) -> Actor:
    return Actor.objects.get(code="MEX")


def _focal_point(django_user_model, username: str, actor: Actor):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    FocalPoint.objects.create(user=user, actor=actor)
    return user


@pytest.fixture
def focal_ken(django_user_model, kenya):
    """Kenya's focal point."""
    return _focal_point(django_user_model, "focal-ken", kenya)


@pytest.fixture
def focal_mex(django_user_model, mexico):
    """Mexico's focal point: another State's, an outsider to Kenya's pledges."""
    return _focal_point(django_user_model, "focal-mex", mexico)


@pytest.fixture
def staff_user(django_user_model):
    """Network staff: curate everything, alone publish and return."""
    user = django_user_model.objects.create_user(
        "curator", "curator@example.org", "pw", is_staff=True
    )
    user.groups.add(network_staff_group())
    return user


@pytest.fixture
def anonymous():
    """The public: no user at all."""
    return None


@pytest.fixture
def client_for(api_client):
    """An API client signed in as a persona (None: the public)."""

    def sign_in(user):
        # A fresh client each time: signing out of a forced login would leave a session
        # cookie behind, and its queries in the query counts.
        client = APIClient()
        if user is not None:
            client.force_authenticate(user=user)
        return client

    return sign_in
