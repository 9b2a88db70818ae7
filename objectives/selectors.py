"""Reads of the compact shared by the pages and the API, already optimised."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import Count, Model, Prefetch, QuerySet

from .models import (
    Action,
    ActionTranslation,
    GuidingPrinciple,
    Objective,
    ObjectiveTranslation,
    PrincipleTranslation,
)


def objective_list() -> QuerySet[Objective]:
    """Objectives in order with `action_count`. One query."""
    return Objective.objects.annotate(action_count=Count("actions")).order_by("number")


def objective_detail_queryset() -> QuerySet[Objective]:
    """Objectives with their actions prefetched in order. Two queries."""
    return objective_list().prefetch_related(
        Prefetch("actions", queryset=Action.objects.order_by("order"))
    )


def action_list() -> QuerySet[Action]:
    """Actions with their objective, in the compact's order. One query."""
    return Action.objects.select_related("objective").order_by("objective__number", "order")


def action_search(actions: QuerySet[Action], search: str) -> QuerySet[Action]:
    """Narrow `actions` to those matching `search`, best match first.

    On PostgreSQL the search is ranked full-text search (English stemming, web-search
    syntax: quoted phrases, `or`, `-word`); elsewhere a case-insensitive match. The
    table holds a couple of hundred rows, so no search index is needed.
    """
    search = search.strip()
    if not search:
        return actions
    if settings.USING_POSTGRES:
        query = SearchQuery(search, config="english", search_type="websearch")
        vector = SearchVector("text", config="english")
        return (
            actions.annotate(search_vector=vector, rank=SearchRank(vector, query))
            .filter(search_vector=query)
            .order_by("-rank", "objective__number", "order")
        )
    return actions.filter(text__icontains=search)


def principle_list() -> QuerySet[GuidingPrinciple]:
    return GuidingPrinciple.objects.order_by("order")


def compact_figures() -> dict[str, int]:
    """Headline counts for the home page. Three queries."""
    return {
        "objective_count": Objective.objects.count(),
        "action_count": Action.objects.count(),
        "principle_count": GuidingPrinciple.objects.count(),
    }


def compact_in_language(
    *,
    language: str,
    objectives: Iterable[Objective] = (),
    actions: Iterable[Action] = (),
    principles: Iterable[GuidingPrinciple] = (),
) -> None:
    """Show the given rows in `language`: the texts of its edition where one is loaded
    (`compact_edition_load`), with `language` set on each row so that the page marks
    the text with its lang; rows it does not translate keep the English. For pages
    only: the rows now hold another language's words, never save them. One query per
    kind given; none for English.
    """
    if language == settings.LANGUAGE_CODE:
        return
    kinds: list[tuple[list[Any], type[Model], str, tuple[str, ...]]] = [
        (list(objectives), ObjectiveTranslation, "objective_id", ("title", "commitment")),
        (list(actions), ActionTranslation, "action_id", ("text",)),
        (list(principles), PrincipleTranslation, "principle_id", ("name", "description")),
    ]
    for rows, model, key, fields in kinds:
        if not rows:
            continue
        texts = {
            getattr(t, key): t
            for t in model._default_manager.filter(
                source__language=language, **{f"{key}__in": [r.pk for r in rows]}
            )
        }
        for row in rows:
            found = texts.get(row.pk)
            if found is None:
                continue
            for field in fields:
                if getattr(found, field):
                    setattr(row, field, getattr(found, field))
            row.language = language
