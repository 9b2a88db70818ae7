"""One place that turns domain errors into API responses.

Services raise django.core.exceptions.ValidationError (a message, a list, or a
dict of field -> messages). Here they become 400s with field messages, the
same shape DRF gives serializer errors, so clients handle one format.

A DataError is PostgreSQL refusing a value that came from the request (the edge
checks missed it): a 400 too, logged with its traceback (core/middleware.py).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from core.middleware import log_data_error


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                ("non_field_errors" if field == "__all__" else field): messages
                for field, messages in exc.message_dict.items()
            }
        else:
            detail = {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    elif isinstance(exc, DataError):
        log_data_error(context["request"], exc)
        exc = exceptions.ValidationError(
            {"non_field_errors": [_("A value in the request cannot be stored or compared.")]}
        )
    return drf_exception_handler(exc, context)
