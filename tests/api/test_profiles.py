"""The profile routes: versioned writes, validation, the role matrix, contacts only for
signed-in readers, completeness, and concurrent writers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from matcher.api.app import create_app
from matcher.config import Settings
from matcher.db import create_all
from matcher.models import TownProfile
from tests.api.conftest import Api
from tests.api.fakes import FakeService
from tests.api.seed import KRAKOW, PARIS, WARSZAWA, seed, town_refs

URL = f"/api/v1/towns/{KRAKOW}/profile"


def body(version: int = 0, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "description": "Royal city on the Vistula.",
        "offers": "Heritage management know-how",
        "seeks": "Partners for youth exchanges",
        "themes": ["culture-heritage"],
        "languages": ["pl", "EN"],
        "preferred_countries": ["de", "FR"],
        "seeking": True,
        "contact_name": "Anna Nowak",
        "contact_role": "International relations officer",
        "contact_email": "international@krakow.example",
        "contact_phone": "+48 12 616 12 34",
        "version": version,
    }
    data.update(changes)
    return data


def test_a_town_without_profile_reads_as_version_0(api: Api) -> None:
    response = api.client.get(URL)
    assert response.status_code == 200
    assert response.json()["version"] == 0
    assert response.json()["description"] == ""


def test_editor_creates_the_profile_of_own_town(api: Api) -> None:
    response = api.client.put(URL, json=body(), headers=api.auth(api.keys.editor))
    assert response.status_code == 200, response.text
    saved = response.json()
    assert saved["version"] == 1
    assert saved["languages"] == ["pl", "en"]
    assert saved["updated_by"] == "krakow-editor"
    assert api.client.get(URL, headers=api.auth(api.keys.editor)).json() == saved


def test_saving_refreshes_the_service(api: Api) -> None:
    api.client.put(URL, json=body(), headers=api.auth(api.keys.editor))
    assert api.service.refreshed == [KRAKOW]


def test_profile_appears_in_town_detail_with_theme_evidence(api: Api) -> None:
    api.client.put(URL, json=body(themes=["climate-energy"]), headers=api.auth(api.keys.editor))
    detail = api.client.get(f"/api/v1/towns/{KRAKOW}").json()
    assert detail["profile"]["themes"] == ["climate-energy"]
    kinds = {t["code"]: [e["source_kind"] for e in t["evidence"]] for t in detail["themes"]}
    assert kinds["climate-energy"] == ["profile"]
    assert kinds["culture-heritage"] == ["network"]


def test_updating_replaces_profile_theme_evidence(api: Api) -> None:
    headers = api.auth(api.keys.editor)
    api.client.put(URL, json=body(themes=["climate-energy"]), headers=headers)
    api.client.put(URL, json=body(1, themes=[]), headers=headers)
    detail = api.client.get(f"/api/v1/towns/{KRAKOW}").json()
    assert [t["code"] for t in detail["themes"]] == ["culture-heritage"]


def test_update_with_current_version_increments_it(api: Api) -> None:
    headers = api.auth(api.keys.editor)
    api.client.put(URL, json=body(), headers=headers)
    response = api.client.put(URL, json=body(1, description="New text"), headers=headers)
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.json()["description"] == "New text"


def test_stale_version_is_409_and_changes_nothing(api: Api) -> None:
    headers = api.auth(api.keys.editor)
    api.client.put(URL, json=body(), headers=headers)
    api.client.put(URL, json=body(1, description="First writer"), headers=headers)
    response = api.client.put(URL, json=body(1, description="Second writer"), headers=headers)
    assert response.status_code == 409
    assert "version 2" in response.json()["detail"]
    assert api.client.get(URL).json()["description"] == "First writer"


def test_creating_over_an_existing_profile_is_409(api: Api) -> None:
    headers = api.auth(api.keys.editor)
    api.client.put(URL, json=body(), headers=headers)
    assert api.client.put(URL, json=body(0), headers=headers).status_code == 409


def test_updating_a_profile_that_does_not_exist_is_409(api: Api) -> None:
    response = api.client.put(URL, json=body(3), headers=api.auth(api.keys.editor))
    assert response.status_code == 409
    assert "version 0" in response.json()["detail"]


def test_curator_and_admin_may_edit_any_town(api: Api) -> None:
    url = f"/api/v1/towns/{PARIS}/profile"
    assert api.client.put(url, json=body(), headers=api.auth(api.keys.curator)).status_code == 200
    assert api.client.put(url, json=body(1), headers=api.auth(api.keys.admin)).status_code == 200


def test_editor_of_another_town_is_403(api: Api) -> None:
    response = api.client.put(URL, json=body(), headers=api.auth(api.keys.other_editor))
    assert response.status_code == 403
    assert KRAKOW in response.json()["detail"]


def test_writing_without_key_is_401(api: Api) -> None:
    assert api.client.put(URL, json=body()).status_code == 401


def test_writing_with_unknown_key_is_401(api: Api) -> None:
    assert api.client.put(URL, json=body(), headers=api.auth("mk_nope")).status_code == 401


def test_profile_of_unknown_town_is_404(api: Api) -> None:
    url = "/api/v1/towns/PL-0000000/profile"
    assert api.client.get(url).status_code == 404
    assert api.client.put(url, json=body(), headers=api.auth(api.keys.admin)).status_code == 404


def test_unknown_theme_is_422(api: Api) -> None:
    response = api.client.put(URL, json=body(themes=["golf"]), headers=api.auth(api.keys.editor))
    assert response.status_code == 422
    assert "golf" in response.json()["detail"]


def test_unknown_language_is_422(api: Api) -> None:
    payload = body(languages=["pl", "xx"])
    response = api.client.put(URL, json=payload, headers=api.auth(api.keys.editor))
    assert response.status_code == 422
    assert "xx" in response.json()["detail"]


def test_missing_version_is_422(api: Api) -> None:
    payload = body()
    del payload["version"]
    response = api.client.put(URL, json=payload, headers=api.auth(api.keys.editor))
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "version"]


def test_too_long_text_is_422(api: Api) -> None:
    payload = body(description="x" * 5001)
    assert api.client.put(URL, json=payload, headers=api.auth(api.keys.editor)).status_code == 422


def test_saved_profile_survives_a_failing_refresh(api: Api) -> None:
    def broken(town_id: str) -> None:
        raise RuntimeError("encoder crashed")

    api.service.refresh_profile = broken  # type: ignore[method-assign]
    response = api.client.put(URL, json=body(), headers=api.auth(api.keys.editor))
    assert response.status_code == 200
    assert api.client.get(URL).json()["version"] == 1


def test_profile_can_be_saved_without_a_service(api_without_service: Api) -> None:
    api = api_without_service
    response = api.client.put(URL, json=body(), headers=api.auth(api.keys.editor))
    assert response.status_code == 200


def test_nul_in_profile_text_is_422(api: Api) -> None:
    payload = body(description="a\x00b")
    assert api.client.put(URL, json=payload, headers=api.auth(api.keys.editor)).status_code == 422


def test_saved_profile_keeps_every_field(api: Api) -> None:
    response = api.client.put(URL, json=body(), headers=api.auth(api.keys.editor))
    saved = response.json()
    assert saved["preferred_countries"] == ["DE", "FR"]
    assert saved["seeking"] is True
    assert saved["seeking_now"] is True
    assert saved["seeking_since"] == date.today().isoformat()
    assert saved["seeking_until"] is None
    assert saved["contact"] == {
        "name": "Anna Nowak",
        "role": "International relations officer",
        "email": "international@krakow.example",
        "phone": "+48 12 616 12 34",
    }


def test_seeking_since_is_kept_while_seeking_and_cleared_when_it_stops(api: Api) -> None:
    headers = api.auth(api.keys.editor)
    since = (date.today() - timedelta(days=30)).isoformat()
    api.client.put(URL, json=body(seeking_since=since), headers=headers)
    again = api.client.put(URL, json=body(1), headers=headers).json()
    assert again["seeking_since"] == since
    stopped = api.client.put(URL, json=body(2, seeking=False), headers=headers).json()
    assert (stopped["seeking"], stopped["seeking_since"], stopped["seeking_until"]) == (
        False,
        None,
        None,
    )


def test_anonymous_readers_never_see_the_contact(api: Api) -> None:
    api.client.put(URL, json=body(), headers=api.auth(api.keys.editor))
    for url in (URL, f"/api/v1/towns/{KRAKOW}"):
        response = api.client.get(url)
        assert "international@krakow.example" not in response.text
        assert "Anna Nowak" not in response.text
    assert api.client.get(URL).json()["contact"] is None
    assert api.client.get(URL).json()["contact_hidden"] is True
    detail = api.client.get(f"/api/v1/towns/{KRAKOW}").json()
    assert detail["profile"]["contact"] is None


@pytest.mark.parametrize("who", ["editor", "other_editor", "curator", "admin"])
def test_every_signed_in_reader_sees_the_contact(api: Api, who: str) -> None:
    api.client.put(URL, json=body(), headers=api.auth(api.keys.editor))
    headers = api.auth(getattr(api.keys, who))
    assert api.client.get(URL, headers=headers).json()["contact"]["name"] == "Anna Nowak"
    detail = api.client.get(f"/api/v1/towns/{KRAKOW}", headers=headers).json()
    assert detail["profile"]["contact"]["email"] == "international@krakow.example"


def test_a_town_without_profile_has_none_in_its_detail(api: Api) -> None:
    assert api.client.get(f"/api/v1/towns/{PARIS}").json()["profile"] is None


@pytest.mark.parametrize(
    ("who", "town", "status"),
    [
        ("editor", KRAKOW, 200),
        ("editor", WARSZAWA, 403),
        ("other_editor", WARSZAWA, 200),
        ("other_editor", KRAKOW, 403),
        ("curator", WARSZAWA, 200),
        ("admin", KRAKOW, 200),
        (None, KRAKOW, 401),
    ],
)
def test_role_matrix(api: Api, who: str | None, town: str, status: int) -> None:
    headers = api.auth(getattr(api.keys, who)) if who else {}
    url = f"/api/v1/towns/{town}/profile"
    assert api.client.put(url, json=body(), headers=headers).status_code == status


def test_an_unknown_field_is_422_naming_it(api: Api) -> None:
    headers = api.auth(api.keys.editor)
    api.client.put(URL, json=body(), headers=headers)
    payload = body(1)
    payload["descripton"] = "typo"
    response = api.client.put(URL, json=payload, headers=headers)
    assert response.status_code == 422
    assert "descripton" in response.json()["detail"]
    assert response.json()["errors"][0]["loc"] == ["body", "descripton"]
    assert api.client.get(URL).json()["description"] == "Royal city on the Vistula."


def test_the_old_contact_field_is_refused(api: Api) -> None:
    payload = body()
    payload["contact"] = "someone"
    response = api.client.put(URL, json=payload, headers=api.auth(api.keys.editor))
    assert response.status_code == 422
    assert "contact" in response.json()["detail"]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"preferred_countries": ["PL", "XX"]}, "XX"),
        ({"contact_email": "not-an-address"}, "not-an-address"),
        ({"contact_phone": "call me"}, "call me"),
        ({"seeking_until": "2000-01-01"}, "2000-01-01"),
        ({"seeking_since": "2999-01-01"}, "2999-01-01"),
    ],
)
def test_values_the_rules_refuse_are_422(api: Api, change: dict[str, Any], named: str) -> None:
    response = api.client.put(URL, json=body(**change), headers=api.auth(api.keys.editor))
    assert response.status_code == 422
    assert named in response.json()["detail"]
    assert named in response.json()["detail_pl"]
    assert api.client.get(URL).json()["version"] == 0


def test_a_lapsed_seeking_flag_is_not_seeking_now(api: Api) -> None:
    api.client.put(URL, json=body(), headers=api.auth(api.keys.editor))
    with Session(api.engine) as s:
        stored = s.get(TownProfile, KRAKOW)
        assert stored is not None
        stored.seeking_until = date.today() - timedelta(days=1)
        s.add(stored)
        s.commit()
    profile = api.client.get(URL).json()
    assert (profile["seeking"], profile["seeking_now"]) == (True, False)


def test_completeness_of_an_empty_profile_lists_every_part_with_figures(api: Api) -> None:
    other = f"/api/v1/towns/{WARSZAWA}/profile"
    api.client.put(other, json=body(), headers=api.auth(api.keys.other_editor))
    response = api.client.get(f"{URL}/completeness")
    assert response.status_code == 200
    data = response.json()
    assert data["score"] == 0
    assert data["filled"] == []
    parts = [m["part"] for m in data["missing"]]
    assert parts[0] == "description"
    assert set(parts) == {
        "description",
        "offers",
        "seeks",
        "themes",
        "seeking",
        "preferred_countries",
        "languages",
        "contact",
    }
    effects = {m["part"]: m["effect"] for m in data["missing"]}
    assert "1 town says what it seeks" in effects["offers"]
    assert "1 town is actively seeking" in effects["seeking"]


def test_completeness_rises_as_parts_are_filled(api: Api) -> None:
    headers = api.auth(api.keys.editor)
    api.client.put(URL, json=body(seeking=False, themes=[]), headers=headers)
    data = api.client.get(f"{URL}/completeness").json()
    assert 0 < data["score"] < 1
    assert {m["part"] for m in data["missing"]} == {"seeking", "themes"}
    api.client.put(URL, json=body(1), headers=headers)
    assert api.client.get(f"{URL}/completeness").json() == {
        "score": 1.0,
        "filled": [
            "description",
            "offers",
            "seeks",
            "themes",
            "seeking",
            "preferred_countries",
            "languages",
            "contact",
        ],
        "missing": [],
    }


def test_completeness_speaks_the_readers_language(api: Api) -> None:
    pl = api.client.get(f"{URL}/completeness", params={"lang": "pl"}).json()
    de = api.client.get(f"{URL}/completeness", headers={"Accept-Language": "de-DE"}).json()
    assert "gmin" in pl["missing"][0]["effect"]
    assert "Orte" in de["missing"][0]["effect"]


def test_completeness_of_an_unknown_town_is_404(api: Api) -> None:
    assert api.client.get("/api/v1/towns/PL-0000000/profile/completeness").status_code == 404


def test_refresh_sees_every_saved_field(api: Api) -> None:
    """The ranker re-reads the profile in refresh_profile: it must be committed by then."""
    seen: list[TownProfile | None] = []

    def reading_refresh(town_id: str) -> None:
        with Session(api.engine) as s:
            seen.append(s.get(TownProfile, town_id))

    api.service.refresh_profile = reading_refresh  # type: ignore[method-assign]
    api.client.put(URL, json=body(), headers=api.auth(api.keys.editor))
    stored = seen[0]
    assert stored is not None
    assert (stored.seeking, stored.seeking_since, stored.preferred_countries) == (
        True,
        date.today(),
        "DE,FR",
    )
    assert (stored.offers, stored.seeks, stored.themes) == (
        "Heritage management know-how",
        "Partners for youth exchanges",
        "culture-heritage",
    )


# --- concurrent writers ----------------------------------------------------------------------


@pytest.fixture(params=["sqlite-file", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    """A database several connections can write at once (not the single in-memory one)."""
    if request.param == "postgres":
        pg: Engine = request.getfixturevalue("pg_engine")
        return pg
    engine = create_engine(
        f"sqlite:///{tmp_path / 'shared.sqlite'}",
        connect_args={"check_same_thread": False, "timeout": 30},
    )
    create_all(engine)
    return engine


def concurrent_puts(client: TestClient, key: str, payloads: list[dict[str, Any]]) -> list[int]:
    with ThreadPoolExecutor(max_workers=len(payloads)) as pool:
        futures = [
            pool.submit(client.put, URL, json=p, headers={"X-API-Key": key}) for p in payloads
        ]
        return [f.result().status_code for f in futures]


def test_concurrent_creation_gives_one_200_and_409s_never_500(
    shared_engine: Engine, tmp_path: Path
) -> None:
    keys = seed(shared_engine)
    app = create_app(
        Settings(var_dir=tmp_path), engine=shared_engine, service=FakeService(towns=town_refs())
    )
    with TestClient(app) as client:
        payloads = [body(0, description=f"Writer {i}") for i in range(20)]
        codes = concurrent_puts(client, keys.editor, payloads)
        assert sorted(set(codes)) == [200, 409]
        assert codes.count(200) == 1
        winner = payloads[codes.index(200)]["description"]
        stored = client.get(URL).json()
        assert (stored["version"], stored["description"]) == (1, winner)


def test_concurrent_updates_lose_nothing(shared_engine: Engine, tmp_path: Path) -> None:
    keys = seed(shared_engine)
    app = create_app(
        Settings(var_dir=tmp_path), engine=shared_engine, service=FakeService(towns=town_refs())
    )
    with TestClient(app) as client:
        assert client.put(URL, json=body(), headers={"X-API-Key": keys.editor}).status_code == 200
        payloads = [body(1, description=f"Writer {i}") for i in range(12)]
        codes = concurrent_puts(client, keys.editor, payloads)
        assert codes.count(200) == 1
        assert set(codes) == {200, 409}
        winner = payloads[codes.index(200)]["description"]
        stored = client.get(URL).json()
        assert (stored["version"], stored["description"]) == (2, winner)
