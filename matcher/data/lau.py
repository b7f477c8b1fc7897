"""Eurostat LAU 2019 attributes: degree of urbanisation, coastal flag, NUTS3.

Polish LAUs join to gminas by TERYT6 (``lau_code[4:6] + lau_code[-4:]``); elsewhere a
GeoNames place joins to a LAU only by an unambiguous folded name within its country.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pandas as pd

from matcher.data.raw import read_raw_csv, to_number
from matcher.data.text import fold

LAU_DIR = "eurostat_lau2019_regions"
LAU_FILE = "nuts_lau_2019.csv"
_COLUMNS = (
    "code_2016",
    "lau_code",
    "lau_name_national",
    "lau_name_latin",
    "population",
    "degurba",
    "coastal_area",
    "country",
)
# Eurostat country codes that differ from ISO 3166-1.
_EUROSTAT_TO_ISO = {"EL": "GR", "UK": "GB"}


def read_lau(raw_dir: Path) -> pd.DataFrame:
    """All LAUs with ISO2 country codes.

    Columns: country_code, lau_code, nuts3, name, name_latin, population, degurba, coastal.
    """
    path = raw_dir / LAU_DIR / LAU_FILE
    frame = read_raw_csv(path, _COLUMNS)
    coastal = frame["coastal_area"].str.strip().str.lower().map({"yes": True, "no": False})
    return pd.DataFrame(
        {
            "country_code": frame["country"].str.strip().replace(_EUROSTAT_TO_ISO),
            "lau_code": frame["lau_code"].str.strip(),
            "nuts3": frame["code_2016"].str.strip(),
            "name": frame["lau_name_national"].str.strip(),
            "name_latin": frame["lau_name_latin"].str.strip(),
            "population": to_number(path, frame, "population", integer=True),
            "degurba": to_number(path, frame, "degurba", integer=True),
            "coastal": coastal.astype("boolean"),
        }
    )


def polish_by_teryt6(lau: pd.DataFrame) -> pd.DataFrame:
    """Polish LAUs indexed by TERYT6."""
    pl = lau[lau["country_code"] == "PL"].copy()
    pl["teryt6"] = pl["lau_code"].str[4:6] + pl["lau_code"].str[-4:]
    return pl.drop_duplicates("teryt6", keep=False).set_index("teryt6")


def lau_name_keys(name: str, name_latin: str) -> set[str]:
    """Folded keys a LAU can be found by: "Berlin, Stadt" -> "berlin"; both spellings."""
    keys: set[str] = set()
    for text in (name, name_latin):
        if not text:
            continue
        for variant in (text, text.split(",")[0], text.split("/")[0], *text.split("/")[1:]):
            key = fold(variant)
            if key:
                keys.add(key)
    return keys


def match_places(places: pd.DataFrame, lau: pd.DataFrame) -> pd.DataFrame:
    """LAU attributes for the places whose match is unambiguous.

    A match needs: exactly one LAU of the country with that folded name, exactly one place
    of the country with that name, and, where both populations are known, a place
    population between 5% and 150% of the LAU's (a place lies inside its LAU).
    Returns a frame indexed by geonameid with lau_code, nuts3, degurba, coastal.
    """
    other = lau[lau["country_code"] != "PL"]
    lau_keys: dict[tuple[str, str], list[int]] = {}
    for i, (cc, n, nl) in enumerate(
        zip(other["country_code"], other["name"], other["name_latin"], strict=True)
    ):
        for key in lau_name_keys(n, nl):
            lau_keys.setdefault((cc, key), []).append(i)
    place_keys = [
        (cc, fold(n)) for cc, n in zip(places["country_code"], places["name"], strict=True)
    ]
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for pkey in place_keys:
        counts[pkey] += 1
    rows = []
    lau_pop = other["population"].tolist()
    for gid, pkey, pop in zip(places["geonameid"], place_keys, places["population"], strict=True):
        hits = lau_keys.get(pkey)
        if not hits or len(set(hits)) != 1 or counts[pkey] != 1:
            continue
        j = hits[0]
        lp = lau_pop[j]
        if pd.notna(lp) and pd.notna(pop) and int(pop) > 0 and int(lp) > 0:
            ratio = int(pop) / int(lp)
            if not 0.05 <= ratio <= 1.5:
                continue
        rec = other.iloc[j]
        rows.append(
            {
                "geonameid": int(gid),
                "lau_code": rec["lau_code"],
                "nuts3": rec["nuts3"],
                "degurba": rec["degurba"],
                "coastal": rec["coastal"],
            }
        )
    return pd.DataFrame(
        rows, columns=["geonameid", "lau_code", "nuts3", "degurba", "coastal"]
    ).set_index("geonameid")
