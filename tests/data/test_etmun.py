"""ETMUN parsers: decimal-comma coordinates, cp1252 metadata, municipal members."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from matcher.data import etmun
from matcher.data.coop_io import MalformedSourceError
from matcher.data.raw import RawDataError

FIXTURES = Path(__file__).parent / "fixtures" / "raw" / "pgourdongeo_city_cooperation"


def test_members_coordinates_use_decimal_comma() -> None:
    members = etmun.parse_members(FIXTURES / etmun.MEMBERS_FILE)
    krakow = members.iloc[0]
    assert (krakow["latitude"], krakow["longitude"]) == (50.0614, 19.9383)
    assert members["latitude"].isna().sum() == 1  # "NA" stays missing


def test_members_year_is_first_year_of_the_field() -> None:
    members = etmun.parse_members(FIXTURES / etmun.MEMBERS_FILE).set_index("locality")
    assert members.loc["Orvieto", "year"] == 2002
    assert pd.isna(members.loc["Lidzbark Warminski", "year"])


def test_only_cities_and_municipalities_are_municipal() -> None:
    members = etmun.parse_members(FIXTURES / etmun.MEMBERS_FILE)
    skipped = members[~members["municipal"]]
    assert list(skipped["entity_simplified"]) == ["Region"]


def test_networks_file_is_read_as_cp1252() -> None:
    networks = etmun.parse_networks(FIXTURES / etmun.NETWORKS_FILE).set_index("code")
    assert "café culture" in networks.loc["03210", "aims"]
    assert networks.loc["04080", "founded"] == 2008


def test_bad_coordinate_names_file_and_row(tmp_path: Path) -> None:
    text = (FIXTURES / etmun.MEMBERS_FILE).read_text(encoding="utf-8")
    path = tmp_path / etmun.MEMBERS_FILE
    path.write_text(text.replace("12,1109", "twelve"), encoding="utf-8")
    with pytest.raises(MalformedSourceError, match=r"MembersETMUNGeocode\.csv, row 5: longitude"):
        etmun.parse_members(path)


def test_missing_column_is_a_raw_data_error(tmp_path: Path) -> None:
    path = tmp_path / etmun.MEMBERS_FILE
    path.write_text('"Full_Name";"lat"\n"X";1\n', encoding="utf-8")
    with pytest.raises(RawDataError, match="row 1: missing columns"):
        etmun.parse_members(path)


def test_short_row_names_the_row(tmp_path: Path) -> None:
    text = (FIXTURES / etmun.MEMBERS_FILE).read_text(encoding="utf-8")
    path = tmp_path / etmun.MEMBERS_FILE
    path.write_text(text + '"Half";"a row"\n', encoding="utf-8")
    with pytest.raises(MalformedSourceError, match="row 9: expected 11 fields, got 2"):
        etmun.parse_members(path)


def test_country_codes_are_cleaned() -> None:
    assert etmun.clean_country("ES\u00a0") == "ES"
    assert etmun.clean_country("RKS") == "XK"
