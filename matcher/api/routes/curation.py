"""Shortlists: candidates per town, their status changes with history, bulk moves and adds,
an overview of every shortlist, and spreadsheet export.

Who may act is decided once, by the ``TownUser`` dependency (staff for any town, an editor for
their own); the rules of the statuses live in matcher.curation, whose errors map to HTTP in
matcher.api.errors.DOMAIN_STATUS (unknown item or candidate 404, duplicate or stale 409, a
move the rules do not allow 422).
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from matcher import curation, export
from matcher.api.auth import STAFF_ROLES
from matcher.api.deps import CurrentUser, OptionalServiceDep, SessionDep, TownDep, TownUser
from matcher.api.errors import error_responses
from matcher.api.language import ReaderDep
from matcher.curation import (
    HistoryEntry,
    ShortlistItemPublic,
    ShortlistOverview,
    ShortlistPublic,
    Status,
)
from matcher.documents import Sheet, inert, write_xlsx
from matcher.i18n import supported
from matcher.i18n.context import reader_language
from matcher.models import Town
from matcher.service import BadQuery, MatchService, UnknownTown

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
    """A status change, or (no status, or the same one) a note alone, based on the version
    read."""

    model_config = ConfigDict(extra="forbid")

    status: Status | None = Field(default=None, description="Omit to keep the status")
    note: str | None = Field(default=None, max_length=2000, pattern=TEXT_PATTERN)
    version: int = Field(ge=1, le=2**31 - 1, description="The item version you read")


CandidateId = Annotated[
    str, StringConstraints(min_length=1, max_length=16, pattern=TOWN_ID_PATTERN)
]


class ItemsCreate(BaseModel):
    """Several candidates to put on a town's shortlist at once."""

    model_config = ConfigDict(extra="forbid")

    candidate_ids: list[CandidateId] = Field(min_length=1, max_length=200)
    note: str = Field(default="", max_length=2000, pattern=TEXT_PATTERN)


class ItemsAdded(BaseModel):
    added: list[ShortlistItemPublic]
    already: list[str] = Field(description="Candidates already on the shortlist (not added)")


class ItemVersion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int = Field(ge=1, le=2**31 - 1)
    version: int = Field(ge=1, le=2**31 - 1, description="The item version you read")


class ItemsUpdate(BaseModel):
    """Several items moved to one status (or given one note), each with the version read:
    all or nothing."""

    model_config = ConfigDict(extra="forbid")

    items: list[ItemVersion] = Field(min_length=1, max_length=200)
    status: Status | None = Field(default=None, description="Omit to keep each status")
    note: str | None = Field(default=None, max_length=2000, pattern=TEXT_PATTERN)


def _ranker_hook(service: MatchService | None) -> Callable[[str, str], None]:
    def tell_ranker(a: str, b: str) -> None:
        if service is None:
            return  # the partnership is stored; the ranker reads it when it next loads
        try:
            service.add_partnership(a, b)
        except Exception:  # stored already; a ranker hiccup must not fail the request
            log.exception("service.add_partnership(%s, %s) failed", a, b)

    return tell_ranker


def _score(service: MatchService | None, town: Town, candidate_id: str) -> float | None:
    if service is None or candidate_id == town.id:
        return None
    try:
        return service.explain(town.id, candidate_id).score
    except (UnknownTown, BadQuery):
        return None


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
    score = _score(service, town, body.candidate_id)
    item = curation.add_item(session, town.id, body.candidate_id, user.name, body.note, score)
    return curation.public(session, item)


@router.post(
    "/shortlists/{town_id}/bulk",
    status_code=201,
    responses=error_responses(400, 401, 403, 404, 409, 422),
)
def add_shortlist_items(
    *,
    town: TownDep,
    user: TownUser,
    session: SessionDep,
    service: OptionalServiceDep,
    body: ItemsCreate,
) -> ItemsAdded:
    """Put several candidates on a town's shortlist at once; those already on it are listed
    in ``already``, not added twice."""
    scores = {c: _score(service, town, c) for c in body.candidate_ids}
    added = curation.add_items(session, town, body.candidate_ids, user.name, body.note, scores)
    return ItemsAdded(
        added=[curation.public(session, i) for i in added.items],
        already=[c.id for c in added.already],
    )


