"""Cutting a paragraph of a UN text into sentences, for the loaders that quote the
sentence making a link or a mention (objectives.sdg, reviews.mentions)."""

from __future__ import annotations

import re

# Sentences: a full stop (or ! ?) and a space before a capital, a quote or a digit,
# except after abbreviations that end in one ("para.", "e.g.", "No.").
_ABBREVIATIONS = ("para", "paras", "e.g", "i.e", "No", "Nos", "vol", "Vol", "ed", "eds", "etc")
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’)]*\s+(?=[A-Z“\"(0-9])")


def sentences(text: str) -> list[str]:
    """`text` cut into sentences (kept whole, as the text words them). "10.7" and
    "para. 17" do not end one."""
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()]
        word = before.rsplit(" ", 1)[-1].rstrip(".").lstrip("(")
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
            continue  # "para. 17", "A. Smith"
        out.append(text[start : match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out
