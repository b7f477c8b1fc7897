"""The GUS Local Data Bank indicators of Polish gminas: what each one is and how to read it.

One table (:data:`INDICATORS`) says, per indicator, its group on the town page, its unit,
the BDL variable it comes from and the field of the raw file; the build
(:mod:`matcher.data.bdl`), the town page (:mod:`matcher.api.town_detail`) and the ranker
read it from here. Values are in the ``gminaindicator`` table (one row per gmina and
indicator, with its year and source); :func:`indicator_matrix` gives them as one column per
indicator for the ranker.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import text
from sqlalchemy.engine import Connection

from matcher.i18n import N_


@dataclass(frozen=True)
class Group:
    """A group of indicators as an officer knows it (labour market, finances, ...)."""

    code: str
    label_key: str


@dataclass(frozen=True)
class Indicator:
    """One indicator: its code (as stored), group, unit and where it comes from."""

    code: str
    group: str
    label_key: str
    unit_key: str
    """A template with ``{value}`` that renders the figure with its unit."""
    raw_file: str
    raw_field: str
    bdl_variable: str
    """The BDL variable the source names ('' where it names none)."""
    lowest: float
    highest: float
    """The plausible range; a value outside it is withheld."""
    per_inhabitant_money: bool = False
    """PLN per inhabitant: a value below a third of the national median is withheld."""


GROUPS: tuple[Group, ...] = (
    Group("labour_market", N_("indicator.group.labour_market")),
    Group("finances", N_("indicator.group.finances")),
    Group("demography", N_("indicator.group.demography")),
    Group("environment", N_("indicator.group.environment")),
    Group("infrastructure", N_("indicator.group.infrastructure")),
)

BAZA = "baza.json"
KARTY = "karty-dane.json"

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "unemployment",
        "labour_market",
        N_("indicator.unemployment"),
        N_("indicator.unit.percent_working_age"),
        BAZA,
        "bezrobocie_proc",
        "79214",
        0,
        100,
    ),
    Indicator(
        "revenue_per_inhabitant",
        "finances",
        N_("indicator.revenue_per_inhabitant"),
        N_("indicator.unit.pln_per_inhabitant"),
        BAZA,
        "dochod_na_mieszk",
        "",
        0,
        1_000_000,
        per_inhabitant_money=True,
    ),
    Indicator(
        "pit_per_inhabitant",
        "finances",
        N_("indicator.pit_per_inhabitant"),
        N_("indicator.unit.pln_per_inhabitant"),
        KARTY,
        "pit_na_mieszk",
        "76046",
        0,
        1_000_000,
        per_inhabitant_money=True,
    ),
    Indicator(
        "net_migration",
        "demography",
        N_("indicator.net_migration"),
        N_("indicator.unit.per_1000"),
        BAZA,
        "saldo_migracji",
        "453193",
        -1000,
        1000,
    ),
    Indicator(
        "natural_increase",
        "demography",
        N_("indicator.natural_increase"),
        N_("indicator.unit.per_1000"),
        KARTY,
        "przyrost_naturalny",
        "450551",
        -1000,
        1000,
    ),
    Indicator(
        "forest_cover",
        "environment",
        N_("indicator.forest_cover"),
        N_("indicator.unit.percent_area"),
        BAZA,
        "lesistosc_proc",
        "",
        0,
        100,
    ),
    Indicator(
        "water_supply",
        "infrastructure",
        N_("indicator.water_supply"),
        N_("indicator.unit.percent_population"),
        BAZA,
        "wodociag_proc",
        "79133",
        0,
        100,
    ),
    Indicator(
        "sewerage",
        "infrastructure",
        N_("indicator.sewerage"),
        N_("indicator.unit.percent_population"),
        BAZA,
        "kanalizacja_proc",
        "79130",
        0,
        100,
    ),
)
BY_CODE = {i.code: i for i in INDICATORS}
CODES = tuple(i.code for i in INDICATORS)


def indicator_matrix(conn: Connection) -> pd.DataFrame:
    """Every gmina's indicators, one row per town id and one column per indicator code (NaN
    where the data has no value); the ranker's read path."""
    long = pd.read_sql_query(text("SELECT town_id, indicator, value FROM gminaindicator"), conn)
    wide = long.pivot(index="town_id", columns="indicator", values="value")
    return wide.reindex(columns=list(CODES)).sort_index()
