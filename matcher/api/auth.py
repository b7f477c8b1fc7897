"""Who is calling: the ``X-API-Key`` header, the user it belongs to, and role checks.

Reading is open; every write needs a key. Roles: ``editor`` (their own town only),
``curator`` and ``admin`` (every town).
"""

from __future__ import annotations

from fastapi.security import APIKeyHeader
from sqlmodel import Session

from matcher.api.errors import ApiError
from matcher.i18n import Message, msg
from matcher.models import User
from matcher.users import find_user_by_key, key_state, role_name

API_KEY_HEADER = "X-API-Key"
STAFF_ROLES: tuple[str, ...] = ("curator", "admin")
api_key_scheme = APIKeyHeader(
    name=API_KEY_HEADER,
    auto_error=False,
    description="API key created with `matcher users add NAME --role ROLE [--town ID]`.",
)


def unauthorized(message: Message) -> ApiError:
    """A 401 that tells the client which header to send."""
    return ApiError(401, message, **{"WWW-Authenticate": API_KEY_HEADER})


def user_for_key(session: Session, key: str | None) -> User | None:
    """The user owning ``key``; None when no key was sent; 401 for a key nobody owns, a
    revoked key or an expired one."""
    if key is None or key == "":
        return None
    user = find_user_by_key(session, key)
    if user is None:
        raise unauthorized(msg("auth.key_unknown"))
    state = key_state(user)
    if state == "revoked":
        raise unauthorized(msg("auth.key_revoked"))
    if state == "expired":
        raise unauthorized(msg("auth.key_expired"))
    return user


def require_user(user: User | None) -> User:
    """``user``, or a 401 when the request carried no key."""
    if user is None:
        raise unauthorized(msg("error.auth.key_needed", header=API_KEY_HEADER))
    return user


def check_role(user: User, roles: tuple[str, ...]) -> User:
    """``user`` if its role is one of ``roles``; a 403 otherwise."""
    if user.role not in roles:
        raise ApiError(
            403,
            msg(
                "error.auth.role",
                role=role_name(user.role),
                needed=[role_name(r) for r in roles],
            ),
        )
    return user


def can_edit_town(user: User, town_id: str) -> bool:
    """Staff may edit every town; an editor only the town the key was issued for."""
    return user.role in STAFF_ROLES or (user.role == "editor" and user.town_id == town_id)


def check_town_access(user: User, town_id: str) -> User:
    """``user`` if it may act for ``town_id``; a 403 otherwise."""
    if not can_edit_town(user, town_id):
        raise ApiError(403, msg("error.auth.town", town=town_id))
    return user
