"""A JSON parser with a nesting limit.

Python's json module recurses once per level of nesting: `[` × 100,000 raised
RecursionError inside the parser, a 500. Real bodies of this API nest two or
three levels, so anything deeper than `API_JSON_MAX_DEPTH` (default 32) is refused
as a parse error (400) before json runs, in one pass over the text.
"""

from __future__ import annotations

import codecs
import json
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json as drf_json

DEFAULT_MAX_DEPTH = 32
# A JSON string (escapes included), then the brackets outside strings.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether arrays and objects in `text` nest deeper than `limit`.

    Brackets inside strings do not count. Malformed text is left to json to refuse.
    """
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def max_depth() -> int:
    return getattr(settings, "API_JSON_MAX_DEPTH", DEFAULT_MAX_DEPTH)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing bodies nested deeper than API_JSON_MAX_DEPTH."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
        except UnicodeDecodeError as exc:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from exc
        limit = max_depth()
        if json_depth_exceeds(text, limit):
            raise ParseError(
                _("JSON parse error - arrays and objects nest deeper than %(limit)d levels.")
                % {"limit": limit}
            )
        try:
            parse_constant = drf_json.strict_constant if self.strict else None
            return json.loads(text, parse_constant=parse_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from exc
