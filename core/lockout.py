"""What a locked-out sign-in sees (django-axes' AXES_LOCKOUT_CALLABLE): a page in the
site's language, status 429 and `Retry-After`, the cool-off in minutes."""

from __future__ import annotations

import math

from axes.helpers import get_cool_off, get_failure_limit
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    response = render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": get_failure_limit(request, credentials),
            "minutes": math.ceil(seconds / 60),
        },
        status=429,
    )
    if seconds:
        response["Retry-After"] = str(seconds)
    return response
