"""Compressed responses without handing BREACH a secret to guess.

BREACH recovers a secret from the compressed size of responses that reflect text an
attacker chose next to the secret, in requests the victim's browser sends with its
cookies. This middleware is Django's GZipMiddleware (which since Django 4.2 pads each
response by a random length, "Heal the Breach") with one refusal: it leaves the
responses of signed-in (session) users uncompressed, since their pages carry what is
theirs (a two-factor key, their drafts, their e-mail address).

What stays compressed holds no secret worth the attack: public pages for anonymous
visitors, whose only secret is the CSRF token, which Django masks anew in every
response (a BREACH attack needs it to be the same across many); and API answers to
token-authenticated clients, since a browser never adds an Authorization header to a
cross-site request on its own.
"""

from __future__ import annotations

from django.middleware.gzip import GZipMiddleware


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return response
        return super().process_response(request, response)
