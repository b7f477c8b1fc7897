"""GUS BDL indicators: joined on TERYT6, each value with its year and source, the defects of
the source handled (empty records, gminas not in GUS 2024, implausible values)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from matcher.data.bdl import BdlReport, build_indicators
from matcher.data.raw import RawDataError
from matcher.indicators import CODES


@pytest.fixture(scope="module")
def built(raw_dir: Path, fixture_towns: pd.DataFrame) -> tuple[pd.DataFrame, BdlReport]:
    gminas = fixture_towns[fixture_towns["kind"] == "gmina"]
    return build_indicators(raw_dir, gminas)


def _value(frame: pd.DataFrame, town_id: str, indicator: str) -> pd.Series:
    rows = frame[(frame["town_id"] == town_id) & (frame["indicator"] == indicator)]
    assert len(rows) == 1, (town_id, indicator)
    return rows.iloc[0]


def test_every_value_has_its_year_edition_and_source(built: tuple[pd.DataFrame, BdlReport]) -> None:
    frame, _ = built
    assert list(frame.columns) == ["town_id", "indicator", "value", "year", "edition", "source"]
    assert set(frame["indicator"]) <= set(CODES)
    assert (frame["source"] == "gus_bdl").all()
    pit = _value(frame, "PL-0201011", "pit_per_inhabitant")
    assert (pit["value"], pit["year"], pit["edition"]) == ("3659.08", 2025, "2026-10-04")
    unemployment = _value(frame, "PL-0201011", "unemployment")
    # baza.json does not record the year of its figures: none is made up.
    assert pd.isna(unemployment["year"]) and unemployment["edition"] == "2026-10-03"
    assert unemployment["value"] == "2.6"


def test_joined_on_teryt6_when_the_gmina_changed_type(
    built: tuple[pd.DataFrame, BdlReport],
) -> None:
    frame, report = built
    # Gromadka is 0201032 (rural) in GUS 2024 and 0201033 in the BDL file.
    assert _value(frame, "PL-0201032", "forest_cover")["value"] == "60.2"
    assert report.changed_type == 1


def test_empty_records_and_unknown_gminas_are_reported(
    built: tuple[pd.DataFrame, BdlReport],
) -> None:
    frame, report = built
    assert report.empty == [("0201043", "Nowogrodziec")]
    assert "PL-0201043" not in set(frame["town_id"])
    assert report.not_in_gus == [("0201052", "Nowa Gmina")]
    assert (report.records, report.matched, report.gminas) == (7, 6, 6)


def test_implausible_values_are_withheld(built: tuple[pd.DataFrame, BdlReport]) -> None:
    frame, report = built
    withheld = {(w.town_id, w.indicator): w.reason for w in report.withheld}
    # Wrocław's PIT share (700 PLN) is 4.6 times below the median, like Kostrzyn's 757.
    assert "times below the national median" in withheld[("PL-0264011", "pit_per_inhabitant")]
    assert withheld[("PL-1465011", "unemployment")] == "outside 0–100"
    assert len(withheld) == 2
    kept = set(zip(frame["town_id"], frame["indicator"], strict=True))
    assert ("PL-0264011", "pit_per_inhabitant") not in kept
    assert ("PL-1465011", "unemployment") not in kept
    assert ("PL-0264011", "revenue_per_inhabitant") in kept


def test_report_counts_and_areas(built: tuple[pd.DataFrame, BdlReport]) -> None:
    _, report = built
    assert report.values["water_supply"] == 5
    assert report.values["pit_per_inhabitant"] == 4
    assert report.years["pit_per_inhabitant"] == "2025" and report.years["unemployment"] == ""
    # The rural Bolesławiec's Wikidata area is in hectares (28,911 for 289 km²).
    assert [t for t, *_ in report.wikidata_off] == ["0201022"]
    assert report.wikidata_areas == 2


def test_malformed_json_names_the_file(
    raw_dir: Path, tmp_path: Path, fixture_towns: pd.DataFrame
) -> None:
    copy = tmp_path / "raw"
    shutil.copytree(raw_dir / "gus_bdl_gmina_indicators", copy / "gus_bdl_gmina_indicators")
    (copy / "gus_bdl_gmina_indicators" / "baza.json").write_text('{"gminy": [', encoding="utf-8")
    with pytest.raises(RawDataError) as err:
        build_indicators(copy, fixture_towns[fixture_towns["kind"] == "gmina"])
    assert "baza.json" in str(err.value)


def test_a_record_without_teryt_names_the_row(
    raw_dir: Path, tmp_path: Path, fixture_towns: pd.DataFrame
) -> None:
    copy = tmp_path / "raw" / "gus_bdl_gmina_indicators"
    shutil.copytree(raw_dir / "gus_bdl_gmina_indicators", copy)
    data = json.loads((copy / "baza.json").read_text(encoding="utf-8"))
    data["gminy"][1]["k"] = None
    (copy / "baza.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(RawDataError) as err:
        build_indicators(tmp_path / "raw", fixture_towns[fixture_towns["kind"] == "gmina"])
    assert "baza.json, row 2" in str(err.value)
