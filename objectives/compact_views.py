"""The compact's whole text as a page: /compact/."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from .document import compact_document, current_source


@require_safe
def compact_text(request):
    """Every paragraph and item of the current edition with `#para-N` anchors, each
    objective, action and principle linked to its own page. Two queries: the source,
    the paragraphs."""
    context = {"source": current_source(), "document": compact_document()}
    return render(request, "objectives/compact_text.html", context)
