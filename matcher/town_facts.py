"""The facts of a town from official statistics, as messages with their sources.

Language-free: every label and every figure with its unit is a :class:`~matcher.i18n.Message`
(the catalogue has the words in every language); adapters render them. The facts are the
GUS Local Data Bank indicators of a gmina (grouped as an officer knows them), the NUTS 3
region with its Eurostat figures and typology, the first-level region with its name in
the reader's language, and the town's own name in that language (an exonym).

This is also the read path of these tables for the ranker and the sentence writers:
:func:`region_names`, :func:`town_names`, :func:`nuts3_frame` and
:func:`matcher.indicators.indicator_matrix`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from babel.dates import format_date
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from matcher.i18n import N_, Message, Translator, msg, plural
from matcher.i18n.message import N_plural
from matcher.indicators import BY_CODE, GROUPS
from matcher.models import GminaIndicator, Nuts3Region, Region, RegionName, Town, TownName

SOURCE_KEYS: dict[str, str] = {
    "gus": N_("source.gus"),
    "gus_bdl": N_("source.gus_bdl"),
    "geonames": N_("source.geonames"),
    "geonames_powiat_centre": N_("source.geonames_powiat_centre"),
    "geonames_world": N_("source.geonames_world"),
    "lau": N_("source.lau"),
    "eurostat_nuts3": N_("source.eurostat_nuts3"),
    "pycountry": N_("source.pycountry"),
    "iso3166-2": N_("source.iso3166_2"),
    "geonames+morfeusz": N_("source.geonames_morfeusz"),
    "wikipedia": N_("source.wikipedia"),
}
"""Source keys (data/README.md) and the catalogue key that names each in words."""


def source_message(key: str) -> Message | None:
    """The source named in words; None for a key the catalogue does not name."""
    catalogue_key = SOURCE_KEYS.get(key)
    return msg(catalogue_key) if catalogue_key else None


@dataclass(frozen=True)
class IsoDate:
    """A date (ISO text) that renders in the reader's language ("3 października 2026")."""

    iso: str

    def localize(self, translator: Translator, spec: str) -> str:
        day = datetime.date.fromisoformat(self.iso)
        return format_date(day, format=spec or "long", locale=translator.locale)


def period_message(year: int | None, edition: str) -> Message:
    """When a figure was observed: its year, or the date of the data set it came in."""
    if year is not None:
        return msg("fact.period.year", year=str(year))
    if edition:
        return msg("fact.period.edition", date=IsoDate(edition))
    return msg("fact.period.unknown")


# --- GUS indicators ------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorFact:
    code: str
    label: Message
    value: float
    text: Message
    unit: str
    year: int | None
    edition: str
    period: Message
    source: str


@dataclass(frozen=True)
class IndicatorGroupFacts:
    code: str
    label: Message
    indicators: list[IndicatorFact]


def indicator_groups(rows: Sequence[GminaIndicator]) -> list[IndicatorGroupFacts]:
    """The indicators of one gmina in their groups (groups without a value left out), each
    group and indicator in the order of :data:`matcher.indicators.INDICATORS`."""
    by_code = {row.indicator: row for row in rows}
    groups = []
    for group in GROUPS:
        facts = []
        for ind in (i for i in BY_CODE.values() if i.group == group.code):
            row = by_code.get(ind.code)
            if row is None:
                continue
            facts.append(
                IndicatorFact(
                    code=ind.code,
                    label=msg(ind.label_key),
                    value=row.value,
                    text=msg(ind.unit_key, value=row.value),
                    unit=ind.unit_key.rsplit(".", 1)[-1],
                    year=row.year,
                    edition=row.edition,
                    period=period_message(row.year, row.edition),
                    source=row.source,
                )
            )
        if facts:
            groups.append(IndicatorGroupFacts(group.code, msg(group.label_key), facts))
    return groups


# --- NUTS 3 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionFigure:
    code: str
    label: Message
    value: float
    text: Message


@dataclass(frozen=True)
class TypologyFact:
    code: str
    value: int
    label: Message
    text: Message


@dataclass(frozen=True)
class Nuts3Facts:
    code: str
    name: str
    name_latn: str
    method: str
    method_text: Message
    figures: list[RegionFigure]
    typology: list[TypologyFact]
    edition: str
    source: str


METHOD_KEYS = {
    "lau": N_("nuts3.method.lau"),
    "within": N_("nuts3.method.within"),
    "nearest": N_("nuts3.method.nearest"),
}
MOUNTAIN_KEYS = {
    1: N_("nuts3.mountain.yes"),
    2: N_("nuts3.mountain.yes"),
    3: N_("nuts3.mountain.yes"),
    4: N_("nuts3.mountain.no"),
}
COASTAL_KEYS = {
    1: N_("nuts3.coastal.coast"),
    2: N_("nuts3.coastal.near"),
    3: N_("nuts3.coastal.no"),
}
URBAN_RURAL_KEYS = {
    1: N_("nuts3.urban_rural.urban"),
    2: N_("nuts3.urban_rural.intermediate"),
    3: N_("nuts3.urban_rural.rural"),
}


