from __future__ import annotations

import pandas as pd

from matcher.data.towns import TOWN_COLUMNS, latin_alt_names


def _row(towns: pd.DataFrame, tid: str) -> pd.Series:
    return towns.set_index("id").loc[tid]


def test_columns_are_the_town_model(fixture_towns: pd.DataFrame) -> None:
    from matcher.models import Town

    assert list(fixture_towns.columns) == TOWN_COLUMNS
    assert set(TOWN_COLUMNS) == set(Town.model_fields)


def test_every_gmina_keyed_by_teryt(fixture_towns: pd.DataFrame) -> None:
    pl = fixture_towns[fixture_towns["country_code"] == "PL"]
    assert sorted(pl["id"]) == [
        "PL-0201011",
        "PL-0201022",
        "PL-0201032",
        "PL-0201043",
        "PL-0264011",
        "PL-1465011",
    ]


def test_warsaw_named_without_prefix(fixture_towns: pd.DataFrame) -> None:
    assert _row(fixture_towns, "PL-1465011")["name"] == "Warszawa"


def test_gmina_attributes(fixture_towns: pd.DataFrame) -> None:
    row = _row(fixture_towns, "PL-0201022")
    assert (row["gmina_type"], row["powiat"], row["voivodeship"]) == (
        "rural",
        "bolesławiecki",
        "dolnośląskie",
    )
    assert row["area_km2"] == 289.11
    assert row["population"] == 15267


def test_lau_joined_by_teryt6(fixture_towns: pd.DataFrame) -> None:
    row = _row(fixture_towns, "PL-0201011")
    assert (row["lau_code"], row["degurba"], row["nuts3"]) == ("1003021030101", 2, "PL517")


def test_gminas_get_geonames_coordinates(fixture_towns: pd.DataFrame) -> None:
    row = _row(fixture_towns, "PL-0264011")
    assert abs(row["latitude"] - 51.1) < 0.1 and abs(row["longitude"] - 17.03) < 0.1
    assert "Breslau" in row["alt_names"].split("|")


def test_one_geonameid_per_place(fixture_towns: pd.DataFrame) -> None:
    ids = fixture_towns["geonameid"].dropna()
    assert ids.is_unique


def test_europe_excludes_poland_places(fixture_towns: pd.DataFrame) -> None:
    assert "GN-756135" not in set(fixture_towns["id"])
    assert "GN-2921232" in set(fixture_towns["id"])


def test_lau_joined_for_unambiguous_european_name(fixture_towns: pd.DataFrame) -> None:
    assert _row(fixture_towns, "GN-2921232")["lau_code"] == "14626110"


def test_lau_rejected_when_population_implausible(fixture_towns: pd.DataFrame) -> None:
    assert pd.isna(_row(fixture_towns, "GN-2892518")["lau_code"])


def test_places_get_no_made_up_region_label(fixture_towns: pd.DataFrame) -> None:
    # Named later from GeoNames admin1 (matcher.data.regions); never "<largest place> region".
    places = fixture_towns[fixture_towns["kind"] == "place"]
    assert places["region_name"].isna().all()
    assert _row(fixture_towns, "PL-0201011")["region_name"] == "dolnośląskie"


def test_latin_alt_names_filtering() -> None:
    kept = latin_alt_names("München", "MUC|Muenchen|Monachium|Мюнхен|munchen|Munich")
    assert kept.split("|") == ["Muenchen", "Monachium", "Munich"]
