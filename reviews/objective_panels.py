"""What reviews adds to an objective's page (objectives.panels): the targets the
Progress Declaration sets for it, linked to their pages."""

from __future__ import annotations

from typing import Any

from objectives.models import Objective
from objectives.panels import register_objective_panel

from .texts import targets_of_objective


def targets_panel(objective: Objective) -> dict[str, Any] | None:
    """The objective's targets, or None. One query."""
    targets = targets_of_objective(objective.pk)
    if not targets:
        return None
    return {"template": "reviews/includes/objective_targets.html", "targets": targets}


def register_panels() -> None:
    register_objective_panel("reviews.targets", targets_panel)
