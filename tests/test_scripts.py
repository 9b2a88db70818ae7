"""The scripts the Makefile runs: `make run` (scripts/run.sh) on the embedded SQLite
default, and `make test`'s service check (scripts/ensure-services.sh)."""

import os
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
# What a developer's shell has: none of the test settings pytest-env puts in os.environ.
PLAIN_ENV = {
    key: value
    for key, value in os.environ.items()
    if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_"))
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (a local URL)
        return response.status, response.read().decode()


def test_run_sh_sets_up_the_embedded_default_and_serves(tmp_path):
    port = free_port()
    database = tmp_path / "db.sqlite3"
    env = {
        **PLAIN_ENV,
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{database}",
        "DEMO_PASSWORD": "run-sh-pw",
        "DJANGO_ENV_FILE": str(tmp_path / "no.env"),
    }
    log = tmp_path / "run.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            ["scripts/run.sh", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # runserver's reloader forks: stop the whole group
        )
    try:
        deadline = time.monotonic() + 150
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, body = get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200, log.read_text()[-3000:]
        assert "ok" in body.lower()
        login_status, login_page = get(f"http://127.0.0.1:{port}/accounts/login/")
        assert login_status == 200
        assert 'name="username"' in login_page
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)

    output = log.read_text()
    assert f"GCM Tracker is running at  http://127.0.0.1:{port}/" in output
    assert "Demo logins (password: run-sh-pw)" in output
    with sqlite3.connect(database) as db:
        users = {row[0] for row in db.execute("select username from auth_user")}
        objectives = db.execute("select count(*) from objectives_objective").fetchone()[0]
    assert {"curator", "focal-ken", "focal-mex", "focal-ngo"} <= users
    assert objectives == 23


def ensure_services(**urls: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["scripts/ensure-services.sh"],
        cwd=ROOT,
        env={**PLAIN_ENV, **urls},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_ensure_services_logs_in_to_the_servers_of_the_urls():
    result = ensure_services(
        DATABASE_URL=os.environ["DATABASE_URL"], REDIS_URL=os.environ["REDIS_URL"]
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "take the login" in result.stdout


@pytest.mark.parametrize(
    ("urls", "says"),
    [
        (
            {"DATABASE_URL": "postgres://postgres@127.0.0.1:1/gcm_tracker"},
            "PostgreSQL at 127.0.0.1:1 does not answer",
        ),
        (
            {"DATABASE_URL": "postgres://nobody-here:pw@127.0.0.1:{pg_port}/gcm_tracker"},
            "PostgreSQL at 127.0.0.1:{pg_port} refuses the login of DATABASE_URL (FATAL:",
        ),
        ({"REDIS_URL": "redis://127.0.0.1:1/15"}, "Redis at 127.0.0.1:1 does not answer PING"),
    ],
    ids=["postgres-down", "postgres-bad-login", "redis-down"],
)
def test_ensure_services_says_in_one_line_what_is_wrong(urls, says):
    pg_port = settings.DATABASES["default"].get("PORT") or 5432
    good = {"DATABASE_URL": os.environ["DATABASE_URL"], "REDIS_URL": os.environ["REDIS_URL"]}
    urls = {key: value.format(pg_port=pg_port) for key, value in urls.items()}
    says = says.format(pg_port=pg_port)

    result = ensure_services(**{**good, **urls})

    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    assert says in lines[0]
    assert ":pw@" not in result.stdout  # never a password
