from __future__ import annotations

from typing import Any

from matcher.i18n import msg
from tests.api.conftest import Api
from tests.api.seed import BERLIN, KRAKOW, LYON, MUNICH, PARIS


def suggest(api: Api, town_id: str = KRAKOW, **params: Any) -> dict[str, Any]:
    response = api.client.get(f"/api/v1/towns/{town_id}/suggestions", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_suggestions_equal_the_service_result(api: Api) -> None:
    from matcher.results import SuggestionQuery

    body = suggest(api)
    expected = api.service.suggest(SuggestionQuery(town_id=KRAKOW))
    assert body == expected.model_dump(mode="json")
    assert [s["id"] for s in body["suggestions"]] == [MUNICH, BERLIN, PARIS]


def test_suggestions_pass_every_filter_to_the_service(api: Api) -> None:
    suggest(
        api,
        country=["de", "FR"],
        theme="culture-heritage",
        min_population=10,
        max_population=5_000_000,
        max_distance_km=900,
        q="  old town  ",
        include_same_country=True,
        limit=3,
    )
    query = api.service.queries[-1]
    assert query.town_id == KRAKOW
    assert query.target_countries == ["DE", "FR"]
    assert query.themes == ["culture-heritage"]
    assert (query.min_population, query.max_population) == (10, 5_000_000)
    assert query.max_distance_km == 900
    assert query.query == "old town"
    assert query.include_same_country is True
    assert query.limit == 3


def test_suggestion_scores_equal_their_reasons(api: Api) -> None:
    for s in suggest(api)["suggestions"]:
        assert abs(s["score"] - sum(r["contribution"] for r in s["reasons"])) < 1e-9


def test_suggestions_for_unknown_town_are_404(api: Api) -> None:
    response = api.client.get("/api/v1/towns/GN-1/suggestions")
    assert response.status_code == 404
    assert response.json()["detail"] == "Unknown town: GN-1"


def test_suggestions_with_unknown_theme_are_422(api: Api) -> None:
    response = api.client.get(f"/api/v1/towns/{KRAKOW}/suggestions", params={"theme": "golf"})
    assert response.status_code == 422
    assert "golf" in response.json()["detail"]


def test_suggestions_with_min_above_max_population_are_422(api: Api) -> None:
    params = {"min_population": 10, "max_population": 5}
    response = api.client.get(f"/api/v1/towns/{KRAKOW}/suggestions", params=params)
    assert response.status_code == 422


def test_suggestions_with_bad_numbers_are_422(api: Api) -> None:
    url = f"/api/v1/towns/{KRAKOW}/suggestions"
    assert api.client.get(url, params={"limit": 0}).status_code == 422
    assert api.client.get(url, params={"limit": "ten"}).status_code == 422
    assert api.client.get(url, params={"max_distance_km": 0}).status_code == 422
    assert api.client.get(url, params={"min_population": -1}).status_code == 422


def test_suggestions_without_service_are_503(api_without_service: Api) -> None:
    response = api_without_service.client.get(f"/api/v1/towns/{KRAKOW}/suggestions")
    assert response.status_code == 503
    assert "ranker file missing" in response.json()["detail"]
    assert response.json()["detail_pl"].startswith("Usługa")


def test_free_text_search_has_no_source_town(api: Api) -> None:
    response = api.client.get("/api/v1/search", params={"q": "wine", "country": "FR"})
    assert response.status_code == 200
    body = response.json()
    assert body["town"] is None
    assert body["query"] == "wine"
    assert [s["id"] for s in body["suggestions"]] == [PARIS, LYON]


def test_free_text_search_needs_text(api: Api) -> None:
    assert api.client.get("/api/v1/search").status_code == 422
    assert api.client.get("/api/v1/search", params={"q": ""}).status_code == 422
    assert api.client.get("/api/v1/search", params={"q": "   "}).status_code == 422


def test_bad_query_from_the_service_is_422(api: Api) -> None:
    def refuse(query: object) -> object:
        from matcher.service import BadQuery

        raise BadQuery(msg("error.query.nothing"))

    api.service.suggest = refuse  # type: ignore[method-assign, assignment]
    response = api.client.get("/api/v1/search", params={"q": "x"})
    assert response.status_code == 422
    assert response.json()["detail"] == "Give a town, a text, or both."
    assert response.json()["code"] == "error.query.nothing"


def test_explain_returns_the_pair(api: Api) -> None:
    response = api.client.get(f"/api/v1/towns/{KRAKOW}/explain/{PARIS}")
    assert response.status_code == 200
    assert response.json()["id"] == PARIS
    assert response.json()["reasons"]


def test_explain_unknown_candidate_is_404(api: Api) -> None:
    response = api.client.get(f"/api/v1/towns/{KRAKOW}/explain/GN-1")
    assert response.status_code == 404
    assert "GN-1" in response.json()["detail"]


def test_explain_a_town_with_itself_is_422(api: Api) -> None:
    response = api.client.get(f"/api/v1/towns/{KRAKOW}/explain/{KRAKOW}")
    assert response.status_code == 422


def test_explain_without_service_is_503(api_without_service: Api) -> None:
    response = api_without_service.client.get(f"/api/v1/towns/{KRAKOW}/explain/{PARIS}")
    assert response.status_code == 503
