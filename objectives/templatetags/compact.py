"""Links from the compact's rows to their place in the full text (/compact/#para-N)."""

from django import template
from django.urls import reverse

from objectives.models import Action, GuidingPrinciple, Objective, compact_anchor

register = template.Library()


@register.filter
def text_url(row: Objective | Action | GuidingPrinciple) -> str:
    """/compact/#para-16 for objective 1, #para-16-a for 1(a), #para-14-<slug> for a
    principle. No query for an action whose objective is already selected."""
    base = reverse("objectives:compact")
    if isinstance(row, Objective):
        return f"{base}#{compact_anchor(row.paragraph)}"
    if isinstance(row, Action):
        return f"{base}#{compact_anchor(row.objective.paragraph, row.letter)}"
    return f"{base}#{compact_anchor(row.paragraph, row.slug)}"


@register.inclusion_tag("objectives/includes/objective_texts.html")
def objective_texts(objective: Objective) -> dict:
    """What the texts say beside an objective: its SDG links with the sentence making
    each (one query) and the panels other apps register (objectives.panels; the reviews
    app's targets, one query)."""
    from objectives.panels import objective_panels
    from objectives.sdg import sdg_links_for_objective

    return {
        "objective": objective,
        "sdg_links": sdg_links_for_objective(objective),
        "panels": objective_panels(objective),
    }
