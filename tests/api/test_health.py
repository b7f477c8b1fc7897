from __future__ import annotations

from tests.api.conftest import Api


def test_health_ok_when_everything_is_loaded(api: Api) -> None:
    body = api.client.get("/api/v1/health").json()
    assert body["status"] == "ok"
    assert body["database"] is True
    assert body["towns"] == 6
    assert body["ranker"] is True
    assert body["model_id"] == "fake-encoder"
    assert body["missing"] == []


def test_health_degraded_names_the_missing_service(api_without_service: Api) -> None:
    body = api_without_service.client.get("/api/v1/health").json()
    assert body["status"] == "degraded"
    assert body["database"] is True
    assert body["towns"] == 6
    assert body["ranker"] is False
    assert any("ranker file missing" in m for m in body["missing"])


def test_docs_page_is_served(api: Api) -> None:
    response = api.client.get("/docs")
    assert response.status_code == 200
    assert "swagger" in response.text.lower()


def test_unknown_path_is_404_json(api: Api) -> None:
    response = api.client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    body = response.json()
    assert body["detail"].startswith("There is no such API path")
    assert body["code"] == "ops.no_such_path"
    polish = api.client.get("/api/v1/nothing-here", headers={"Accept-Language": "pl"})
    assert polish.json()["detail"].startswith("Nie ma takiej ścieżki API")
    assert polish.headers["content-language"] == "pl"
