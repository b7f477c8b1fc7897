"""Facts about towns that speak for a town without a network, as arrays over the pool.

* **types**: urban, rural, coastal, mountain, spa, border town (bits of one byte per town);
* **NUTS 3 figures** of the town's region: GDP per inhabitant (PPS, % of the EU average) and
  density (Eurostat, via :func:`matcher.town_facts.nuts3_frame`);
* **peers**: towns of the same country like this one (size, urbanisation, position, and for
  Polish gminas their type and the GUS BDL indicators), whose partners say where towns like
  yours look (see :meth:`TownFacts.peers`);
* **willingness**: who is actively seeking partners, since when, until when, where and on
  which themes (a town's own profile).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from matcher.ranking.graph import PartnerGraph
from matcher.ranking.pool import EARTH_RADIUS_KM, TownPool

TYPES: tuple[str, ...] = ("urban", "rural", "coastal", "mountain", "spa", "border")
"""A town's types, bit ``i`` of :attr:`TownFacts.types` for ``TYPES[i]``."""
BORDER_KM = 25.0
"""A border town has a town of another country within 25 km (of its 64 nearest towns)."""
PEERS = 10
"""Peers per town: the towns of its country most like it that have partners."""
POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.int8)


@dataclass(frozen=True)
class Willingness:
    """Each town's own word on seeking partners (its profile); empty where it said nothing."""

    seeking: np.ndarray  # bool
    since: np.ndarray  # int: date ordinal, 0 where unknown
    until: np.ndarray  # int: date ordinal, 0 where open-ended
    countries: np.ndarray  # object: frozenset of ISO codes it looks to (empty: anywhere)
    themes: np.ndarray  # object: frozenset of theme codes of its profile

    @classmethod
    def empty(cls, n: int) -> Willingness:
        none = np.array([frozenset()] * n, dtype=object)
        zeros = np.zeros(n, dtype=np.int64)
        return cls(np.zeros(n, dtype=bool), zeros, zeros.copy(), none, none.copy())

    @classmethod
    def from_frame(cls, pool: TownPool, profiles: pd.DataFrame) -> Willingness:
        """From ``townprofile`` rows (town_id, seeking, seeking_since, seeking_until,
        preferred_countries, themes)."""
        out = cls.empty(pool.size)
        for row in profiles.itertuples(index=False):
            i = pool.index.get(str(row.town_id))
            if i is not None:
                out = out.with_town(
                    i,
                    bool(row.seeking),
                    _date(row.seeking_since),
                    _date(row.seeking_until),
                    str(row.preferred_countries or ""),
                    str(row.themes or ""),
                )
        return out

    def with_town(
        self,
        row: int,
        seeking: bool,
        since: date | None,
        until: date | None,
        countries: str,
        themes: str,
    ) -> Willingness:
        """A copy where town ``row`` says this (after its profile was edited)."""
        out = replace(
            self,
            seeking=self.seeking.copy(),
            since=self.since.copy(),
            until=self.until.copy(),
            countries=self.countries.copy(),
            themes=self.themes.copy(),
        )
        out.seeking[row] = seeking
        out.since[row] = since.toordinal() if since else 0
        out.until[row] = until.toordinal() if until else 0
        out.countries[row] = _codes(countries, upper=True)
        out.themes[row] = _codes(themes)
        return out

    def active(self, today: date) -> np.ndarray:
        """Seeking on ``today``: a flag whose until-date has passed no longer counts."""
        day = today.toordinal()
        return np.asarray(self.seeking & ((self.until == 0) | (self.until >= day)))


def _codes(text: str, *, upper: bool = False) -> frozenset[str]:
    items = (c.strip() for c in text.split(","))
    return frozenset(c.upper() if upper else c for c in items if c)


def _date(value: object) -> date | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, date):
        return value
    stamp = pd.to_datetime(str(value), errors="coerce")
    return None if pd.isna(stamp) else stamp.date()


