"""FastAPI dependencies as ``Annotated`` aliases: database session, settings, service, user.

The app factory stores the engine, settings and service on ``app.state``; these read them
from there, so tests swap any of them by passing them to ``create_app``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request, Security
from sqlalchemy.engine import Engine
from sqlmodel import Session

from matcher.api.auth import (
    STAFF_ROLES,
    api_key_scheme,
    check_role,
    check_town_access,
    require_user,
    user_for_key,
)
from matcher.api.errors import ApiError, not_found_town
from matcher.config import Settings
from matcher.i18n import msg
from matcher.models import Town, User
from matcher.service import MatchService


def get_engine(request: Request) -> Engine:
    """The engine the app was started with."""
    engine: Engine = request.app.state.engine
    return engine


def get_session(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Session]:
    """One session per request."""
    with Session(engine) as session:
        yield session


def get_app_settings(request: Request) -> Settings:
    """The settings the app was started with."""
    settings: Settings = request.app.state.settings
    return settings


def get_optional_service(request: Request) -> MatchService | None:
    """The loaded match service, or None when it failed to load."""
    service: MatchService | None = getattr(request.app.state, "service", None)
    return service


def get_service(
    service: Annotated[MatchService | None, Depends(get_optional_service)],
    request: Request,
) -> MatchService:
    """The loaded match service; 503 with the reason when it is not loaded."""
    if service is None:
        reason = getattr(request.app.state, "service_error", None) or "not loaded"
        raise ApiError(503, msg("error.service.unavailable", reason=reason))
    return service


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
ServiceDep = Annotated[MatchService, Depends(get_service)]
OptionalServiceDep = Annotated[MatchService | None, Depends(get_optional_service)]


def get_optional_user(
    session: SessionDep, key: Annotated[str | None, Security(api_key_scheme)]
) -> User | None:
    """The caller when a key was sent (401 for an unknown key), None otherwise."""
    return user_for_key(session, key)


OptionalUser = Annotated[User | None, Depends(get_optional_user)]


def get_current_user(user: OptionalUser) -> User:
    """The caller; 401 when no key or an unknown key was sent."""
    return require_user(user)


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_roles(*roles: str) -> Callable[[User], User]:
    """A dependency returning the caller if its role is one of ``roles`` (403 otherwise)."""
    allowed = tuple(roles)

    def dependency(user: CurrentUser) -> User:
        return check_role(user, allowed)

    dependency.__doc__ = f"The caller, who must have one of the roles {', '.join(allowed)}."
    return dependency


CuratorUser = Annotated[User, Depends(require_roles(*STAFF_ROLES))]


def get_town(town_id: str, session: SessionDep) -> Town:
    """The town named by the ``town_id`` path parameter; 404 when unknown."""
    town = session.get(Town, town_id)
    if town is None:
        raise not_found_town(town_id)
    return town


TownDep = Annotated[Town, Depends(get_town)]


def get_town_user(user: CurrentUser, town: TownDep) -> User:
    """The caller, who must be staff or the editor of the path's town (401, 404, 403)."""
    return check_town_access(user, town.id)


TownUser = Annotated[User, Depends(get_town_user)]
