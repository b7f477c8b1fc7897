"""API keys: creation, hashing, lookup, and the user records that own them.

Keys are 32 random bytes (URL-safe text, prefixed ``mk_``); only their SHA-256 digest is stored.
A fast unsalted hash is sound here because the keys are high-entropy random tokens, not
passwords, and it lets the API find a user by the digest of the key it was given.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlmodel import Session, select

from matcher.models import Town, User

ROLES: tuple[str, ...] = ("editor", "curator", "admin")
KEY_PREFIX = "mk_"


class UserError(ValueError):
    """A user cannot be created as asked; the message says why (English and Polish)."""


@dataclass(frozen=True)
class NewUser:
    """A freshly created user and its key, which is shown once and never stored."""

    user: User
    key: str


def new_key() -> str:
    """A fresh random API key."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    """The stored form of ``key``: its SHA-256 hex digest."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def find_user_by_key(session: Session, key: str) -> User | None:
    """The user owning ``key``, or None for an unknown key."""
    if not key:
        return None
    return session.exec(select(User).where(User.key_hash == hash_key(key))).first()


def validate_new_user(session: Session, name: str, role: str, town_id: str | None) -> None:
    """Raise UserError when ``name``, ``role`` or ``town_id`` cannot make a valid user."""
    if not name.strip():
        raise UserError("The name must not be empty. / Nazwa nie może być pusta.")
    if role not in ROLES:
        raise UserError(
            f"Unknown role {role!r}; choose one of {', '.join(ROLES)}. / "
            f"Nieznana rola {role!r}; wybierz jedną z: {', '.join(ROLES)}."
        )
    if role == "editor" and not town_id:
        raise UserError(
            "An editor needs a town: add --town TOWN_ID. / "
            "Redaktor musi mieć przypisaną gminę: dodaj --town TOWN_ID."
        )
    if town_id is not None and session.get(Town, town_id) is None:
        raise UserError(f"Unknown town {town_id!r}. / Nieznana miejscowość {town_id!r}.")
    if session.exec(select(User).where(User.name == name)).first() is not None:
        raise UserError(
            f"A user named {name!r} already exists. / Użytkownik o nazwie {name!r} już istnieje."
        )


def create_user(session: Session, name: str, role: str, town_id: str | None = None) -> NewUser:
    """Create and commit a user with a new key; raise UserError on invalid input."""
    name = name.strip()
    validate_new_user(session, name, role, town_id)
    key = new_key()
    user = User(name=name, role=role, town_id=town_id, key_hash=hash_key(key))
    session.add(user)
    session.commit()
    session.refresh(user)
    return NewUser(user=user, key=key)
