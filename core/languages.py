"""The language a text is written in: one of the six UN languages (settings.LANGUAGES).

A pledge, a progress update and a review's assessment record theirs, so that pages can
mark the text with its `lang` whatever the language of the page around it.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _


def is_language(code: str) -> bool:
    return code in {c for c, _name in settings.LANGUAGES}


def writing_language(language: str = "") -> str:
    """`language` when given, else the writer's: the language of their request (their
    page, their preferred one), else the site's."""
    if language:
        return language
    active = translation.get_language() or settings.LANGUAGE_CODE
    return active if is_language(active) else settings.LANGUAGE_CODE


def language_error(language: str) -> str | None:
    """Why `language` cannot be a text's language, or None."""
    if is_language(language):
        return None
    return _("Choose one of the six UN languages: %(codes)s.") % {
        "codes": ", ".join(code for code, _name in settings.LANGUAGES)
    }
