"""Country names in English and Polish for the countries of the data universe."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_FILE = Path(__file__).with_name("countries.csv")


@dataclass(frozen=True)
class Country:
    code: str
    name_en: str
    name_pl: str


@cache
def countries() -> dict[str, Country]:
    """Every known country by ISO 3166-1 alpha-2 code."""
    with _FILE.open(encoding="utf-8", newline="") as fh:
        return {row["code"]: Country(**row) for row in csv.DictReader(fh)}


def country_name(code: str, lang: str = "en") -> str:
    """The country's name in ``lang`` ('en' or 'pl'); the code itself when unknown."""
    country = countries().get(code)
    if country is None:
        return code
    return country.name_pl if lang == "pl" else country.name_en
