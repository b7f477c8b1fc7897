"""Place names that render themselves in a sentence: a country, a region, a town.

Messages take these objects, never pre-rendered names: ``msg("reason.ties.none",
country=Country("PL"))`` with the template ``Nie ma jeszcze miast partnerskich
{country:in}`` gives "Nie ma jeszcze miast partnerskich w Polsce". The spec after the colon
names what the sentence needs:

- ``{x}``: the bare name (labels, lists, parentheses);
- ``{x:nom}``, ``{x:gen}``, ``{x:dat}``, ``{x:acc}``, ``{x:inst}``, ``{x:loc}``: the name
  in that case, with the article a language puts before it ("the Netherlands", "der
  Schweiz");
- ``{x:in}``, ``{x:from}``: "w Polsce" / "we Francji" / "na Węgrzech", "in der Schweiz" /
  "im Vereinigten Königreich", "in the Netherlands"; "z Niemiec", "aus der Türkei";
- ``{x:with}``: "ze Szlezwikiem-Holsztynem" / "z Saksonią", "mit der Schweiz", "with the
  Netherlands".

Polish case forms come from the SGJP dictionary (:mod:`matcher.i18n.polish`); a name it
does not know keeps its nominative inside an inflected construction ("dla gminy
Busko-Zdrój", "w miejscowości Bad Reichenhall"). German articles, English "the" and the
Polish "na" are data (``matcher/i18n/places/<lang>.csv``). A language without such a file
gets the bare name for every case and ``place.in`` of its catalogue for ``in``.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from matcher.countries import country_name
from matcher.i18n import polish
from matcher.i18n.message import N_

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from matcher.i18n.translator import Translator

DATA_DIR = Path(__file__).with_name("places")
CASES = ("nom", "gen", "dat", "acc", "inst", "loc")
CONSTRUCTIONS = ("in", "from", "with")
FALLBACKS = {
    "country": N_("place.fallback.country"),
    "region": N_("place.fallback.region"),
    "gmina": N_("place.fallback.gmina"),
    "town": N_("place.fallback.town"),
}
"""Per kind of place, the construction that keeps an unknown name in the nominative
("gmina {name}"): its words inflect, the name does not."""


@cache
def _table(lang: str) -> Mapping[str, Mapping[str, str]]:
    path = DATA_DIR / f"{lang}.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {row["name"]: {k: v for k, v in row.items() if v} for row in rows}


def _row(lang: str, name: str) -> Mapping[str, str] | None:
    """The data row of ``name``, or of its first word as a prefix ("Kanton *")."""
    table = _table(lang)
    if name in table:
        return table[name]
    first, _, rest = name.partition(" ")
    pattern = table.get(f"{first} *")
    if pattern is None or not rest:
        return None
    return {k: v.replace("*", rest) for k, v in pattern.items()}


def _polish_case(t: Translator, name: str, kind: str, proper: bool, case: str) -> str:
    row = _row("pl", name) or {}
    if case in row:
        return row[case]
    form = polish.decline(name, case, proper=proper)
    if form is not None:
        return form
    # the dictionary does not know the name: inflect a construction around it
    before, _, after = t.template(FALLBACKS[kind]).partition("{name}")
    head = polish.decline(before.strip(), case, proper=False) if before.strip() else ""
    if head is None:
        return name
    return " ".join(part for part in (head, name, after.strip()) if part)


def _polish(t: Translator, name: str, kind: str, proper: bool, spec: str) -> str:
    if spec == "in":
        loc = _polish_case(t, name, kind, proper, "loc")
        if (_row("pl", name) or {}).get("in") == "na":
            return f"na {loc}"
        return polish.with_w(loc)
    if spec == "from":
        return polish.with_z(_polish_case(t, name, kind, proper, "gen"))
    if spec == "with":
        return polish.with_z(_polish_case(t, name, kind, proper, "inst"))
    return _polish_case(t, name, kind, proper, spec)


def _german(name: str, spec: str) -> str:
    row = _row("de", name) or {}
    nom, dat = row.get("nom", name), row.get("dat", name)
    if spec == "in":
        return f"im {dat[4:]}" if dat.startswith("dem ") else f"in {dat}"
    if spec == "from":
        return f"aus {dat}"
    if spec == "with":
        return f"mit {dat}"
    return dat if spec == "dat" else nom


def _english(name: str, spec: str) -> str:
    nom = (_row("en", name) or {}).get("nom", name)
    if spec in ("in", "from", "with"):
        return f"{spec} {nom}"
    return nom


def phrase(t: Translator, name: str, spec: str, *, kind: str, proper: bool = True) -> str:
    """``name`` (already in the reader's language) as the sentence's ``spec`` needs it."""
    if not spec or not name:
        return name
    if spec not in (*CASES, *CONSTRUCTIONS):
        raise ValueError(f"unknown place spec {spec!r} (use one of {CASES} or {CONSTRUCTIONS})")
    if t.lang == "pl":
        return _polish(t, name, kind, proper, spec)
    if t.lang == "de":
        return _german(name, spec)
    if t.lang == "en":
        return _english(name, spec)
    if spec == "in" and t.has("place.in"):
        return t("place.in", name=name)
    return name


def _names(names: Mapping[str, str] | tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    items = names.items() if isinstance(names, Mapping) else names
    return tuple(sorted((lang, name) for lang, name in items if name))


@dataclass(frozen=True)
class Country:
    """A country by ISO 3166-1 alpha-2 code, named from CLDR in the reader's language."""

    code: str

    def name(self, lang: str) -> str:
        return country_name(self.code, lang)

    def localize(self, translator: Translator, spec: str) -> str:
        return phrase(translator, self.name(translator.lang), spec, kind="country")


@dataclass(frozen=True, init=False)
class Region:
    """A first-level region of a country: names per language from the data where it has
    them, else ``name`` (for Polish gminas the voivodeship's adjective, "podlaskie", which
    becomes "województwo podlaskie" / "Podlaskie Voivodeship" / "Woiwodschaft Podlaskie")."""

    country: str
    name: str
    names: tuple[tuple[str, str], ...]

    def __init__(
        self,
        country: str,
        name: str,
        names: Mapping[str, str] | tuple[tuple[str, str], ...] = (),
    ) -> None:
        object.__setattr__(self, "country", country)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "names", _names(names))

    @property
    def voivodeship(self) -> bool:
        return self.country == "PL" and self.name.islower()

    def label(self, translator: Translator) -> str:
        """The region's name in the reader's language (no case, no article)."""
        own = dict(self.names).get(translator.lang)
        if own:
            return own
        if self.voivodeship:
            t = translator
            return t("place.voivodeship", name=self.name)
        return self.name

    def localize(self, translator: Translator, spec: str) -> str:
        proper = not (self.voivodeship and not dict(self.names).get(translator.lang))
        return phrase(translator, self.label(translator), spec, kind="region", proper=proper)


