from __future__ import annotations

import pandas as pd
import pytest

from matcher.data.resolve import Resolution, TownIndex


@pytest.fixture(scope="module")
def index() -> TownIndex:
    rows = [
        ("PL-1465011", "Warszawa", "PL", "Warsaw|Warschau", 52.23, 21.01, 1_861_599, "urban"),
        ("PL-0264011", "Wrocław", "PL", "Breslau", 51.11, 17.03, 673_743, "urban"),
        ("PL-0201011", "Bolesławiec", "PL", "Bunzlau", 51.26, 15.57, 37_055, "urban"),
        ("PL-0201022", "Bolesławiec", "PL", "", 51.26, 15.57, 15_267, "rural"),
        ("PL-3003011", "Gniezno", "PL", "", 52.53, 17.60, 65_000, "urban"),
        ("PL-3003022", "Gniezno", "PL", "", 52.53, 17.60, 12_000, "rural"),
        ("GN-1", "Frankfurt am Main", "DE", "Frankfurt", 50.11, 8.68, 650_000, None),
        (
            "GN-2",
            "Frankfurt (Oder)",
            "DE",
            "Frankfurt|Frankfurt an der Oder",
            52.35,
            14.55,
            57_751,
            None,
        ),
        ("GN-3", "Görlitz", "DE", "", 51.155, 14.989, 56_324, None),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "id",
            "name",
            "country_code",
            "alt_names",
            "latitude",
            "longitude",
            "population",
            "gmina_type",
        ],
    )
    return TownIndex.from_frame(frame)


@pytest.mark.parametrize(
    ("name", "cc", "expected"),
    [
        ("Warszawa", "PL", Resolution("PL-1465011", "exact")),
        ("Wroclaw", "PL", Resolution("PL-0264011", "folded")),
        ("WROCŁAW", "PL", Resolution("PL-0264011", "folded")),
        ("Warsaw", "PL", Resolution("PL-1465011", "alt_name")),
        ("Breslau", "PL", Resolution("PL-0264011", "alt_name")),
        ("Warsaw, Poland", "PL", Resolution("PL-1465011", "qualifier")),
        ("Bolesławiec (rural gmina)", "PL", Resolution("PL-0201022", "qualifier")),
        ("Gmina Bolesławiec", "PL", Resolution("PL-0201022", "qualifier")),
        ("Mokotów (Warsaw)", "PL", Resolution("PL-1465011", "district")),
        ("Gniezno County", "PL", Resolution("PL-3003011", "county_seat")),
        ("Powiat Gniezno", "PL", Resolution("PL-3003011", "county_seat")),
    ],
)
def test_rules(index: TownIndex, name: str, cc: str, expected: Resolution) -> None:
    assert index.resolve(name, cc) == expected


def test_ambiguity_broken_by_population(index: TownIndex) -> None:
    assert index.resolve("Bolesławiec", "PL") == Resolution("PL-0201011", "exact")


def test_ambiguity_broken_by_nearby_coordinates(index: TownIndex) -> None:
    assert index.resolve("Frankfurt", "DE", 52.34, 14.55) == Resolution("GN-2", "alt_name")
    assert index.resolve("Frankfurt", "DE") == Resolution("GN-1", "alt_name")


def test_country_must_match(index: TownIndex) -> None:
    assert index.resolve("Warszawa", "DE") is None


def test_uncovered_country_gives_none(index: TownIndex) -> None:
    assert index.resolve("Springfield", "US", 39.8, -89.6) is None


def test_geocode_fallback_within_max_km(index: TownIndex) -> None:
    assert index.resolve("Zgorzelec-Nord", "DE", 51.16, 14.99) == Resolution("GN-3", "geocode")


def test_geocode_fallback_respects_max_km(index: TownIndex) -> None:
    assert index.resolve("Atlantis", "DE", 51.5, 14.99, max_km=10) is None


def test_unknown_name_without_coordinates(index: TownIndex) -> None:
    assert index.resolve("Atlantis", "PL") is None
