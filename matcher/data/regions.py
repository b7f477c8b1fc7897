"""First-level regions: GeoNames admin1 names, their ISO 3166-2 codes, names per language.

GeoNames (``geonames_admin1/admin1CodesASCII.txt``) names the admin1 region of almost every
place, in English ("DE.13 Saxony"), with codes that are not ISO 3166-2 (FIPS numbers for
most countries). ``pycountry`` has the ISO 3166-2 subdivisions with their names in the
country's languages and translations into many others (DE-SN: "Sachsen", pl "Saksonia").
The bridge between the two is built here, as data, by three tests tried in order:

1. ``name``: a name of the GeoNames region (its name or ASCII name) equals a name of exactly
   one ISO subdivision of the country (its ISO name or any pycountry translation of it),
   compared as folded words without generic words ("county", "oblast", "kraj", ...);
2. ``nuts``: the region's places lie in one NUTS region (level 1, 2 or 3) that holds
   hardly any other places, and that NUTS region's name matches one ISO subdivision
   ("Lesser Poland" -> NUTS PL21 "Małopolskie" -> PL-12);
3. ``prefix``: the GeoNames name starts one ISO name, and only one ("Zhytomyr" ->
   "Zhytomyrska oblast").

A subdivision claimed by two regions is given to neither. What does not map keeps its
GeoNames name and a note saying why. Names are written for every language that has a
catalogue (:func:`matcher.i18n.languages`): the pycountry translation where there is one,
else the ISO name (the country's own), else the GeoNames name; English takes the GeoNames
name. Polish voivodeships get their official name ("województwo podlaskie") and the adjective
("podlaskie") that sentences decline ("województwa podlaskiego").
"""

from __future__ import annotations

import gettext
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from pathlib import Path

import pandas as pd
import pycountry

from matcher.data.raw import RawDataError
from matcher.data.text import fold

ADMIN1_DIR = "geonames_admin1"
ADMIN1_FILE = "admin1CodesASCII.txt"
REGION_COLUMNS = [
    "id",
    "country_code",
    "admin1_code",
    "name",
    "geonameid",
    "iso_code",
    "iso_method",
    "note",
]
NAME_COLUMNS = ["region_id", "lang", "form", "name", "source"]
ENGLISH = "en"
NUTS_SHARE = 0.9
"""A NUTS region stands for a GeoNames region when at least this share of the region's
places lie in it and this share of the NUTS region's places belong to the region."""
MIN_PREFIX = 4
GENERIC = frozenset(
    {
        "and",
        "apskritis",
        "autonoma",
        "autonomous",
        "canton",
        "capital",
        "city",
        "community",
        "comunidad",
        "comunitat",
        "county",
        "das",
        "de",
        "del",
        "della",
        "departement",
        "department",
        "der",
        "di",
        "district",
        "et",
        "gewest",
        "governorate",
        "hal",
        "haz",
        "hlavni",
        "i",
        "il",
        "in",
        "ir",
        "is",
        "ix",
        "iz",
        "judet",
        "judetul",
        "kai",
        "kanton",
        "komuna",
        "kraj",
        "l",
        "la",
        "lan",
        "land",
        "le",
        "maakond",
        "makroregion",
        "megye",
        "mesto",
        "municipal",
        "municipality",
        "novads",
        "obcina",
        "oblast",
        "of",
        "okrug",
        "opcina",
        "opshtina",
        "opstina",
        "prefecture",
        "province",
        "provincia",
        "provincie",
        "provinz",
        "qark",
        "qarku",
        "raion",
        "raionul",
        "rajon",
        "rajons",
        "regiao",
        "regio",
        "region",
        "regione",
        "rural",
        "savivaldybe",
        "state",
        "ta",
        "tal",
        "tas",
        "the",
        "und",
        "urban",
        "voivodeship",
        "voivodship",
        "wojewodztwo",
        "y",
        "zupanija",
    }
)
SYNONYMS = {"sankt": "st", "saint": "st", "sainte": "ste", "sv": "sveti"}
MIN_STEM = 6
STEM_SHARE = 0.6
OFFICIAL_PL = "województwo {adjective}"


def words(name: str) -> tuple[str, ...]:
    """The folded words of ``name`` in order, without generic words ("county", "oblast")."""
    return tuple(SYNONYMS.get(w, w) for w in fold(name).split() if w not in GENERIC)


def words_key(name: str) -> str:
    """:func:`words` sorted: "wallonne, Région" and "Région wallonne" -> "wallonne"."""
    return " ".join(sorted(words(name)))


