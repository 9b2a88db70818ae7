"""Text helpers the source-text parsers share (the compact, the IMRF declaration, the
Secretary-General's report) and the calendar's evidence check."""

from __future__ import annotations

# Footnote marks as the UN's texts print them. Not one Unicode range: ¹²³ live in
# Latin-1, the rest in the "superscripts and subscripts" block.
SUPERSCRIPT_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)


def text_lines(text: str) -> list[str]:
    """The lines of a text as an editor numbers them: a leading BOM dropped, CRLF and
    CR each one break. Not str.splitlines(), which also breaks on form feeds and other
    separators a PDF's text carries inside a line, and would shift every cited line."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
