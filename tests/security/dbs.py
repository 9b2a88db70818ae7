"""Throwaway PostgreSQL databases for tests that run the app in another process."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

import psycopg
from django.db import connection
from psycopg import sql


def _admin_conninfo() -> dict:
    params = connection.settings_dict
    return {
        "host": params.get("HOST") or "127.0.0.1",
        "port": params.get("PORT") or 5432,
        "user": params.get("USER") or "postgres",
        "password": params.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }


def database_url(name: str) -> str:
    info = _admin_conninfo()
    auth = info["user"] + (f":{info['password']}" if info["password"] else "")
    return f"postgres://{auth}@{info['host']}:{info['port']}/{name}"


@contextlib.contextmanager
def fresh_database(prefix: str) -> Iterator[str]:
    """Create an empty database, yield its name, drop it afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(**_admin_conninfo()) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        with psycopg.connect(**_admin_conninfo()) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def query(name: str, statement: str) -> list[tuple]:
    with psycopg.connect(**{**_admin_conninfo(), "dbname": name}) as conn:
        return conn.execute(statement).fetchall()
