"""`make bench`: the app at the scale of the whole world, against its own database.

1. Builds the benchmark database once (BENCH_DATABASE_URL, default gcm_bench on the local
   PostgreSQL): migrate, `seed`, `seed_scale BENCH_PLEDGES --force` (100,000 by default;
   a second run finds them and adds nothing), VACUUM ANALYZE.
2. Starts gunicorn (2 workers, DJANGO_DEBUG=false, the Redis cache of REDIS_URL,
   persistent connections) with the bare JSON view routed (BENCH_BARE_VIEW).
3. For each endpoint and page: the queries Django runs for it are captured once, in
   this process, then in interleaved rounds the HTTP request and the raw replay of the
   same SQL on one open psycopg connection are timed; the table gives p50/p95 of both
   and the ratio of the medians. Throughput: BENCH_CLIENTS concurrent clients for
   BENCH_SECONDS against the list, the detail and the bare view. Last, EXPLAIN
   (ANALYZE, BUFFERS) of each endpoint's slowest query.

Prints the table (markdown) and writes it with the plans to artifacts/bench.md.
Timings belong here and in README, never in tests.
"""

from __future__ import annotations

import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gcm_bench")
REDIS_URL = os.environ.get(
    "BENCH_REDIS_URL", os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
)
PLEDGES = int(os.environ.get("BENCH_PLEDGES", "100000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))

ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_SECURE_COOKIES": "false",
    "DJANGO_SECURE_HSTS_SECONDS": "0",
    "DATABASE_CONN_MAX_AGE": "60",
    "BENCH_BARE_VIEW": "true",
    # The benchmark is one client: the API's rate limits would measure 429s.
    "API_THROTTLE_ANON": "100000000/minute",
    "API_THROTTLE_USER": "100000000/minute",
    "CELERY_TASK_ALWAYS_EAGER": "true",
    # The table measures the work behind an answer: the public API's response cache
    # would answer every round after the first. BENCH_PUBLIC_CACHE_SECONDS=600 measures
    # the hits instead.
    "PUBLIC_CACHE_SECONDS": os.environ.get("BENCH_PUBLIC_CACHE_SECONDS", "0"),
}


def manage(*args: str) -> str:
    result = subprocess.run(  # noqa: S603 -- our own manage.py
        [PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def build_database() -> None:
    import psycopg

    url = urllib.parse.urlsplit(DATABASE_URL)
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')
    print("migrate, seed…", flush=True)
    manage("migrate", "--no-input", "-v0")
    manage("seed")
    started = time.monotonic()
    print(f"seed_scale {PLEDGES} (reused when present)…", flush=True)
    print(manage("seed_scale", str(PLEDGES), "--force").strip().splitlines()[-1])
    print(f"  {time.monotonic() - started:.0f} s", flush=True)
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    manage("collectstatic", "--no-input", "-v0")
    server = subprocess.Popen(  # noqa: S603 -- our own gunicorn
        [
            PYTHON, "-m", "gunicorn", "gcm_tracker.wsgi", "--workers", "2",
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
        ],
        cwd=ROOT, env=ENV,
    )  # fmt: skip
    for _ in range(100):
        try:
            if get(port, "/healthz")[0] in (200, 503):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer")


def get(port: int, path: str, conn: http.client.HTTPConnection | None = None):
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Accept-Encoding": "gzip", "Host": "127.0.0.1"})
    response = conn.getresponse()
    body = response.read()
    if own:
        conn.close()
    return response.status, body


def capture_queries(paths: list[str]) -> dict[str, list[tuple[str, tuple]]]:
    """The SQL Django runs for each path, through the test client in this process."""
    sys.path.insert(0, str(ROOT))
    os.environ.update(ENV)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gcm_tracker.settings"
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    client = Client()
    captured = {}
    for path in paths:
        cache.clear()
        client.get(path)  # warm (translations, the dashboard's figures)
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        # The SQL as sent; psycopg gets it back without parameters (already inlined).
        captured[path] = [(query["sql"], ()) for query in context.captured_queries]
    cache.clear()
    return captured


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(port: int, endpoints: list[tuple[str, str]], captured) -> list[dict]:
    import psycopg

    rows = []
    raw = psycopg.connect(DATABASE_URL, autocommit=True)
    http_conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for label, path in endpoints:
        queries = captured[path]
        status, body = get(port, path, http_conn)
        for sql, _ in queries:  # warm the raw side too
            cursor = raw.execute(sql)
            if cursor.description:
                cursor.fetchall()
        web, sql_times = [], []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            status, body = get(port, path, http_conn)
            web.append(time.perf_counter() - started)
            started = time.perf_counter()
            for sql, _ in queries:
                cursor = raw.execute(sql)
                if cursor.description:
                    cursor.fetchall()
            sql_times.append(time.perf_counter() - started)
        rows.append(
            {
                "label": label,
                "path": path,
                "status": status,
                "bytes": len(body),
                "queries": len(queries),
                "p50": statistics.median(web) * 1000,
                "p95": percentile(web, 0.95) * 1000,
                "sql50": statistics.median(sql_times) * 1000,
                "sql95": percentile(sql_times, 0.95) * 1000,
            }
        )
        print(f"  {label}: {rows[-1]['p50']:.1f} ms vs SQL {rows[-1]['sql50']:.1f} ms", flush=True)
    raw.close()
    return rows


def throughput(port: int, path: str) -> float:
    done = []
    stop = time.monotonic() + SECONDS

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        count = 0
        while time.monotonic() < stop:
            get(port, path, conn)
            count += 1
        done.append(count)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / SECONDS


def explain(captured, endpoints) -> list[str]:
    import psycopg

    lines = []
    with psycopg.connect(DATABASE_URL, autocommit=True) as raw:
        for label, path in endpoints:
            timed = []
            for sql, _ in captured[path]:
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                started = time.perf_counter()
                raw.execute(sql).fetchall()
                timed.append((time.perf_counter() - started, sql))
            if not timed:
                continue
            _elapsed, sql = max(timed)
            plan = raw.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql).fetchall()
            lines += [f"### {label}: `{path}`", "", "```sql", sql, "```", "", "```"]
            lines += [row[0] for row in plan] + ["```", ""]
    return lines


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        "unknown CPU",
    )  # fmt: skip
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    import psycopg

    with psycopg.connect(DATABASE_URL) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM pledges_pledge),"
            " (SELECT count(*) FROM pledges_pledge WHERE status = 'published'),"
            " (SELECT count(*) FROM pledges_progressupdate)"
        ).fetchone()
    return (
        f"{os.cpu_count()} cores ({cpu}), load average {load} after the run (a shared "
        f"machine), PostgreSQL {version}, Python {sys.version.split()[0]}; {counts[0]:,} pledges "
        f"({counts[1]:,} published), {counts[2]:,} progress updates"
    )


