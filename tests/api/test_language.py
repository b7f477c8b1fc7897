"""The API's language: ?lang= or Accept-Language picks the sentences' language; figures,
codes and keys stay language-free; errors speak the reader's language too."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import matcher
from matcher.api.errors import DOMAIN_STATUS
from matcher.errors import DomainError
from tests.api.conftest import Api
from tests.api.seed import KRAKOW, PARIS

SUGGEST = f"/api/v1/towns/{KRAKOW}/suggestions"


@pytest.mark.parametrize(
    ("params", "headers", "lang", "sentence"),
    [
        ({}, {}, "en", "Open to partnerships: 1 partner town"),
        ({"lang": "pl"}, {}, "pl", "Otwarte na współpracę: 1 miasto partnerskie"),
        (
            {},
            {"Accept-Language": "de-DE,de;q=0.9"},
            "de",
            "Offen für Partnerschaften: 1 Partnerstadt",
        ),
        (
            {"lang": "pl"},
            {"Accept-Language": "de"},
            "pl",
            "Otwarte na współpracę: 1 miasto partnerskie",
        ),
        (
            {},
            {"Accept-Language": "fr-FR, pl;q=0.5"},
            "pl",
            "Otwarte na współpracę: 1 miasto partnerskie",
        ),
        ({"lang": "xx"}, {}, "en", "Open to partnerships: 1 partner town"),
    ],
)
def test_sentences_come_in_the_chosen_language(
    api: Api, params: dict[str, str], headers: dict[str, str], lang: str, sentence: str
) -> None:
    r = api.client.get(SUGGEST, params=params, headers=headers)
    assert r.status_code == 200
    assert r.headers["content-language"] == lang
    assert "Accept-Language" in r.headers["vary"]
    reason = r.json()["suggestions"][0]["reasons"][0]
    assert reason["text"] == sentence
    assert reason["factor"] == "fake" and reason["contribution"] == 1.0


def test_deprecated_aliases_stay_for_one_release(api: Api) -> None:
    reason = api.client.get(SUGGEST, params={"lang": "de"}).json()["suggestions"][1]["reasons"][0]
    assert reason["text_en"] == "Open to partnerships: 2 partner towns"
    assert reason["text_pl"] == "Otwarte na współpracę: 2 miasta partnerskie"
    assert "message" not in reason


def test_openapi_documents_the_language_and_the_deprecation(api: Api) -> None:
    schema = api.client.get("/openapi.json").json()
    reason = schema["components"]["schemas"]["Reason"]["properties"]
    assert reason["text_en"]["deprecated"] is True and reason["text_pl"]["deprecated"] is True
    assert "deprecated" not in reason["text"]
    assert "message" not in reason
    error = schema["components"]["schemas"]["ErrorBody"]["properties"]
    assert error["detail_pl"]["deprecated"] is True
    params = {
        p["name"]
        for p in schema["paths"]["/api/v1/towns/{town_id}/suggestions"]["get"]["parameters"]
    }
    assert {"lang", "accept-language"} <= params


@pytest.mark.parametrize(
    ("lang", "detail"),
    [
        ("en", "Unknown town: GN-1"),
        ("pl", "Nieznana miejscowość: GN-1"),
        ("de", "Unbekannter Ort: GN-1"),
    ],
)
def test_domain_errors_speak_the_readers_language(api: Api, lang: str, detail: str) -> None:
    r = api.client.get("/api/v1/towns/GN-1/suggestions", headers={"Accept-Language": lang})
    assert r.status_code == 404
    assert r.headers["content-language"] == lang
    body = r.json()
    assert body["detail"] == detail
    assert body["code"] == "error.town.unknown"
    assert body["detail_pl"] == "Nieznana miejscowość: GN-1"  # deprecated alias


@pytest.mark.parametrize(
    ("params", "lang", "detail"),
    [
        ({"limit": 0}, "en", "Invalid input: “limit” must be at least 1."),
        ({"limit": 0}, "pl", "Nieprawidłowe dane: wartość „limit” musi wynosić co najmniej 1."),
        ({"limit": 0}, "de", "Ungültige Eingabe: „limit“ muss mindestens 1 sein."),
        ({"limit": "ten"}, "de", "Ungültige Eingabe: „limit“ muss eine ganze Zahl sein."),
        (
            {"limit": 500, "max_distance_km": 0},
            "en",
            "Invalid input: “max_distance_km” must be greater than 0 and “limit” must be at"
            " most 200.",
        ),
        ({"q": "x" * 501}, "pl", "Nieprawidłowe dane: wartość „q” może mieć najwyżej 500 znaków."),
        ({"country": "POL"}, "en", "Invalid input: “country[0]” does not have the expected form."),
    ],
)
def test_validation_errors_are_sentences(
    api: Api, params: dict[str, object], lang: str, detail: str
) -> None:
    r = api.client.get(SUGGEST, params={**params, "lang": lang})
    assert r.status_code == 422
    body = r.json()
    assert body["detail"] == detail
    assert all(e["msg"] and e["type"] and e["loc"] for e in body["errors"])
    assert "Input should" not in r.text  # pydantic's English never reaches the reader


def test_a_broken_json_body_is_a_sentence(api: Api) -> None:
    r = api.client.post(
        f"/api/v1/shortlists/{KRAKOW}/items",
        content=b"{not json",
        headers={
            **api.auth(api.keys.curator),
            "Content-Type": "application/json",
            "Accept-Language": "de",
        },
    )
    assert r.status_code == 422
    assert r.json()["detail"] == "Ungültige Eingabe: der Anfragetext ist kein gültiges JSON."


def test_rules_of_the_query_are_the_domains(api: Api) -> None:
    r = api.client.get(SUGGEST, params={"min_population": 10, "max_population": 5, "lang": "pl"})
    assert r.status_code == 422
    assert r.json()["code"] == "error.query.population_range"
    assert (
        r.json()["detail"] == "Minimalna liczba mieszkańców (10) jest większa niż maksymalna (5)."
    )


def test_auth_errors_name_the_role_in_words() -> None:
    from matcher.api.auth import STAFF_ROLES, check_role
    from matcher.api.errors import ApiError
    from matcher.i18n import render
    from matcher.models import User

    with pytest.raises(ApiError) as info:
        check_role(User(name="ed", role="editor", key_hash="x"), STAFF_ROLES)
    assert info.value.message is not None
    assert render(info.value.message, "pl") == (
        "Rola „redaktor gminy” nie ma do tego uprawnień; potrzebna: kurator i administrator."
    )
    assert render(info.value.message, "de") == (
        "Die Rolle „Gemeinderedaktion“ darf das nicht; nötig ist: Kuration und Administration."
    )


def test_editor_of_another_town_is_told_in_polish(api: Api) -> None:
    r = api.client.get(
        f"/api/v1/shortlists/{PARIS}",
        headers={**api.auth(api.keys.editor), "Accept-Language": "pl"},
    )
    assert r.status_code == 403
    assert (
        r.json()["detail"] == f"Ten klucz nie uprawnia do działań w imieniu miejscowości {PARIS}."
    )


def test_unknown_path_and_method_speak_german(api: Api) -> None:
    r = api.client.get("/api/v1/nothing", headers={"Accept-Language": "de"})
    assert (r.status_code, r.json()["detail"]) == (
        404,
        "Diesen API-Pfad gibt es nicht; die vorhandenen Pfade stehen unter /docs.",
    )
    assert r.headers["content-language"] == "de"


def test_nul_in_the_url_is_refused_in_the_readers_language(api: Api) -> None:
    r = api.client.get("/api/v1/towns/PL%00", headers={"Accept-Language": "de"})
    assert r.status_code == 422
    assert r.json()["detail"] == "Die URL enthält ein NUL-Zeichen."


def _domain_errors() -> set[type[DomainError]]:
    for info in pkgutil.walk_packages(matcher.__path__, "matcher."):
        if ".migrations" not in info.name:
            importlib.import_module(info.name)
    found: set[type[DomainError]] = set()
    todo = [DomainError]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            found.add(sub)
            todo.append(sub)
    return found


def test_every_domain_error_has_its_status_in_the_one_table() -> None:
    missing = {
        cls.__qualname__
        for cls in _domain_errors()
        if not any(base in DOMAIN_STATUS for base in cls.__mro__)
    }
    assert missing == set(), "add them to matcher.api.errors.DOMAIN_STATUS"
