"""The settings rules: what the app does with and without its environment variables.

Each case imports the settings in a fresh interpreter, since settings are read once.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT_VARIABLES = {
    "DJANGO_SECRET_KEY",
    "DJANGO_DEBUG",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_TASK_ALWAYS_EAGER",
    "DJANGO_ALLOWED_HOSTS",
    "EMAIL_URL",
    "DATABASE_CONN_MAX_AGE",
    "DATABASE_CONN_HEALTH_CHECKS",
    "BENCH_BARE_VIEW",
    "PUBLIC_CACHE_SECONDS",
    "DATABASE_REPLICA_URL",
    "DJANGO_S3_BUCKET",
    "DJANGO_S3_PREFIX",
    "DJANGO_S3_REGION",
    "DJANGO_S3_ENDPOINT_URL",
}

SHOW_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "name": str(settings.DATABASES["default"]["NAME"]),
    "host": settings.DATABASES["default"].get("HOST", ""),
    "cache": settings.CACHES["default"]["BACKEND"],
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "debug": settings.DEBUG,
    "hosts": settings.ALLOWED_HOSTS,
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "conn_health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "bench_view": settings.BENCH_BARE_VIEW,
    "public_cache": settings.PUBLIC_CACHE_SECONDS,
    "replica": settings.DATABASES.get("replica", {}).get("HOST"),
    "replica_age": settings.DATABASES.get("replica", {}).get("CONN_MAX_AGE"),
    "routers": settings.DATABASE_ROUTERS,
}))
"""


def run_settings(tmp_path, **variables) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in PROJECT_VARIABLES}
    # A developer's .env must not leak into what these tests see.
    env.update(
        variables,
        DJANGO_SETTINGS_MODULE="gcm_tracker.settings",
        DJANGO_ENV_FILE=str(tmp_path / "no.env"),
        PYTHONPATH=str(ROOT),
    )
    return subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.smoke
def test_settings_missing_secret_key_in_production_is_a_clear_error(tmp_path):
    result = run_settings(tmp_path)

    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in result.stderr


@pytest.mark.smoke
def test_settings_embedded_default_needs_no_service(tmp_path):
    result = run_settings(tmp_path, DJANGO_DEBUG="true")

    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["engine"] == "django.db.backends.sqlite3"
    assert shown["name"] == str(ROOT / "db.sqlite3")
    assert shown["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert shown["eager"] is True
    assert shown["broker"] == "memory://"
    assert "127.0.0.1" in shown["hosts"]


def test_settings_production_reads_postgres_and_redis(tmp_path):
    result = run_settings(
        tmp_path,
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://gcm:secret@db.internal:5432/gcm_tracker",
        REDIS_URL="redis://cache.internal:6379/0",
        DJANGO_ALLOWED_HOSTS="gcm.example.org,www.gcm.example.org",
    )

    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["engine"] == "django.db.backends.postgresql"
    assert (shown["host"], shown["name"]) == ("db.internal", "gcm_tracker")
    assert shown["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert shown["eager"] is False
    assert shown["broker"] == "redis://cache.internal:6379/0"
    assert shown["debug"] is False
    assert shown["hosts"] == ["gcm.example.org", "www.gcm.example.org"]


def test_settings_production_allows_no_host_by_default(tmp_path):
    result = run_settings(tmp_path, DJANGO_SECRET_KEY="x" * 50)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["hosts"] == []


def test_settings_keep_database_connections_open_and_checked_by_default(tmp_path):
    result = run_settings(tmp_path, DJANGO_SECRET_KEY="x" * 50)

    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    # A new connection per request cost more than the queries (issue 17).
    assert (shown["conn_max_age"], shown["conn_health_checks"]) == (60, True)
    assert shown["bench_view"] is False
    assert shown["public_cache"] == 600


def test_settings_read_connection_reuse_and_the_public_cache_from_the_environment(tmp_path):
    result = run_settings(
        tmp_path,
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_CONN_MAX_AGE="0",
        DATABASE_CONN_HEALTH_CHECKS="false",
        PUBLIC_CACHE_SECONDS="0",
        BENCH_BARE_VIEW="true",
    )

    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert (shown["conn_max_age"], shown["conn_health_checks"]) == (0, False)
    assert shown["public_cache"] == 0
    assert shown["bench_view"] is True


def test_settings_a_read_replica_from_the_environment(tmp_path):
    plain = json.loads(run_settings(tmp_path, DJANGO_SECRET_KEY="x" * 50).stdout)
    result = run_settings(
        tmp_path,
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://gcm:secret@db.internal:5432/gcm_tracker",
        DATABASE_REPLICA_URL="postgres://gcm:secret@replica.internal:5432/gcm_tracker",
    )

    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert plain["replica"] is None
    assert shown["replica"] == "replica.internal"
    assert shown["replica_age"] == 60
    assert shown["routers"] == ["core.db_router.PrimaryReplicaRouter"]


SHOW_STORAGE = """
import json, django
django.setup()
from django.core.files.storage import storages
default_storage = storages["default"]
url = default_storage.url("evidence/report.pdf")
print(json.dumps({
    "backend": type(default_storage).__module__ + "." + type(default_storage).__name__,
    "bucket": getattr(default_storage, "bucket_name", None),
    "acl": getattr(default_storage, "default_acl", None),
    "overwrite": getattr(default_storage, "file_overwrite", None),
    "url": url,
}))
"""


def _storage(tmp_path, **variables) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in PROJECT_VARIABLES}
    env.update(
        variables,
        DJANGO_DEBUG="true",
        DJANGO_SETTINGS_MODULE="gcm_tracker.settings",
        DJANGO_ENV_FILE=str(tmp_path / "no.env"),
        PYTHONPATH=str(ROOT),
    )
    result = subprocess.run(
        [sys.executable, "-c", SHOW_STORAGE],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_files_stay_on_this_host_by_default(tmp_path):
    shown = _storage(tmp_path)
    assert shown["backend"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert shown["url"] == "/media/evidence/report.pdf"


def test_files_go_to_an_s3_compatible_store_when_a_bucket_is_named(tmp_path):
    """Several web hosts and workers share the files through the store; they stay
    private (the link to a file is signed and expires), and nothing is overwritten."""
    shown = _storage(
        tmp_path,
        DJANGO_S3_BUCKET="gcm-files",
        DJANGO_S3_ENDPOINT_URL="https://objects.example.org",
        DJANGO_S3_REGION="eu-west-1",
        AWS_ACCESS_KEY_ID="AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY="secret-example",
    )
    assert shown["backend"] == "storages.backends.s3.S3Storage"
    assert (shown["bucket"], shown["acl"], shown["overwrite"]) == ("gcm-files", "private", False)
    # A signed address on the named store, under the media prefix (signed locally).
    assert shown["url"].startswith(
        "https://objects.example.org/gcm-files/media/evidence/report.pdf?"
    )
    assert "X-Amz-Signature=" in shown["url"] and "X-Amz-Expires=" in shown["url"]
