"""FastAPI dependencies as ``Annotated`` aliases: database session, service, user, town.

The app factory stores the engine, settings and service on ``app.state``; these read them
from there, so tests swap any of them by passing them to ``create_app``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request, Security
from sqlalchemy.engine import Engine
from sqlmodel import Session

from matcher.api.auth import api_key_scheme, check_town_access, require_user, user_for_key
from matcher.api.errors import ApiError, not_found_town
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
        error = getattr(request.app.state, "service_error", None)
        reason = error or msg("error.service.not_loaded")  # an error: the library's words
        raise ApiError(503, msg("error.service.unavailable", reason=reason))
    return service


SessionDep = Annotated[Session, Depends(get_session)]
ServiceDep = Annotated[MatchService, Depends(get_service)]
OptionalServiceDep = Annotated[MatchService | None, Depends(get_optional_service)]


def get_optional_user(
    session: SessionDep, key: Annotated[str | None, Security(api_key_scheme)], request: Request
) -> User | None:
    """The caller when a key was sent (401 for an unknown, revoked or expired key), None
    otherwise; remembered on the request for its audit line."""
    user = user_for_key(session, key)
    if user is not None:
        request.state.user = (user.name, user.role)
    return user


OptionalUser = Annotated[User | None, Depends(get_optional_user)]


def get_current_user(user: OptionalUser) -> User:
    """The caller; 401 when no key or an unknown key was sent."""
    return require_user(user)


CurrentUser = Annotated[User, Depends(get_current_user)]


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
