#!/usr/bin/env bash
# `make run`: migrate, load the reference data, add demo accounts on the embedded
# default, then serve. Safe to run again: every step is idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8000}"
py=.venv/bin/python

$py manage.py migrate --no-input
$py manage.py seed
# Demo logins (a public password) only on the embedded default: seed_demo decides from
# the settings Django resolved (.env included), not from this shell's variables.
$py manage.py seed_demo --only-embedded --password "${DEMO_PASSWORD:-gcm-demo-2026}"
cat <<TXT

  GCM Tracker is running at  http://127.0.0.1:${port}/
  Admin:                     http://127.0.0.1:${port}/admin/
  API docs:                  http://127.0.0.1:${port}/api/docs/
  Health:                    http://127.0.0.1:${port}/healthz

TXT
exec $py manage.py runserver "127.0.0.1:${port}"