@router.get("/shortlists/{town_id}/items/{item_id}", responses=error_responses(401, 403, 404))
def get_shortlist_item(
    *, town: TownDep, item_id: ItemId, user: TownUser, session: SessionDep
) -> ShortlistItemPublic:
    """One shortlist item as it is now (to compare with yours after a conflict)."""
    return curation.public(session, curation.get_item(session, town.id, item_id))


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
    """Move an item to a new status, or record a note alone; 409 if it changed since you
    read it."""
    item = curation.update_item(
        session,
        town,
        item_id,
        body.status,
        body.note,
        user.name,
        body.version,
        _ranker_hook(service),
    )
    return curation.public(session, item)


@router.patch(
    "/shortlists/{town_id}/items",
    responses=error_responses(400, 401, 403, 404, 409, 422),
)
def update_shortlist_items(
    *,
    town: TownDep,
    user: TownUser,
    session: SessionDep,
    service: OptionalServiceDep,
    body: ItemsUpdate,
) -> list[ShortlistItemPublic]:
    """Move several items at once, each checked against the version you read: all or
    nothing (409 naming every town that changed)."""
    items = curation.move_items(
        session,
        town,
        [(i.id, i.version) for i in body.items],
        body.status,
        body.note,
        user.name,
        _ranker_hook(service),
    )
    return [curation.public(session, i) for i in items]


@router.get(
    "/shortlists/{town_id}/items/{item_id}/history",
    responses=error_responses(401, 403, 404),
)
def get_item_history(
    *, town: TownDep, item_id: ItemId, user: TownUser, session: SessionDep
) -> list[HistoryEntry]:
    """Every change of a shortlist item, oldest first, its creation included."""
    item = curation.get_item(session, town.id, item_id)
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
        str | None,
        Query(max_length=35, description="Header language (else the reader's)"),
    ] = None,
) -> Response:
    """The shortlist as CSV, or XLSX with the full history on a second sheet."""
    data = export.load_export(session, town)
    # headers in ?lang=, else the negotiated reader's language (every catalogue language)
    headers_lang = supported(lang) or reader_language()
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


OverviewSort = Literal[
    "town", "total", "last_change", "suggested", "proposed", "contacted", "accepted", "declined"
]


def _overview(
    session: SessionDep,
    user: CurrentUser,
    q: str,
    country: str | None,
    status: Status | None,
    sort: OverviewSort,
    order: Literal["asc", "desc"] | None,
) -> ShortlistOverview:
    towns = None if user.role in STAFF_ROLES else [user.town_id] if user.town_id else []
    return curation.overview(
        session,
        q=q,
        country=country,
        status=status,
        towns=towns,
        sort=sort,
        descending=None if order is None else order == "desc",
    )


OverviewQ = Annotated[str, Query(max_length=100, pattern=TEXT_PATTERN, description="Town name")]
OverviewCountry = Annotated[
    str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO country code")
]
OverviewStatus = Annotated[Status | None, Query(description="Towns with items in this status")]
OverviewOrder = Annotated[
    Literal["asc", "desc"] | None, Query(description="Default: towns A-Z, figures largest first")
]


@router.get("/shortlist-overview", responses=error_responses(401))
def shortlist_overview(
    *,
    session: SessionDep,
    user: CurrentUser,
    q: OverviewQ = "",
    country: OverviewCountry = None,
    status: OverviewStatus = None,
    sort: OverviewSort = "last_change",
    order: OverviewOrder = None,
) -> ShortlistOverview:
    """Every shortlist (staff; an editor sees their own town's): counts per status, the last
    change and who made it; filter by town name, country or status, and sort."""
    return _overview(session, user, q, country, status, sort, order)


@router.get(
    "/shortlist-overview/export",
    response_class=Response,
    responses={
        200: {
            "description": "The overview as a file download",
            "content": {
                MEDIA_TYPES["csv"]: {"schema": {"type": "string"}},
                MEDIA_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
            },
        },
        **error_responses(401, 422),
    },
)
def export_overview(
    *,
    session: SessionDep,
    user: CurrentUser,
    reader: ReaderDep,
    format: Annotated[Literal["csv", "xlsx"], Query(description="File format")] = "csv",
    q: OverviewQ = "",
    country: OverviewCountry = None,
    status: OverviewStatus = None,
    sort: OverviewSort = "last_change",
    order: OverviewOrder = None,
) -> Response:
    """The overview, filtered and sorted the same way, as CSV or XLSX in your language."""
    data = _overview(session, user, q, country, status, sort, order)
    headers, rows = curation.overview_table(data, reader)
    if format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([inert(v) if isinstance(v, str) else v for v in row])
        content: bytes = buffer.getvalue().encode("utf-8-sig")
    else:
        content = write_xlsx([Sheet(name=headers[0], headers=headers, rows=rows)])
    return Response(
        content,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="shortlists.{format}"'},
    )
