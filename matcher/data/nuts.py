"""NUTS 3 regions: Eurostat figures and typology per region, and the region of every town.

Three files of the EUTwinnings prototype (``eurostat_nuts3_eutwinnings/``), all NUTS 2021
level 3 (the geojson's codes equal the 2021 tables' codes, although ``SOURCES.md`` calls
the outlines NUTS 2016):

- ``nuts0123-2021.csv``: names and typology (the geojson's names lost their non-Latin-1
  letters to "?": "Nev?ehir", Bulgarian and Greek names; the CSV has them);
- ``basicdata-2021.tsv``: the figures. Missing values are marked three ways: an empty cell,
  ``-1.0``, and a fill value the source put where a region had no figure (the same
  unrounded number in hundreds of rows, e.g. GDP ``88.16339869281046`` for all of the UK,
  Switzerland and Norway); a figure printed with more than :data:`MAX_DECIMALS` decimals is
  such a fill. ``pop1`` repeats ``womenratio`` (a bug of the source) and is not read;
- ``nuts3.geojson``: the outlines, for the point-in-polygon test.

A town gets the region whose outline contains its point, among the regions of its own
country (a point near a border can fall into the neighbour's generalised outline). A point
just outside every outline of its country (coasts, small islands: the outlines are
generalised) gets the nearest region of its country when that is at most :data:`MAX_KM`
away. Polish gminas take the NUTS 3 code of their own LAU record (exact, by TERYT) instead.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely import STRtree

from matcher.data.raw import RawDataError, read_raw_csv

NUTS_DIR = "eurostat_nuts3_eutwinnings"
NAMES_FILE = "nuts0123-2021.csv"
FIGURES_FILE = "basicdata-2021.tsv"
OUTLINES_FILE = "nuts3.geojson"
EDITION = "2021"
SOURCE = "eurostat_nuts3"
MAX_KM = 30.0
"""Farthest a town may lie outside its country's nearest NUTS 3 outline and still get it."""
MAX_DECIMALS = 2
"""The figures have at most two decimals; a longer number is the source's fill value."""
KM_PER_DEGREE_LAT = 110.57
KM_PER_DEGREE_LON_EQUATOR = 111.32
NUTS_TO_ISO = {"EL": "GR", "UK": "GB"}
TYPOLOGY = ("MOUNT_TYPE", "URBN_TYPE", "COAST_TYPE")

REGION_COLUMNS = [
    "code",
    "country_code",
    "name",
    "name_latn",
    "mountain",
    "urban_rural",
    "coastal",
    "population",
    "population_change",
    "density",
    "fertility",
    "gdp_index",
    "edition",
    "source",
]
# figure column -> (source column, whole number?)
FIGURES: dict[str, tuple[str, bool]] = {
    "population": ("pop3", True),
    "population_change": ("popchange", True),
    "density": ("density", False),
    "fertility": ("fertility", False),
    "gdp_index": ("gdppps", False),
}


@dataclass
class NutsReport:
    """Missing figures per column and how the towns were placed."""

    regions: int = 0
    missing: dict[str, dict[str, int]] = field(default_factory=dict)
    """figure -> {"empty": n, "-1.0": n, "fill": n}"""
    fills: dict[str, str] = field(default_factory=dict)
    placed: pd.DataFrame | None = None
    """Per town: id, country_code, nuts3, method, km (distance outside; 0 inside)."""
    lau_agreement: dict[str, tuple[int, int]] = field(default_factory=dict)
    """country -> (towns whose LAU record names a NUTS 3, of which the same as the outline)."""
    cross_border: int = 0
    too_far: list[tuple[str, str, str, float]] = field(default_factory=list)
    strays: dict[str, float] = field(default_factory=dict)
    """Gminas whose seat point lay far outside their own region (moved to the powiat centre)."""


def _iso(code: str) -> str:
    return NUTS_TO_ISO.get(code, code)


