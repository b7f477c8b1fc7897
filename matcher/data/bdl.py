"""GUS Local Data Bank (BDL) indicators of every gmina, with their year and source.

The raw folder holds two files of the Miasta-pl site build: ``baza.json`` (unemployment,
budget revenue per inhabitant, net migration, forest cover, water supply and sewerage; the
year of each figure was not recorded) and ``karty-dane.json`` (natural increase and the PIT
share per inhabitant, with their year). Both are keyed by TERYT7; they are joined to our
gminas on TERYT6, because 13 gminas changed type (their 7th digit) since the GUS 2024 table.

Checked here, never trusted silently (see ``SOURCES.md``): records with no values (6
gminas that became urban-rural in 2025 have none under their new code), records of gminas
that are not in the GUS 2024 table (created in 2025), values outside their plausible range,
and money per inhabitant below a third of the national median (Kostrzyn's PIT share, 757
PLN, 3.6 times below the median). Area and population are not taken from here (GUS 2024
has them); the Wikidata areas in ``baza.json`` are only compared with GUS, for the report.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from matcher.data.raw import RawDataError
from matcher.indicators import BAZA, INDICATORS, KARTY

BDL_DIR = "gus_bdl_gmina_indicators"
SOURCE = "gus_bdl"
COLUMNS = ["town_id", "indicator", "value", "year", "edition", "source"]
MONEY_FLOOR = 1 / 3
"""Money per inhabitant below this share of the national median is withheld as implausible."""
AREA_TOLERANCE = 0.10


@dataclass(frozen=True)
class Withheld:
    """A value the checks kept out of the data, and why."""

    town_id: str
    name: str
    indicator: str
    value: float
    reason: str


@dataclass
class BdlReport:
    """What the indicator build matched, skipped and withheld (for data/README.md)."""

    records: int = 0
    matched: int = 0
    not_in_gus: list[tuple[str, str]] = field(default_factory=list)
    empty: list[tuple[str, str]] = field(default_factory=list)
    changed_type: int = 0
    withheld: list[Withheld] = field(default_factory=list)
    values: dict[str, int] = field(default_factory=dict)
    years: dict[str, str] = field(default_factory=dict)
    editions: dict[str, str] = field(default_factory=dict)
    gminas: int = 0
    wikidata_areas: int = 0
    wikidata_off: list[tuple[str, str, float | None, float]] = field(default_factory=list)
    bdl_area_close: int = 0
    bdl_areas: int = 0


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise RawDataError(path, "file not found")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RawDataError(path, f"cannot parse JSON ({exc})") from exc
    if not isinstance(data, dict) or "gminy" not in data:
        raise RawDataError(path, "no 'gminy' records")
    return data


@dataclass(frozen=True)
class _Record:
    teryt7: str
    name: str
    fields: dict[str, Any]
    years: dict[str, int]


def read_records(raw_dir: Path) -> tuple[dict[str, _Record], dict[str, str]]:
    """Both files merged per TERYT7, and the edition (date) of each file."""
    folder = raw_dir / BDL_DIR
    baza = _read_json(folder / BAZA)
    karty = _read_json(folder / KARTY)
    editions = {
        BAZA: str(baza.get("zbudowano", ""))[:10],
        KARTY: str(karty.get("pobrano", ""))[:10],
    }
    records: dict[str, _Record] = {}
    for i, row in enumerate(baza["gminy"]):
        if not isinstance(row, dict) or not str(row.get("k", "")).isdigit():
            raise RawDataError(folder / BAZA, "a gmina record without a TERYT code", i + 1)
        teryt = str(row["k"])
        records[teryt] = _Record(teryt, str(row.get("n", "")), {BAZA: row}, {})
    cards = karty["gminy"]
    if not isinstance(cards, dict):
        raise RawDataError(folder / KARTY, "'gminy' is not keyed by TERYT code")
    for teryt, card in sorted(cards.items()):
        rec = records.get(teryt) or _Record(teryt, "", {}, {})
        years = {k: int(v) for k, v in (card.get("lata") or {}).items()}
        records[teryt] = _Record(rec.teryt7, rec.name, {**rec.fields, KARTY: card}, years)
    return records, editions


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        return None


def build_indicators(raw_dir: Path, gminas: pd.DataFrame) -> tuple[pd.DataFrame, BdlReport]:
    """The long indicator frame (:data:`COLUMNS`) over ``gminas`` (the Polish rows of the
    towns frame: ``id``, ``teryt``, ``name``, ``area_km2``) and what was checked."""
    records, editions = read_records(raw_dir)
    report = BdlReport(records=len(records), gminas=len(gminas))
    by_teryt6 = {str(t)[:6]: (str(i), str(t), str(n)) for i, t, n in _gmina_rows(gminas)}
    raw_values: list[tuple[str, str, str, float, int | None, str]] = []
    for teryt7, rec in sorted(records.items()):
        ours = by_teryt6.get(teryt7[:6])
        if ours is None:
            report.not_in_gus.append((teryt7, rec.name))
            continue
        town_id, our_teryt, name = ours
        report.matched += 1
        report.changed_type += our_teryt != teryt7
        found = 0
        for ind in INDICATORS:
            value = _number(rec.fields.get(ind.raw_file, {}).get(ind.raw_field))
            if value is None:
                continue
            found += 1
            year = rec.years.get(ind.raw_field) if ind.raw_file == KARTY else None
            raw_values.append((town_id, name, ind.code, value, year, editions[ind.raw_file]))
        if not found:
            report.empty.append((teryt7, rec.name or name))
    kept = _checked(raw_values, report)
    frame = pd.DataFrame(kept, columns=COLUMNS)
    frame = frame.sort_values(["town_id", "indicator"], kind="stable").reset_index(drop=True)
    frame["year"] = frame["year"].astype("Int64")
    for ind in INDICATORS:
        part = frame[frame["indicator"] == ind.code]
        report.values[ind.code] = len(part)
        years = sorted({str(y) for y in part["year"].dropna()})
        report.years[ind.code] = ", ".join(years)
        report.editions[ind.code] = editions[ind.raw_file]
    _compare_areas(records, gminas, report)
    return frame, report


def _gmina_rows(gminas: pd.DataFrame) -> list[tuple[object, object, object]]:
    return list(zip(gminas["id"], gminas["teryt"], gminas["name"], strict=True))


def _checked(
    values: list[tuple[str, str, str, float, int | None, str]], report: BdlReport
) -> list[tuple[str, str, str, int | None, str, str]]:
    """Values that pass the range and median checks (the value as text, shortest form)."""
    medians = {
        ind.code: statistics.median([v[3] for v in values if v[2] == ind.code] or [0.0])
        for ind in INDICATORS
    }
    by_code = {ind.code: ind for ind in INDICATORS}
    kept = []
    for town_id, name, code, value, year, edition in values:
        ind = by_code[code]
        reason = ""
        if not ind.lowest <= value <= ind.highest:
            reason = f"outside {ind.lowest:g}–{ind.highest:g}"
        elif ind.per_inhabitant_money and value < MONEY_FLOOR * medians[code]:
            reason = (
                f"{medians[code] / value:.1f} times below the national median "
                f"({medians[code]:,.0f})"
            )
        if reason:
            report.withheld.append(Withheld(town_id, name, code, value, reason))
            continue
        kept.append((town_id, code, repr(round(value, 2)), year, edition, SOURCE))
    return kept


def _compare_areas(records: dict[str, _Record], gminas: pd.DataFrame, report: BdlReport) -> None:
    """How the Wikidata areas (not used) and the BDL 2025 areas compare with GUS 2024."""
    area = {str(t)[:6]: float(a) for t, a in zip(gminas["teryt"], gminas["area_km2"], strict=True)}
    for teryt7, rec in sorted(records.items()):
        ours = area.get(teryt7[:6])
        if ours is None or not ours > 0:
            continue
        baza = rec.fields.get(BAZA, {})
        if "qid" in baza:
            report.wikidata_areas += 1
            wd = _number(baza.get("powierzchnia"))
            if wd is None or abs(wd / ours - 1) > AREA_TOLERANCE:
                report.wikidata_off.append((teryt7, rec.name, wd, ours))
        bdl = _number(rec.fields.get(KARTY, {}).get("powierzchnia"))
        if bdl is not None:
            report.bdl_areas += 1
            report.bdl_area_close += abs(bdl / ours - 1) <= 0.01
