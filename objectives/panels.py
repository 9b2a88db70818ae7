"""What other apps add to an objective's page, without objectives importing them.

An app registers a panel from its AppConfig.ready(): a callable taking the objective and
returning the context of its template (with a "template" entry), or None when it has
nothing to show. The reviews app registers the targets the Progress Declaration sets
(objective 20's remittance target); the page iterates what is registered
(the `objective_texts` tag in templatetags/compact.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .models import Objective

Panel = Callable[[Objective], dict[str, Any] | None]
_PANELS: dict[str, Panel] = {}


def register_objective_panel(name: str, panel: Panel) -> None:
    """Register (or replace, on a second ready()) the panel `name`."""
    _PANELS[name] = panel


def objective_panels(objective: Objective) -> list[dict[str, Any]]:
    """The registered panels' contexts for `objective`, in registration order."""
    return [context for panel in _PANELS.values() if (context := panel(objective))]
