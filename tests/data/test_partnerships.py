from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from matcher.data.partnerships import PartnershipReport, build_partnerships


@pytest.fixture(scope="module")
def built(
    raw_dir: Path, fixture_towns: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, PartnershipReport]:
    return build_partnerships(raw_dir, fixture_towns)


def _pairs(frame: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(frame["town_a_id"], frame["town_b_id"], strict=True))


def test_resolved_pairs(built: tuple[pd.DataFrame, pd.DataFrame, PartnershipReport]) -> None:
    pairs, _, _ = built
    assert _pairs(pairs) == {
        ("GN-2921232", "PL-0201011"),  # Bolesławiec - Görlitz, listed twice
        ("GN-2950159", "PL-1465011"),  # Warsaw (exonym) - Berlin
        ("GN-3067696", "PL-1465011"),  # districts of Warsaw and Prague
        ("GN-2892518", "PL-0201022"),  # rural gmina - Kassel
        ("GN-2867714", "PL-0201011"),  # county -> seat - Munich
        ("GN-2921232", "PL-0201032"),  # Gromadka - geocoded "Atlantis"
    }


def test_ids_ordered_within_pair(
    built: tuple[pd.DataFrame, pd.DataFrame, PartnershipReport],
) -> None:
    pairs, _, _ = built
    assert (pairs["town_a_id"] < pairs["town_b_id"]).all()


def test_methods_recorded(built: tuple[pd.DataFrame, pd.DataFrame, PartnershipReport]) -> None:
    pairs, _, report = built
    row = pairs[pairs["town_b_id"] == "PL-0201011"].set_index("town_a_id").loc["GN-2867714"]
    assert (row["raw_b"], row["method_b"]) == ("Bolesławiec County", "county_seat")
    assert {"exact", "alt_name", "district", "qualifier", "county_seat", "geocode"} <= set(
        report.methods
    )


def test_self_pairs_and_duplicates_dropped(
    built: tuple[pd.DataFrame, pd.DataFrame, PartnershipReport],
) -> None:
    _, _, report = built
    assert (report.self_pairs, report.duplicates) == (1, 1)


def test_unresolved_kept_with_reason(
    built: tuple[pd.DataFrame, pd.DataFrame, PartnershipReport],
) -> None:
    # Without external towns, every pair with a non-European end stays unresolved.
    _, unresolved, report = built
    assert unresolved["city2"].tolist() == ["Peking", "Warsaw", "Xyzzy", "Springfield"]
    assert unresolved["problem"].str.endswith("country not covered").all()
    assert report.pairs == 12 and report.resolved == 8
    assert report.share_in_scope == 1.0
    assert (report.external_pairs, report.external_resolved) == (4, 0)
