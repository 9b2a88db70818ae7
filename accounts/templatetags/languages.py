"""Languages in templates: the switcher's entries, and text marked with its own language.

`{% lang_of pledge %}` inside a tag gives ` lang="en"` for text in English (the language
of an object with a `language`, or a language code), with ` dir="ltr"` in a right-to-left
page, so that a screen reader switches voice and an English sentence in an Arabic page
keeps its own direction. `in_lang` wraps a title inside a translated sentence in a
<span lang> only when its language is not the page's. Text without a language of its
own (the compact's rows today) is in the source language, English; a translated edition
sets `language` on the rows it shows.
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from accounts.languages import language_options

register = template.Library()


def _code(value) -> str:
    if isinstance(value, str):
        return value or settings.LANGUAGE_CODE
    return getattr(value, "language", "") or settings.LANGUAGE_CODE


def _attributes(code: str, *, always: bool = False) -> str:
    page = translation.get_language() or settings.LANGUAGE_CODE
    if code.lower() == page.lower() and not always:
        return ""
    attributes = f' lang="{conditional_escape(code)}"'
    try:
        text_rtl = translation.get_language_info(code)["bidi"]
    except KeyError:
        text_rtl = False
    if text_rtl != translation.get_language_bidi():
        attributes += ' dir="rtl"' if text_rtl else ' dir="ltr"'
    return attributes


@register.simple_tag
def lang_of(value) -> SafeString:
    """` lang="…"` for text in `value`'s language, and ` dir="…"` when its direction is
    not the page's."""
    return mark_safe(_attributes(_code(value), always=True))  # noqa: S308 - a code from LANGUAGES


@register.filter
def in_lang(text, value) -> SafeString:
    """`text`, escaped, in a <span lang> when `value`'s language is not the page's: for
    a title inside a translated sentence ("Objective 3: {{ title }}")."""
    attributes = _attributes(_code(value))
    if not attributes:
        return conditional_escape(text)
    return format_html("<span{}>{}</span>", mark_safe(attributes), text)  # noqa: S308


@register.simple_tag(takes_context=True)
def language_switcher(context) -> list[dict[str, object]]:
    """The six languages, each named in itself, with this page's address in it."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    current = (translation.get_language() or settings.LANGUAGE_CODE).lower()
    return [
        {**option, "url": translate_url(path, option["code"]), "current": option["code"] == current}
        for option in language_options()
    ]


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[dict[str, object]]:
    """This page's address in each language (<link rel="alternate" hreflang>), or none
    for a page whose address does not carry a language."""
    request = context.get("request")
    if request is None:
        return []
    languages = language_switcher(context)
    if len({language["url"] for language in languages}) < 2:
        return []
    return [
        {**language, "url": request.build_absolute_uri(language["url"])} for language in languages
    ]


@register.simple_tag
def other_lang(value) -> SafeString:
    """Like `lang_of`, but nothing when the text is in the page's language: for what
    people write (a pledge, an update), mostly in the language of the page."""
    return mark_safe(_attributes(_code(value)))  # noqa: S308 - a code from LANGUAGES
