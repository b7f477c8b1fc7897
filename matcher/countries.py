"""The countries of the data universe, named from CLDR (Babel) in any language.

``countries.csv`` lists only the ISO 3166-1 alpha-2 codes; names are CLDR's, so a new
language needs no new column.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale

_FILE = Path(__file__).with_name("countries.csv")


@cache
def _territories(lang: str) -> dict[str, str]:
    return dict(Locale.parse(lang).territories)


def cldr_name(code: str, lang: str = "en") -> str | None:
    """CLDR's name of the country ``code`` in ``lang``; None when CLDR has none."""
    return _territories(lang).get(code.upper())


@dataclass(frozen=True)
class Country:
    code: str

    def name(self, lang: str = "en") -> str:
        """The country's CLDR name in ``lang``."""
        return cldr_name(self.code, lang) or self.code

    @property
    def name_en(self) -> str:
        return self.name("en")

    @property
    def name_pl(self) -> str:
        return self.name("pl")


@cache
def countries() -> dict[str, Country]:
    """Every country of the data universe by ISO 3166-1 alpha-2 code."""
    with _FILE.open(encoding="utf-8") as fh:
        lines = [line.strip() for line in fh if line.strip() and not line.startswith("#")]
    return {code: Country(code) for code in lines[1:]}


def country_name(code: str, lang: str = "en") -> str:
    """The country's CLDR name in ``lang``; the code itself when CLDR does not know it."""
    return cldr_name(code, lang) or code
