"""Town profiles: what a town writes about itself, saved and re-embedded at once.

The rules (validation, versioning, seeking dates, completeness) live in
:mod:`matcher.own_profile` and :mod:`matcher.profile_completeness`; the routes translate HTTP:
a stale version 409, a value the rules refuse 422. The contact is shown to signed-in readers
only.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter

from matcher import own_profile
from matcher.api.deps import OptionalServiceDep, OptionalUser, SessionDep, TownDep, TownUser
from matcher.api.errors import error_responses
from matcher.api.messages import LangDep, message_error
from matcher.i18n import translator
from matcher.own_profile import ProfileInput, ProfilePublic, StaleProfile
from matcher.profile_completeness import Completeness, completeness

router = APIRouter(tags=["profiles"])
log = logging.getLogger(__name__)


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
    try:
        saved = own_profile.save_profile(session, town.id, body, user.name)
    except StaleProfile as exc:
        raise message_error(409, exc.message) from exc
    except own_profile.ProfileError as exc:
        raise message_error(422, exc.message) from exc
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