def iso_variants(name: str) -> list[str]:
    """The names one entry holds: "Catalunya [Cataluña]" -> Catalunya, Cataluña;
    "Koper/Capodistria" -> Koper, Capodistria."""
    return [part.strip() for part in re.split(r"\s*[\[\]/]\s*", name) if part.strip()]


def display_name(name: str) -> str:
    """An ISO name as shown: the first variant, an inverted "wallonne, Région" put right."""
    first = iso_variants(name)[0]
    if ", " in first and first[0].islower():
        head, tail = first.split(", ", 1)
        return f"{tail} {head}"
    return first


@cache
def _locales() -> tuple[str, ...]:
    root = Path(pycountry.LOCALES_DIR)
    return tuple(sorted(p.parent.parent.name for p in root.glob("*/LC_MESSAGES/iso3166-2.mo")))


@cache
def _translations(locale: str) -> gettext.GNUTranslations:
    path = Path(pycountry.LOCALES_DIR) / locale / "LC_MESSAGES" / "iso3166-2.mo"
    with path.open("rb") as fh:
        return gettext.GNUTranslations(fh)


def translated(name: str, locale: str) -> str | None:
    """The pycountry translation of an ISO 3166-2 name, or None when it has none."""
    if locale not in _locales():
        return None
    text = _translations(locale).gettext(name)
    return text if text != name else None


def pycountry_version() -> str:
    return version("pycountry")


@dataclass(frozen=True)
class Subdivision:
    code: str
    name: str
    type: str
    top: bool
    keys: frozenset[str]
    """words_key of the ISO name's variants and of every translation."""
    ordered: frozenset[tuple[str, ...]]
    """:func:`words` of the same names."""


@cache
def subdivisions(country: str) -> tuple[Subdivision, ...]:
    """The ISO 3166-2 subdivisions of ``country`` with every name they go by."""
    found = pycountry.subdivisions.get(country_code=country) or []
    out = []
    for sub in sorted(found, key=lambda s: s.code):
        names = set(iso_variants(sub.name))
        for locale in _locales():
            text = translated(sub.name, locale)
            if text:
                names.update(iso_variants(text))
        keys = frozenset(k for k in map(words_key, names) if k)
        ordered = frozenset(w for w in map(words, names) if w)
        out.append(
            Subdivision(sub.code, sub.name, str(sub.type), sub.parent_code is None, keys, ordered)
        )
    return tuple(out)


def read_admin1(raw_dir: Path, countries: Iterable[str]) -> pd.DataFrame:
    """GeoNames admin1 rows of ``countries``: id, country_code, admin1_code, name, geonameid."""
    path = raw_dir / ADMIN1_DIR / ADMIN1_FILE
    if not path.is_file():
        raise RawDataError(path, "file not found")
    wanted = set(countries)
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4 or "." not in parts[0]:
                raise RawDataError(path, "expected CODE<tab>name<tab>ascii name<tab>id", n)
            code, name, ascii_name, geonameid = parts
            country, admin1 = code.split(".", 1)
            if country not in wanted:
                continue
            rows.append((code, country, admin1, name.strip(), ascii_name.strip(), _int(geonameid)))
    frame = pd.DataFrame(
        rows, columns=["id", "country_code", "admin1_code", "name", "ascii_name", "geonameid"]
    )
    frame["geonameid"] = frame["geonameid"].astype("Int64")
    return frame.sort_values("id").reset_index(drop=True)


