"""docker-compose.yml is for users' machines (no Docker here): check its shape."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_defines_the_five_services(compose):
    assert set(compose["services"]) == {"db", "redis", "web", "worker", "beat"}


def test_compose_db_is_postgres_with_healthcheck_and_named_volume(compose):
    db = compose["services"]["db"]
    assert db["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]


def test_compose_app_services_share_one_definition(compose):
    web, worker, beat = (compose["services"][name] for name in ("web", "worker", "beat"))
    for key in ("image", "environment", "depends_on"):
        assert web[key] == worker[key] == beat[key], key
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")
    assert web["environment"]["REDIS_URL"].startswith("redis://redis:")


def test_compose_web_waits_for_a_healthy_db_and_loads_reference_data(compose):
    web = compose["services"]["web"]
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    command = web["command"]
    assert command.index("migrate") < command.index("manage.py seed") < command.index("gunicorn")


def test_compose_worker_and_beat_run_celery(compose):
    assert compose["services"]["worker"]["command"][:4] == ["celery", "-A", "gcm_tracker", "worker"]
    assert compose["services"]["beat"]["command"][:4] == ["celery", "-A", "gcm_tracker", "beat"]


def test_compose_requires_a_secret_key(compose):
    secret = compose["services"]["web"]["environment"]["DJANGO_SECRET_KEY"]
    assert secret.startswith("${DJANGO_SECRET_KEY:?")


def _dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()


def test_image_has_the_postgres_client_of_the_compose_server(compose):
    """`manage.py backup`/`restore` run pg_dump and pg_restore in the web image: the
    client tools of the server's major version (older ones refuse a newer server)."""
    major = compose["services"]["db"]["image"].split(":")[1].split(".")[0]
    dockerfile = _dockerfile()
    assert re.search(rf"^ARG PG_MAJOR={major}$", dockerfile, re.MULTILINE)
    assert '"postgresql-client-${PG_MAJOR}"' in dockerfile
    # From PostgreSQL's own repository (Debian's is another major version), key pinned.
    assert "apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main" in dockerfile
    assert "signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc" in dockerfile
    assert re.search(r"^ARG PGDG_KEY_FINGERPRINT=[0-9A-F]{40}$", dockerfile, re.MULTILINE)
    # The build fails if the installed pg_dump is not that version.
    assert 'pg_dump --version | grep -q " ${PG_MAJOR}\\."' in dockerfile
