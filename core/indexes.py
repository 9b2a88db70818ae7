"""Indexes that exist on PostgreSQL only.

The product runs on PostgreSQL; `make run` uses the embedded SQLite default, which has
no GIN indexes, no text search and no trigrams. A `PostgresGinIndex` is a GIN index on
PostgreSQL and nothing elsewhere, so one set of migrations serves both (the search
that needs it falls back to `icontains` there, pledges/search.py).
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.indexes import GinIndex
from django.db.backends.ddl_references import Statement

# What an index costs a database without GIN: a statement that does nothing.
_NOTHING = Statement("SELECT 1")


class PostgresGinIndex(GinIndex):
    def create_sql(self, model: Any, schema_editor: Any, using: str = "", **kwargs: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return _NOTHING
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model: Any, schema_editor: Any, **kwargs: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return _NOTHING
        return super().remove_sql(model, schema_editor, **kwargs)