def read_regions(raw_dir: Path, report: NutsReport | None = None) -> pd.DataFrame:
    """The level-3 regions with names, typology and figures (:data:`REGION_COLUMNS`)."""
    report = report if report is not None else NutsReport()
    folder = raw_dir / NUTS_DIR
    names = read_raw_csv(
        folder / NAMES_FILE,
        ["NUTS_ID", "LEVL_CODE", "CNTR_CODE", "NAME_LATN", "NUTS_NAME", *TYPOLOGY],
        sep=";",
    )
    names = names[names["LEVL_CODE"] == "3"].set_index("NUTS_ID")
    figures = read_raw_csv(
        folder / FIGURES_FILE, ["code", "level", *(c for c, _ in FIGURES.values())], sep="|"
    )
    figures = figures[figures["level"] == "3"].set_index("code")
    missing_names = sorted(set(figures.index) - set(names.index))
    if missing_names:
        raise RawDataError(folder / NAMES_FILE, f"no name for region {missing_names[0]}")
    out = pd.DataFrame(
        {
            "code": names.index,
            "country_code": names["CNTR_CODE"].map(_iso).to_numpy(),
            "name": names["NUTS_NAME"].str.strip().to_numpy(),
            "name_latn": names["NAME_LATN"].str.strip().to_numpy(),
            "mountain": _typology(names["MOUNT_TYPE"], {1, 2, 3, 4}),
            "urban_rural": _typology(names["URBN_TYPE"], {1, 2, 3}),
            "coastal": _typology(names["COAST_TYPE"], {1, 2, 3}),
        }
    )
    rows = figures.reindex(out["code"])
    for column, (source, whole) in FIGURES.items():
        values, counts, fill = _figure(rows[source])
        values = values.reset_index(drop=True)
        out[column] = values.round().astype("Int64") if whole else values
        report.missing[column] = counts
        if fill:
            report.fills[column] = fill
    out["edition"] = EDITION
    out["source"] = SOURCE
    report.regions = len(out)
    return out[REGION_COLUMNS].sort_values("code").reset_index(drop=True)


def read_names(raw_dir: Path) -> dict[str, list[str]]:
    """Every NUTS 2021 code (levels 0-3) with its national and Latin-script names."""
    frame = read_raw_csv(
        raw_dir / NUTS_DIR / NAMES_FILE, ["NUTS_ID", "NAME_LATN", "NUTS_NAME"], sep=";"
    )
    return {
        str(code): sorted({str(a).strip(), str(b).strip()} - {""})
        for code, a, b in zip(frame["NUTS_ID"], frame["NUTS_NAME"], frame["NAME_LATN"], strict=True)
    }


def _typology(codes: pd.Series, allowed: set[int]) -> np.ndarray:
    values = pd.to_numeric(codes, errors="coerce").astype("Int64")
    return values.where(values.isin(allowed)).to_numpy()


def _figure(text: pd.Series) -> tuple[pd.Series, dict[str, int], str]:
    """Numbers with the three missing markers removed, the counts, and the fill value seen."""
    text = text.fillna("").astype(str).str.strip()
    empty = text == ""
    minus_one = text.isin(["-1", "-1.0"])
    decimals = text.str.extract(r"\.(\d+)$")[0].fillna("").str.len()
    fill = decimals > MAX_DECIMALS
    values = pd.to_numeric(text.where(~(empty | minus_one | fill)), errors="coerce")
    counts = {"empty": int(empty.sum()), "-1.0": int(minus_one.sum()), "fill": int(fill.sum())}
    fill_values = sorted(set(text[fill]))
    return values.astype(float), counts, ", ".join(fill_values)


@dataclass(frozen=True)
class Outlines:
    """NUTS 3 outlines: codes, ISO country codes and geometries, aligned."""

    codes: np.ndarray
    countries: np.ndarray
    shapes: np.ndarray

    def tree(self) -> STRtree:
        return STRtree(self.shapes)


