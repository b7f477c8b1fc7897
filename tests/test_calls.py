"""The shipped call rules and country lists load, validate and say what the brief says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matcher.calls import CALLS_DIR, CallDataError, CallSummary, default_calls, load_calls

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


def test_every_call_names_a_country_list_that_exists() -> None:
    lists = {p.stem for p in (CALLS_DIR / "countries").glob("*.json")}
    for path in CALLS_DIR.glob("*.json"):
        if path.name == "sources.json":
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["countries"] in lists, path.name


def test_the_2023_newsroom_item_makes_five_countries_announced() -> None:
    countries = default_calls()["cerv-nt-2025"].countries
    announced = {a.code for a in countries.associated if a.status == "announced"}
    assert announced == {"AL", "BA", "XK", "RS", "UA"}
    assert {a.source for a in countries.associated if a.status == "announced"} == {
        "ec-newsroom-2023-12-01"
    }
    source = default_calls()["cerv-nt-2025"].sources["ec-newsroom-2023-12-01"]
    assert source.date.isoformat() == "2023-12-01" and source.title and source.says
    assert set(source.supports) == announced


def test_montenegro_and_north_macedonia_stay_unverified_without_a_source() -> None:
    countries = default_calls()["cerv-nt-2025"].countries
    assert countries.evidence("ME") == "unverified" and countries.evidence("MK") == "unverified"
    assert countries.evidence("DE") == "confirmed" and countries.evidence("NO") is None
    assert {"ME", "MK"} <= countries.doubtful_codes()


def test_no_2022_association_is_claimed_from_a_later_source() -> None:
    countries = default_calls()["cerv-nt-2022"].countries
    assert {a.status for a in countries.associated} == {"unverified"}


def test_summary_shows_each_associated_country_with_its_source() -> None:
    summary = CallSummary.of(default_calls()["cerv-nt-2025"])
    by_code = {a.code: a for a in summary.associated}
    assert by_code["RS"].status == "announced" and by_code["RS"].source is not None
    assert by_code["RS"].source.publisher.startswith("European Commission")
    assert by_code["ME"].status == "unverified" and by_code["ME"].source is None


def test_a_new_call_year_is_a_data_file(tmp_path: Path) -> None:
    d = _copy_calls(tmp_path)
    data = json.loads((d / "cerv-nt-2025.json").read_text(encoding="utf-8"))
    data.update(id="cerv-nt-2026", year=2026, reference="CERV-2026-CITIZENS-TOWN-NT")
    (d / "cerv-nt-2026.json").write_text(json.dumps(data), encoding="utf-8")
    assert load_calls(d)["cerv-nt-2026"].rules.year == 2026


def _edit_list(d: Path, code: str, **changes: object) -> None:
    path = d / "countries" / "cerv-2025.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for a in data["associated"]:
        if a["code"] == code:
            a.update(changes)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_a_confirmed_country_without_a_source_fails(tmp_path: Path) -> None:
    d = _copy_calls(tmp_path)
    _edit_list(d, "ME", status="confirmed")
    with pytest.raises(CallDataError, match="names no source"):
        load_calls(d)


def test_an_unknown_source_fails(tmp_path: Path) -> None:
    d = _copy_calls(tmp_path)
    _edit_list(d, "RS", source="ec-1999")
    with pytest.raises(CallDataError, match="unknown source"):
        load_calls(d)


def test_a_source_that_does_not_name_the_country_fails(tmp_path: Path) -> None:
    d = _copy_calls(tmp_path)
    _edit_list(d, "ME", status="announced", source="ec-newsroom-2023-12-01")
    with pytest.raises(CallDataError, match="does not name ME"):
        load_calls(d)


def test_a_status_stronger_than_its_source_fails(tmp_path: Path) -> None:
    d = _copy_calls(tmp_path)
    _edit_list(d, "RS", status="confirmed")
    with pytest.raises(CallDataError, match="only makes it announced"):
        load_calls(d)


def test_summary_lists_the_eligible_countries() -> None:
    summary = CallSummary.of(default_calls()["cerv-tt-2025"])
    assert "PL" in summary.eligible_countries and "PL" in summary.eu_member_states
    assert summary.name_pl


def _copy_calls(tmp: Path) -> Path:
    src = Path(__file__).resolve().parents[1] / "data" / "calls"
    (tmp / "countries").mkdir()
    for p in src.glob("*.json"):  # calls and sources.json
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
    data["associated"].append(
        {"code": "PL", "name_en": "Poland", "name_pl": "Polska", "status": "unverified"}
    )
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CallDataError, match="twice"):
        load_calls(d)
