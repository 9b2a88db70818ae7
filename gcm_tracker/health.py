"""Liveness of the services the app depends on, for /healthz and monitoring."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from kombu import Connection

logger = logging.getLogger(__name__)

# Seconds a check may take before the service counts as down: a load balancer
# polling /healthz must get an answer quickly even when Redis is gone.
CHECK_TIMEOUT = 2


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return what was written")
    cache.delete(key)


def check_broker() -> None:
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=CHECK_TIMEOUT) as conn:
        conn.ensure_connection(max_retries=1, timeout=CHECK_TIMEOUT)


def service_checks() -> dict:
    """The checks that apply to this configuration: the broker and the cache only
    when Redis is configured (without it, tasks run inline and the cache is local)."""
    checks = {"database": check_database}
    if settings.REDIS_URL:
        checks["cache"] = check_cache
        checks["broker"] = check_broker
    return checks


def run_checks() -> tuple[bool, dict[str, dict[str, str]]]:
    """Run every check; returns (all healthy, {name: {"status": "ok"|"error", ...}})."""
    results: dict[str, dict[str, str]] = {}
    for name, check in service_checks().items():
        try:
            check()
        except Exception as exc:  # a health check reports every failure, whatever its kind
            logger.warning("health check %s failed: %s", name, exc)
            results[name] = {"status": "error", "error": exc.__class__.__name__}
        else:
            results[name] = {"status": "ok"}
    return all(r["status"] == "ok" for r in results.values()), results
