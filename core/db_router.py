"""Public reads from a read replica, when there is one (DATABASE_REPLICA_URL).

Only the reads of an anonymous GET or HEAD (no session, no token) go to the replica
(`PublicReadsMiddleware` marks the request): what the public sees may lag the primary
by the replication delay, while a signed-in user, who may have just written, always
reads the primary, and so does everything outside a request (tasks, commands) and
every write. Without a replica configured, everything uses "default".
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.db import transaction

REPLICA = "replica"
_public_read: ContextVar[bool] = ContextVar("public_read", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        # Inside a transaction, read what it wrote: the primary.
        if (
            _public_read.get()
            and REPLICA in settings.DATABASES
            and not transaction.get_connection().in_atomic_block
        ):
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows: objects from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PublicReadsMiddleware:
    """Marks an anonymous GET or HEAD as a public read, for the router above."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A token client (Authorization) may have just written too.
        public = (
            request.method in ("GET", "HEAD")
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.user.is_authenticated
        )
        token = _public_read.set(public)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)
