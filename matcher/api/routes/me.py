"""The caller: who an API key belongs to (the web page signs in with it)."""

from __future__ import annotations

from fastapi import APIRouter

from matcher.api.deps import CurrentUser
from matcher.api.errors import error_responses
from matcher.api.schemas import Me

router = APIRouter(tags=["users"])


@router.get("/me", responses=error_responses(401))
def read_me(*, user: CurrentUser) -> Me:
    """Name, role and town of the key in the X-API-Key header."""
    return Me(name=user.name, role=user.role, town_id=user.town_id)
