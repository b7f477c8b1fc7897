"""Calls and the consortium builder over HTTP: results, explanations, and every 4xx/503."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from matcher.api.routes.consortia import gather_candidates
from matcher.calls import default_calls
from matcher.models import Town, TownTheme
from matcher.results import SuggestionQuery, TownRef
from tests.api.conftest import Api
from tests.api.seed import BERLIN, KRAKOW, PARIS, WARSZAWA

URL = "/api/v1/consortia"
ROME, VILNIUS, OSLO = "GN-3169070", "GN-593116", "GN-3143244"


def _theme_everyone(api: Api, extra: list[tuple[str, str, str, int]]) -> None:
    with Session(api.engine) as s:
        for id_, name, cc, pop in extra:
            s.add(
                Town(
                    id=id_,
                    name=name,
                    name_ascii=name.lower(),
                    country_code=cc,
                    kind="place",
                    population=pop,
                )
            )
            api.service.towns[id_] = TownRef(id=id_, name=name, country_code=cc, population=pop)
        s.flush()
        have = {t.town_id for t in s.exec(select(TownTheme)).all()}
        for town in s.exec(select(Town)).all():
            if town.id not in have:
                s.add(
                    TownTheme(
                        town_id=town.id,
                        theme_code="culture-heritage",
                        source_kind="network",
                        source_id="cittaslow",
                        evidence="Cittaslow",
                    )
                )
        s.commit()


@pytest.fixture
def themed(api: Api) -> Api:
    """The seeded API where every town works on culture and heritage (Cittaslow)."""
    _theme_everyone(api, [])
    return api


@pytest.fixture
def wide(api: Api) -> Api:
    """``themed`` plus towns in Italy, Lithuania and (not eligible) Norway."""
    extra = [
        (ROME, "Rome", "IT", 2_800_000),
        (VILNIUS, "Vilnius", "LT", 580_000),
        (OSLO, "Oslo", "NO", 700_000),
    ]
    _theme_everyone(api, extra)
    return api


def post(api: Api, lang: str = "en", **body: object) -> Any:
    return api.client.post(URL, json=body, headers={"Accept-Language": lang})


def test_calls_are_listed_with_their_rules_and_sources(api: Api) -> None:
    r = api.client.get("/api/v1/calls", headers={"Accept-Language": "de"})
    assert r.status_code == 200
    calls = {c["id"]: c for c in r.json()}
    assert set(calls) == {"cerv-tt-2025", "cerv-nt-2025", "cerv-nt-2022"}
    nt = calls["cerv-nt-2025"]
    assert (nt["min_members"], nt["min_countries"], nt["min_eu_countries"]) == (4, 4, 2)
    assert nt["name"] == "CERV Städtenetzwerke 2025" and "UA" in nt["eligible_countries"]
    status = {a["code"]: a["status"] for a in nt["associated"]}
    assert status["UA"] == "announced" and status["ME"] == "unverified"
    source = next(a["source"] for a in nt["associated"] if a["code"] == "RS")
    assert source["date"] == "2023-12-01" and source["says"]


def test_town_twinning_consortium_passes_with_fit_reasons(themed: Api) -> None:
    r = post(themed, lead_town_id=KRAKOW, call="cerv-tt-2025", size=3)
    assert r.status_code == 200
    result = r.json()
    assert result["passed"] and result["lead"]["id"] == KRAKOW
    assert [m["role"] for m in result["members"]] == ["lead", "partner", "partner"]
    assert all(c["passed"] and c["text"] for c in result["checks"])
    partner = result["members"][1]
    assert partner["reasons"] and partner["score"] is not None
    kinds = [f["kind"] for f in partner["fit"]]
    assert {"rank", "country", "population", "theme"} <= set(kinds)
    theme = next(f["text"] for f in partner["fit"] if f["kind"] == "theme")
    assert theme == "Shares the theme Culture and heritage (Cittaslow)"


def test_networks_of_towns_needs_four_countries_and_says_so(themed: Api) -> None:
    """The seed has towns in three countries only, one each allowed at size 4: explained,
    not an error; the third place stays empty rather than break the share per country."""
    r = post(themed, lead_town_id=KRAKOW, call="cerv-nt-2025", size=4)
    assert r.status_code == 200
    result = r.json()
    assert not result["passed"] and len(result["members"]) == 3
    failed = {c["rule"]: c for c in result["checks"] if not c["passed"]}
    assert set(failed) == {"min_countries", "min_members"}
    assert failed["min_countries"]["text"].startswith("Add one more eligible country")
    assert "widen the country filter" not in result["summary"]["text"]


def test_networks_of_towns_passes_with_more_countries_and_skips_norway(wide: Api) -> None:
    result = post(wide, lead_town_id=KRAKOW, call="cerv-nt-2025", size=5).json()
    assert result["passed"], [c["text"] for c in result["checks"] if not c["passed"]]
    countries = [m["town"]["country_code"] for m in result["members"]]
    assert len(set(countries)) >= 4 and "NO" not in countries


def test_country_filter_limits_partners_and_suggests_widening_it(wide: Api) -> None:
    result = post(wide, lead_town_id=KRAKOW, call="cerv-nt-2025", size=4, countries=["fr"]).json()
    assert {m["town"]["country_code"] for m in result["members"][1:]} == {"FR"}
    check = next(c for c in result["checks"] if c["rule"] == "min_countries")
    assert "outside your country filter" in check["text"]


def test_pin_and_exclude(wide: Api) -> None:
    result = post(
        wide,
        lead_town_id=KRAKOW,
        call="cerv-nt-2025",
        size=5,
        pinned=[VILNIUS],
        excluded=[PARIS],
    ).json()
    ids = [m["town"]["id"] for m in result["members"]]
    assert ids[1] == VILNIUS and result["members"][1]["pinned"]
    assert PARIS not in ids and result["excluded"] == [PARIS]


def test_swap_one_member(wide: Api) -> None:
    first = post(wide, lead_town_id=KRAKOW, call="cerv-nt-2025", size=5).json()
    partners = [m["town"]["id"] for m in first["members"][1:]]
    out = partners[0]
    r = post(
        wide,
        lead_town_id=KRAKOW,
        call="cerv-nt-2025",
        size=5,
        members=partners,
        swap=out,
    )
    assert r.status_code == 200
    after = r.json()
    ids = [m["town"]["id"] for m in after["members"]]
    assert out not in ids and set(partners[1:]) <= set(ids)
    assert out in after["excluded"]


def test_answers_in_polish(themed: Api) -> None:
    result = post(themed, "pl", lead_town_id=KRAKOW, call="cerv-nt-2025", size=4).json()
    check = next(c for c in result["checks"] if c["rule"] == "min_countries")
    assert check["text"].startswith("Dodaj jeszcze jeden")
    assert result["call_name"] == "CERV Sieci miast 2025"


def test_theme_and_topic_reach_the_ranker(themed: Api) -> None:
    r = post(
        themed,
        lead_town_id=KRAKOW,
        call="cerv-tt-2025",
        size=2,
        theme="culture-heritage",
        topic="  heritage festivals ",
    )
    assert r.status_code == 200
    query = themed.service.queries[0]
    assert query.themes == ["culture-heritage"] and query.query == "heritage festivals"
    assert query.include_same_country and query.town_id == KRAKOW


def test_lead_outside_eligible_countries_is_explained(wide: Api) -> None:
    result = post(wide, lead_town_id=OSLO, call="cerv-tt-2025", size=3).json()
    assert not result["passed"]
    check = next(c for c in result["checks"] if c["rule"] == "eligible_countries")
    assert not check["passed"] and "Oslo" in check["text"]


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
    assert r.json()["code"] == "error.call.unknown"


@pytest.mark.parametrize(
    ("lang", "size", "sentence"),
    [
        (
            "en",
            40,
            "A consortium for CERV Networks of Towns 2025 has 4 to 30 towns, lead included;"
            " you asked for 40.",
        ),
        (
            "pl",
            2,
            "Konsorcjum w naborze CERV Sieci miast 2025 liczy od 4 do 30 miast razem z liderem;"
            " podano 2.",
        ),
        ("de", -1, "Ein Konsortium für CERV Städtenetzwerke 2025 hat 4 bis 30 Städte"),
    ],
)
def test_size_out_of_range_is_a_sentence(api: Api, lang: str, size: int, sentence: str) -> None:
    r = post(api, lang, lead_town_id=KRAKOW, call="cerv-nt-2025", size=size)
    assert r.status_code == 422
    body = r.json()
    assert body["detail"].startswith(sentence) and body["code"] == "error.consortium.size"
    assert "errors" not in body


def test_too_many_pins_is_422(themed: Api) -> None:
    r = post(themed, lead_town_id=KRAKOW, call="cerv-tt-2025", size=2, pinned=[BERLIN, PARIS])
    assert r.status_code == 422 and "room for 1" in r.json()["detail"]


def test_pinned_and_excluded_is_422(themed: Api) -> None:
    r = post(
        themed,
        lead_town_id=KRAKOW,
        call="cerv-tt-2025",
        size=3,
        pinned=[BERLIN],
        excluded=[BERLIN],
    )
    assert r.status_code == 422 and "Both pinned and excluded" in r.json()["detail"]


def test_pinning_the_lead_is_422(themed: Api) -> None:
    r = post(themed, lead_town_id=KRAKOW, call="cerv-tt-2025", size=3, pinned=[KRAKOW])
    assert r.status_code == 422 and "leads the consortium" in r.json()["detail"]


def test_pinning_an_unknown_town_is_404(themed: Api) -> None:
    r = post(themed, lead_town_id=KRAKOW, call="cerv-tt-2025", size=3, pinned=["PL-9999999"])
    assert r.status_code == 404


def test_swapping_a_non_member_is_422(themed: Api) -> None:
    r = post(
        themed,
        lead_town_id=KRAKOW,
        call="cerv-tt-2025",
        size=3,
        members=[BERLIN],
        swap=PARIS,
    )
    assert r.status_code == 422 and "not a member" in r.json()["detail"]


def test_unknown_theme_is_422(api: Api) -> None:
    r = post(api, lead_town_id=KRAKOW, call="cerv-tt-2025", size=3, theme="nope")
    assert r.status_code == 422


@pytest.mark.parametrize(
    "body",
    [
        {"call": "cerv-tt-2025", "size": 3},
        {"lead_town_id": KRAKOW, "call": "cerv-tt-2025", "size": "four"},
        {"lead_town_id": KRAKOW, "call": "cerv-tt-2025", "size": 3, "pinned": ["Berlin"]},
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


# --- export ----------------------------------------------------------------------------------


def test_export_keeps_the_members_and_answers_in_the_readers_language(wide: Api) -> None:
    first = post(wide, lead_town_id=KRAKOW, call="cerv-nt-2025", size=5).json()
    partners = [m["town"]["id"] for m in first["members"][1:]]
    body = {"lead_town_id": KRAKOW, "call": "cerv-nt-2025", "size": 5, "members": partners}
    r = wide.client.post(
        f"{URL}/export", params={"format": "xlsx"}, json=body, headers={"Accept-Language": "pl"}
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd")
    assert "attachment" in r.headers["content-disposition"]
    book = load_workbook(io.BytesIO(r.content))
    rows = list(book["Członkowie"].values)
    assert [row[1] for row in rows[1:]] == [m["town"]["name"] for m in first["members"]]
    pdf = wide.client.post(f"{URL}/export", params={"format": "pdf"}, json=body)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_export_in_an_unknown_format_is_422(api: Api) -> None:
    r = api.client.post(
        f"{URL}/export",
        params={"format": "docx"},
        json={"lead_town_id": KRAKOW, "call": "cerv-tt-2025", "size": 2},
    )
    assert r.status_code == 422
