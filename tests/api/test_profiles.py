from __future__ import annotations

from typing import Any

from tests.api.conftest import Api
from tests.api.seed import KRAKOW, PARIS

URL = f"/api/v1/towns/{KRAKOW}/profile"


def body(version: int = 0, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "description": "Royal city on the Vistula.",
        "offers": "Heritage management know-how",
        "seeks": "Partners for youth exchanges",
        "themes": ["culture-heritage"],
        "languages": ["pl", "EN"],
        "contact": "international@krakow.example",
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
    assert api.client.get(URL).json() == saved


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
