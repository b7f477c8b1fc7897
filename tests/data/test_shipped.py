"""Checks on the data files the project ships (data/*.csv.gz)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from matcher.config import REPO_ROOT
from matcher.data.build import read_csv_gz

DATA = REPO_ROOT / "data"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def towns() -> pd.DataFrame:
    return read_csv_gz(DATA / "towns.csv.gz")


@pytest.fixture(scope="module")
def partnerships() -> pd.DataFrame:
    return read_csv_gz(DATA / "partnerships.csv.gz")


def test_all_gminas(towns: pd.DataFrame) -> None:
    pl = towns[towns["country_code"] == "PL"]
    assert len(pl) == 2477
    assert pl["id"].str.fullmatch(r"PL-\d{7}").all()
    assert pd.to_numeric(pl["population"]).sum() == 37_636_508


def test_ids_unique_and_well_formed(towns: pd.DataFrame) -> None:
    assert towns["id"].is_unique
    other = towns[towns["country_code"] != "PL"]
    assert other["id"].str.fullmatch(r"GN-\d+").all()
    assert len(other) > 65_000


def test_gmina_coordinates(towns: pd.DataFrame) -> None:
    pl = towns[towns["country_code"] == "PL"]
    assert pl["latitude"].notna().mean() >= 0.99
    exact = pl["sources"].str.contains(r"geonames(?:,|$)")
    assert exact.mean() >= 0.97


def test_every_partnership_end_exists(towns: pd.DataFrame, partnerships: pd.DataFrame) -> None:
    ids = set(towns["id"])
    assert partnerships["town_a_id"].isin(ids).all()
    assert partnerships["town_b_id"].isin(ids).all()
    assert (partnerships["town_a_id"] < partnerships["town_b_id"]).all()
    assert not partnerships.duplicated(["town_a_id", "town_b_id"]).any()


def _share(label: str) -> float:
    text = (DATA / "README.md").read_text()
    m = re.search(label + r"[^*]*\*\*([\d.]+)%", text)
    assert m, label
    return float(m.group(1)) / 100


def test_resolution_rates_reported() -> None:
    assert _share("with a Polish side") >= 0.90
    assert _share("in our universe") >= 0.80


def test_exonyms_in_alt_names(towns: pd.DataFrame) -> None:
    alts = towns.set_index("id")["alt_names"].fillna("")
    assert "Warsaw" in alts["PL-1465011"].split("|")
    assert "Breslau" in alts["PL-0264011"].split("|")
