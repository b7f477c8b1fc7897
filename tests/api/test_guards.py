from __future__ import annotations

from tests.api.conftest import Api


def test_nul_in_the_path_is_422(api: Api) -> None:
    response = api.client.get("/api/v1/towns/PL%00")
    assert response.status_code == 422
    assert response.json()["detail"] == "The URL contains a NUL character."


def test_nul_in_the_query_is_422(api: Api) -> None:
    response = api.client.get("/api/v1/towns", params={"q": "Kra\x00ków"})
    assert response.status_code == 422
