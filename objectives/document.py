"""Reads of the compact as a document: its paragraphs in order, for /compact/ and the API.

The current text is the edition the objectives cite (the last one loaded); earlier
editions keep their paragraphs beside it. Objectives, actions and principles find their
place in it by natural key (paragraph number, letter, slug), so no link can drift.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from django.db.models import OuterRef, QuerySet, Subquery

from .models import CompactSource, Objective, Paragraph

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class ParagraphAnnotations(TypedDict):
        """What `paragraph_list` adds to each paragraph."""

        objective_number: int | None

    # A paragraph as `paragraph_list` returns it (django-stubs' annotated model type).
    ListedParagraph = WithAnnotations[Paragraph, ParagraphAnnotations]


def current_source() -> CompactSource | None:
    """The edition the objectives come from, or None before the compact is loaded.
    One query."""
    objective = Objective.objects.select_related("source").order_by("number").first()
    return objective.source if objective else None


def paragraph_list(source: CompactSource | None = None) -> QuerySet[ListedParagraph]:
    """The paragraphs and items of `source` (default: the current edition) in the text's
    order, each with `objective_number` (the objective whose commitment it is, or whose
    action; None elsewhere) and `edition`. One query."""
    objective = Objective.objects.filter(
        source=OuterRef("source"), paragraph=OuterRef("number")
    ).values("number")[:1]
    rows = Paragraph.objects.annotate(objective_number=Subquery(objective)).select_related("source")
    if source is None:
        # The current edition, as a subquery: still one query.
        current = Objective.objects.order_by("number").values("source")[:1]
        return rows.filter(source=Subquery(current)).order_by("order")
    return rows.filter(source=source).order_by("order")


@dataclass
class DocumentNode:
    """A paragraph with its items (and theirs), for rendering the text as nested lists."""

    paragraph: Paragraph
    children: list[DocumentNode] = field(default_factory=list)
    new_section: bool = False  # the text's section heading changes here
    new_heading: bool = False  # the heading inside the section changes here


def compact_document() -> list[DocumentNode]:
    """The current edition as a tree of paragraphs → items → sub-items, marking where
    the text's headings change. One query."""
    nodes: list[DocumentNode] = []
    by_item: dict[tuple[int, str], DocumentNode] = {}
    section_heading = heading = None
    for paragraph in paragraph_list():
        node = DocumentNode(paragraph)
        if not paragraph.item:
            node.new_section = paragraph.section_heading != section_heading
            node.new_heading = bool(paragraph.heading) and (
                node.new_section or paragraph.heading != heading
            )
            section_heading, heading = paragraph.section_heading, paragraph.heading
            nodes.append(node)
        elif "." in paragraph.item:
            parent = paragraph.item.split(".")[0]
            by_item[(paragraph.number, parent)].children.append(node)
        else:
            nodes[-1].children.append(node)
            by_item[(paragraph.number, paragraph.item)] = node
    return nodes
