"""The shipped call rules and country lists load, validate and say what the brief says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matcher.calls import CallDataError, CallSummary, default_calls, load_calls

EU27 = set(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)


def test_shipped_calls_load() -> None:
    calls = default_calls()
    assert {"cerv-tt-2025", "cerv-nt-2025", "cerv-nt-2022"} <= set(calls)


@pytest.mark.parametrize(
    ("call_id", "members", "countries", "eu", "lead_la"),
    [
        ("cerv-tt-2025", 2, 2, 1, False),
        ("cerv-nt-2025", 4, 4, 2, True),
        ("cerv-nt-2022", 5, 5, 3, True),
    ],
)
def test_call_rules_match_the_brief(
    call_id: str, members: int, countries: int, eu: int, lead_la: bool
) -> None:
    rules = default_calls()[call_id].rules
    assert (rules.min_members, rules.min_countries, rules.min_eu_countries) == (
        members,
        countries,
        eu,
    )
    assert rules.lead_must_be_local_authority is lead_la
    assert rules.name_en and rules.name_pl and rules.source


@pytest.mark.parametrize("call_id", ["cerv-tt-2025", "cerv-nt-2025", "cerv-nt-2022"])
def test_every_list_holds_exactly_the_eu27_as_member_states(call_id: str) -> None:
    assert default_calls()[call_id].countries.eu_codes == EU27


def test_ukraine_is_associated_in_2025_and_only_conditionally_in_2022() -> None:
    calls = default_calls()
    assert "UA" in calls["cerv-nt-2025"].countries.eligible_codes
    assert "UA" not in calls["cerv-nt-2025"].countries.conditional_codes
    assert "UA" in calls["cerv-nt-2022"].countries.conditional_codes


def test_non_associated_countries_are_not_eligible() -> None:
    eligible = default_calls()["cerv-nt-2025"].countries.eligible_codes
    assert not {"NO", "CH", "GB", "TR", "GE"} & eligible


def test_country_names_in_both_languages() -> None:
    countries = default_calls()["cerv-nt-2025"].countries
    assert countries.name("DE", "en") == "Germany"
    assert countries.name("DE", "pl") == "Niemcy"
    assert countries.name("NO", "pl") == "NO"


def test_summary_lists_the_eligible_countries() -> None:
    summary = CallSummary.of(default_calls()["cerv-tt-2025"])
    assert "PL" in summary.eligible_countries and "PL" in summary.eu_member_states
    assert summary.name_pl


def _copy_calls(tmp: Path) -> Path:
    src = Path(__file__).resolve().parents[1] / "data" / "calls"
    (tmp / "countries").mkdir()
    for p in src.glob("*.json"):
        (tmp / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    for p in (src / "countries").glob("*.json"):
        (tmp / "countries" / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp


def test_call_naming_an_unknown_country_list_fails(tmp_path: Path) -> None:
    d = _copy_calls(tmp_path)
    data = json.loads((d / "cerv-tt-2025.json").read_text(encoding="utf-8"))
    data["countries"] = "cerv-1999"
    (d / "cerv-tt-2025.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CallDataError, match="unknown country list"):
        load_calls(d)


def test_inconsistent_rules_fail(tmp_path: Path) -> None:
    d = _copy_calls(tmp_path)
    data = json.loads((d / "cerv-nt-2025.json").read_text(encoding="utf-8"))
    data["min_eu_countries"] = 9
    (d / "cerv-nt-2025.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CallDataError, match="min_eu_countries"):
        load_calls(d)


def test_file_name_must_match_id(tmp_path: Path) -> None:
    d = _copy_calls(tmp_path)
    (d / "cerv-tt-2025.json").rename(d / "cerv-tt-2026.json")
    with pytest.raises(CallDataError, match="does not match"):
        load_calls(d)


def test_malformed_json_fails(tmp_path: Path) -> None:
    d = _copy_calls(tmp_path)
    (d / "countries" / "cerv-2025.json").write_text("{", encoding="utf-8")
    with pytest.raises(CallDataError):
        load_calls(d)


def test_duplicate_country_fails(tmp_path: Path) -> None:
    d = _copy_calls(tmp_path)
    path = d / "countries" / "cerv-2025.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["associated"].append({"code": "PL", "name_en": "Poland", "name_pl": "Polska"})
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CallDataError, match="twice"):
        load_calls(d)
