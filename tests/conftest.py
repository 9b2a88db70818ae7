"""Shared fixtures: the personas every permission test speaks of, and API clients."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from objectives.models import Objective
from objectives.services import compact_load_default


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Load the compact once into the test database: every test's transaction starts
    # from it and rolls back to it.
    with django_db_blocker.unblock():
        compact_load_default()


@pytest.fixture
def compact(db):
    """The compact's text loaded (23 objectives, 189 actions, 10 principles)."""
    # A transactional test flushes the tables when it ends; load again after one.
    if not Objective.objects.exists():
        compact_load_default()


@pytest.fixture(autouse=True)
def _clear_cache():
    # The test cache is a real Redis database; keep tests independent of each other.
    cache.clear()
    yield


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Production serves hashed files from collectstatic's manifest; tests do not run
    # collectstatic, so they use the plain storage.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
