"""The world map of the countries page and the dashboard: a choropleth of published
pledges per Member State, drawn on the server as SVG (no script, no tiles, nothing
fetched from elsewhere). Here in core because both reviews (/countries/) and pledges
(/dashboard/) draw it, and pledges may not import reviews (ARCHITECTURE.md); the
template is gcm_tracker/templates/includes/world_map.html.

The outlines are fixtures/world/world-110m.json, built once from Natural Earth through
world-atlas by scripts/build_world_map.py. States too small for the 1:110m scale (most
small island States) have no outline; the page's table lists every State with the same
numbers, so the map is never the only way to read them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings

MAP_PATH = settings.BASE_DIR / "fixtures" / "world" / "world-110m.json"

# Upper bounds of the classes (pledges); the last class is "more". Five steps of one hue,
# light to dark, each also told apart by its legend label and the link's name.
CLASS_BOUNDS = (0, 1, 4, 9, 24)


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str
    count: int
    level: int  # 0 … len(CLASS_BOUNDS): the colour class
    reviews: int


@lru_cache(maxsize=1)
def _outlines() -> dict[str, Any]:
    return json.loads(MAP_PATH.read_text(encoding="utf-8"))


def level_of(count: int) -> int:
    """The colour class of `count` pledges: 0 for none, then one step per bound."""
    for level, bound in enumerate(CLASS_BOUNDS):
        if count <= bound:
            return level
    return len(CLASS_BOUNDS)


def legend() -> list[tuple[int, int, int | None]]:
    """(level, from, to) for each class; `to` None for the last, open-ended one."""
    rows: list[tuple[int, int, int | None]] = [(0, 0, 0)]
    for level in range(1, len(CLASS_BOUNDS)):
        rows.append((level, CLASS_BOUNDS[level - 1] + 1, CLASS_BOUNDS[level]))
    rows.append((len(CLASS_BOUNDS), CLASS_BOUNDS[-1] + 1, None))
    return rows


def world_map(states: list[Any]) -> dict[str, Any]:
    """The map of `states` (Actors with `code`, `name`, `pledge_count`, `review_count`):
    its size, one shape per State that has an outline, and the legend."""
    outlines = _outlines()
    paths = outlines["paths"]
    shapes = [
        Shape(
            code=state.code,
            name=state.name,
            path=paths[state.code],
            count=getattr(state, "pledge_count", 0) or 0,
            level=level_of(getattr(state, "pledge_count", 0) or 0),
            reviews=getattr(state, "review_count", 0) or 0,
        )
        for state in states
        if state.code in paths
    ]
    return {
        "width": outlines["width"],
        "height": outlines["height"],
        "shapes": shapes,
        "legend": legend(),
        "unmapped": len(states) - len(shapes),
    }
