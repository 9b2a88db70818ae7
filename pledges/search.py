"""Full-text search over pledges: one place that knows which database it runs on.

On PostgreSQL each pledge keeps a stored `search_vector` (GIN-indexed): its title
(weight A), description (B) and latest progress narrative (C), parsed with the text
search configuration of the pledge's language: `gcm_english`, `gcm_french`,
`gcm_spanish`, `gcm_russian` (PostgreSQL's own, with the `unaccent` dictionary before
the stemmer, migration 0004) and `gcm_simple` for Arabic and Chinese, which PostgreSQL
does not stem. Accents are ignored on both sides, and highlighted snippets show the
text as written. The services refresh it on every
create, edit and progress report (`pledges_search_refresh`). A query is parsed in every
configuration at once (a French pledge matches a French stem, an English one an English
stem) and ranked with `ts_rank`. Chinese is written without spaces between words, so a
query in Chinese characters is a substring match instead, which the trigram GIN indexes
on the title and the description serve. A pledge code (`GCM-P-00042`) is an exact
lookup. The embedded SQLite default (`make run`) has none of this: an unranked
`icontains` over code, title and description.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import (
    Case,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Pledge, ProgressUpdate

# The text search configuration for each language a pledge is written in (created by
# migration 0004: PostgreSQL's, with unaccent before the stemmer).
STEMMED = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian"}
CONFIGS = {code: f"gcm_{name}" for code, name in STEMMED.items()}
FALLBACK_CONFIG = "gcm_simple"  # Arabic, Chinese: no stemmer in PostgreSQL
QUERY_CONFIGS = (*CONFIGS.values(), FALLBACK_CONFIG)

CODE = re.compile(r"GCM-[A-Z]-\d{5}\Z", re.IGNORECASE)
# Han, kana and Hangul: scripts written without spaces between words.
WORD_FREE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")

# Private-use characters mark a highlighted word in ts_headline's output: the text is
# escaped first, then they become <mark>, so a pledge's own "<b>" stays text.
_START, _STOP = "\ue000", "\ue001"
SNIPPET_WORDS = 'MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _config() -> Case:
    """The configuration of each row's language, as an SQL expression."""
    return Case(
        *(When(language=code, then=Value(name)) for code, name in CONFIGS.items()),
        default=Value(FALLBACK_CONFIG),
    )


def _vector() -> CombinedExpression:
    latest = ProgressUpdate.objects.filter(pledge=OuterRef("pk")).order_by(
        "-date", "-created_at", "-pk"
    )
    config = _config()
    return (
        SearchVector("title", config=config, weight="A")
        + SearchVector("description", config=config, weight="B")
        + SearchVector(
            Coalesce(Subquery(latest.values("narrative")[:1]), Value(""), output_field=TextField()),
            config=config,
            weight="C",
        )
    )


def pledges_search_refresh(pledges: QuerySet[Pledge]) -> int:
    """Recompute the stored search vector of `pledges`: one UPDATE, whatever their
    number (the services pass one pledge; a backfill passes them all). Nothing on
    SQLite, which searches without it. Returns the rows updated."""
    if not is_postgresql():
        return 0
    return pledges.order_by().update(search_vector=_vector())


def _query(words: str) -> SearchQuery:
    # websearch syntax: several words must all match, "quoted phrases", -excluded. The
    # words are parsed in every configuration: each pledge's vector matches its own.
    queries = [SearchQuery(words, config=name, search_type="websearch") for name in QUERY_CONFIGS]
    combined = queries[0]
    for other in queries[1:]:
        combined = combined | other
    return combined


def search(queryset: QuerySet[Pledge], value: str) -> QuerySet[Pledge]:
    """`queryset` narrowed to the pledges matching `value`, best first on PostgreSQL
    (annotated `search_rank`); a pledge code matches only that pledge."""
    value = " ".join(value.split())
    if not value:
        return queryset
    if CODE.match(value):
        return queryset.filter(code__iexact=value)
    if not is_postgresql() or WORD_FREE.search(value):
        words = Q()
        for word in value.split() if not WORD_FREE.search(value) else [value]:
            words &= Q(title__icontains=word) | Q(description__icontains=word)
        return queryset.filter(Q(code__iexact=value) | words)
    query = _query(value)
    return (
        queryset.filter(search_vector=query)
        .annotate(search_rank=SearchRank(F("search_vector"), query))
        .order_by("-search_rank", "code")
    )


def with_snippets(queryset: QuerySet[Pledge], value: str) -> QuerySet[Pledge]:
    """`queryset` with `search_snippet`: the description's passages that match `value`,
    the words marked (ts_headline, on PostgreSQL and for word queries only; None
    otherwise). Computed in the same query, for the rows of the page only."""
    value = " ".join(value.split())
    if not value or not is_postgresql() or CODE.match(value) or WORD_FREE.search(value):
        return queryset
    # Any of the words marks a passage: the description alone need not hold them all.
    queries = [_query(word) for word in re.findall(r"\w+", value)]
    if not queries:
        return queryset
    query = queries[0]
    for other in queries[1:]:
        query = query | other
    return queryset.annotate(
        search_snippet=SearchHeadline(
            "description",
            query,
            config=_config(),
            start_sel=_START,
            stop_sel=_STOP,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


def snippet_html(snippet: str | None) -> SafeString:
    """A snippet from `with_snippets` as HTML: the text escaped, the matches in <mark>."""
    if not snippet:
        return mark_safe("")
    html = escape(snippet).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308  escaped above; only our own tags added
