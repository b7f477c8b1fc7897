"""The candidate pool: every town as aligned numpy arrays, so scoring is vectorised."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from matcher.query_parse import spa_markers

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class TownPool:
    """All towns, row ``i`` of every array describing town ``ids[i]`` (sorted by id)."""

    ids: np.ndarray  # str
    names: np.ndarray  # str
    country: np.ndarray  # str, ISO 3166-1 alpha-2
    region: np.ndarray  # str, "CC:region" key used for regional affinity
    region_name: np.ndarray  # str, readable region name ("" where unknown)
    latitude: np.ndarray  # float, NaN where unknown
    longitude: np.ndarray
    population: np.ndarray  # float, NaN where unknown
    log_population: np.ndarray  # log10 of population, NaN where unknown or zero
    country_index: np.ndarray  # int: position of each town's country in ``countries``
    countries: np.ndarray  # str: the sorted distinct country codes
    suggestible: np.ndarray  # bool: False for external towns (partnership ends only)
    spa: np.ndarray  # bool: the town's name (or an alternative name) marks a spa
    spa_name: np.ndarray  # str: that name ("" where none)
    coastal: np.ndarray  # float: 1 coastal, 0 not, NaN unknown (Eurostat LAU)
    index: dict[str, int] = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.ids)

    def row(self, town_id: str) -> int:
        """Row of ``town_id``; raises KeyError for an unknown id."""
        return self.index[town_id]

    @classmethod
    def from_frame(cls, towns: pd.DataFrame) -> TownPool:
        """Build from a frame with the Town model's columns (extra columns are ignored)."""
        df = towns.sort_values("id", kind="stable").reset_index(drop=True)
        country = df["country_code"].astype(str).to_numpy()
        region_src = _region_keys(df)
        ids = df["id"].astype(str).to_numpy()
        population = pd.to_numeric(df["population"], errors="coerce").to_numpy(dtype=float)
        countries, country_index = np.unique(country, return_inverse=True)
        names = df["name"].astype(str).to_numpy()
        spa_name = np.array(spa_markers(names, _column(df, "alt_names")), dtype=object)
        return cls(
            ids=ids,
            country_index=country_index.astype(np.int64),
            countries=countries,
            names=names,
            country=country,
            region=np.array(
                [f"{c}:{r}" for c, r in zip(country, region_src, strict=True)], dtype=object
            ),
            region_name=_region_names(df),
            latitude=pd.to_numeric(df["latitude"], errors="coerce").to_numpy(dtype=float),
            longitude=pd.to_numeric(df["longitude"], errors="coerce").to_numpy(dtype=float),
            population=population,
            log_population=np.log10(np.where(population > 0, population, np.nan)),
            suggestible=(_column(df, "kind") != "external").to_numpy(),
            spa=spa_name != "",
            spa_name=spa_name,
            coastal=_coastal(df),
            index={town_id: i for i, town_id in enumerate(ids)},
        )

    def distances_km(self, row: int) -> np.ndarray:
        """Great-circle distance from town ``row`` to every town (NaN where unknown)."""
        lat = np.float32(np.radians(self.latitude[row]))
        lon = np.float32(np.radians(self.longitude[row]))
        a = (
            np.sin((self._lat_rad - lat) / 2) ** 2
            + np.cos(lat) * self._cos_lat * np.sin((self._lon_rad - lon) / 2) ** 2
        )
        return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0))))

    def country_mask(self, codes: Collection[str]) -> np.ndarray:
        """True for towns in any of the country ``codes``."""
        wanted = np.flatnonzero(np.isin(self.countries, list(codes)))
        return np.isin(self.country_index, wanted)

    @cached_property
    def _lat_rad(self) -> np.ndarray:
        return np.radians(self.latitude).astype(np.float32)

    @cached_property
    def _lon_rad(self) -> np.ndarray:
        return np.radians(self.longitude).astype(np.float32)

    @cached_property
    def _cos_lat(self) -> np.ndarray:
        return np.cos(self._lat_rad)


def _column(df: pd.DataFrame, name: str) -> pd.Series:
    if name in df.columns:
        return df[name].fillna("").astype(str)
    return pd.Series([""] * len(df), index=df.index)


def _coastal(df: pd.DataFrame) -> np.ndarray:
    """1.0 / 0.0 / NaN from the nullable boolean ``coastal`` column (absent: all unknown)."""
    if "coastal" not in df.columns:
        return np.full(len(df), np.nan)
    flag = df["coastal"].astype("boolean")
    return np.where(flag.isna(), np.nan, flag.fillna(False).astype(float)).astype(float)


def _region_keys(df: pd.DataFrame) -> np.ndarray:
    """Voivodeship for Polish gminas, GeoNames admin1 code elsewhere."""
    voiv = _column(df, "voivodeship")
    code = _column(df, "region_code")
    return np.where(voiv != "", voiv, code).astype(object)


def _region_names(df: pd.DataFrame) -> np.ndarray:
    voiv = _column(df, "voivodeship")
    name = _column(df, "region_name")
    return np.where(voiv != "", voiv, name).astype(object)


def haversine_km(
    lat1: float | np.ndarray, lon1: float | np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    """Great-circle distance in km between points given in degrees."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))
