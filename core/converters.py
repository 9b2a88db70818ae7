"""Path converters that refuse control characters, registered once for every urls.py.

Django's `str` converter matches anything but a slash, NUL and other control
characters included; PostgreSQL cannot compare a text with a NUL byte, so
`/pledges/a%00/` used to reach the database and fail there (a 500). A path
segment holding a control character names nothing: with `<text:code>` it is a 404
before any view runs.

Importing this module registers the converter; the URLconfs that use `<text:…>`
import it. DRF's routers build their own patterns: viewsets looking objects up
by a text field set `lookup_value_regex = TEXT_LOOKUP_REGEX`.
"""

from django.urls import register_converter

# C0 controls, DEL and the C1 controls: never part of a code, a slug or a name.
_CONTROL = r"\x00-\x1f\x7f-\x9f"

# DRF's own default lookup is `[^/.]+` (a dot starts a format suffix); the same, without
# control characters.
TEXT_LOOKUP_REGEX = rf"[^/.{_CONTROL}]+"


class TextConverter:
    """Like `str` (one path segment), minus control characters."""

    regex = rf"[^/{_CONTROL}]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TextConverter, "text")
