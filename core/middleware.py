"""The last line of defence against bad input: no value a client sends is a 500.

Path converters, filter fields and the JSON parser refuse bad values at the edge
(issue 12). Should one still reach PostgreSQL and be refused there (a NUL byte in a
search term, a number out of range), the client gets a 400, not a 500 — and the
error is logged with its traceback at ERROR level, so that an edge check that is
missing, or a real bug that looks like one, is still seen and fixed.
"""

from __future__ import annotations

import logging

from django.db import DataError
from django.views.defaults import bad_request

logger = logging.getLogger("core.bad_input")


def log_data_error(request, exc: DataError) -> None:
    logger.error(
        "The database refused a value of %s %s: answered 400",
        request.method,
        request.path,
        exc_info=exc,
    )


class DataErrorMiddleware:
    """Answer 400 to a view that failed with a DataError (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DataError):
            log_data_error(request, exception)
            return bad_request(request, exception)
        return None
