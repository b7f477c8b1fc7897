"""The OpenAPI document states what the server enforces: every write body refuses unknown
fields, texts refuse NUL, vocabularies are enums."""

from __future__ import annotations

from typing import Any

from matcher.api.app import create_app
from matcher.config import Settings
from tests.api.conftest import Api


def _document() -> dict[str, Any]:
    return create_app(Settings(), load_service=False).openapi()


def _body_schemas(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {}
    components = document["components"]["schemas"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                name = media["schema"]["$ref"].rsplit("/", 1)[-1]
                found[f"{method.upper()} {path}"] = components[name]
    return found


def test_every_write_body_refuses_unknown_fields() -> None:
    bodies = _body_schemas(_document())
    assert bodies, "no write bodies found"
    open_bodies = [
        op for op, schema in bodies.items() if schema.get("additionalProperties") is not False
    ]
    assert open_bodies == []


def test_an_unknown_field_is_422_naming_it(api: Api) -> None:
    from tests.api.seed import BERLIN, KRAKOW

    response = api.client.post(
        f"/api/v1/shortlists/{KRAKOW}/items",
        json={"candidate_id": BERLIN, "notes": "typo"},
        headers=api.auth(api.keys.curator),
    )
    assert response.status_code == 422
    assert "notes" in response.json()["detail"]


def test_texts_refuse_nul_and_calls_are_an_enum() -> None:
    document = _document()
    search = document["paths"]["/api/v1/search"]["get"]
    q = next(p for p in search["parameters"] if p["name"] == "q")
    assert "\\x00" in q["schema"]["pattern"]
    town_id = document["paths"]["/api/v1/towns/{town_id}"]["get"]["parameters"][0]
    assert town_id["schema"]["pattern"] == "^[^\\x00]*$"
    consortium = document["components"]["schemas"]["ConsortiumRequest"]["properties"]["call"]
    assert "cerv-nt-2025" in consortium["enum"]


def test_theme_codes_come_from_the_database(api: Api) -> None:
    document = api.client.get("/openapi.json").json()
    suggestions = document["paths"]["/api/v1/towns/{town_id}/suggestions"]["get"]
    theme = next(p for p in suggestions["parameters"] if p["name"] == "theme")
    assert theme["schema"]["items"]["enum"] == ["climate-energy", "culture-heritage"]