@dataclass(frozen=True, init=False)
class Town:
    """A town: its name, or the reader's language's exonym when the data has one
    (Drezno, Kilonia); a Polish gmina falls back on "gmina X", other places on
    "miejscowość X"."""

    name: str
    country: str
    names: tuple[tuple[str, str], ...]

    def __init__(
        self,
        name: str,
        country: str = "",
        names: Mapping[str, str] | tuple[tuple[str, str], ...] = (),
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "country", country)
        object.__setattr__(self, "names", _names(names))

    def label(self, translator: Translator) -> str:
        return dict(self.names).get(translator.lang) or self.name

    def localize(self, translator: Translator, spec: str) -> str:
        kind = "gmina" if self.country == "PL" else "town"
        return phrase(translator, self.label(translator), spec, kind=kind)


@dataclass(frozen=True)
class PlaceNames:
    """The data's own names of regions and towns per language, to build :class:`Region` and
    :class:`Town` values that name themselves ("Szlezwik-Holsztyn", "Kilonia").

    ``regions``: GeoNames region id ("DE.10") -> language -> name; ``towns``: town id ->
    language -> exonym. Empty tables give the data's default names."""

    regions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    towns: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def region(self, country: str, key: str, name: str) -> Region | Country:
        """The region of a town (``key``: GeoNames admin1 code, or for a Polish gmina its
        voivodeship's adjective, whose words the catalogue supplies), its country when the
        data names none."""
        if not name:
            return Country(country)
        if country == "PL" and name.islower():
            return Region(country, name)
        return Region(country, name, self.regions.get(f"{country}.{key}", {}))

    def town(self, town_id: str, name: str, country: str = "") -> Town:
        """A town with the exonyms the data has for it (Dresden -> "Drezno" in Polish)."""
        return Town(name, country, self.towns.get(town_id, {}))


def load_place_names(conn: Connection) -> PlaceNames:
    """Region names and town exonyms of every language, read from the database (tables
    ``regionname`` and ``townname``; a database without them gives empty tables)."""
    from sqlalchemy import inspect

    from matcher.i18n.catalog import languages
    from matcher.town_facts import region_names, town_names

    tables = set(inspect(conn).get_table_names())
    regions: dict[str, dict[str, str]] = {}
    towns: dict[str, dict[str, str]] = {}
    for lang in languages():
        if "regionname" in tables:
            for region_id, name in region_names(conn, lang).items():
                regions.setdefault(region_id, {})[lang] = name
        if "townname" in tables:
            for town_id, name in town_names(conn, lang).items():
                towns.setdefault(town_id, {})[lang] = name
    return PlaceNames(regions, towns)
