"""Build fixtures/world/world-110m.json, the outlines of the world map, from world-atlas.

Run once when the boundary data changes (not at run time, not in `make run`):

    npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    python scripts/build_world_map.py package/countries-110m.json

world-atlas (ISC licence, Mike Bostock) packages Natural Earth's 1:110m Admin 0 countries
(public domain). This script decodes its TopoJSON, projects it with the Equal Earth
projection (an equal-area projection: a State's area on the map is its area on Earth)
and writes one SVG path per ISO 3166-1 alpha-3 code, rounded to a tenth of a unit. The
web app only reads the result (core/world_map.py).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from django_countries import countries

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "world" / "world-110m.json"
WIDTH = 960.0

# Equal Earth (Šavrič, Patterson, Jenny 2018).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON's delta-encoded, quantised arcs as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text())
    arcs = decode_arcs(topology)
    # The projection's extent: the whole globe's outline.
    max_x = equal_earth(180, 0)[0]
    max_y = equal_earth(0, 90)[1]
    scale = WIDTH / (2 * max_x)
    height = 2 * max_y * scale
    paths: dict[str, str] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = countries.alpha3(int(geometry["id"])) if geometry.get("id") else None
        if not code:
            continue  # Kosovo, Northern Cyprus, Somaliland: no ISO 3166 number
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        parts = []
        for polygon in polygons:
            for indexes in polygon:
                points = [equal_earth(lon, lat) for lon, lat in ring(arcs, indexes)]
                xy = [
                    (round((x + max_x) * scale, 1), round((max_y - y) * scale, 1))
                    for x, y in points
                ]
                parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in xy) + "Z")
        paths[code] = "".join(parts)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "source": "world-atlas 2.0.2 countries-110m (Natural Earth 1:110m, public domain)",
                "projection": "Equal Earth",
                "width": WIDTH,
                "height": round(height, 1),
                "paths": dict(sorted(paths.items())),
            },
            separators=(",", ":"),
        )
        + "\n"
    )
    print(f"{len(paths)} countries written to {OUT}")


if __name__ == "__main__":
    import django
    from django.conf import settings

    settings.configure()
    django.setup()
    main(sys.argv[1])
