"""docker-compose.yml is for users' machines (no Docker here): check its shape."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_defines_the_services(compose):
    assert set(compose["services"]) == {"db", "redis", "migrate", "web", "worker", "beat", "proxy"}


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


def test_compose_migrates_once_before_any_app_service_starts(compose):
    """Replicas of `web` must not race to migrate: one `migrate` run, then the rest."""
    migrate = compose["services"]["migrate"]
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    assert migrate["restart"] == "no"
    command = migrate["command"]
    assert command.index("migrate --no-input") < command.index("manage.py seed")
    for name in ("web", "worker", "beat"):
        service = compose["services"][name]
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert "migrate" not in " ".join(service["command"])
    assert compose["services"]["web"]["command"][0] == "gunicorn"


def test_web_scales_behind_the_proxy(compose):
    """`docker compose up --scale web=3` needs web to publish no fixed host port; the
    proxy publishes the one port and re-resolves `web` to reach every replica."""
    web, proxy = compose["services"]["web"], compose["services"]["proxy"]
    assert "ports" not in web
    assert web["expose"] == ["8000"]
    assert proxy["ports"] == ["${PORT:-8000}:80"]
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"
    mounted = proxy["volumes"][0].split(":")
    assert mounted[1] == "/etc/nginx/conf.d/default.conf"
    conf = (ROOT / mounted[0]).read_text()
    assert re.search(r"^resolver 127\.0\.0\.11 valid=\d+s", conf, re.MULTILINE)
    assert "set $web http://web:8000;" in conf and "proxy_pass $web;" in conf
    assert "proxy_set_header X-Forwarded-Proto $forwarded_proto;" in conf
    # The proxy lets the largest upload through.
    limit = int(re.search(r"client_max_body_size (\d+)m;", conf)[1])
    from pledges.files import MAX_UPLOAD_BYTES

    assert limit * 1024 * 1024 > MAX_UPLOAD_BYTES


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
