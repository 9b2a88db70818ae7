"""The six UN languages as people choose them, and the language a person's requests and
mails are in.

Which language a page is in, first match wins:

1. the URL's prefix (/fr/pledges/ is French; i18n_patterns, LocaleMiddleware);
2. a signed-in user's preferred language (their profile; `PreferredLanguageMiddleware`),
   except on the API, which answers in the language of Accept-Language;
3. the language chosen with the switcher (the django_language cookie);
4. the browser's Accept-Language; then English.

The preferred language is read at sign-in and kept in the session, so that pages cost
no extra query; changing it (the profile page, the switcher) updates the session too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.utils import translation

from .models import Profile

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django.http import HttpRequest

SESSION_KEY = "preferred_language"

# Each language named in itself, in the order of the switcher (the UN's own order:
# Arabic, Chinese, English, French, Russian, Spanish).
NATIVE_NAMES: dict[str, str] = {
    "ar": "العربية",
    "zh-hans": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}


class LanguageOption(TypedDict):
    """One entry of the switcher."""

    code: str
    name: str  # in the language itself
    bidi: bool  # written right to left


def language_options() -> list[LanguageOption]:
    """The switcher's entries: code, name in itself, direction."""
    available = {code for code, _name in settings.LANGUAGES}
    return [
        {
            "code": code,
            "name": name,
            "bidi": translation.get_language_info(code)["bidi"],
        }
        for code, name in NATIVE_NAMES.items()
        if code in available
    ]


def is_supported(code: str) -> bool:
    return code in {c for c, _name in settings.LANGUAGES}


def preferred_language(user: User | AnonymousUser) -> str:
    """The user's preferred language, "" for none. One query."""
    if not user.is_authenticated:
        return ""
    return (
        Profile.objects.filter(user=user).values_list("preferred_language", flat=True).first() or ""
    )


def preferred_languages(user_ids: Iterable[int]) -> dict[int, str]:
    """Each user's preferred language (those with none are left out). One query."""
    return dict(
        Profile.objects.filter(user_id__in=set(user_ids))
        .exclude(preferred_language="")
        .values_list("user_id", "preferred_language")
    )


def mail_language(preferred: str) -> str:
    """The language of a mail to someone who prefers `preferred` ("" for no preference)."""
    return preferred if is_supported(preferred) else settings.LANGUAGE_CODE


def remember_preferred_language(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """On sign-in: keep the user's preferred language in the session."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = preferred_language(user)


def session_language(request: HttpRequest) -> str:
    """The signed-in user's preferred language as the session remembers it ("" for none).
    A session from before the preference existed reads it once."""
    if not request.user.is_authenticated:
        return ""
    if SESSION_KEY not in request.session:
        request.session[SESSION_KEY] = preferred_language(request.user)
    code = request.session[SESSION_KEY]
    return code if is_supported(code) else ""
