"""Optimistic concurrency: a row's version, its ETag, and the If-Match check.

A versioned row is one with `updated_at` (auto_now): every service write moves it, so
`version_of(row)` (its microseconds since the epoch, as text) names the state a client
or a form read. The API sends it as a strong `ETag` ("<pk>-<version>") on detail
responses; a `PATCH` that carries `If-Match` with another tag is refused with 412 and
changes nothing. The workspace forms carry the same version in a hidden field.

The check and the write share one transaction: `locked_for_write` reads the row
`select_for_update`, so of two writers sent with the same tag the second waits for the
first to commit, then sees the new version and gets 412. `If-Match` is optional (a
client that sends none writes as before), `*` matches any existing row.
"""

import datetime as dt
from typing import Any, Protocol

from django.db import transaction
from django.utils.http import http_date, parse_etags
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class Versioned(Protocol):
    pk: Any
    updated_at: dt.datetime


def version_of(row: Versioned) -> str:
    """The row's version: `updated_at` in whole microseconds (exact, no float)."""
    return str((row.updated_at - _EPOCH) // dt.timedelta(microseconds=1))


def etag_of(row: Versioned) -> str:
    """The strong ETag of the row's representation, quoted as HTTP wants it."""
    return f'"{row.pk}-{version_of(row)}"'


def if_match_holds(header: str | None, row: Versioned) -> bool:
    """True when there is no If-Match, when it is `*`, or when one of its tags is the
    row's current ETag (strong comparison: a weak `W/"…"` tag never matches)."""
    if header is None:
        return True
    if header.strip() == "*":
        return True
    current = etag_of(row)
    return any(tag == current for tag in parse_etags(header) if not tag.startswith("W/"))


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "Someone changed this record after you read it. Read it again (its ETag has "
        "changed), then repeat your change."
    )
    default_code = "precondition_failed"


def tag_response(response: Response, row: Versioned) -> Response:
    """Give a response that shows `row` its ETag and Last-Modified. A GET whose
    If-None-Match or If-Modified-Since still holds then becomes a 304 (Django's
    ConditionalGetMiddleware compares them)."""
    response["ETag"] = etag_of(row)
    response["Last-Modified"] = http_date(row.updated_at.timestamp())
    return response


# For a viewset whose detail rows are versioned: `retrieve` answers with the row's
# ETag, and `locked_for_write()` gives a write the row locked and checked against
# If-Match; call it inside the viewset's `transaction.atomic` write. (A comment, not a
# docstring: drf-spectacular would describe every operation of the viewset with it.)
class VersionedWritesMixin:
    # The actions whose answer is one row, with its ETag (the schema says so too).
    tagged_actions: tuple[str, ...] = ("retrieve", "create", "partial_update", "update")

    def locked_for_write(self) -> Any:
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("locked_for_write() belongs inside transaction.atomic.")
        row = self.get_object()  # type: ignore[attr-defined]
        row = type(row)._default_manager.select_for_update().get(pk=row.pk)
        request: Request = self.request  # type: ignore[attr-defined]
        if not if_match_holds(request.headers.get("If-Match"), row):
            raise PreconditionFailed()
        return row

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        row = self.get_object()  # type: ignore[attr-defined]
        serializer = self.get_serializer(row)  # type: ignore[attr-defined]
        return tag_response(Response(serializer.data), row)
