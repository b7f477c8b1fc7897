from __future__ import annotations

import pytest

from tests.api.conftest import Api
from tests.api.seed import KRAKOW


def test_me_names_the_key_owner(api: Api) -> None:
    response = api.client.get("/api/v1/me", headers=api.auth(api.keys.editor))
    assert response.json() == {
        "name": "krakow-editor",
        "role": "editor",
        "town_id": KRAKOW,
        "can_curate_any": False,
        "curate_towns": [KRAKOW],
    }


def test_me_says_staff_may_curate_any_town(api: Api) -> None:
    me = api.client.get("/api/v1/me", headers=api.auth(api.keys.curator)).json()
    assert me["can_curate_any"] is True and me["curate_towns"] == []


def test_me_without_key_is_401(api: Api) -> None:
    response = api.client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "X-API-Key"
    assert "X-API-Key" in response.json()["detail"]


def test_me_with_unknown_key_is_401(api: Api) -> None:
    response = api.client.get("/api/v1/me", headers=api.auth("mk_not-a-key"))
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid API key."


@pytest.mark.parametrize("change", ["revoke", "expire"])
def test_a_revoked_or_expired_key_gets_401(api: Api, change: str) -> None:
    from datetime import timedelta

    from sqlmodel import Session

    from matcher.models import utcnow
    from matcher.users import get_user, revoke_user

    headers = api.auth(api.keys.curator)
    assert api.client.get("/api/v1/me", headers=headers).status_code == 200
    with Session(api.engine) as session:
        if change == "revoke":
            revoke_user(session, "curator")
        else:
            user = get_user(session, "curator")
            user.expires_at = utcnow() - timedelta(minutes=1)
            session.add(user)
            session.commit()
    res = api.client.get("/api/v1/me", headers=headers)
    assert res.status_code == 401
    assert res.headers["WWW-Authenticate"] == "X-API-Key"
    assert ("revoked" if change == "revoke" else "expired") in res.json()["detail"]