def main() -> None:
    build_database()
    port = free_port()
    server = start_server(port)
    try:
        import psycopg

        with psycopg.connect(DATABASE_URL) as conn:
            code = conn.execute(
                "SELECT code FROM pledges_pledge WHERE status = 'published' ORDER BY code LIMIT 1"
            ).fetchone()[0]
        endpoints = [
            ("API list, page_size=20", "/api/v1/pledges/?page_size=20"),
            ("API list, page_size=100", "/api/v1/pledges/?page_size=100"),
            ("API detail", f"/api/v1/pledges/{code}/"),
            ("/pledges/ (default sort)", "/pledges/"),
            ("/pledges/?actor=KEN", "/pledges/?actor=KEN"),
            ("/pledges/?search=remittances", "/pledges/?search=remittances"),
            ("/countries/", "/countries/"),
            ("/countries/KEN/", "/countries/KEN/"),
            ("/dashboard/", "/dashboard/"),
        ]
        captured = capture_queries([path for _label, path in endpoints])
        print(f"measuring {ROUNDS} interleaved rounds…", flush=True)
        rows = measure(port, endpoints, captured)
        print(f"throughput, {CLIENTS} clients for {SECONDS:.0f} s each…", flush=True)
        bare = throughput(port, "/bench/bare")
        rates = {
            "list": throughput(port, "/api/v1/pledges/?page_size=20"),
            "detail": throughput(port, f"/api/v1/pledges/{code}/"),
        }
        plans = explain(captured, endpoints)
    finally:
        server.terminate()
        server.wait(timeout=30)
    table = [
        "| what | queries | p50 ms | p95 ms | raw SQL p50 ms | p95 | ratio | status, bytes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ratio = row["p50"] / max(row["sql50"], 0.01)
        table.append(
            f"| `{row['label']}` | {row['queries']} | {row['p50']:.1f} | {row['p95']:.1f} | "
            f"{row['sql50']:.1f} | {row['sql95']:.1f} | **{ratio:.1f}×** "
            f"| {row['status']}, {row['bytes']:,} |"
        )
    table += [
        "",
        f"Throughput ({CLIENTS} clients): bare JSON view {bare:.0f} req/s; API list "
        f"{rates['list']:.0f} req/s (**{rates['list'] / bare:.2f}**), detail "
        f"{rates['detail']:.0f} req/s (**{rates['detail'] / bare:.2f}**).",
        "",
        f"Machine: {machine()}.",
    ]
    output = "\n".join(table)
    print("\n" + output)
    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "bench.md").write_text(output + "\n\n## Plans\n\n" + "\n".join(plans) + "\n")
    print(f"\nplans: {artifacts / 'bench.md'}")


if __name__ == "__main__":
    main()
