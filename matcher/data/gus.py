"""Polish gminas from the GUS 2024 area-and-population tables (Tabl. 21 and 22).

One row per gmina (types 1 urban, 2 rural, 3 urban-rural), keyed by TERYT7, named after
its town where it has one. Town parts (4/5) and Warsaw districts (8/9) are not gminas.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from matcher.data.raw import RawDataError, read_raw_csv, to_number

GUS_DIR = "gus_area_population_2024"
GMINAS_FILE = "gminas_tabl21.csv"
TOWNS_FILE = "towns_tabl22.csv"
GMINA_TYPES = {"1": "urban", "2": "rural", "3": "urban-rural"}

_GMINA_COLUMNS = (
    "teryt_gmina_7",
    "gmina_type_digit",
    "name",
    "powiat_header",
    "voivodeship",
    "area_km2",
    "area_ha",
    "population",
)
_TOWN_COLUMNS = ("teryt_gmina_7", "teryt_gmina_6", "gmina_type_digit", "town", "powiat")


def read_gminas(raw_dir: Path) -> pd.DataFrame:
    """Gminas of GUS Tabl. 21 with their town name, powiat and type.

    Columns: teryt (7), teryt6, name, gmina_type, powiat, voivodeship, area_km2, population.
    """
    gpath = raw_dir / GUS_DIR / GMINAS_FILE
    tpath = raw_dir / GUS_DIR / TOWNS_FILE
    g = read_raw_csv(gpath, _GMINA_COLUMNS)
    towns_table = read_raw_csv(tpath, _TOWN_COLUMNS)
    for path, frame, column in ((gpath, g, "teryt_gmina_7"), (tpath, towns_table, "teryt_gmina_7")):
        bad = ~frame[column].str.fullmatch(r"\d{7}")
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise RawDataError(path, f"bad TERYT code {frame[column].iloc[i]!r}", i + 2)
    area_ha = to_number(gpath, g, "area_ha")
    g["population_n"] = to_number(gpath, g, "population", integer=True)
    g["area"] = (area_ha / 100.0).round(2)
    g = g[g["gmina_type_digit"].isin(GMINA_TYPES)].copy()

    # A town's name and powiat, by the gmina it belongs to (types 1 and 4 of Tabl. 22).
    towns = towns_table.assign(teryt6=towns_table["teryt_gmina_6"].str.zfill(6))
    town_name = dict(zip(towns["teryt6"], towns["town"].str.strip(), strict=False))
    town_powiat = dict(zip(towns["teryt6"], towns["powiat"].str.strip(), strict=False))

    g["teryt6"] = g["teryt_gmina_7"].str[:6]
    name = g["name"].str.strip().str.replace(r"^M\.\s*st\.\s*", "", regex=True)
    is_town = g["gmina_type_digit"].isin(["1", "3"])
    g["town_name"] = [
        town_name.get(t6, n) if town else n
        for t6, n, town in zip(g["teryt6"], name, is_town, strict=True)
    ]
    g["powiat_name"] = [
        _powiat(header, town_powiat.get(t6), n)
        for header, t6, n in zip(g["powiat_header"], g["teryt6"], g["town_name"], strict=True)
    ]
    out = pd.DataFrame(
        {
            "teryt": g["teryt_gmina_7"],
            "teryt6": g["teryt6"],
            "name": g["town_name"],
            "gmina_name": name,
            "gmina_type": g["gmina_type_digit"].map(GMINA_TYPES),
            "powiat": g["powiat_name"],
            "voivodeship": g["voivodeship"].str.strip(),
            "area_km2": g["area"],
            "population": g["population_n"],
        }
    )
    dup = out["teryt"].duplicated()
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise RawDataError(gpath, f"duplicate TERYT {out['teryt'].iloc[i]}")
    return out.sort_values("teryt").reset_index(drop=True)


def _powiat(header: str, town_powiat: str | None, name: str) -> str:
    """Powiat name: "Powiat bolesławiecki" -> "bolesławiecki"; a city with powiat rights is
    its own powiat (named after the city)."""
    header = (header or "").strip()
    if header.lower().startswith("powiat "):
        return header[len("powiat ") :].strip()
    if town_powiat:
        return town_powiat
    return name