def _int(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


@dataclass
class IsoMapping:
    """The ISO code chosen for each region id, with the test that chose it or the reason
    none was chosen."""

    iso: dict[str, str] = field(default_factory=dict)
    method: dict[str, str] = field(default_factory=dict)
    note: dict[str, str] = field(default_factory=dict)


def _unique(keys: Iterable[str], subs: Iterable[Subdivision]) -> list[Subdivision]:
    """Subdivisions one of whose keys is in ``keys``; top-level ones first when both kinds
    match (a region named like one of its own provinces)."""
    wanted = {k for k in keys if k}
    hits = [s for s in subs if s.keys & wanted]
    top = [s for s in hits if s.top]
    return top if top and len(top) < len(hits) else hits


def _common_start(a: str, b: str) -> int:
    """Letters ``a`` and ``b`` share at the start."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _partial(name: str, subs: Iterable[Subdivision]) -> list[Subdivision]:
    """Subdivisions one of whose names starts with the region's name, or holds all its
    words, or shares a long stem with it ("Cherkasy" ~ "Cherkaska oblast")."""
    mine = words(name)
    text = " ".join(mine)
    if len(text) < MIN_PREFIX:
        return []

    def close(theirs: tuple[str, ...]) -> bool:
        other = " ".join(theirs)
        if other.startswith(text) or text.startswith(other):
            return True
        if set(mine) <= set(theirs) or set(theirs) <= set(mine):
            return True
        stem = _common_start(text, other)
        return stem >= MIN_STEM and stem >= STEM_SHARE * min(len(text), len(other))

    return [s for s in subs if any(close(w) for w in s.ordered)]


def nuts_names_of(
    region_places: pd.DataFrame, nuts_names: Mapping[str, list[str]]
) -> dict[str, list[list[str]]]:
    """For each region id, the names of the NUTS regions (level 3, then 2, then 1) that hold
    its places and few others: at least :data:`NUTS_SHARE` both ways.

    ``region_places`` has one row per place: region_id, nuts3."""
    places = region_places.dropna(subset=["nuts3"])
    out: dict[str, list[list[str]]] = defaultdict(list)
    for length in (5, 4, 3):  # NUTS 3, 2, 1 codes
        unit = places["nuts3"].str[:length]
        per_unit = Counter(unit)
        for region_id, group in places.assign(unit=unit).groupby("region_id"):
            top, n = Counter(group["unit"]).most_common(1)[0]
            if n >= NUTS_SHARE * len(group) and n >= NUTS_SHARE * per_unit[top]:
                out[str(region_id)].append(nuts_names.get(top, []))
    return dict(out)


def _by_nuts(levels: list[list[str]], subs: Iterable[Subdivision]) -> list[Subdivision]:
    """The subdivisions named like the smallest NUTS region whose name matches any."""
    subs = list(subs)
    for names in levels:
        hits = _unique(map(words_key, names), subs)
        if hits:
            return hits
    return []


def map_to_iso(admin1: pd.DataFrame, nuts_names: Mapping[str, list[list[str]]]) -> IsoMapping:
    """The ISO 3166-2 code of every region that one of the three tests finds.

    A test that finds several subdivisions is settled, after every region had its first
    pick, by what is left: the subdivisions no other region took, then those of the type
    most of the country's regions mapped to (counties rather than cities of the same
    name)."""
    result = IsoMapping()
    picked: dict[str, tuple[str, str]] = {}  # region id -> (iso code, method)
    open_: dict[str, tuple[str, list[Subdivision]]] = {}  # region id -> (method, hits)
    for country, group in admin1.groupby("country_code"):
        subs = subdivisions(str(country))
        if not subs:
            for region_id in group["id"]:
                result.note[region_id] = f"ISO 3166-2 lists no subdivisions of {country}"
            continue
        for region_id, name, ascii_name in zip(
            group["id"], group["name"], group["ascii_name"], strict=True
        ):
            tries = (
                ("name", _unique([words_key(name), words_key(ascii_name)], subs)),
                ("nuts", _by_nuts(nuts_names.get(region_id, []), subs)),
                ("partial", _partial(name, subs)),
            )
            for method, hits in tries:
                if len(hits) == 1:
                    picked[region_id] = (hits[0].code, method)
                    break
                if len(hits) > 1 and region_id not in open_:
                    open_[region_id] = (method, hits)
            else:
                if region_id not in open_:
                    result.note[region_id] = (
                        "no ISO 3166-2 subdivision has this name or the name of its NUTS region"
                    )
    types = {s.code: s.type for c in set(admin1["country_code"]) for s in subdivisions(str(c))}
    for region_id, (method, hits) in sorted(open_.items()):
        if region_id in picked:
            continue
        taken = {code for code, _ in picked.values()}
        left = [s for s in hits if s.code not in taken]
        country = region_id.split(".")[0]
        usual = Counter(
            types[code] for rid, (code, _) in picked.items() if rid.startswith(country + ".")
        )
        if len(left) > 1 and usual:
            kind = usual.most_common(1)[0][0]
            left = [s for s in left if s.type == kind] or left
        if len(left) == 1:
            picked[region_id] = (left[0].code, method)
        else:
            codes = ", ".join(s.code for s in hits[:4])
            result.note[region_id] = f"several ISO 3166-2 subdivisions match by {method} ({codes})"
    claims = Counter(code for code, _ in picked.values())
    for region_id, (code, method) in sorted(picked.items()):
        if claims[code] > 1:
            others = sorted(r for r, (c, _) in picked.items() if c == code and r != region_id)
            result.note[region_id] = f"{code} also matches {', '.join(others)}"
            continue
        result.iso[region_id] = code
        result.method[region_id] = method
    return result


def build_regions(
    raw_dir: Path,
    towns: pd.DataFrame,
    nuts_names: Mapping[str, list[str]],
    languages: Iterable[str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The region table (:data:`REGION_COLUMNS`) of every country with towns, and the names
    table (:data:`NAME_COLUMNS`) in ``languages``.

    ``towns`` gives the places behind the NUTS test (country_code, region_code, nuts3) and
    the Polish voivodeship names (voivodeship of gminas)."""
    countries = sorted(set(towns["country_code"].dropna().astype(str)))
    admin1 = read_admin1(raw_dir, countries)
    located = towns.dropna(subset=["region_code"])
    region_places = pd.DataFrame(
        {
            "region_id": located["country_code"].astype(str)
            + "."
            + located["region_code"].astype(str),
            "nuts3": located["nuts3"],
        }
    )
    mapping = map_to_iso(admin1, nuts_names_of(region_places, nuts_names))
    regions = pd.DataFrame(
        {
            "id": admin1["id"],
            "country_code": admin1["country_code"],
            "admin1_code": admin1["admin1_code"],
            "name": admin1["name"],
            "geonameid": admin1["geonameid"],
            "iso_code": admin1["id"].map(mapping.iso),
            "iso_method": admin1["id"].map(mapping.method).fillna(""),
            "note": admin1["id"].map(mapping.note).fillna(""),
        }
    )
    voivodeships = _voivodeships(towns)
    names = region_names(regions, languages, voivodeships)
    return regions[REGION_COLUMNS], names


