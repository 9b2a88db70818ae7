#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on 127.0.0.1, starting them when they are
# installed but stopped. Says in one line what is missing otherwise.
set -uo pipefail

pg_host=127.0.0.1 pg_port=5432 redis_port=6379

pg_up() { pg_isready -q -h "$pg_host" -p "$pg_port" 2>/dev/null; }
redis_up() {
  if command -v redis-cli >/dev/null; then
    [[ "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null)" == "PONG" ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null
  fi
}
wait_for() { for _ in $(seq 1 30); do "$1" && return 0; sleep 1; done; return 1; }

status=0

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]]; then
    echo "PostgreSQL is not answering; starting it…"
    for version in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
    wait_for pg_up || { echo "PostgreSQL did not start on $pg_host:$pg_port."; status=1; }
  else
    echo "PostgreSQL is missing: install it (apt-get install postgresql) or set DATABASE_URL to a server."
    status=1
  fi
fi

if ! redis_up; then
  if command -v redis-server >/dev/null; then
    echo "Redis is not answering; starting it…"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no >/dev/null
    wait_for redis_up || { echo "Redis did not start on 127.0.0.1:$redis_port."; status=1; }
  else
    echo "Redis is missing: install it (apt-get install redis-server) or set REDIS_URL to a server."
    status=1
  fi
fi

[[ $status -eq 0 ]] && echo "PostgreSQL and Redis are answering."
exit $status
