"""Town profiles: what a town writes about itself, saved and re-embedded at once."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete

from matcher.api.deps import OptionalServiceDep, SessionDep, TownDep, TownUser
from matcher.api.errors import ApiError, error_responses
from matcher.api.languages import unknown_languages
from matcher.api.params import check_themes
from matcher.api.schemas import TownProfilePublic, TownProfileUpdate
from matcher.api.town_detail import profile_public
from matcher.models import TownProfile, TownTheme, User, utcnow

router = APIRouter(tags=["profiles"])
log = logging.getLogger(__name__)

PROFILE_EVIDENCE = "Named by the town in its own profile"


def conflict(town_id: str, current: int | None) -> ApiError:
    """The 409 for a profile that changed since the client read it."""
    now = "no profile yet (send version 0)" if current is None else f"version {current}"
    now_pl = "brak profilu (wyślij version 0)" if current is None else f"wersja {current}"
    return ApiError(
        409,
        f"The profile of {town_id} changed since you read it; it is now at {now}. "
        "Reload it and apply your changes again.",
        f"Profil {town_id} zmienił się od odczytu; obecnie: {now_pl}. "
        "Wczytaj go ponownie i wprowadź zmiany jeszcze raz.",
    )


def save_profile(session: Session, town_id: str, body: TownProfileUpdate, user: User) -> None:
    """Write ``body`` if ``body.version`` is the stored version (0: none stored); else 409.

    The version test is part of the UPDATE statement, so two concurrent writers cannot both
    succeed; an insert race is caught by the primary key.
    """
    values: dict[str, Any] = {
        "description": body.description,
        "offers": body.offers,
        "seeks": body.seeks,
        "themes": ",".join(body.themes),
        "languages": ",".join(body.languages),
        "contact": body.contact,
        "updated_at": utcnow(),
        "updated_by": user.name,
    }
    if body.version == 0:
        existing = session.get(TownProfile, town_id)
        if existing is not None:
            raise conflict(town_id, existing.version)
        session.add(TownProfile(town_id=town_id, version=1, **values))
    else:
        result = session.execute(
            update(TownProfile)
            .where(col(TownProfile.town_id) == town_id, col(TownProfile.version) == body.version)
            .values(version=col(TownProfile.version) + 1, **values)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            session.rollback()
            current = session.get(TownProfile, town_id)
            raise conflict(town_id, current.version if current else None)
    sync_profile_themes(session, town_id, body.themes)
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        current = session.get(TownProfile, town_id)
        raise conflict(town_id, current.version if current else None) from exc


def sync_profile_themes(session: Session, town_id: str, themes: list[str]) -> None:
    """Make the town's 'profile' theme evidence equal to the themes its profile names."""
    session.execute(
        delete(TownTheme).where(
            col(TownTheme.town_id) == town_id, col(TownTheme.source_kind) == "profile"
        )
    )
    for code in themes:
        session.add(
            TownTheme(
                town_id=town_id,
                theme_code=code,
                source_kind="profile",
                source_id=town_id,
                evidence=PROFILE_EVIDENCE,
            )
        )


@router.get("/towns/{town_id}/profile", responses=error_responses(404))
def get_profile(*, session: SessionDep, town: TownDep) -> TownProfilePublic:
    """A town's own profile; version 0 and empty texts when it has not written one."""
    return profile_public(town.id, session.get(TownProfile, town.id))


@router.put("/towns/{town_id}/profile", responses=error_responses(401, 403, 404, 409, 422))
def put_profile(
    *,
    session: SessionDep,
    town: TownDep,
    user: TownUser,
    service: OptionalServiceDep,
    body: TownProfileUpdate,
) -> TownProfilePublic:
    """Replace a town's profile (its editor or staff); send the version you read."""
    check_themes(session, body.themes)
    bad_languages = unknown_languages(body.languages)
    if bad_languages:
        raise ApiError(
            422,
            f"Unknown language code(s): {', '.join(bad_languages)}; use ISO 639-1 (pl, en, de).",
            f"Nieznane kody języków: {', '.join(bad_languages)}; użyj ISO 639-1 (pl, en, de).",
        )
    save_profile(session, town.id, body, user)
    if service is not None:
        try:
            service.refresh_profile(town.id)
        except Exception:  # saved already; the next service load embeds it
            log.exception("refresh_profile(%s) failed", town.id)
    return profile_public(town.id, session.get(TownProfile, town.id))