FIGURES: tuple[tuple[str, str, str, bool], ...] = (
    # (Nuts3Region field, label key, value key, plural by the value's size?)
    ("gdp_index", N_("nuts3.figure.gdp_index"), N_("nuts3.value.gdp_index"), False),
    ("population", N_("nuts3.figure.population"), N_plural("nuts3.value.inhabitants"), True),
    (
        "population_change",
        N_("nuts3.figure.population_change"),
        N_plural("nuts3.value.people_change"),
        True,
    ),
    ("density", N_("nuts3.figure.density"), N_("nuts3.value.density"), False),
    ("fertility", N_("nuts3.figure.fertility"), N_("nuts3.value.fertility"), False),
)


def _figures(region: Nuts3Region) -> list[RegionFigure]:
    out = []
    for field, label, value_key, counted in FIGURES:
        value = getattr(region, field)
        if value is None:
            continue
        text = (
            plural(value_key, abs(int(value)), value=value)
            if counted
            else msg(value_key, value=value)
        )
        out.append(RegionFigure(field, msg(label), value, text))
    return out


def _typology(region: Nuts3Region) -> list[TypologyFact]:
    out = []
    for code, value, label, keys in (
        ("mountain", region.mountain, N_("nuts3.typology.mountain"), MOUNTAIN_KEYS),
        ("coastal", region.coastal, N_("nuts3.typology.coastal"), COASTAL_KEYS),
        ("urban_rural", region.urban_rural, N_("nuts3.typology.urban_rural"), URBAN_RURAL_KEYS),
    ):
        if value is not None and value in keys:
            out.append(TypologyFact(code, value, msg(label), msg(keys[value])))
    return out


def nuts3_facts(region: Nuts3Region, method: str | None) -> Nuts3Facts:
    """A town's NUTS 3 region with its figures and typology; ``method`` says how the town
    was placed in it (``Town.nuts3_method``)."""
    how = method or "within"
    return Nuts3Facts(
        code=region.code,
        name=region.name,
        name_latn=region.name_latn,
        method=how,
        method_text=msg(METHOD_KEYS.get(how, METHOD_KEYS["within"])),
        figures=_figures(region),
        typology=_typology(region),
        edition=region.edition,
        source=region.source,
    )


# --- first-level regions and town names --------------------------------------------------


@dataclass(frozen=True)
class RegionFacts:
    id: str
    iso_code: str | None
    name: str
    name_source: str
    official_name: str | None
    adjective: str | None


def region_id(town: Town) -> str | None:
    """``<country>.<admin1>`` of a town (the ``region`` table's key), None without one."""
    return f"{town.country_code}.{town.region_code}" if town.region_code else None


def region_facts(session: Session, town: Town, lang: str) -> RegionFacts | None:
    """The town's first-level region named in ``lang`` (English when ``lang`` has no row)."""
    rid = region_id(town)
    region = session.get(Region, rid) if rid else None
    if region is None:
        return None
    rows = session.exec(
        select(RegionName).where(
            RegionName.region_id == region.id, col(RegionName.lang).in_([lang, "en"])
        )
    ).all()
    forms = {(r.lang, r.form): r for r in rows}
    name = forms.get((lang, "name")) or forms.get(("en", "name"))
    official = forms.get((lang, "official"))
    adjective = forms.get((lang, "adjective"))
    return RegionFacts(
        id=region.id,
        iso_code=region.iso_code,
        name=name.name if name else region.name,
        name_source=name.source if name else "geonames",
        official_name=official.name if official else None,
        adjective=adjective.name if adjective else None,
    )


def local_name(session: Session, town_id: str, lang: str) -> TownName | None:
    """The town's own name in ``lang`` (Kilonia for Kiel in Polish), None when it has none."""
    return session.exec(
        select(TownName).where(TownName.town_id == town_id, TownName.lang == lang)
    ).first()


def region_names(conn: Connection, lang: str, form: str = "name") -> dict[str, str]:
    """Region id -> its name in ``lang`` (``form`` 'name', 'official' or 'adjective')."""
    rows = conn.execute(
        text("SELECT region_id, name FROM regionname WHERE lang = :lang AND form = :form"),
        {"lang": lang, "form": form},
    )
    return {str(rid): str(name) for rid, name in rows}


def town_names(conn: Connection, lang: str) -> dict[str, str]:
    """Town id -> its own name in ``lang`` (exonyms)."""
    rows = conn.execute(
        text("SELECT town_id, name FROM townname WHERE lang = :lang"), {"lang": lang}
    )
    return {str(tid): str(name) for tid, name in rows}


def nuts3_frame(conn: Connection) -> pd.DataFrame:
    """Every town with a NUTS 3 region, with the region's figures and typology (one row per
    town: town_id, nuts3, nuts3_method and the ``nuts3region`` columns); the ranker's read
    path."""
    return pd.read_sql_query(
        text(
            "SELECT t.id AS town_id, t.nuts3, t.nuts3_method, r.country_code, r.mountain, "
            "r.urban_rural, r.coastal, r.population, r.population_change, r.density, "
            "r.fertility, r.gdp_index FROM town t JOIN nuts3region r ON r.code = t.nuts3 "
            "ORDER BY t.id"
        ),
        conn,
    )
