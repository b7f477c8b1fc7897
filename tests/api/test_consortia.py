"""Calls and the consortium builder over HTTP: results, explanations, and every 4xx/503."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from matcher.api.routes.consortia import gather_candidates
from matcher.calls import default_calls
from matcher.models import Town
from matcher.results import SuggestionQuery, TownRef
from tests.api.conftest import Api
from tests.api.seed import BERLIN, KRAKOW, PARIS, WARSZAWA

URL = "/api/v1/consortia"
ROME, VILNIUS, OSLO = "GN-3169070", "GN-593116", "GN-3143244"


@pytest.fixture
def wide(api: Api) -> Api:
    """The seeded API plus towns in Italy, Lithuania and (not eligible) Norway."""
    extra = [(ROME, "Rome", "IT"), (VILNIUS, "Vilnius", "LT"), (OSLO, "Oslo", "NO")]
    with Session(api.engine) as s:
        for id_, name, cc in extra:
            s.add(Town(id=id_, name=name, name_ascii=name.lower(), country_code=cc, kind="place"))
            api.service.towns[id_] = TownRef(id=id_, name=name, country_code=cc)
        s.commit()
    return api


def post(api: Api, **body: object):
    return api.client.post(URL, json=body)


def test_calls_are_listed_with_their_rules(api: Api) -> None:
    r = api.client.get("/api/v1/calls")
    assert r.status_code == 200
    calls = {c["id"]: c for c in r.json()}
    assert set(calls) == {"cerv-tt-2025", "cerv-nt-2025", "cerv-nt-2022"}
    nt = calls["cerv-nt-2025"]
    assert (nt["min_members"], nt["min_countries"], nt["min_eu_countries"]) == (4, 4, 2)
    assert nt["name_pl"] and "UA" in nt["eligible_countries"]


def test_town_twinning_consortium_passes(api: Api) -> None:
    r = post(api, lead_town_id=KRAKOW, call="cerv-tt-2025", size=3)
    assert r.status_code == 200
    result = r.json()
    assert result["passed"] and result["lead"]["id"] == KRAKOW
    assert [m["role"] for m in result["members"]] == ["lead", "partner", "partner"]
    assert all(c["passed"] and c["detail_en"] and c["detail_pl"] for c in result["checks"])
    partner = result["members"][1]
    assert partner["reasons"] and partner["score"] is not None and partner["why_pl"]


def test_networks_of_towns_needs_four_countries(api: Api) -> None:
    """The seed has towns in three countries only: explained, not an error."""
    r = post(api, lead_town_id=KRAKOW, call="cerv-nt-2025", size=4)
    assert r.status_code == 200
    result = r.json()
    assert not result["passed"]
    failed = {c["rule"] for c in result["checks"] if not c["passed"]}
    assert failed == {"min_countries"}
    assert "widen the country filter" in result["explanation_en"]
    assert result["explanation_pl"]


def test_networks_of_towns_passes_with_more_countries_and_skips_norway(wide: Api) -> None:
    r = post(wide, lead_town_id=KRAKOW, call="cerv-nt-2025", size=5)
    result = r.json()
    assert result["passed"], result["explanation_en"]
    countries = [m["town"]["country_code"] for m in result["members"]]
    assert len(set(countries)) >= 4 and "NO" not in countries


def test_country_whitelist_limits_partners(api: Api) -> None:
    result = post(api, lead_town_id=KRAKOW, call="cerv-tt-2025", size=2, countries=["fr"]).json()
    assert [m["town"]["id"] for m in result["members"]] == [KRAKOW, PARIS]
    assert result["passed"]


def test_theme_and_topic_reach_the_ranker(api: Api) -> None:
    r = post(
        api,
        lead_town_id=KRAKOW,
        call="cerv-tt-2025",
        size=2,
        theme="culture-heritage",
        topic="  heritage festivals ",
    )
    assert r.status_code == 200
    query = api.service.queries[0]
    assert query.themes == ["culture-heritage"] and query.query == "heritage festivals"
    assert query.include_same_country and query.town_id == KRAKOW


def test_size_below_the_minimum_is_explained(api: Api) -> None:
    result = post(api, lead_town_id=KRAKOW, call="cerv-nt-2022", size=2).json()
    assert not result["passed"] and "at least 5" in result["explanation_en"]


def test_lead_outside_eligible_countries_is_explained(wide: Api) -> None:
    result = post(wide, lead_town_id=OSLO, call="cerv-tt-2025", size=3).json()
    assert not result["passed"]
    check = next(c for c in result["checks"] if c["rule"] == "eligible_countries")
    assert not check["passed"] and "Oslo (NO)" in check["detail_en"]


def test_missing_countries_are_fetched_country_by_country(api: Api) -> None:
    call = default_calls()["cerv-nt-2025"]
    base = SuggestionQuery(town_id=KRAKOW, include_same_country=True, limit=2)
    ranked = gather_candidates(api.service, base, call, [])
    ids = {s.id for s in ranked}
    assert {BERLIN, PARIS, WARSZAWA} <= ids
    assert [s.rank for s in ranked] == list(range(1, len(ranked) + 1))
    assert len(api.service.queries) > 1


def test_no_extra_queries_when_the_first_list_has_enough_countries(api: Api) -> None:
    call = default_calls()["cerv-tt-2025"]
    base = SuggestionQuery(town_id=KRAKOW, include_same_country=True, limit=2)
    gather_candidates(api.service, base, call, [], "PL")
    assert len(api.service.queries) == 1


# --- 4xx and 503 -----------------------------------------------------------------------------


def test_unknown_lead_is_404(api: Api) -> None:
    r = post(api, lead_town_id="PL-9999999", call="cerv-tt-2025", size=3)
    assert r.status_code == 404


def test_unknown_call_is_422(api: Api) -> None:
    r = post(api, lead_town_id=KRAKOW, call="cerv-xx-2030", size=3)
    assert r.status_code == 422 and "cerv-tt-2025" in r.json()["detail"]


def test_unknown_theme_is_422(api: Api) -> None:
    r = post(api, lead_town_id=KRAKOW, call="cerv-tt-2025", size=3, theme="nope")
    assert r.status_code == 422


@pytest.mark.parametrize(
    "body",
    [
        {"call": "cerv-tt-2025", "size": 3},
        {"lead_town_id": KRAKOW, "call": "cerv-tt-2025", "size": 0},
        {"lead_town_id": KRAKOW, "call": "cerv-tt-2025", "size": 31},
        {"lead_town_id": KRAKOW, "call": "cerv-tt-2025", "size": 3, "countries": ["POL"]},
        {"lead_town_id": KRAKOW, "call": "cerv-tt-2025", "size": 3, "colour": "red"},
        {"lead_town_id": KRAKOW, "call": "cerv-tt-2025", "size": 3, "topic": "x" * 501},
        {"lead_town_id": "PL-1\x00", "call": "cerv-tt-2025", "size": 3},
        {"lead_town_id": KRAKOW, "call": "cerv-tt-2025", "size": 3, "theme": "a\x00"},
        {"lead_town_id": KRAKOW, "call": "CERV TT", "size": 3},
    ],
)
def test_bad_body_is_422(api: Api, body: dict) -> None:
    assert api.client.post(URL, json=body).status_code == 422


def test_no_service_is_503(api_without_service: Api) -> None:
    r = post(api_without_service, lead_town_id=KRAKOW, call="cerv-tt-2025", size=3)
    assert r.status_code == 503 and "ranker file missing" in r.json()["detail"]