def _voivodeships(towns: pd.DataFrame) -> dict[str, str]:
    """Region id -> the voivodeship's name as GUS writes it ("podlaskie")."""
    gminas = towns[(towns["country_code"] == "PL") & towns["voivodeship"].notna()]
    pairs = gminas.dropna(subset=["region_code"])[["region_code", "voivodeship"]]
    out: dict[str, set[str]] = defaultdict(set)
    for code, voiv in zip(pairs["region_code"], pairs["voivodeship"], strict=True):
        out[f"PL.{code}"].add(str(voiv))
    return {rid: sorted(v)[0] for rid, v in out.items() if len(v) == 1}


def region_names(
    regions: pd.DataFrame, languages: Iterable[str], voivodeships: Mapping[str, str]
) -> pd.DataFrame:
    """One name per region and language (and the Polish voivodeship forms)."""
    iso_names = {s.code: s.name for c in set(regions["country_code"]) for s in subdivisions(c)}
    rows: list[tuple[str, str, str, str, str]] = []
    for region_id, geonames_name, iso_code in zip(
        regions["id"], regions["name"], regions["iso_code"], strict=True
    ):
        iso_name = iso_names.get(iso_code) if isinstance(iso_code, str) else None
        for lang in languages:
            name, source = geonames_name, "geonames"
            if lang != ENGLISH and iso_name is not None:
                text = translated(iso_name, lang)
                name, source = (
                    (display_name(text), "pycountry")
                    if text
                    else (display_name(iso_name), "iso3166-2")
                )
            adjective = voivodeships.get(region_id)
            if lang == "pl" and adjective is not None:
                official = OFFICIAL_PL.format(adjective=adjective)
                rows.append((region_id, lang, "adjective", adjective, "gus"))
                rows.append((region_id, lang, "official", official, "gus"))
                name, source = official, "gus"
            rows.append((region_id, lang, "name", name, source))
    frame = pd.DataFrame(rows, columns=NAME_COLUMNS)
    return frame.sort_values(["region_id", "lang", "form"]).reset_index(drop=True)


def name_towns(towns: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """``towns`` with ``region_name`` set to the GeoNames name of their region (English;
    other languages are in the names table); Polish gminas keep their voivodeship, and a
    town whose region GeoNames does not name keeps none."""
    names = dict(zip(regions["id"], regions["name"], strict=True))
    keys = towns["country_code"].astype(str) + "." + towns["region_code"].fillna("").astype(str)
    named = keys.map(names)
    gmina = towns["kind"] == "gmina"
    out = towns.copy()
    out["region_name"] = towns["region_name"].where(gmina, named)
    return out
