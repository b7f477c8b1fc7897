"""Polish names of foreign towns: a GeoNames alternate name the Morfeusz dictionary knows as
a Polish geographic name, with the refusals that keep villages and rivers out."""

from __future__ import annotations

import pandas as pd
import pytest

from matcher.data.exonyms import (
    MIN_POPULATION,
    ExonymReport,
    build_exonyms,
    choose,
    cldr_check,
    is_geographic_name,
    is_truncation,
)


def never_taken(_key: str, _population: int) -> bool:
    return False


@pytest.mark.parametrize(
    ("form", "known"),
    [
        ("Kilonia", True),
        ("Drezno", True),
        ("Budapeszt", True),
        ("Wiedeń", True),
        ("Frankfurt nad Odrą", True),
        ("Kamieniec Podolski", True),
        ("Kiel", False),  # not in the dictionary
        ("kolonia", False),  # a common noun, not a name
        ("San Juan", False),  # "Juan" is no Polish word of a place name
        ("San Martin", False),  # a surname
        ("Ren", False),  # too short to trust
    ],
)
def test_is_geographic_name(form: str, known: bool) -> None:
    assert is_geographic_name(form) is known


def test_truncation_of_the_towns_own_name() -> None:
    assert is_truncation("Lipa", "Česká Lípa")
    assert not is_truncation("Kilonia", "Kiel")
    assert not is_truncation("Frankfurt nad Odrą", "Frankfurt (Oder)")


def test_chosen_names() -> None:
    report = ExonymReport()
    assert choose("Kiel", ["Kiel", "Kilonia", "Kile", "Kíl"], 250_000, never_taken, report) == (
        "Kilonia"  # known only as a place; "Kile" also reads as a surname and common words
    )
    assert choose("Vienna", ["Wien", "Dunaj", "Wiedeń"], 1_700_000, never_taken, report) == (
        "Wiedeń"
    )
    assert choose("Dresden", ["Drezno", "Dresda"], 560_000, never_taken, report) == "Drezno"


def test_a_town_whose_name_is_polish_gets_none() -> None:
    report = ExonymReport()
    assert choose("Berlin", ["Belin", "Berlino"], 3_400_000, never_taken, report) is None
    assert report.refused == {"the town's own name is a Polish geographic name": 1}


def test_a_name_of_something_bigger_is_refused() -> None:
    report = ExonymReport()

    def burgas(key: str, population: int) -> bool:
        return key == "burgas" and population < 200_000

    assert choose("Burgos", ["Burgas"], 176_000, burgas, report) is None
    assert report.refused == {"names a country, a region or a more populous town": 1}


def test_a_regions_name_is_kept_by_the_regions_largest_town() -> None:
    def regions(key: str, _population: int) -> bool:
        return key in {"praga", "kreta"}

    report = ExonymReport()
    assert choose("Prague", ["Praha", "Praga"], 1_100_000, regions, report, "praga") == "Praga"
    assert choose("Chania", ["Kreta"], 54_000, regions, report, "") is None


def foreign(rows: list[tuple[str, str, int, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["id", "name", "population", "region_id", "alternatenames"])


def test_build_looks_only_at_towns_big_enough() -> None:
    frame, report = build_exonyms(
        foreign(
            [
                ("GN-1", "Kiel", 250_000, "DE.10", "Kilonia|Kiil"),
                ("GN-2", "Dresden", 560_000, "DE.13", "Drezno"),
                ("GN-3", "Smallville", MIN_POPULATION - 1, "DE.13", "Drezno"),
            ]
        ),
        ["Niemcy"],
        {"DE.13": "Saksonia"},
    )
    assert list(frame.itertuples(index=False, name=None)) == [
        ("GN-1", "pl", "Kilonia", "geonames+morfeusz"),
        ("GN-2", "pl", "Drezno", "geonames+morfeusz"),
    ]
    assert (report.towns, report.chosen) == (2, 2)


def test_build_refuses_a_country_name_and_a_bigger_towns_name() -> None:
    frame, _ = build_exonyms(
        foreign(
            [
                ("GN-1", "Aubagne", 45_000, "FR.93", "Albania"),
                ("GN-2", "Belgrade", 1_270_000, "RS.00", "Belgrad"),
                ("GN-3", "Berat", 36_000, "AL.40", "Belgrad"),
            ]
        ),
        ["Albania"],
        {},
    )
    assert list(frame["town_id"]) == ["GN-2"]


def test_cldr_check_counts_agreement() -> None:
    places = pd.DataFrame(
        {
            "geonameid": [2761369, 2988507, 2643743],
            "name": ["Vienna", "Paris", "London"],
            "timezone": ["Europe/Vienna", "Europe/Paris", "Europe/London"],
        }
    )
    names = pd.DataFrame({"town_id": ["GN-2761369", "GN-2988507"], "name": ["Wiedeń", "Parys"]})
    # CLDR: Wiedeń, Paryż, Londyn -> one the same, one different, one missing.
    assert cldr_check(places, names) == (3, 1, 1)


def test_names_a_reviewer_refused_are_left_out() -> None:
    frame, report = build_exonyms(
        foreign(
            [
                ("GN-1", "Kiel", 250_000, "DE.10", "Kilonia"),
                ("GN-2", "Dresden", 560_000, "DE.13", "Drezno"),
            ]
        ),
        [],
        {},
        review={("GN-1", "Kilonia")},
    )
    assert list(frame["name"]) == ["Drezno"]
    assert (report.found, report.reviewed, report.chosen) == (2, 1, 1)


def test_the_review_file_gives_a_reason_for_every_refusal() -> None:
    import csv

    from matcher.data.exonyms import REVIEW_FILE, read_review

    with REVIEW_FILE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["town_id"].startswith("GN-") and r["reason"] for r in rows)
    assert ("GN-728193", "Julia") in read_review()  # Plovdiv
