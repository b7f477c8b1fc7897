"""The caller: who an API key belongs to (the web page signs in with it)."""

from __future__ import annotations

from fastapi import APIRouter

from matcher.api.auth import STAFF_ROLES, can_edit_town
from matcher.api.deps import CurrentUser
from matcher.api.errors import error_responses
from matcher.api.schemas import Me

router = APIRouter(tags=["users"])


@router.get("/me", responses=error_responses(401))
def read_me(*, user: CurrentUser) -> Me:
    """Name, role and town of the key in the X-API-Key header, and what it may do (the page
    asks here instead of holding its own copy of the permissions)."""
    staff = user.role in STAFF_ROLES
    own = [user.town_id] if user.town_id and can_edit_town(user, user.town_id) else []
    return Me(
        name=user.name,
        role=user.role,
        town_id=user.town_id,
        can_curate_any=staff,
        curate_towns=[] if staff else own,
    )
