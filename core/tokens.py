"""API tokens that respect the second factor.

The token endpoint gives a token to an account with an authenticator app (and to
Network staff, who must have one while OTP_ADMIN_REQUIRED) only against a current code.
A token older than the account's authenticator app was not obtained that way: it was
issued before the app was set up, or before the rule existed, or before the person
became staff. Such a token is refused, and the person asks for a new one with their
code. A token newer than the app passes, as does any token of an account that needs
no second factor. One query more than DRF's own check, only for those accounts.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .two_factor import confirmed_device, second_factor_required


def token_predates_second_factor(user: Any, token: Any) -> bool:
    """True when `user` must give a code for a token and `token` was not issued with one
    (no confirmed authenticator app, or one set up after the token was created)."""
    device = confirmed_device(user)
    if device is None:
        return second_factor_required(user)
    created = getattr(device, "created_at", None)
    return created is None or token.created < created


class SecondFactorTokenAuthentication(authentication.TokenAuthentication):
    """DRF's `Authorization: Token …`, refusing tokens issued without the second factor
    the account needs (see the module's text)."""

    def authenticate_credentials(self, key: str) -> Any:
        user, token = super().authenticate_credentials(key)
        if token_predates_second_factor(user, token):
            raise exceptions.AuthenticationFailed(
                _(
                    "This token was issued without the second factor your account now "
                    "needs. Ask for a new token with your authenticator app's code."
                )
            )
        return user, token
