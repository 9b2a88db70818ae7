"""Password reset by e-mail, limited per address and per client.

Each request sends a mail to whoever owns the address: unlimited, it let anyone flood
a focal point's inbox, or probe the mail server from one client. Past
PASSWORD_RESET_RATE_PER_EMAIL for one address, or PASSWORD_RESET_RATE_PER_CLIENT for
one IP address, the form is shown again with a message and status 429, and nothing is
sent. The limit counts requests, not accounts, so it tells nobody whether an address
has one.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.utils.translation import gettext as _

from core import ratelimit

logger = logging.getLogger("core.password_reset")


def client_ip(request) -> str:
    """The client's address, as the sign-in lockout and the API throttles count it."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    proxies = getattr(settings, "NUM_PROXIES", 0)
    if proxies and forwarded:
        addresses = [a.strip() for a in forwarded.split(",")]
        return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR", "")


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        # Hashed: the cache holds no address in clear.
        email_key = hashlib.sha256(email.encode()).hexdigest()
        ip = client_ip(self.request)
        within_email = ratelimit.hit(
            f"password-reset:email:{email_key}", settings.PASSWORD_RESET_RATE_PER_EMAIL
        )
        within_client = ratelimit.hit(
            f"password-reset:ip:{ip}", settings.PASSWORD_RESET_RATE_PER_CLIENT
        )
        if within_email and within_client:
            return super().form_valid(form)
        logger.warning(
            "Password reset refused: too many requests (%s) from %s",
            "address" if not within_email else "client",
            ip,
        )
        form.add_error(
            None,
            _("Too many requests to reset a password. Try again later."),
        )
        response = self.form_invalid(form)
        response.status_code = 429
        response["Retry-After"] = str(
            ratelimit.parse_rate(settings.PASSWORD_RESET_RATE_PER_EMAIL)[1]
        )
        return response
