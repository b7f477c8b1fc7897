from __future__ import annotations

from tests.api.conftest import Api
from tests.api.seed import KRAKOW


def test_me_names_the_key_owner(api: Api) -> None:
    response = api.client.get("/api/v1/me", headers=api.auth(api.keys.editor))
    assert response.json() == {"name": "krakow-editor", "role": "editor", "town_id": KRAKOW}


def test_me_without_key_is_401(api: Api) -> None:
    response = api.client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "X-API-Key"
    assert "X-API-Key" in response.json()["detail"]


def test_me_with_unknown_key_is_401(api: Api) -> None:
    response = api.client.get("/api/v1/me", headers=api.auth("mk_not-a-key"))
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid API key."
