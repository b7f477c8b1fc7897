"""The API on the real ranking service (fitted on the API seed, fake vectors), end to end.

The other API tests use a fake service to test the routes in isolation; these check that the
routes and the real ranker agree: reasons add up, exclusions and filters hold, profile edits
and curation decisions reach the next suggestions, and the API returns what the CLI's code
path (``RankingService.suggest``) returns for the same input.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from matcher.api.app import create_app
from matcher.config import Settings
from matcher.models import TownProfile
from matcher.ranking.features import FACTORS
from matcher.ranking.service import RankingService
from matcher.results import SuggestionQuery
from tests.api.seed import BERLIN, KRAKOW, LYON, MUNICH, PARIS, WARSZAWA, Keys, seed, towns
from tests.support.real_service import real_service

V1 = "/api/v1"
COORDS = {t.id: (t.latitude or 0.0, t.longitude or 0.0) for t in towns()}
POPULATION = {t.id: t.population or 0 for t in towns()}
COUNTRY = {t.id: t.country_code for t in towns()}

# Profile texts for the towns abroad, so the text factor has something to compare (the API
# seed alone gives text to Kraków only, and the ranker would learn no weight for it).
PROFILES = {
    LYON: "Historic city of silk weaving, gastronomy and heritage on two rivers.",
    PARIS: "Capital city of museums, fashion, heritage and culture on the Seine.",
    MUNICH: "Bavarian capital of beer gardens, engineering and football.",
    BERLIN: "Capital city of start-ups, techno clubs and contemporary art.",
}


@dataclass
class RealApi:
    client: TestClient
    service: RankingService
    keys: Keys

    def get(self, path: str, **params: Any) -> Any:
        res = self.client.get(f"{V1}{path}", params=params)
        assert res.status_code == 200, res.text
        return res.json()

    def suggestions(self, town_id: str, **params: Any) -> list[dict[str, Any]]:
        data: list[dict[str, Any]] = self.get(f"/towns/{town_id}/suggestions", **params)[
            "suggestions"
        ]
        return data

    def ids(self, town_id: str, **params: Any) -> list[str]:
        return [s["id"] for s in self.suggestions(town_id, limit=50, **params)]


@pytest.fixture
def real(engine: Engine, tmp_path: Any) -> Iterator[RealApi]:
    """The app over the API seed plus a few profiles, with the real ranker fitted on it."""
    keys = seed(engine)
    with Session(engine) as session:
        session.add_all(
            TownProfile(town_id=town_id, description=text, offers="", seeks="")
            for town_id, text in PROFILES.items()
        )
        session.commit()
    settings = Settings(var_dir=tmp_path)
    service = real_service(engine, settings)
    app = create_app(settings, engine=engine, service=service)
    with TestClient(app) as client:
        yield RealApi(client=client, service=service, keys=keys)


def distance_km(a: str, b: str) -> float:
    (la1, lo1), (la2, lo2) = (map(math.radians, COORDS[a]), map(math.radians, COORDS[b]))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def reason(suggestion: dict[str, Any], factor: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in suggestion["reasons"] if r["factor"] == factor)
    return found


def similarity(text_reason: dict[str, Any]) -> float:
    value: float = text_reason["evidence"]["similarity"]
    return value


def test_suggestions_reasons_add_up_to_the_score(real: RealApi) -> None:
    found = real.suggestions(KRAKOW)
    assert found
    for s in found:
        assert sum(r["contribution"] for r in s["reasons"]) == pytest.approx(s["score"], abs=1e-6)
        assert set(FACTORS) <= {r["factor"] for r in s["reasons"]}
        assert all(r["text_en"] and r["text_pl"] for r in s["reasons"])
    scores = [s["score"] for s in found]
    assert scores == sorted(scores, reverse=True)
    assert [s["rank"] for s in found] == list(range(1, len(found) + 1))


def test_no_self_partner_or_same_country(real: RealApi) -> None:
    ids = real.ids(KRAKOW)
    assert ids
    assert KRAKOW not in ids
    assert LYON not in ids  # an existing partner
    assert all(COUNTRY[i] != "PL" for i in ids)


def test_same_country_when_asked(real: RealApi) -> None:
    assert WARSZAWA in real.ids(KRAKOW, include_same_country="true")


def test_country_filter(real: RealApi) -> None:
    ids = real.ids(KRAKOW, country="DE")
    assert sorted(ids) == sorted([BERLIN, MUNICH])


def test_population_filter(real: RealApi) -> None:
    ids = real.ids(KRAKOW, min_population=2_000_000)
    assert ids
    assert all(POPULATION[i] >= 2_000_000 for i in ids)
    assert MUNICH not in ids


def test_distance_filter(real: RealApi) -> None:
    ids = real.ids(KRAKOW, max_distance_km=900)
    assert ids
    assert all(distance_km(KRAKOW, i) <= 900 for i in ids)
    assert PARIS not in ids


def test_theme_filter(real: RealApi) -> None:
    assert len(real.ids(BERLIN)) > 1
    assert real.ids(BERLIN, theme="culture-heritage") == [KRAKOW]  # the one town with it


def test_explain_a_pair_matches_the_ranked_list(real: RealApi) -> None:
    listed = {s["id"]: s for s in real.suggestions(KRAKOW)}
    pair = real.get(f"/towns/{KRAKOW}/explain/{PARIS}")
    assert pair["id"] == PARIS
    assert pair["score"] == pytest.approx(listed[PARIS]["score"], abs=1e-6)
    assert {r["factor"] for r in pair["reasons"]} == {r["factor"] for r in listed[PARIS]["reasons"]}
    assert sum(r["contribution"] for r in pair["reasons"]) == pytest.approx(pair["score"], abs=1e-6)


def test_explain_with_a_wish_matches_the_wished_list(real: RealApi) -> None:
    wish = "museums, fashion and heritage"
    listed = {s["id"]: s for s in real.suggestions(KRAKOW, q=wish)}
    compared = [c for c in (PARIS, LYON, MUNICH) if c in listed]
    assert compared
    for candidate in compared:
        pair = real.get(f"/towns/{KRAKOW}/explain/{candidate}", q=wish)
        assert pair["score"] == pytest.approx(listed[candidate]["score"], abs=1e-6)
        assert [(r["factor"], r["contribution"]) for r in pair["reasons"]] == [
            (r["factor"], r["contribution"]) for r in listed[candidate]["reasons"]
        ]


def test_free_text_search(real: RealApi) -> None:
    data = real.get("/search", q=PROFILES[LYON], limit=10)
    assert data["town"] is None
    found = data["suggestions"]
    assert found
    for s in found:
        assert reason(s, "query")["text_en"]
        assert sum(r["contribution"] for r in s["reasons"]) == pytest.approx(s["score"], abs=1e-6)
    assert found[0]["id"] == LYON  # its own words
    assert reason(found[0], "query")["evidence"]["similarity"] == pytest.approx(1, abs=1e-3)


def test_free_text_search_with_a_country(real: RealApi) -> None:
    found = real.get("/search", q="heritage and culture", country="FR")["suggestions"]
    assert found
    assert all(COUNTRY[s["id"]] == "FR" for s in found)


def test_same_result_as_the_cli_code_path(real: RealApi) -> None:
    params = {"country": ["DE", "FR"], "q": "museums and heritage", "limit": 5}
    api = real.get(f"/towns/{KRAKOW}/suggestions", **params)
    cli = real.service.suggest(
        SuggestionQuery(
            town_id=KRAKOW, target_countries=["DE", "FR"], query="museums and heritage", limit=5
        )
    )
    assert api == cli.model_dump(mode="json")


def test_profile_edit_changes_the_text_reason_both_ways(real: RealApi) -> None:
    before = {s["id"]: reason(s, "text") for s in real.suggestions(KRAKOW)}
    back_before = reason(real.get(f"/towns/{PARIS}/explain/{KRAKOW}"), "text")
    res = real.client.put(
        f"{V1}/towns/{KRAKOW}/profile",
        headers={"X-API-Key": real.keys.editor},
        json={
            "description": PROFILES[PARIS],  # Kraków now describes itself as Paris does
            "offers": "",
            "seeks": "",
            "themes": ["culture-heritage"],
            "languages": ["pl", "en"],
            "contact_name": "",
            "version": 0,
        },
    )
    assert res.status_code == 200, res.text
    after = {s["id"]: reason(s, "text") for s in real.suggestions(KRAKOW)}
    assert after[PARIS]["text_en"] != before[PARIS]["text_en"]
    assert similarity(after[PARIS]) > similarity(before[PARIS]) + 0.2
    assert after[PARIS]["contribution"] != before[PARIS]["contribution"]
    back_after = reason(real.get(f"/towns/{PARIS}/explain/{KRAKOW}"), "text")
    assert similarity(back_after) == pytest.approx(similarity(after[PARIS]), abs=1e-3)
    assert similarity(back_after) > similarity(back_before) + 0.2


def add_item(real: RealApi, town_id: str, candidate_id: str) -> dict[str, Any]:
    res = real.client.post(
        f"{V1}/shortlists/{town_id}/items",
        headers={"X-API-Key": real.keys.curator},
        json={"candidate_id": candidate_id, "note": ""},
    )
    assert res.status_code == 201, res.text
    item: dict[str, Any] = res.json()
    return item


def move(real: RealApi, town_id: str, item: dict[str, Any], status: str) -> dict[str, Any]:
    res = real.client.patch(
        f"{V1}/shortlists/{town_id}/items/{item['id']}",
        headers={"X-API-Key": real.keys.curator},
        json={"status": status, "note": f"to {status}", "version": item["version"]},
    )
    assert res.status_code == 200, res.text
    moved: dict[str, Any] = res.json()
    return moved


def test_declined_pair_is_never_suggested_again_both_ways(real: RealApi) -> None:
    assert BERLIN in real.ids(KRAKOW)
    assert KRAKOW in real.ids(BERLIN)
    move(real, KRAKOW, add_item(real, KRAKOW, BERLIN), "declined")
    assert BERLIN not in real.ids(KRAKOW)
    assert KRAKOW not in real.ids(BERLIN)
    assert MUNICH in real.ids(KRAKOW)  # only that pair


def test_accepted_pair_becomes_a_partnership(real: RealApi) -> None:
    assert PARIS in real.ids(KRAKOW)
    item = add_item(real, KRAKOW, PARIS)
    for status in ("proposed", "contacted", "accepted"):
        item = move(real, KRAKOW, item, status)
    assert item["status"] == "accepted"
    assert PARIS not in real.ids(KRAKOW)
    assert KRAKOW not in real.ids(PARIS)
    partners = {p["id"] for p in real.get(f"/towns/{KRAKOW}")["partners"]}
    assert partners == {LYON, PARIS}
