"""API keys: creation, hashing, lookup, revocation, rotation, expiry, and their users.

Keys are 32 random bytes (URL-safe text, prefixed ``mk_``); only their SHA-256 digest is stored.
A fast unsalted hash is sound here because the keys are high-entropy random tokens, not
passwords, and it lets the API find a user by the digest of the key it was given.

A key works until it is revoked, rotated (the old key stops at once, a new one is shown
once) or past its expiry. Every server process reads the user on each request, so a change
here is in force on all of them at the next request.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, select

from matcher.i18n import N_, Message, msg, translator
from matcher.models import AuditEntry, Town, User, utcnow

ROLES: tuple[str, ...] = ("editor", "curator", "admin")
ROLE_NAMES = {
    "editor": N_("role.editor"),
    "curator": N_("role.curator"),
    "admin": N_("role.admin"),
}
"""Each role named in words (the page shows the same keys)."""
KEY_PREFIX = "mk_"


class UserError(ValueError):
    """A user or key cannot be changed as asked; ``message`` says why."""

    def __init__(self, message: Message) -> None:
        super().__init__(translator("en").render(message))
        self.message = message


@dataclass(frozen=True)
class NewUser:
    """A freshly created user (or a fresh key) and the key, shown once and never stored."""

    user: User
    key: str


def new_key() -> str:
    """A fresh random API key."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    """The stored form of ``key``: its SHA-256 hex digest."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def role_name(role: str) -> Message:
    """``role`` in words ("kurator"); an unknown role shows its code."""
    key = ROLE_NAMES.get(role) or N_("role.unknown")
    return Message(key, {"role": role})


def key_state(user: User, now: datetime | None = None) -> str:
    """'active', 'revoked' or 'expired'."""
    if user.revoked_at is not None:
        return "revoked"
    if user.expires_at is not None and _aware(user.expires_at) <= (now or utcnow()):
        return "expired"
    return "active"


def _aware(moment: datetime) -> datetime:
    """``moment`` in UTC (SQLite hands back naive datetimes)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def find_user_by_key(session: Session, key: str) -> User | None:
    """The user owning ``key`` whatever its state, or None for a key nobody owns."""
    if not key:
        return None
    return session.exec(select(User).where(User.key_hash == hash_key(key))).first()


def end_of_day(day: date) -> datetime:
    """The moment a key that is valid through ``day`` stops (midnight after it, UTC)."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC)


def validate_new_user(session: Session, name: str, role: str, town_id: str | None) -> None:
    """Raise UserError when ``name``, ``role`` or ``town_id`` cannot make a valid user."""
    if not name.strip():
        raise UserError(msg("user.name_empty"))
    if role not in ROLES:
        raise UserError(msg("user.unknown_role", role=role, roles=list(ROLES)))
    if role == "editor" and not town_id:
        raise UserError(msg("user.editor_needs_town"))
    if town_id is not None and session.get(Town, town_id) is None:
        raise UserError(msg("user.unknown_town", town=town_id))
    if session.exec(select(User).where(User.name == name)).first() is not None:
        raise UserError(msg("user.exists", name=name))


def audit(
    session: Session, who: str, action: str, target: str = "", *, role: str = "", status: int = 0
) -> None:
    """Add an audit line to the session (committed with the change it records)."""
    session.add(AuditEntry(user=who, role=role, action=action, target=target, status=status))


def create_user(
    session: Session,
    name: str,
    role: str,
    town_id: str | None = None,
    *,
    expires_at: datetime | None = None,
    by: str = "",
) -> NewUser:
    """Create and commit a user with a new key; raise UserError on invalid input."""
    name = name.strip()
    validate_new_user(session, name, role, town_id)
    key = new_key()
    user = User(
        name=name, role=role, town_id=town_id, key_hash=hash_key(key), expires_at=expires_at
    )
    session.add(user)
    if by:
        audit(session, by, "users add", name)
    session.commit()
    session.refresh(user)
    return NewUser(user=user, key=key)


def get_user(session: Session, name: str) -> User:
    """The user called ``name``; UserError when there is none."""
    user = session.exec(select(User).where(User.name == name)).first()
    if user is None:
        raise UserError(msg("user.unknown", name=name))
    return user


def revoke_user(session: Session, name: str, *, by: str = "") -> User:
    """Stop ``name``'s key at once (the user and its history stay)."""
    user = get_user(session, name)
    if user.revoked_at is None:
        user.revoked_at = utcnow()
        session.add(user)
    if by:
        audit(session, by, "users revoke", name)
    session.commit()
    session.refresh(user)
    return user


def rotate_key(
    session: Session, name: str, *, expires_at: datetime | None = None, by: str = ""
) -> NewUser:
    """Give ``name`` a new key (the old one stops at once); a revoked user is active again.
    ``expires_at`` replaces the expiry (None: the new key does not expire)."""
    user = get_user(session, name)
    key = new_key()
    user.key_hash = hash_key(key)
    user.key_created_at = utcnow()
    user.revoked_at = None
    user.expires_at = expires_at
    session.add(user)
    if by:
        audit(session, by, "users rotate", name)
    session.commit()
    session.refresh(user)
    return NewUser(user=user, key=key)
