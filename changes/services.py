"""The one write of the change log: `change_record`, called by the apps' services
inside their own transaction, for every change of the public record.

Why a lock: ids come from a sequence when the row is inserted, not when it commits.
Without it, a transaction that inserted id 10 could commit after one that inserted
id 11, and a client that had already read up to 11 would never see 10. Each
`change_record` takes one transaction-scoped lock first, so the rows of concurrent
transactions get their ids in the order they commit and a client that resumes after
the last id it saw misses nothing. Public changes are rare (a few per minute at
most); writes that change nothing public never take it.
"""

from __future__ import annotations

from django.db import connection, transaction

from core import clock

from .models import ChangeEvent

# Any fixed 64-bit number, the same for every writer: the key of the log's lock.
CHANGE_LOG_LOCK = 0x6763_6D66_6565_64  # "gcmfeed"


def _lock_the_log() -> None:
    # SQLite (the embedded default) has one writer at a time already.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHANGE_LOG_LOCK])


@transaction.atomic
def change_record(*, kind: str, object_kind: str, code: str | int) -> ChangeEvent:
    """Log that the public record `object_kind` `code` changed (`kind`), at commit order.

    Call it inside the transaction that makes the change. Two queries (the lock, the
    insert). An unknown kind is a programming error (ValueError), never a silent row.
    """
    if kind not in ChangeEvent.Kind.values or object_kind not in ChangeEvent.ObjectKind.values:
        raise ValueError(f"unknown change {kind!r} of {object_kind!r}")
    _lock_the_log()
    return ChangeEvent.objects.create(
        kind=kind, object_kind=object_kind, code=str(code), at=clock.now()
    )
