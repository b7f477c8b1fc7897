"""Resolve a free-text town name plus country (and optional coordinates) to one of our towns.

Every loader that meets names (Wikipedia twin-town lists, network memberships, Interreg
partners) goes through :class:`TownIndex`, so the rules live in one place. Rules, in order:

1. ``exact``: the name equals a town name in that country.
2. ``folded``: equal after :func:`fold` (diacritics, transliteration, punctuation).
3. ``alt_name``: equal to a GeoNames alternate name (exonyms: "Warsaw", "Breslau").
4. ``qualifier``: after dropping "(rural gmina)", "Gmina ", ", Poland", "(Saxony)" and such.
5. ``district``: "Mokotów (Warsaw)", "Nowa Huta, Kraków" -> the city.
6. ``county_seat``: "Gniezno County", "Powiat X", "Landkreis X" -> the seat town.
7. ``geocode``: the nearest town of the same country within ``max_km`` of the given point.

Several candidates under one rule: the one within ``max_km`` of the given point if any,
else the most populous, ties by id.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from matcher.data.text import country_code, fold

__all__ = ["Resolution", "TownIndex", "country_code", "fold"]


@dataclass(frozen=True)
class Resolution:
    """Which town a name resolved to, and by which rule."""

    town_id: str
    method: str


_PAREN = re.compile(r"^(?P<head>.*?)\s*\((?P<inner>[^)]*)\)\s*$")
_QUALIFIER_WORDS = {
    "rural gmina",
    "urban gmina",
    "gmina",
    "rural commune",
    "urban commune",
    "commune",
    "municipality",
    "town",
    "city",
    "village",
    "county",
    "district",
    "poland",
    "urban rural gmina",
    "gmina wiejska",
    "gmina miejska",
    "gmina miejsko wiejska",
}
_RURAL_HINTS = ("rural gmina", "gmina wiejska", "rural commune", "gmina", "commune")
_PREFIXES = (
    "gmina miejsko wiejska ",
    "gmina miejska ",
    "gmina wiejska ",
    "gmina ",
    "miasto ",
    "city of ",
    "town of ",
    "municipality of ",
    "commune of ",
    "stadt ",
    "gemeinde ",
    "markt ",
    "ville de ",
)
_COUNTY_PATTERNS = (
    re.compile(
        r"^(?P<x>.+?) (county|district|powiat|land county|rural district|municipality"
        r"|district municipality|rural municipality|parish|borough|region|commune)$"
    ),
    re.compile(r"^(powiat|landkreis|kreis|county|district of|county of) (?P<x>.+)$"),
)
_EARTH_KM = 6371.0


@dataclass
class _CountryTowns:
    ids: list[str] = field(default_factory=list)
    lat: np.ndarray = field(default_factory=lambda: np.zeros(0))
    lon: np.ndarray = field(default_factory=lambda: np.zeros(0))


def _haversine_km(lat1: float, lon1: float, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    p1, p2 = math.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(lon2) - math.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * _EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _is_number(x: object) -> bool:
    return x is not None and isinstance(x, (int, float)) and not math.isnan(float(x))


class TownIndex:
    """Lookup tables over the towns frame (columns as the ``Town`` model)."""

    def __init__(self) -> None:
        self._exact: dict[tuple[str, str], list[str]] = defaultdict(list)
        self._folded: dict[tuple[str, str], list[str]] = defaultdict(list)
        self._alt: dict[tuple[str, str], list[str]] = defaultdict(list)
        self._pop: dict[str, int] = {}
        self._coord: dict[str, tuple[float, float]] = {}
        self._gmina_type: dict[str, str] = {}
        self._geo: dict[str, _CountryTowns] = {}
        self.countries: set[str] = set()

    @classmethod
    def from_frame(cls, towns: pd.DataFrame) -> TownIndex:
        """Build the index from a frame with at least id, name, country_code; optional
        name_ascii, alt_names, latitude, longitude, population, gmina_type."""
        index = cls()
        n = len(towns)
        col = towns.get
        ids = towns["id"].astype(str).tolist()
        names = towns["name"].astype(str).tolist()
        ccs = towns["country_code"].astype(str).tolist()
        ascii_ = col("name_ascii", pd.Series([None] * n)).tolist()
        alts = col("alt_names", pd.Series([""] * n)).fillna("").astype(str).tolist()
        lats = pd.to_numeric(col("latitude", pd.Series([np.nan] * n)), errors="coerce").tolist()
        lons = pd.to_numeric(col("longitude", pd.Series([np.nan] * n)), errors="coerce").tolist()
        pops = pd.to_numeric(col("population", pd.Series([0] * n)), errors="coerce").fillna(0)
        gtypes = col("gmina_type", pd.Series([None] * n)).tolist()
        by_country: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
        for i in range(n):
            tid, cc = ids[i], ccs[i]
            index.countries.add(cc)
            index._pop[tid] = int(pops.iloc[i])
            if isinstance(gtypes[i], str):
                index._gmina_type[tid] = gtypes[i]
            index._exact[(cc, names[i])].append(tid)
            key = ascii_[i] if isinstance(ascii_[i], str) and ascii_[i] else fold(names[i])
            index._folded[(cc, key)].append(tid)
            if key != fold(names[i]):
                index._folded[(cc, fold(names[i]))].append(tid)
            for alt in alts[i].split("|"):
                akey = fold(alt)
                if akey and akey != key:
                    index._alt[(cc, akey)].append(tid)
            if _is_number(lats[i]) and _is_number(lons[i]):
                index._coord[tid] = (float(lats[i]), float(lons[i]))
                by_country[cc].append((tid, float(lats[i]), float(lons[i])))
        for cc, rows in by_country.items():
            index._geo[cc] = _CountryTowns(
                ids=[r[0] for r in rows],
                lat=np.array([r[1] for r in rows]),
                lon=np.array([r[2] for r in rows]),
            )
        return index

    # --- public ---------------------------------------------------------------------------

    def resolve(
        self,
        name: str,
        country_code: str,
        lat: float | None = None,
        lon: float | None = None,
        max_km: float = 10.0,
    ) -> Resolution | None:
        """The town ``name`` in ``country_code`` names, or None when no rule finds one."""
        cc = (country_code or "").upper()
        if cc not in self.countries:
            return None
        point: tuple[float, float] | None = None
        if lat is not None and lon is not None and _is_number(lat) and _is_number(lon):
            point = (float(lat), float(lon))
        raw = str(name or "").strip()
        if raw:
            found = self._by_name(raw, cc, point, max_km)
            if found is not None:
                return found
            found = self._by_rules(raw, cc, point, max_km)
            if found is not None:
                return found
        if point is not None:
            tid = self.nearest(cc, point[0], point[1], max_km)
            if tid is not None:
                return Resolution(tid, "geocode")
        return None

    def nearest(self, cc: str, lat: float, lon: float, max_km: float) -> str | None:
        """Id of the town of ``cc`` nearest to the point, if within ``max_km``."""
        geo = self._geo.get(cc)
        if geo is None or not geo.ids:
            return None
        dist = _haversine_km(lat, lon, geo.lat, geo.lon)
        i = int(np.argmin(dist))
        return geo.ids[i] if float(dist[i]) <= max_km else None

    # --- rules ----------------------------------------------------------------------------

    def _lookup(
        self,
        name: str,
        cc: str,
        point: tuple[float, float] | None,
        max_km: float,
        prefer_rural: bool = False,
    ) -> tuple[str, str] | None:
        """(town id, rule) for a plain name: exact, folded, then alternate names."""
        key = fold(name)
        if not key:
            return None
        for method, table, k in (
            ("exact", self._exact, name),
            ("folded", self._folded, key),
            ("alt_name", self._alt, key),
        ):
            cands = table.get((cc, k))
            if cands:
                return self._pick(cands, point, max_km, prefer_rural), method
        return None

    def _by_name(
        self, name: str, cc: str, point: tuple[float, float] | None, max_km: float
    ) -> Resolution | None:
        hit = self._lookup(name, cc, point, max_km)
        return Resolution(hit[0], hit[1]) if hit else None

    def _by_rules(
        self, name: str, cc: str, point: tuple[float, float] | None, max_km: float
    ) -> Resolution | None:
        # "X (inner)": qualifier, region hint or district of a city.
        m = _PAREN.match(name)
        if m:
            head, inner = m.group("head").strip(), m.group("inner").strip()
            inner_key = fold(inner)
            rural = any(h in inner_key for h in _RURAL_HINTS) and "urban" not in inner_key
            if inner_key in _QUALIFIER_WORDS or inner_key.endswith((" gmina", " commune")):
                hit = self._lookup(head, cc, point, max_km, prefer_rural=rural)
                if hit:
                    return Resolution(hit[0], "qualifier")
            hit = self._lookup(head, cc, point, max_km)
            if hit:
                return Resolution(hit[0], "qualifier")
            hit = self._lookup(inner, cc, point, max_km)
            if hit:
                return Resolution(hit[0], "district")
            return self._by_rules(head, cc, point, max_km)
        # "X, Poland" / "X, Region" / "District, City"
        if "," in name:
            parts = [p.strip() for p in name.split(",") if p.strip()]
            if parts:
                hit = self._lookup(parts[0], cc, point, max_km)
                if hit:
                    return Resolution(hit[0], "qualifier")
                for part in parts[1:]:
                    if country_code(part) == cc:
                        continue
                    hit = self._lookup(part, cc, point, max_km)
                    if hit:
                        return Resolution(hit[0], "district")
        key = fold(name)
        for prefix in _PREFIXES:
            if key.startswith(prefix):
                rest = key[len(prefix) :]
                rural = prefix.startswith("gmina") and "miejsk" not in prefix
                hit = self._lookup(rest, cc, point, max_km, prefer_rural=rural)
                if hit:
                    return Resolution(hit[0], "qualifier")
        for pattern in _COUNTY_PATTERNS:
            cm = pattern.match(key)
            if cm:
                hit = self._lookup(cm.group("x"), cc, point, max_km)
                if hit:
                    return Resolution(self._prefer_urban(hit[0], cc, cm.group("x")), "county_seat")
        # "Berlin – Steglitz", "Budapest XI – Újbuda", "Heusden-Zolder": the leading part
        # may be the city; with coordinates it must lie near them.
        for sep in (" – ", " - ", "-", " "):
            if sep in name:
                head = name.split(sep, 1)[0].strip()
                if len(fold(head)) >= 4:
                    hit = self._lookup(head, cc, point, max_km)
                    if hit and hit[1] != "alt_name" and self._near(hit[0], point, 25.0):
                        return Resolution(hit[0], "district")
        return None

    def _near(self, tid: str, point: tuple[float, float] | None, km: float) -> bool:
        """True without a point to check against, or when ``tid`` lies within ``km`` of it."""
        if point is None or tid not in self._coord:
            return True
        la, lo = self._coord[tid]
        dist = _haversine_km(point[0], point[1], np.array([la]), np.array([lo]))
        return float(dist[0]) <= km

    def _prefer_urban(self, tid: str, cc: str, name: str) -> str:
        """A county seat is the town, not the surrounding rural gmina of the same name."""
        cands = self._folded.get((cc, fold(name)), [])
        urban = [c for c in cands if self._gmina_type.get(c) in ("urban", "urban-rural")]
        if urban:
            return max(urban, key=lambda c: (self._pop.get(c, 0), _neg(c)))
        return tid

    def _pick(
        self,
        cands: list[str],
        point: tuple[float, float] | None,
        max_km: float,
        prefer_rural: bool = False,
    ) -> str:
        unique = sorted(set(cands))
        if len(unique) == 1:
            return unique[0]
        if prefer_rural:
            rural = [c for c in unique if self._gmina_type.get(c) in ("rural", "urban-rural")]
            if rural:
                unique = rural
                if len(unique) == 1:
                    return unique[0]
        if point is not None:
            near: list[tuple[float, str]] = []
            for c in unique:
                if c in self._coord:
                    la, lo = self._coord[c]
                    d = float(_haversine_km(point[0], point[1], np.array([la]), np.array([lo]))[0])
                    near.append((d, c))
            near.sort()
            if near and near[0][0] <= max(max_km, 25.0):
                return near[0][1]
        return max(unique, key=lambda c: (self._pop.get(c, 0), _neg(c)))


def _neg(tid: str) -> tuple[int, ...]:
    """Sort key that makes the smaller id win among equal populations under ``max``."""
    return tuple(-ord(ch) for ch in tid)
