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


def test_a_revoked_key_is_marked_revoked(session: Session) -> None:
    from matcher.users import key_state, revoke_user

    created = create_user(session, "anna", "curator")
    revoke_user(session, "anna", by="cli:root")
    user = find_user_by_key(session, created.key)
    assert user is not None and key_state(user) == "revoked"


def test_rotation_replaces_the_key_and_reactivates(session: Session) -> None:
    from matcher.users import key_state, revoke_user, rotate_key

    old = create_user(session, "anna", "curator").key
    revoke_user(session, "anna")
    new = rotate_key(session, "anna").key
    assert new != old
    assert find_user_by_key(session, old) is None
    user = find_user_by_key(session, new)
    assert user is not None and key_state(user) == "active" and user.key_created_at is not None


def test_a_key_past_its_expiry_is_expired(session: Session) -> None:
    from datetime import date, timedelta

    from matcher.models import utcnow
    from matcher.users import end_of_day, key_state

    created = create_user(session, "anna", "admin", expires_at=end_of_day(date(2030, 1, 31)))
    user = created.user
    assert key_state(user, now=end_of_day(date(2030, 1, 30))) == "active"
    assert key_state(user, now=end_of_day(date(2030, 1, 31))) == "expired"
    user.expires_at = utcnow() - timedelta(seconds=1)
    assert key_state(user) == "expired"


def test_changes_to_users_are_audited(session: Session) -> None:
    from sqlmodel import select

    from matcher.models import AuditEntry
    from matcher.users import revoke_user, rotate_key

    create_user(session, "anna", "admin", by="cli:root")
    rotate_key(session, "anna", by="cli:root")
    revoke_user(session, "anna", by="cli:root")
    lines = session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()  # type: ignore[arg-type]
    assert [(a.user, a.action, a.target) for a in lines] == [
        ("cli:root", "users add", "anna"),
        ("cli:root", "users rotate", "anna"),
        ("cli:root", "users revoke", "anna"),
    ]


def test_unknown_users_cannot_be_revoked_or_rotated(session: Session) -> None:
    from matcher.users import revoke_user, rotate_key

    with pytest.raises(UserError, match="no user named 'nobody'"):
        revoke_user(session, "nobody")
    with pytest.raises(UserError, match="no user named 'nobody'"):
        rotate_key(session, "nobody")
