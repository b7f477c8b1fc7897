"""Checks on the data files the project ships (data/*.csv.gz)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd
import pytest
from sqlalchemy import create_engine
from sqlmodel import Session, SQLModel

from matcher.config import REPO_ROOT
from matcher.data.build import read_csv_gz
from matcher.models import Town
from matcher.towns import export_towns, search_towns

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
    assert _share("both ends resolved") >= 0.80  # of all pairs


def test_all_pairs_resolution_rate(partnerships: pd.DataFrame) -> None:
    raw_pairs = 25_689
    unresolved = read_csv_gz(DATA / "partnerships_unresolved.csv.gz")
    assert 1 - len(unresolved) / raw_pairs >= 0.80
    assert len(partnerships) > 20_000


def test_external_towns_are_partners_outside_our_countries(
    towns: pd.DataFrame, partnerships: pd.DataFrame
) -> None:
    external = towns[towns["kind"] == "external"]
    ours = set(towns.loc[towns["kind"] != "external", "country_code"])
    assert len(external) > 1_000
    assert not external["country_code"].isin(ours).any()
    assert (external["sources"] == "geonames_world").all()
    assert external["id"].str.fullmatch(r"GN-\d+").all()
    ends = set(partnerships["town_a_id"]) | set(partnerships["town_b_id"])
    assert external["id"].isin(ends).all()
    assert {"US", "CN", "JP", "RU"} <= set(external["country_code"])


@pytest.fixture(scope="module")
def shipped_session(towns: pd.DataFrame) -> Iterator[Session]:
    """The shipped Polish gminas and external towns in an in-memory database."""
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    keep = towns[(towns["kind"] == "external") | (towns["country_code"] == "PL")]
    rows = [
        Town(
            id=str(r["id"]),
            name=str(r["name"]),
            name_ascii=str(r["name_ascii"]),
            kind=str(r["kind"]),
            country_code=str(r["country_code"]),
            population=None if pd.isna(r["population"]) else int(r["population"]),
            alt_names="" if pd.isna(r["alt_names"]) else str(r["alt_names"]),
        )
        for r in keep.to_dict("records")
    ]
    with Session(engine) as session:
        session.add_all(rows)
        session.commit()
        yield session


def test_shipped_external_towns_not_searched(shipped_session: Session) -> None:
    assert search_towns(shipped_session, "Beijing") == []
    found = search_towns(shipped_session, "Beijing", include_external=True)
    assert found and found[0].country_code == "CN"
    assert [t.country_code for t in search_towns(shipped_session, "Warsaw")][:1] == ["PL"]


def test_shipped_external_towns_not_exported(shipped_session: Session) -> None:
    exported = export_towns(shipped_session)
    assert len(exported) == 2477
    assert {t.kind for t in exported} == {"gmina"}


def test_exonyms_in_alt_names(towns: pd.DataFrame) -> None:
    alts = towns.set_index("id")["alt_names"].fillna("")
    assert "Warsaw" in alts["PL-1465011"].split("|")
    assert "Breslau" in alts["PL-0264011"].split("|")


def test_shipped_gmina_indicators() -> None:
    frame = read_csv_gz(DATA / "gmina_indicators.csv.gz")
    counts = frame["indicator"].value_counts()
    assert counts["unemployment"] == 2_471 and counts["pit_per_inhabitant"] == 2_470
    kostrzyn = frame[frame["town_id"] == "PL-3021083"]
    assert "pit_per_inhabitant" not in set(kostrzyn["indicator"])  # 757 PLN: withheld
    assert not frame.duplicated(["town_id", "indicator"]).any()
    assert (frame["source"] == "gus_bdl").all()


def test_shipped_nuts3(towns: pd.DataFrame) -> None:
    regions = read_csv_gz(DATA / "nuts3_regions.csv.gz")
    assert len(regions) == 1_514
    assert regions["gdp_index"].max() < 1_000 and (regions["gdp_index"] != 88.16339869281046).all()
    placed = towns[towns["nuts3"].notna()]
    assert placed["nuts3"].isin(set(regions["code"])).all()
    pl = towns[towns["country_code"] == "PL"]
    assert (pl["nuts3_method"] == "lau").all()
    nuts_countries = set(regions["country_code"])
    ours = towns[(towns["kind"] != "external") & towns["country_code"].isin(nuts_countries)]
    assert ours["nuts3"].notna().mean() > 0.999


def test_shipped_region_names(towns: pd.DataFrame) -> None:
    names = read_csv_gz(DATA / "region_names.csv.gz")
    got = {
        (r, lang, form): n
        for r, lang, form, n in names[["region_id", "lang", "form", "name"]].itertuples(index=False)
    }
    assert got[("DE.10", "pl", "name")] == "Szlezwik-Holsztyn"
    assert got[("DE.13", "pl", "name")] == "Saksonia"
    assert got[("GB.ENG", "pl", "name")] == "Anglia"
    assert got[("DE.13", "de", "name")] == "Sachsen"
    assert got[("PL.81", "pl", "adjective")] == "podlaskie"
    assert got[("PL.81", "pl", "official")] == "województwo podlaskie"
    regions = read_csv_gz(DATA / "regions.csv.gz")
    assert regions[regions["country_code"] == "PL"]["iso_code"].notna().all()
    # Every region name outside Poland is GeoNames' own name of the town's admin1 region.
    geonames = dict(zip(regions["id"], regions["name"], strict=True))
    places = towns[(towns["kind"] != "gmina") & towns["region_name"].notna()]
    keys = places["country_code"] + "." + places["region_code"]
    assert (places["region_name"] == keys.map(geonames)).all()
    assert not {"Kiel region", "Dresden region", "London region"} & set(towns["region_name"])


def test_shipped_polish_exonyms() -> None:
    names = read_csv_gz(DATA / "town_names.csv.gz").set_index("town_id")["name"]
    assert names["GN-2891122"] == "Kilonia"  # Kiel
    assert names["GN-2935022"] == "Drezno"  # Dresden
    assert names["GN-3054643"] == "Budapeszt"
    assert "GN-2950159" not in names  # Berlin is Berlin