def read_outlines(raw_dir: Path) -> Outlines:
    path = raw_dir / NUTS_DIR / OUTLINES_FILE
    if not path.is_file():
        raise RawDataError(path, "file not found")
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        codes = [str(f["properties"]["NUTS_ID"]) for f in features]
        countries = [_iso(str(f["properties"]["CNTR_CODE"])) for f in features]
        shapes = [shapely.geometry.shape(f["geometry"]) for f in features]
    except (KeyError, TypeError, ValueError, shapely.errors.GEOSException) as exc:
        raise RawDataError(path, f"cannot read the outlines ({exc})") from exc
    order = np.argsort(codes, kind="stable")
    return Outlines(
        np.array(codes, dtype=object)[order],
        np.array(countries, dtype=object)[order],
        np.array(shapes, dtype=object)[order],
    )


def km_outside(shape: shapely.Geometry, lon: float, lat: float) -> float:
    """Distance in km from (lon, lat) to ``shape`` (0 inside), on a plane tangent at the point
    (accurate to a fraction of a percent at the distances that matter here)."""
    scale = np.array([KM_PER_DEGREE_LON_EQUATOR * math.cos(math.radians(lat)), KM_PER_DEGREE_LAT])
    local = shapely.transform(shape, lambda xy: (xy - np.array([lon, lat])) * scale)
    return float(shapely.distance(local, shapely.Point(0.0, 0.0)))


def _nearest(
    tree: STRtree,
    members: np.ndarray,
    shapes: np.ndarray,
    lon: float,
    lat: float,
    max_km: float,
) -> tuple[int, float]:
    """The outline (index into ``shapes``) nearest to the point among ``members`` (whose
    tree is ``tree``) and its distance in km. Candidates come from a window of ``max_km``
    around the point; with none in it, the nearest in degrees gives the distance reported."""
    point = shapely.Point(lon, lat)
    window = max_km / (KM_PER_DEGREE_LON_EQUATOR * max(math.cos(math.radians(lat)), 0.05))
    near = tree.query(point, predicate="dwithin", distance=window)
    if len(near) == 0:
        near = tree.query_nearest(point)
    dists = [km_outside(shapes[members[k]], lon, lat) for k in near]
    best = int(np.argmin(dists))
    return int(members[near[best]]), dists[best]


