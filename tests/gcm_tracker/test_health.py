import pytest
from django.test import override_settings

# A port nothing listens on: the broker and cache are really unreachable there.
DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.mark.smoke
@pytest.mark.django_db
def test_healthz_reports_ok_when_every_service_answers(client, settings):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"status": "ok"}
    if settings.REDIS_URL:
        assert body["checks"]["cache"] == {"status": "ok"}
        assert body["checks"]["broker"] == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_checks_redis_only_when_configured(client):
    with override_settings(REDIS_URL=""):
        body = client.get("/healthz").json()

    assert set(body["checks"]) == {"database"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_broker_is_down(client):
    with override_settings(REDIS_URL=DEAD_REDIS, CELERY_BROKER_URL=DEAD_REDIS):
        response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["broker"]["status"] == "error"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_is_down(client):
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD_REDIS,
        }
    }
    with override_settings(REDIS_URL=DEAD_REDIS, CACHES=caches):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["status"] == "error"


def test_healthz_answers_503_when_the_database_is_down(client, settings):
    # No django_db mark: pytest-django blocks database access, as a dead server would.
    settings.REDIS_URL = ""
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"]["status"] == "error"
