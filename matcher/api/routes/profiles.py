"""Town profiles: what a town writes about itself, saved and re-embedded at once, and what
the caller may do for a town (the page asks here instead of keeping its own rules).

The rules (validation, versioning, seeking dates, completeness) live in
:mod:`matcher.own_profile` and :mod:`matcher.profile_completeness`; their errors reach the
client through the one table of :mod:`matcher.api.errors` (stale version 409, a value the
rules refuse 422). The contact is shown to signed-in readers only.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter
from pydantic import BaseModel, Field

from matcher import own_profile
from matcher.api.auth import can_edit_town
from matcher.api.deps import OptionalServiceDep, OptionalUser, SessionDep, TownDep, TownUser
from matcher.api.errors import error_responses
from matcher.api.messages import LangDep
from matcher.i18n import translator
from matcher.own_profile import ProfileInput, ProfilePublic
from matcher.profile_completeness import Completeness, completeness

router = APIRouter(tags=["profiles"])
log = logging.getLogger(__name__)


class TownPermissions(BaseModel):
    """What the caller may do for one town (all false for anonymous readers)."""

    town_id: str
    signed_in: bool
    edit_profile: bool = Field(description="Write the town's own profile")
    express_interest: bool = Field(description="Say 'we are interested' in the town's name")
    read_inbox: bool = Field(description="Read and answer the town's interest threads")
    curate: bool = Field(description="Keep the town's shortlist")


@router.get("/towns/{town_id}/permissions", responses=error_responses(401, 404))
def get_permissions(*, town: TownDep, user: OptionalUser) -> TownPermissions:
    """What the caller may do for a town: the page shows only the actions allowed here."""
    allowed = user is not None and can_edit_town(user, town.id)
    return TownPermissions(
        town_id=town.id,
        signed_in=user is not None,
        edit_profile=allowed,
        express_interest=allowed,
        read_inbox=allowed,
        curate=allowed,
    )


@router.get("/towns/{town_id}/profile", responses=error_responses(401, 404))
def get_profile(*, session: SessionDep, town: TownDep, user: OptionalUser) -> ProfilePublic:
    """A town's own profile (version 0 when it has none); the contact for signed-in readers."""
    stored = own_profile.read_profile(session, town.id)
    return own_profile.profile_public(town.id, stored, signed_in=user is not None)


@router.put("/towns/{town_id}/profile", responses=error_responses(400, 401, 403, 404, 409, 422))
def put_profile(
    *,
    session: SessionDep,
    town: TownDep,
    user: TownUser,
    service: OptionalServiceDep,
    body: ProfileInput,
) -> ProfilePublic:
    """Replace a town's profile (its editor or staff); send the version you read."""
    saved = own_profile.save_profile(session, town.id, body, user.name)
    answer = own_profile.profile_public(town.id, saved, signed_in=True)
    # give the connection back before re-embedding, which reads with a session of its own:
    # holding both would let concurrent saves exhaust the pool
    session.close()
    if service is not None:
        try:
            service.refresh_profile(town.id)
        except Exception:  # saved already; the next service load embeds it
            log.exception("refresh_profile(%s) failed", town.id)
    return answer


@router.get("/towns/{town_id}/profile/completeness", responses=error_responses(404, 422))
def get_completeness(*, session: SessionDep, town: TownDep, lang: LangDep) -> Completeness:
    """How complete the profile is, and what each missing part would change."""
    stored = own_profile.read_profile(session, town.id)
    return completeness(session, stored, translator(lang).render)
