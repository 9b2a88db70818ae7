#!/usr/bin/env bash
# Make sure the PostgreSQL of DATABASE_URL and the Redis of REDIS_URL take a real login
# (not merely that a port answers), starting local ones that are installed but stopped.
# Says in one line per service what to do otherwise. The defaults are the test ones.
set -uo pipefail

DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/gcm_tracker}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/15}"

# host:port of a URL, without the credentials (never print a password).
where() {
  local rest="${1#*://}"
  rest="${rest##*@}"
  echo "${rest%%[/?]*}"
}
is_local_default() { [[ "$1" == "127.0.0.1:$2" || "$1" == "localhost:$2" ]]; }
wait_for() { for _ in $(seq 1 20); do "$1" >/dev/null 2>&1 && return 0; sleep 1; done; return 1; }

status=0

# --- PostgreSQL: log in to the server's `postgres` database (the test run creates its
# own database there, so the one named in DATABASE_URL need not exist yet).
if [[ "$DATABASE_URL" == postgres://* || "$DATABASE_URL" == postgresql://* ]]; then
  pg_where="$(where "$DATABASE_URL")"
  pg_server="${DATABASE_URL%%\?*}"
  pg_server="${pg_server%/*}/postgres"
  pg_login() { PGCONNECT_TIMEOUT=3 psql "$pg_server" -qtAX -c 'select 1' 2>&1; }
  if ! command -v psql >/dev/null; then
    echo "PostgreSQL client missing: apt-get install -y postgresql-client (needed to check DATABASE_URL)."
    status=1
  elif ! pg_login >/dev/null; then
    if is_local_default "$pg_where" 5432 && ! pg_isready -q -h 127.0.0.1 -p 5432 \
      && command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]]; then
      echo "PostgreSQL is not answering on $pg_where; starting it…"
      for version in /etc/postgresql/*; do
        pg_ctlcluster --skip-systemctl-redirect "${version##*/}" main start >/dev/null 2>&1 || true
      done
      wait_for pg_login
    fi
    if ! error="$(pg_login)"; then
      reason="$(grep -m1 -oE 'FATAL: .*' <<<"$error" || sed -n 's/.*failed: //p' <<<"$error" | head -1)"
      reason="$(echo $reason)"  # squeeze the spaces
      if [[ "$reason" == FATAL* ]]; then
        echo "PostgreSQL at $pg_where refuses the login of DATABASE_URL ($reason): fix the user, password or host in DATABASE_URL."
      else
        echo "PostgreSQL at $pg_where does not answer ($reason): start it (apt-get install postgresql) or set DATABASE_URL to a server that does."
      fi
      status=1
    fi
  fi
fi

# --- Redis: PING with the URL's own credentials and database.
if [[ -n "$REDIS_URL" ]]; then
  redis_where="$(where "$REDIS_URL")"
  redis_ping() { [[ "$(timeout 5 redis-cli --no-auth-warning -u "$REDIS_URL" ping 2>&1)" == "PONG" ]]; }
  if ! command -v redis-cli >/dev/null; then
    echo "Redis client missing: apt-get install -y redis-tools (needed to check REDIS_URL)."
    status=1
  elif ! redis_ping; then
    if is_local_default "$redis_where" 6379 && command -v redis-server >/dev/null \
      && ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
      echo "Redis is not answering on $redis_where; starting it…"
      redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
      wait_for redis_ping
    fi
    if ! redis_ping; then
      echo "Redis at $redis_where does not answer PING for REDIS_URL: start it (apt-get install redis-server) or set REDIS_URL to a server that does."
      status=1
    fi
  fi
fi

[[ $status -eq 0 ]] && echo "PostgreSQL ($(where "$DATABASE_URL")) and Redis ($(where "${REDIS_URL:-none}")) take the login."
exit $status
