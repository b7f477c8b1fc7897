"""Twin-town pairs from the Wikipedia lists (hekman/twincities), resolved to our towns.

Each side's name goes through :class:`~matcher.data.resolve.TownIndex` with the author's
geocoded coordinates as the last resort. Self-pairs (both sides one town) and duplicates
(the same pair listed from both countries' pages) are dropped; unresolved rows are kept
in a separate frame for inspection.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from matcher.data.raw import RawDataError, read_raw_csv, to_number
from matcher.data.resolve import Resolution, TownIndex
from matcher.data.text import country_code

HEKMAN_DIR = "hekman_twincities"
RAW_FILE = "twin_cities_raw.csv"
GEOCODED_FILE = "twin_cities_geocoded.csv"
CACHE_FILE = "geocode_cache.json"
PARTNERSHIP_COLUMNS = [
    "town_a_id",
    "town_b_id",
    "source",
    "raw_a",
    "raw_b",
    "method_a",
    "method_b",
]
UNRESOLVED_COLUMNS = ["city1", "country1", "city2", "country2", "problem"]
GEOCODE_MAX_KM = 10.0

Coords = dict[tuple[str, str], tuple[float, float]]


@dataclass
class PartnershipReport:
    """How well the Wikipedia pairs resolved."""

    pairs: int = 0
    pairs_in_scope: int = 0
    resolved: int = 0
    resolved_in_scope: int = 0
    polish_pairs: int = 0
    polish_resolved: int = 0
    self_pairs: int = 0
    duplicates: int = 0
    kept: int = 0
    external_pairs: int = 0
    external_resolved: int = 0
    methods: Counter[str] = field(default_factory=Counter)
    problems: Counter[str] = field(default_factory=Counter)

    @property
    def share_all(self) -> float:
        """Pairs with both ends resolved, over all pairs."""
        return self.resolved / self.pairs if self.pairs else 0.0

    @property
    def share_in_scope(self) -> float:
        """Pairs with both ends resolved, over pairs whose two countries we cover."""
        return self.resolved_in_scope / self.pairs_in_scope if self.pairs_in_scope else 0.0

    @property
    def share_external(self) -> float:
        """Pairs with both ends resolved, over pairs with an end outside our countries."""
        return self.external_resolved / self.external_pairs if self.external_pairs else 0.0

    @property
    def share_polish(self) -> float:
        """Pairs with a Polish side whose both ends resolved, over pairs with a Polish side."""
        return self.polish_resolved / self.polish_pairs if self.polish_pairs else 0.0


def read_coordinates(raw_dir: Path) -> Coords:
    """(city, country) -> (lat, lng) from the author's geocoded pairs and geocode cache."""
    coords: Coords = {}
    path = raw_dir / HEKMAN_DIR / GEOCODED_FILE
    if path.is_file():
        frame = read_raw_csv(path, ("city1", "country1", "lat1", "lng1", "city2", "country2"))
        for side in ("1", "2"):
            lat = to_number(path, frame, f"lat{side}")
            lng = to_number(path, frame, f"lng{side}")
            for city, country, la, lo in zip(
                frame[f"city{side}"], frame[f"country{side}"], lat, lng, strict=True
            ):
                if not (math.isnan(la) or math.isnan(lo)):
                    coords.setdefault((city, country), (float(la), float(lo)))
    cache_path = raw_dir / HEKMAN_DIR / CACHE_FILE
    if cache_path.is_file():
        try:
            cache = json.loads(cache_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise RawDataError(cache_path, f"invalid JSON ({exc.msg})", exc.lineno) from exc
        for key, value in sorted(cache.items()):
            if isinstance(value, dict) and "," in key and value.get("lat") is not None:
                city, country = (p.strip() for p in key.rsplit(",", 1))
                coords.setdefault((city, country), (float(value["lat"]), float(value["lng"])))
    return coords


def resolve_pairs(
    pairs: pd.DataFrame,
    index: TownIndex,
    coords: Coords | None = None,
    progress: Callable[[int], None] | None = None,
    covered: Collection[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, PartnershipReport]:
    """Resolve each pair's two names; returns (partnerships, unresolved, report).

    ``covered`` are our (European) countries, default every country of ``index``; the index
    may also hold external towns of other countries, which then count as resolved ends.
    """
    coords = coords or {}
    ours = set(index.countries if covered is None else covered)
    report = PartnershipReport()
    cache: dict[tuple[str, str], tuple[Resolution | None, str | None]] = {}

    def side(city: str, country: str) -> tuple[Resolution | None, str | None]:
        key = (city, country)
        if key not in cache:
            cc = country_code(country)
            point = coords.get(key)
            res = None
            if cc is not None:
                lat, lon = point if point else (None, None)
                res = index.resolve(city, cc, lat, lon, max_km=GEOCODE_MAX_KM)
            cache[key] = (res, cc)
        return cache[key]

    kept: dict[tuple[str, str], dict[str, str]] = {}
    unresolved: list[dict[str, str]] = []
    for n, (c1, k1, c2, k2) in enumerate(
        zip(pairs["city1"], pairs["country1"], pairs["city2"], pairs["country2"], strict=True)
    ):
        if progress is not None and n % 500 == 0:
            progress(n)
        report.pairs += 1
        r1, cc1 = side(c1, k1)
        r2, cc2 = side(c2, k2)
        in_scope = cc1 in ours and cc2 in ours
        polish = "PL" in (cc1, cc2)
        report.pairs_in_scope += in_scope
        report.external_pairs += not in_scope
        report.polish_pairs += polish
        if r1 is None or r2 is None:
            problems = []
            for res, cc, city, country in ((r1, cc1, c1, k1), (r2, cc2, c2, k2)):
                if res is None:
                    why = _problem(cc, ours, index.countries)
                    report.problems[why] += 1
                    problems.append(f"{city} ({country}): {why}")
            unresolved.append(
                {
                    "city1": c1,
                    "country1": k1,
                    "city2": c2,
                    "country2": k2,
                    "problem": "; ".join(problems),
                }
            )
            continue
        report.resolved += 1
        report.resolved_in_scope += in_scope
        report.external_resolved += not in_scope
        report.polish_resolved += polish
        report.methods[r1.method] += 1
        report.methods[r2.method] += 1
        if r1.town_id == r2.town_id:
            report.self_pairs += 1
            continue
        first, second = sorted([(r1, c1), (r2, c2)], key=lambda x: x[0].town_id)
        key = (first[0].town_id, second[0].town_id)
        if key in kept:
            report.duplicates += 1
            continue
        kept[key] = {
            "town_a_id": key[0],
            "town_b_id": key[1],
            "source": "wikipedia",
            "raw_a": first[1],
            "raw_b": second[1],
            "method_a": first[0].method,
            "method_b": second[0].method,
        }
    report.kept = len(kept)
    out = pd.DataFrame([kept[k] for k in sorted(kept)], columns=PARTNERSHIP_COLUMNS)
    bad = pd.DataFrame(unresolved, columns=UNRESOLVED_COLUMNS)
    bad = bad.sort_values(UNRESOLVED_COLUMNS[:4]).reset_index(drop=True)
    return out, bad, report


def _problem(cc: str | None, ours: set[str], indexed: set[str]) -> str:
    """Why one end did not resolve."""
    if cc is None:
        return "unknown country"
    if cc in ours:
        return "no match"
    if cc in indexed:
        return "no match (external)"
    return "country not covered"


def build_partnerships(
    raw_dir: Path,
    towns: pd.DataFrame,
    index: TownIndex | None = None,
    covered: Collection[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, PartnershipReport]:
    """Read the raw pairs and resolve them against ``towns`` (or the given ``index``, which
    may also hold external towns; ``covered`` then names our own countries)."""
    path = raw_dir / HEKMAN_DIR / RAW_FILE
    pairs = read_raw_csv(path, ("city1", "country1", "city2", "country2"))
    for column in ("city1", "city2"):
        empty = pairs[column].str.strip() == ""
        if empty.any():
            i = int(empty.to_numpy().nonzero()[0][0])
            raise RawDataError(path, f"empty {column}", i + 2)
    index = index or TownIndex.from_frame(towns)
    return resolve_pairs(pairs, index, read_coordinates(raw_dir), covered=covered)
