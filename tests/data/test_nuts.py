"""NUTS 3: figures with their missing markers, and the region of every town (point in
polygon against an independent ray-casting oracle; nearest region within the bound)."""

from __future__ import annotations

import math
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from matcher.data.nuts import (
    MAX_KM,
    NutsReport,
    Outlines,
    assign_nuts3,
    km_outside,
    place_towns,
    read_regions,
)

KM_PER_DEG_LAT = 110.57


# --- an independent oracle -------------------------------------------------------------------


def ray_casting_inside(x: float, y: float, ring: list[tuple[float, float]]) -> bool:
    """Even-odd rule: a horizontal ray from (x, y) crosses the ring's edges an odd number of
    times when the point is inside."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y):
            cross = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < cross:
                inside = not inside
    return inside


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def star(cx: float, cy: float, rng: random.Random, n: int = 9) -> list[tuple[float, float]]:
    """A random simple polygon (non-convex) around (cx, cy): vertices at random radii,
    ordered by angle."""
    angles = sorted(rng.uniform(0, 2 * math.pi) for _ in range(n))
    return [
        (cx + r * math.cos(a), cy + r * math.sin(a) * 0.7)
        for a, r in ((a, rng.uniform(0.15, 0.6)) for a in angles)
    ]


def outlines(shapes: dict[str, tuple[str, list[tuple[float, float]]]]) -> Outlines:
    codes = sorted(shapes)
    return Outlines(
        np.array(codes, dtype=object),
        np.array([shapes[c][0] for c in codes], dtype=object),
        np.array([shapely.Polygon(shapes[c][1]) for c in codes], dtype=object),
    )


def towns(points: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(points, columns=["id", "country_code", "longitude", "latitude"])


# --- point in polygon ------------------------------------------------------------------------


def test_point_in_polygon_agrees_with_ray_casting() -> None:
    rng = random.Random(7)
    centres = [(10 + 2 * i, 50 + (i % 3) * 2) for i in range(8)]
    rings = {f"XX{i:03d}": ("XX", star(x, y, rng)) for i, (x, y) in enumerate(centres)}
    shapes = outlines(rings)
    points = []
    for k in range(2_000):
        x, y = rng.choice(centres)
        points.append((f"p{k}", "XX", x + rng.uniform(-0.7, 0.7), y + rng.uniform(-0.5, 0.5)))
    placed, _ = place_towns(towns(points), shapes, max_km=0.0)
    by_id = placed.set_index("id")
    inside_count = 0
    for pid, _, x, y in points:
        expected = [code for code, (_, ring) in rings.items() if ray_casting_inside(x, y, ring)]
        got = by_id.at[pid, "nuts3"]
        if expected:
            inside_count += 1
            assert got == expected[0] and by_id.at[pid, "method"] == "within", pid
        else:
            assert got == "" and by_id.at[pid, "method"] == "", pid
    assert 200 < inside_count < 1_800  # the test saw both cases


def test_only_the_towns_own_country_counts() -> None:
    # Two neighbours' outlines overlap (generalised borders); a DE town in the overlap is
    # DE's, a PL town there PL's, and a DE town only inside PL's outline goes to DE's nearest.
    shapes = outlines(
        {
            "DE001": ("DE", [(14.0, 51.0), (15.0, 51.0), (15.0, 52.0), (14.0, 52.0)]),
            "PL001": ("PL", [(14.9, 51.0), (16.0, 51.0), (16.0, 52.0), (14.9, 52.0)]),
        }
    )
    placed, cross = place_towns(
        towns(
            [
                ("de", "DE", 14.95, 51.5),
                ("pl", "PL", 14.95, 51.5),
                ("de-east", "DE", 15.05, 51.5),
            ]
        ),
        shapes,
    )
    got = dict(zip(placed["id"], zip(placed["nuts3"], placed["method"], strict=True), strict=True))
    assert got == {
        "de": ("DE001", "within"),
        "pl": ("PL001", "within"),
        "de-east": ("DE001", "nearest"),
    }
    assert cross == 1


# --- nearest region and the distance bound ---------------------------------------------------


def _square_and_point(km_east: float, lat: float = 52.0) -> tuple[Outlines, pd.DataFrame]:
    shapes = outlines(
        {
            "XX001": (
                "XX",
                [(10.0, lat - 0.5), (11.0, lat - 0.5), (11.0, lat + 0.5), (10.0, lat + 0.5)],
            )
        }
    )
    dlon = km_east / (111.32 * math.cos(math.radians(lat)))
    return shapes, towns([("t", "XX", 11.0 + dlon, lat)])


def test_km_outside_agrees_with_haversine() -> None:
    for km in (0.5, 5.0, 25.0, 80.0):
        for lat in (37.0, 52.0, 69.0):
            shapes, point = _square_and_point(km, lat)
            lon = float(point["longitude"].iloc[0])
            ours = km_outside(shapes.shapes[0], lon, lat)
            assert ours == pytest.approx(haversine_km(lon, lat, 11.0, lat), rel=0.01)


def test_nearest_region_within_the_bound() -> None:
    shapes, point = _square_and_point(MAX_KM - 1)
    placed, _ = place_towns(point, shapes)
    assert (placed["nuts3"].item(), placed["method"].item()) == ("XX001", "nearest")
    assert placed["km"].item() == pytest.approx(MAX_KM - 1, rel=0.01)


def test_no_region_beyond_the_bound() -> None:
    shapes, point = _square_and_point(MAX_KM + 1)
    placed, _ = place_towns(point, shapes)
    assert (placed["nuts3"].item(), placed["method"].item()) == ("", "")
    assert placed["km"].item() == pytest.approx(MAX_KM + 1, rel=0.01)


def test_no_region_in_a_country_without_outlines_or_without_a_point() -> None:
    shapes, _ = _square_and_point(1)
    placed, _ = place_towns(
        towns([("ua", "UA", 11.01, 52.0), ("none", "XX", float("nan"), float("nan"))]), shapes
    )
    assert list(placed["nuts3"]) == ["", ""]


# --- the figures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def regions(raw_dir: Path) -> tuple[pd.DataFrame, NutsReport]:
    report = NutsReport()
    return read_regions(raw_dir, report), report


def test_missing_markers_are_missing(regions: tuple[pd.DataFrame, NutsReport]) -> None:
    frame, report = regions
    by_code = frame.set_index("code")
    assert pd.isna(by_code.at["DE731", "population_change"])  # -1.0
    assert pd.isna(by_code.at["DED2D", "density"]) and pd.isna(by_code.at["DED2D", "population"])
    assert pd.isna(by_code.at["CZ010", "gdp_index"])  # 88.16339869281046, the source's fill
    assert by_code.at["CZ010", "population"] == 1_308_632
    assert by_code.at["PL911", "gdp_index"] == 123.0
    assert report.missing["population_change"] == {"empty": 1, "-1.0": 1, "fill": 0}
    assert report.missing["gdp_index"] == {"empty": 0, "-1.0": 0, "fill": 1}
    assert report.fills == {"gdp_index": "88.16339869281046"}


def test_pop1_and_womenratio_are_not_read(regions: tuple[pd.DataFrame, NutsReport]) -> None:
    frame, _ = regions
    assert not {"pop1", "womenratio"} & set(frame.columns)
    assert "population" in frame.columns


def test_names_from_the_table_not_the_damaged_geojson(
    regions: tuple[pd.DataFrame, NutsReport],
) -> None:
    frame, _ = regions
    names = dict(zip(frame["code"], frame["name"], strict=True))
    assert names["PL517"] == "Jeleniogórski" and names["DED2D"] == "Görlitz"
    assert not frame["name"].str.contains("?", regex=False).any()


def test_typology(regions: tuple[pd.DataFrame, NutsReport]) -> None:
    frame, _ = regions
    row = frame.set_index("code").loc["DED2D"]
    assert (row["mountain"], row["urban_rural"], row["coastal"]) == (2, 3, 3)


# --- every town ------------------------------------------------------------------------------


def test_towns_get_their_region(
    raw_dir: Path, fixture_towns: pd.DataFrame, regions: tuple[pd.DataFrame, NutsReport]
) -> None:
    frame, _ = regions
    report = NutsReport()
    placed = assign_nuts3(fixture_towns, raw_dir, frame, report).set_index("id")

    def got(town_id: str) -> tuple[object, object]:
        return placed.at[town_id, "nuts3"], placed.at[town_id, "nuts3_method"]

    # Gminas: their LAU record's code, even when the seat's point says otherwise.
    assert got("PL-0201011") == ("PL517", "lau") and got("PL-1465011") == ("PL911", "lau")
    assert got("GN-2867714") == ("DE212", "within")  # Munich
    assert got("GN-2925533") == ("DE712", "nearest")  # Frankfurt am Main, 2 km outside
    # Görlitz lies in the Polish outline, 3 km outside its own: the nearest German region.
    assert got("GN-2921232") == ("DED2D", "nearest")
    assert report.cross_border == 1
    assert pd.isna(placed.at["GN-2892518", "nuts3"])  # Kassel, 35 km from its outline
    assert [(t, round(km)) for t, _, _, km in report.too_far] == [("GN-2892518", 35)]
    # The LAU table (matched by name: Görlitz only) names DED2D for Görlitz as well.
    assert report.lau_agreement["DE"] == (1, 1)
    assert report.lau_agreement["PL"] == (6, 6)


def test_a_gmina_seat_far_outside_its_own_region_is_moved_to_its_powiat() -> None:
    from matcher.data.nuts import stray_gminas
    from matcher.data.towns import to_powiat_centre

    shapes = outlines({"PL841": ("PL", [(22.5, 52.8), (23.5, 52.8), (23.5, 53.5), (22.5, 53.5)])})
    frame = pd.DataFrame(
        {
            "id": ["PL-2002011", "PL-2002022", "PL-2002152"],
            "kind": "gmina",
            "teryt": ["2002011", "2002022", "2002152"],
            "nuts3": "PL841",
            "latitude": [53.0, 53.2, 51.02],  # Zawady's namesake in Silesia
            "longitude": [23.0, 23.2, 18.92],
            "geonameid": pd.array([1, 2, 3], dtype="Int64"),
            "alt_names": ["", "", "Zawady"],
            "sources": "gus,geonames,lau",
        }
    )
    strays = stray_gminas(frame, shapes)
    assert list(strays) == ["PL-2002152"] and strays["PL-2002152"] > 300
    moved = to_powiat_centre(frame, strays).set_index("id").loc["PL-2002152"]
    assert (moved["latitude"], moved["longitude"]) == (53.1, 23.1)
    assert moved["sources"] == "gus,geonames_powiat_centre,lau"
    assert pd.isna(moved["geonameid"]) and moved["alt_names"] == ""