@dataclass(frozen=True)
class TownFacts:
    """Per-town facts over the pool (rows as in :class:`TownPool`)."""

    types: np.ndarray  # uint8 bits of TYPES
    gdp_index: np.ndarray  # float: NUTS 3 GDP per inhabitant, % of the EU average
    density: np.ndarray  # float: NUTS 3 inhabitants per km²
    peer_space: np.ndarray  # (n, d) float32: standardised description of every town
    country_rows: dict[int, np.ndarray]  # country index -> suggestible rows

    @cached_property
    def log_gdp(self) -> np.ndarray:
        """Natural log of :attr:`gdp_index` (float32, NaN where unknown)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(np.where(self.gdp_index > 0, self.gdp_index, np.nan)).astype(np.float32)

    @cached_property
    def log_density(self) -> np.ndarray:
        """log10 of :attr:`density` (float32, NaN where unknown)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log10(np.where(self.density > 0, self.density, np.nan)).astype(np.float32)

    @classmethod
    def empty(cls, pool: TownPool) -> TownFacts:
        nan = np.full(pool.size, np.nan)
        return cls(
            types=np.zeros(pool.size, dtype=np.uint8),
            gdp_index=nan,
            density=nan.copy(),
            peer_space=np.zeros((pool.size, 1), dtype=np.float32),
            country_rows=_country_rows(pool),
        )

    @classmethod
    def build(
        cls,
        pool: TownPool,
        towns: pd.DataFrame,
        nuts3: pd.DataFrame,
        indicators: pd.DataFrame,
    ) -> TownFacts:
        """From the town table (degurba, gmina_type), :func:`nuts3_frame` and
        :func:`indicator_matrix` (both keyed by town id)."""
        by_id = towns.set_index("id")
        ids = pd.Index(pool.ids)
        degurba = pd.to_numeric(by_id["degurba"], errors="coerce").reindex(ids).to_numpy()
        gmina = by_id["gmina_type"].reindex(ids).fillna("").astype(str).to_numpy()
        region = nuts3.set_index("town_id").reindex(ids)
        mountain = pd.to_numeric(region["mountain"], errors="coerce").to_numpy()
        types = np.zeros(pool.size, dtype=np.uint8)
        urban = (degurba == 1) | (gmina == "urban")
        rural = ((degurba == 3) | (gmina == "rural")) & ~urban
        flags = (urban, rural, pool.coastal == 1.0, mountain <= 3, pool.spa, _border(pool))
        for bit, flag in enumerate(flags):
            types |= np.where(flag, np.uint8(1 << bit), np.uint8(0))
        urbanity = np.select(
            [gmina == "urban", gmina == "urban-rural", gmina == "rural"],
            [1.0, 2.0, 3.0],
            default=np.where(degurba <= 3, degurba, np.nan),
        )
        columns = [
            1.5 * _standard(pool.log_population),
            _standard(urbanity),
            0.5 * _standard(np.nan_to_num(pool.coastal, nan=0.0)),
            0.5 * _standard((mountain <= 3).astype(float)),
            _standard(pool.latitude),
            _standard(pool.longitude * np.cos(np.radians(np.nan_to_num(pool.latitude)))),
        ]
        bdl = indicators.reindex(ids)
        for code in bdl.columns:
            columns.append(0.5 * _standard(bdl[code].to_numpy(dtype=float)))
        return cls(
            types=types,
            gdp_index=pd.to_numeric(region["gdp_index"], errors="coerce").to_numpy(),
            density=pd.to_numeric(region["density"], errors="coerce").to_numpy(),
            peer_space=np.column_stack(columns).astype(np.float32),
            country_rows=_country_rows(pool),
        )

    def shared_types(self, row: int, candidates: np.ndarray) -> np.ndarray:
        """The type bits town ``row`` shares with each candidate."""
        return np.asarray(self.types[candidates] & self.types[row])

    def peers(self, row: int, graph: PartnerGraph, pool: TownPool, k: int = PEERS) -> np.ndarray:
        """The ``k`` towns of ``row``'s country most like it that have partners in ``graph``
        (never ``row`` itself), nearest first."""
        rows = self.country_rows.get(int(pool.country_index[row]), np.zeros(0, np.int64))
        rows = rows[(graph.degree[rows] > 0) & (rows != row)]
        if len(rows) == 0:
            return rows
        gap = self.peer_space[rows] - self.peer_space[row]
        d = np.einsum("ij,ij->i", gap, gap)
        if len(rows) > k:
            keep = np.argpartition(d, k)[:k]
            rows, d = rows[keep], d[keep]
        return np.asarray(rows[np.lexsort((rows, d))])


def _country_rows(pool: TownPool) -> dict[int, np.ndarray]:
    rows = np.flatnonzero(pool.suggestible)
    codes = pool.country_index[rows]
    return {int(c): rows[codes == c] for c in np.unique(codes)}


def _standard(values: np.ndarray) -> np.ndarray:
    """(x - mean) / std over the known values; unknown values sit at the mean (0)."""
    values = np.asarray(values, dtype=float)
    known = values[np.isfinite(values)]
    if len(known) < 2 or known.std() < 1e-12:
        return np.zeros(len(values))
    return np.nan_to_num((values - known.mean()) / known.std(), nan=0.0)


def _border(pool: TownPool) -> np.ndarray:
    """Towns with a town of another country within :data:`BORDER_KM` (among the 64 nearest
    suggestible towns)."""
    known = np.flatnonzero(np.isfinite(pool.latitude) & pool.suggestible)
    lat, lon = np.radians(pool.latitude[known]), np.radians(pool.longitude[known])
    xyz = np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
    tree = cKDTree(xyz)
    chord = 2 * np.sin(BORDER_KM / EARTH_RADIUS_KM / 2)
    _, idx = tree.query(xyz, k=min(64, len(known)), distance_upper_bound=chord)
    idx = np.atleast_2d(idx)
    found = idx < len(known)
    country = pool.country_index[known]
    other = np.where(found, country[np.minimum(idx, len(known) - 1)], -1)
    border = ((other != country[:, None]) & found).any(axis=1)
    out = np.zeros(pool.size, dtype=bool)
    out[known] = border
    return out
