"""Shortlists: candidates per town, their status changes with history, and spreadsheet export.

Who may act is decided once, by the ``TownUser`` dependency (staff for any town, an editor for
their own); the rules of the statuses live in matcher.curation. The routes translate the
domain's errors to HTTP: unknown item or candidate 404, duplicate item or stale version 409,
a move the rules do not allow 422.
"""

from __future__ import annotations

import logging
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from matcher import curation, export
from matcher.api.deps import OptionalServiceDep, SessionDep, TownDep, TownUser
from matcher.api.errors import ApiError, error_responses
from matcher.curation import (
    CurationError,
    DuplicateItem,
    HistoryEntry,
    ShortlistItemPublic,
    ShortlistPublic,
    StaleVersion,
    Status,
    UnknownCandidate,
    UnknownItem,
)
from matcher.i18n import supported
from matcher.models import Town
from matcher.service import BadQuery, UnknownTown

router = APIRouter(tags=["curation"])
log = logging.getLogger(__name__)

TOWN_ID_PATTERN = r"^[A-Za-z]{2}-[A-Za-z0-9]+$"
"""Town ids look like PL-1261011 or GN-2950159."""
TEXT_PATTERN = r"^[^\x00]*$"
"""Free text without NUL characters (PostgreSQL cannot store them)."""

ItemId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Shortlist item id")]

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ItemCreate(BaseModel):
    """A candidate to put on a town's shortlist."""

    model_config = ConfigDict(extra="forbid")

    candidate_id: str = Field(
        min_length=1, max_length=16, pattern=TOWN_ID_PATTERN, examples=["GN-2950159"]
    )
    note: str = Field(default="", max_length=2000, pattern=TEXT_PATTERN)


class ItemUpdate(BaseModel):
    """A status change (or, with the same status, a new note) based on the version read."""

    model_config = ConfigDict(extra="forbid")

    status: Status
    note: str | None = Field(default=None, max_length=2000, pattern=TEXT_PATTERN)
    version: int = Field(ge=1, le=2**31 - 1, description="The item version you read")


def http_error(exc: CurationError) -> ApiError:
    """The HTTP answer for a curation error."""
    if isinstance(exc, UnknownItem | UnknownCandidate):
        code = 404
    elif isinstance(exc, StaleVersion | DuplicateItem):
        code = 409
    else:
        code = 422
    return ApiError(code, exc.message_en, exc.message_pl)


def _candidate(session: SessionDep, town_id: str) -> Town:
    town = session.get(Town, town_id)
    assert town is not None  # foreign key
    return town


@router.get("/shortlists/{town_id}", responses=error_responses(401, 403, 404))
def get_shortlist(*, town: TownDep, user: TownUser, session: SessionDep) -> ShortlistPublic:
    """A town's shortlist (staff, or the editor of that town)."""
    return curation.shortlist(session, town)


@router.post(
    "/shortlists/{town_id}/items",
    status_code=201,
    responses=error_responses(400, 401, 403, 404, 409, 422),
)
def add_shortlist_item(
    *,
    town: TownDep,
    user: TownUser,
    session: SessionDep,
    service: OptionalServiceDep,
    body: ItemCreate,
) -> ShortlistItemPublic:
    """Put a candidate on a town's shortlist as 'suggested', with its current score."""
    score: float | None = None
    if service is not None and body.candidate_id != town.id:
        try:
            score = service.explain(town.id, body.candidate_id).score
        except (UnknownTown, BadQuery):
            score = None
    try:
        item = curation.add_item(
            session, town.id, body.candidate_id, user.name, note=body.note, score=score
        )
    except CurationError as exc:
        raise http_error(exc) from exc
    return curation.item_public(item, _candidate(session, item.candidate_id))


@router.patch(
    "/shortlists/{town_id}/items/{item_id}",
    responses=error_responses(400, 401, 403, 404, 409, 422),
)
def update_shortlist_item(
    *,
    town: TownDep,
    item_id: ItemId,
    user: TownUser,
    session: SessionDep,
    service: OptionalServiceDep,
    body: ItemUpdate,
) -> ShortlistItemPublic:
    """Move an item to a new status with a note; 409 if it changed since you read it."""

    def tell_ranker(a: str, b: str) -> None:
        if service is None:
            return  # the partnership is stored; the ranker reads it when it next loads
        try:
            service.add_partnership(a, b)
        except Exception:  # stored already; a ranker hiccup must not fail the request
            log.exception("service.add_partnership(%s, %s) failed", a, b)

    try:
        item = curation.get_item(session, town.id, item_id)
        change = curation.change_status(item, body.status, body.note, user.name, body.version)
        item = curation.apply_change(session, item, change, body.version, tell_ranker)
    except CurationError as exc:
        raise http_error(exc) from exc
    return curation.item_public(item, _candidate(session, item.candidate_id))


@router.get(
    "/shortlists/{town_id}/items/{item_id}/history",
    responses=error_responses(401, 403, 404),
)
def get_item_history(
    *, town: TownDep, item_id: ItemId, user: TownUser, session: SessionDep
) -> list[HistoryEntry]:
    """Every change of a shortlist item, oldest first, its creation included."""
    try:
        item = curation.get_item(session, town.id, item_id)
    except CurationError as exc:
        raise http_error(exc) from exc
    assert item.id is not None
    return curation.history_public(curation.history(session, item.id))


@router.get(
    "/shortlists/{town_id}/export",
    response_class=Response,
    responses={
        200: {
            "description": "The shortlist as a file download",
            "content": {
                MEDIA_TYPES["csv"]: {"schema": {"type": "string"}},
                MEDIA_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
            },
        },
        **error_responses(401, 403, 404, 422),
    },
)
def export_shortlist(
    *,
    town: TownDep,
    user: TownUser,
    session: SessionDep,
    format: Annotated[Literal["csv", "xlsx"], Query(description="File format")] = "csv",
    lang: Annotated[
        str | None, Query(max_length=35, description="Language of the headers (pl, else en)")
    ] = None,
) -> Response:
    """The shortlist as CSV, or XLSX with the full history on a second sheet."""
    data = export.load_export(session, town)
    # the export has English and Polish headers; any other language gets English
    headers_lang: Literal["en", "pl"] = "pl" if supported(lang) == "pl" else "en"
    if format == "csv":
        content = export.to_csv(data, headers_lang)
    else:
        content = export.to_xlsx(data, headers_lang)
    name = export.filename(data, format)
    return Response(
        content,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
