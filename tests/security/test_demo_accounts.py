"""Demo accounts only on the embedded default (issue 12, defect 10).

The demo accounts share a public password. `seed_demo` refuses unless the resolved
settings are the embedded default (SQLite, DEBUG on), or `--force` is given; `make run`
(scripts/run.sh) leaves the decision to it, so a .env naming PostgreSQL is honoured.
"""

import os
import signal
import socket
import subprocess
import time
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from gcm_tracker.management.commands.seed_demo import demo_database_refusal
from tests.security.dbs import database_url, fresh_database, query

ROOT = Path(__file__).resolve().parents[2]
SQLITE = {"ENGINE": "django.db.backends.sqlite3", "NAME": ROOT / "db.sqlite3"}
POSTGRES = {"ENGINE": "django.db.backends.postgresql", "NAME": "gcm_tracker"}


@pytest.mark.parametrize(
    ("database", "debug", "allowed"),
    [
        (SQLITE, True, True),
        (SQLITE, False, False),
        (POSTGRES, True, False),
        (POSTGRES, False, False),
    ],
)
def test_only_sqlite_with_debug_is_the_embedded_default(database, debug, allowed):
    assert (demo_database_refusal(database, debug=debug) is None) is allowed


@pytest.mark.django_db
def test_seed_demo_refuses_a_real_database(compact, member_states):
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", password="x", stdout=StringIO())

    assert not get_user_model().objects.filter(username="curator").exists()


@pytest.mark.django_db
def test_seed_demo_only_embedded_says_so_and_does_nothing(compact, member_states):
    out = StringIO()

    call_command("seed_demo", password="x", only_embedded=True, stdout=out)

    assert "No demo accounts" in out.getvalue()
    assert not get_user_model().objects.filter(username="curator").exists()


@pytest.mark.django_db
def test_seed_demo_with_force_creates_them_anywhere(compact, member_states):
    from tests.conftest import load_reference_data

    load_reference_data()
    call_command("seed_demo", password="x", force=True, stdout=StringIO())

    assert get_user_model().objects.filter(username="curator").exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_run_sh_with_a_dot_env_naming_postgres_adds_no_demo_accounts(tmp_path):
    # The defect: .env.example copied as .env names PostgreSQL, the shell has no
    # DATABASE_URL, and run.sh used to put the demo accounts there.
    with fresh_database("gcm_runsh") as name:
        env_file = tmp_path / ".env"
        env_file.write_text(f"DATABASE_URL={database_url(name)}\nDJANGO_DEBUG=true\n")
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_"))
        }
        env.update(DJANGO_ENV_FILE=str(env_file), DJANGO_DEBUG="true")
        process = subprocess.Popen(
            ["./scripts/run.sh", str(_free_port())],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        output = []
        try:
            deadline = time.monotonic() + 240
            for line in process.stdout:
                output.append(line)
                if "is running at" in line or time.monotonic() > deadline:
                    break
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        text = "".join(output)

        assert "is running at" in text, text[-3000:]
        assert "No demo accounts" in text
        assert query(name, "SELECT count(*) FROM auth_user WHERE username = 'curator'") == [(0,)]
        # The reference data did go there: it is the database the settings resolved.
        assert query(name, "SELECT count(*) FROM objectives_objective") == [(23,)]
