"""A response cache for anonymous reads of public data, never stale.

Every write that changes what the public sees calls `public_data_changed()`; after its
transaction commits, that bumps one number, the data version, in the cache. Cached
answers are keyed by the version (and the address, the language and the format), so a
bump retires all of them at once: a dashboard polling the API costs a cache hit until
something is published, and the first read after that sees the new data.

Signed-in readers are never served from the cache: what they see depends on who they
are (their own drafts), and their answers never land in it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.utils import translation
from django.utils.functional import cached_property
from rest_framework.response import Response

VERSION_KEY = "public-data:version"


def public_data_version() -> int:
    """The current data version (1 after a cold cache). One cache round trip."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return int(version)


def public_data_changed() -> None:
    """After the current transaction commits (a rolled-back write retires nothing),
    move the data version on: every cached public answer is then out of use."""
    transaction.on_commit(_bump, robust=True)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (cold or flushed cache): start a new one
        cache.set(VERSION_KEY, public_data_version() + 1, timeout=None)


def public_cache_key(request: Any, *, kind: str) -> str | None:
    """The key of `request`'s answer in the cache, or None when it must not be cached:
    not a GET, a signed-in reader, or the cache turned off (PUBLIC_CACHE_SECONDS = 0)."""
    if not settings.PUBLIC_CACHE_SECONDS or request.method != "GET":
        return None
    if request.user.is_authenticated:
        return None
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    language = translation.get_language() or settings.LANGUAGE_CODE
    return f"public:{kind}:{public_data_version()}:{language}:{address}"


def cached_public_read(request: Any, *, kind: str, answer: Callable[[], Response]) -> Response:
    """`answer()`, or its data from the cache for an anonymous JSON read of the current
    data version: no query on a hit. Only 200s are kept."""
    key = None
    if request.accepted_renderer.format in ("json", "api"):
        key = public_cache_key(request, kind=kind)
    if key is not None:
        data = cache.get(key)
        if data is not None:
            return Response(data)
    response = answer()
    if key is not None and response.status_code == 200:
        cache.set(key, response.data, timeout=settings.PUBLIC_CACHE_SECONDS)
    return response


def cached_public_count(queryset: Any) -> int:
    """`queryset.count()` for a queryset of public rows only, cached under the data
    version: the same filter's count is asked once per version, not on every page.
    Exact (a publishing write retires it with the rest). Falls back to counting when
    the query cannot be named (an empty `IN ()`)."""
    if not settings.PUBLIC_CACHE_SECONDS:
        return queryset.count()
    try:
        sql = str(queryset.query)
    except Exception:  # EmptyResultSet and the like: nothing to name, count as usual
        return queryset.count()
    digest = hashlib.sha256(f"{queryset.db}:{sql}".encode()).hexdigest()
    key = f"public-count:{public_data_version()}:{digest}"
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, timeout=settings.PUBLIC_CACHE_SECONDS)
    return int(count)


class PublicCountPaginator(Paginator):
    """A Paginator over public rows (the directory, a country's pledges, an anonymous
    API list) whose COUNT(*), the costliest query of a list page at scale, comes from
    `cached_public_count`. Never give it rows that depend on who reads them."""

    @cached_property
    def count(self) -> int:
        if hasattr(self.object_list, "query"):
            return cached_public_count(self.object_list)
        return len(self.object_list)
