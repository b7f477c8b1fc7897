from __future__ import annotations

import pytest
from sqlmodel import Session

from matcher.models import Town
from matcher.users import UserError, create_user, find_user_by_key, hash_key


@pytest.fixture
def town(session: Session) -> Town:
    town = Town(
        id="PL-1261011", name="Kraków", name_ascii="krakow", country_code="PL", kind="gmina"
    )
    session.add(town)
    session.commit()
    return town


def test_key_is_stored_only_as_its_hash(session: Session) -> None:
    created = create_user(session, "anna", "curator")
    assert created.key.startswith("mk_")
    assert created.user.key_hash == hash_key(created.key)
    assert created.key not in created.user.key_hash


def test_user_is_found_by_key(session: Session) -> None:
    created = create_user(session, "anna", "admin")
    found = find_user_by_key(session, created.key)
    assert found is not None and found.name == "anna"
    assert find_user_by_key(session, created.key + "x") is None
    assert find_user_by_key(session, "") is None


def test_two_users_get_different_keys(session: Session) -> None:
    assert create_user(session, "a", "admin").key != create_user(session, "b", "admin").key


def test_editor_is_bound_to_a_town(session: Session, town: Town) -> None:
    assert create_user(session, "krakow", "editor", town.id).user.town_id == town.id


@pytest.mark.parametrize(
    ("name", "role", "town_id", "message"),
    [
        ("anna", "boss", None, "Unknown role"),
        ("anna", "editor", None, "needs a town"),
        ("anna", "editor", "PL-0000000", "Unknown town"),
        ("  ", "admin", None, "must not be empty"),
    ],
)
def test_invalid_users_are_refused(
    session: Session, name: str, role: str, town_id: str | None, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        create_user(session, name, role, town_id)


def test_duplicate_name_is_refused(session: Session) -> None:
    create_user(session, "anna", "admin")
    with pytest.raises(UserError, match="already exists"):
        create_user(session, "anna", "curator")