def place_towns(
    towns: pd.DataFrame,
    outlines: Outlines,
    *,
    max_km: float = MAX_KM,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[pd.DataFrame, int]:
    """The NUTS 3 region of each town with coordinates (``id``, ``country_code``,
    ``latitude``, ``longitude``): columns id, nuts3, method ('within' / 'nearest' / ''),
    km; and how many points fell into another country's outline."""
    lon = towns["longitude"].to_numpy(dtype=float)
    lat = towns["latitude"].to_numpy(dtype=float)
    country = towns["country_code"].astype(str).to_numpy()
    has_point = ~(np.isnan(lon) | np.isnan(lat))
    points = shapely.points(np.where(has_point, lon, 0.0), np.where(has_point, lat, 0.0))
    point_idx, shape_idx = outlines.tree().query(points, predicate="intersects")
    keep = has_point[point_idx]
    point_idx, shape_idx = point_idx[keep], shape_idx[keep]
    same = country[point_idx] == outlines.countries[shape_idx]
    cross_border = len(np.setdiff1d(point_idx[~same], point_idx[same]))
    nuts3 = np.full(len(towns), "", dtype=object)
    method = np.full(len(towns), "", dtype=object)
    km = np.full(len(towns), np.nan)
    # A point on a shared border touches two outlines: the lower code wins (stable order).
    for i, j in sorted(zip(point_idx[same], shape_idx[same], strict=True), reverse=True):
        nuts3[i], method[i], km[i] = outlines.codes[j], "within", 0.0
    trees = {
        str(c): (np.flatnonzero(outlines.countries == c), None)
        for c in np.unique(outlines.countries)
    }
    outside = [
        i for i in range(len(towns)) if has_point[i] and not nuts3[i] and country[i] in trees
    ]
    for n, i in enumerate(outside):
        members, tree = trees[country[i]]
        if tree is None:
            tree = STRtree(outlines.shapes[members])
            trees[country[i]] = (members, tree)
        j, km[i] = _nearest(tree, members, outlines.shapes, lon[i], lat[i], max_km)
        if km[i] <= max_km:
            nuts3[i], method[i] = outlines.codes[j], "nearest"
        if progress is not None:
            progress(n + 1, len(outside))
    placed = pd.DataFrame(
        {"id": towns["id"].to_numpy(), "nuts3": nuts3, "method": method, "km": km}
    )
    return placed, cross_border


def stray_gminas(
    towns: pd.DataFrame, outlines: Outlines, max_km: float = MAX_KM
) -> dict[str, float]:
    """Gminas whose point lies more than ``max_km`` outside their own NUTS 3 region (known
    exactly from their LAU record): the GeoNames place taken for their seat is a namesake
    elsewhere (Zawady of Podlaskie was put 340 km away, in Silesia). Id -> km outside."""
    by_code = {str(c): outlines.shapes[i] for i, c in enumerate(outlines.codes)}
    out: dict[str, float] = {}
    gminas = towns[(towns["kind"] == "gmina") & towns["nuts3"].notna() & towns["latitude"].notna()]
    for town_id, code, lon, lat in zip(
        gminas["id"], gminas["nuts3"], gminas["longitude"], gminas["latitude"], strict=True
    ):
        shape = by_code.get(str(code))
        if shape is None:
            continue
        km = km_outside(shape, float(lon), float(lat))
        if km > max_km:
            out[str(town_id)] = km
    return out


def assign_nuts3(
    towns: pd.DataFrame,
    raw_dir: Path,
    regions: pd.DataFrame,
    report: NutsReport,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """``towns`` with ``nuts3`` and ``nuts3_method`` set: the gmina's LAU code for Polish
    gminas whose LAU code is a 2021 region, the outline test for every other town."""
    outlines = read_outlines(raw_dir)
    placed, report.cross_border = place_towns(towns, outlines, progress=progress)
    known_codes = set(regions["code"])
    own = towns.assign(nuts3=towns["nuts3"].where(towns["nuts3"].isin(known_codes)))
    report.strays = stray_gminas(own, outlines)
    placed = placed.set_index("id")
    known = set(regions["code"])
    lau = towns["nuts3"].where(towns["nuts3"].isin(known))
    gmina = (towns["kind"] == "gmina") & lau.notna()
    by_outline = placed.reindex(towns["id"])
    out = towns.copy()
    out["nuts3"] = np.where(gmina, lau, by_outline["nuts3"].replace("", None).to_numpy())
    out["nuts3_method"] = np.where(gmina, "lau", by_outline["method"].replace("", None).to_numpy())
    # How the outline test agrees with the LAU table's NUTS 3, where both give a 2021 code.
    both = towns["nuts3"].isin(known).to_numpy() & (by_outline["nuts3"] != "").to_numpy()
    same = towns["nuts3"].to_numpy() == by_outline["nuts3"].to_numpy()
    for cc in sorted(set(towns.loc[both, "country_code"])):
        mask = both & (towns["country_code"] == cc).to_numpy()
        report.lau_agreement[cc] = (int(mask.sum()), int((mask & same).sum()))
    far = by_outline["km"].to_numpy() > MAX_KM
    report.too_far = [
        (str(i), str(n), str(c), float(k))
        for i, n, c, k in zip(
            towns.loc[far, "id"],
            towns.loc[far, "name"],
            towns.loc[far, "country_code"],
            by_outline.loc[far, "km"] if far.any() else [],
            strict=True,
        )
    ]
    placed_all = out[["id", "country_code", "nuts3", "nuts3_method"]].copy()
    placed_all["km"] = by_outline["km"].to_numpy()
    report.placed = placed_all
    return out
