"""EU calls and the consortium builder.

The route gathers typed inputs (the call from data/calls, the lead, pinned towns and ranked
candidates from the match service, their themes and ties from the database) and hands them to
the pure builder in matcher.consortium. Rules that cannot be met come back as ``passed: false``
with a sentence saying what to change; a request that cannot be built as asked (size out of
range, too many pins) is a 422 in the reader's language.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlmodel import Session

from matcher.api.deps import ServiceDep, SessionDep
from matcher.api.errors import ApiError, error_responses, not_found_town
from matcher.api.language import ReaderDep
from matcher.api.params import CountryCode, check_themes, normalise_countries
from matcher.api.routes.curation import TEXT_PATTERN, TOWN_ID_PATTERN
from matcher.calls import Call, CallSummary, default_calls
from matcher.consortium import (
    CandidateTown,
    ConsortiumResult,
    Constraints,
    build_consortium,
    swap_member,
)
from matcher.consortium.facts import enrich
from matcher.documents.consortium import consortium_pdf, consortium_xlsx
from matcher.i18n import msg
from matcher.models import Town
from matcher.results import Suggestion, SuggestionQuery, TownRef, town_ref
from matcher.service import MatchService

router = APIRouter(tags=["consortia"])

CANDIDATES = 200
"""How many ranked candidates the builder chooses from."""
PER_COUNTRY = 3
"""Extra candidates fetched per missing country when the first list lacks country variety."""
OUTSIDE_FILTER = 30
"""Candidates fetched outside the country filter (only to name countries a failed rule could
add; the builder does not take them)."""


TownId = Annotated[str, StringConstraints(min_length=1, max_length=16, pattern=TOWN_ID_PATTERN)]


class ConsortiumRequest(BaseModel):
    """What a consortium is for: lead town, call, size, and optionally a theme, topic, countries."""

    model_config = ConfigDict(extra="forbid")

    lead_town_id: str = Field(
        min_length=1, max_length=16, pattern=TOWN_ID_PATTERN, examples=["PL-1261011"]
    )
    call: str = Field(
        min_length=1, max_length=40, pattern=r"^[a-z0-9-]+$", examples=["cerv-nt-2025"]
    )
    size: int = Field(
        description="Members wanted, lead included (the call's minimum up to 30; outside that "
        "range the answer is a 422 saying the range)"
    )
    theme: str | None = Field(default=None, min_length=1, max_length=32, pattern=r"^[a-z0-9-]+$")
    topic: str | None = Field(
        default=None, max_length=500, pattern=TEXT_PATTERN, description="Free text"
    )
    countries: list[CountryCode] = Field(
        default_factory=list, max_length=50, description="Only partners from these countries"
    )
    pinned: list[TownId] = Field(
        default_factory=list, max_length=29, description="Towns that must be members"
    )
    excluded: list[TownId] = Field(
        default_factory=list, max_length=500, description="Towns never to propose"
    )
    members: list[TownId] = Field(
        default_factory=list,
        max_length=29,
        description="The current partners (with `swap`: all but that one stay)",
    )
    swap: TownId | None = Field(
        default=None, description="Replace this member by the next-best candidate"
    )


@router.get("/calls")
def list_calls() -> list[CallSummary]:
    """The EU calls a consortium can be checked against, with their rules."""
    return [CallSummary.of(call) for _, call in sorted(default_calls().items())]


def _call(call_id: str) -> Call:
    calls = default_calls()
    if call_id not in calls:
        raise ApiError(422, msg("error.call.unknown", call=call_id, calls=sorted(calls)))
    return calls[call_id]


def _ask(service: MatchService, query: SuggestionQuery) -> list[Suggestion]:
    return service.suggest(query).suggestions


def gather_candidates(
    service: MatchService,
    base: SuggestionQuery,
    call: Call,
    countries: list[str],
    lead_country: str | None = None,
) -> list[Suggestion]:
    """Ranked candidates in eligible countries; when they come from too few countries for the
    call, also the best few of each missing country, so one dominant country cannot starve a
    call that needs many (one extra query per missing country, only in that case); and with a
    country filter, the best few outside it, so a failed rule can say which country to add."""
    eligible = call.countries.eligible_codes
    targets = countries or sorted(eligible)
    first = _ask(service, base.model_copy(update={"target_countries": targets}))
    present = {s.country_code for s in first} | ({lead_country} if lead_country else set())
    have = present & eligible
    enough = (
        len(have) >= call.rules.min_countries
        and len(have & call.countries.eu_codes) >= call.rules.min_eu_countries
    )
    if enough:
        return first
    missing = [c for c in targets if c in eligible and c not in present]
    found = {s.id: s for s in first}
    for code in missing:
        extra = base.model_copy(update={"target_countries": [code], "limit": PER_COUNTRY})
        for s in _ask(service, extra):
            found.setdefault(s.id, s)
    outside = sorted(eligible - set(countries)) if countries else []
    if outside:
        extra = base.model_copy(update={"target_countries": outside, "limit": OUTSIDE_FILTER})
        for s in _ask(service, extra):
            found.setdefault(s.id, s)
    ranked = sorted(found.values(), key=lambda s: (-s.score, s.id))
    return [s.model_copy(update={"rank": i}) for i, s in enumerate(ranked, start=1)]


def _candidate(s: Suggestion) -> CandidateTown:
    return CandidateTown(
        town=TownRef.model_validate(s.model_dump(include=set(TownRef.model_fields))),
        score=s.score,
        rank=s.rank,
        reasons=s.reasons,
    )


def _fixed(
    session: Session, service: MatchService, lead: Town, ids: list[str], ranked: list[Suggestion]
) -> list[CandidateTown]:
    """Pinned or kept towns the ranked list lacks: scored for the lead one by one."""
    have = {s.id for s in ranked}
    out: list[CandidateTown] = []
    for town_id in dict.fromkeys(ids):
        if town_id in have or town_id == lead.id:
            continue
        town = session.get(Town, town_id)
        if town is None:
            raise not_found_town(town_id)
        pair = service.explain(lead.id, town_id)
        out.append(CandidateTown(town=town_ref(town), score=pair.score, reasons=pair.reasons))
    return out


def _build(body: ConsortiumRequest, session: Session, service: MatchService) -> ConsortiumResult:
    call = _call(body.call)
    lead = session.get(Town, body.lead_town_id)
    if lead is None:
        raise not_found_town(body.lead_town_id)
    themes = check_themes(session, [body.theme] if body.theme else [])
    topic = body.topic.strip() if body.topic and body.topic.strip() else None
    countries = normalise_countries(body.countries)
    base = SuggestionQuery(
        town_id=lead.id,
        query=topic,
        themes=themes,
        include_same_country=True,
        include_partners=True,
        limit=CANDIDATES,
    )
    ranked = gather_candidates(service, base, call, countries, lead.country_code)
    fixed_ids = [*body.pinned, *body.members]
    candidates = [_candidate(s) for s in ranked]
    candidates += _fixed(session, service, lead, fixed_ids, ranked)
    lead_candidate, *candidates = enrich(session, [CandidateTown(town=town_ref(lead)), *candidates])
    constraints = Constraints(
        pinned=tuple(dict.fromkeys(body.pinned)),
        excluded=frozenset(body.excluded),
        countries=frozenset(countries),
        theme=themes[0] if themes else None,
        keep=tuple(body.members) if body.swap is None else (),
    )
    if body.swap is not None:
        return swap_member(
            call, lead_candidate, candidates, body.size, body.members, body.swap, constraints
        )
    return build_consortium(call, lead_candidate, candidates, body.size, constraints)


@router.post("/consortia", responses=error_responses(400, 404, 422, 503))
def build(*, body: ConsortiumRequest, session: SessionDep, service: ServiceDep) -> ConsortiumResult:
    """A consortium for a call around a lead town, with every rule of the call checked:
    pin towns, exclude towns, restrict the partners' countries, keep the current members
    (``members``), or swap one of them (``swap``)."""
    return _build(body, session, service)


BINARY = {"type": "string", "format": "binary"}
EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@router.post(
    "/consortia/export",
    response_class=Response,
    responses={
        200: {
            "description": "The consortium as a file for the application",
            "content": {
                t: {"schema": {"type": "string", "format": "binary"}} for t in EXPORT_TYPES.values()
            },
        },
        **error_responses(400, 404, 422, 503),
    },
)
def export(
    *,
    body: ConsortiumRequest,
    session: SessionDep,
    service: ServiceDep,
    reader: ReaderDep,
    format: Annotated[Literal["xlsx", "pdf"], Query(description="File format")] = "xlsx",
) -> Response:
    """The consortium (send the same body as to /consortia, with ``members``) as XLSX or
    PDF in your language: members, countries, EU status, population, theme evidence, and
    the rule check item by item."""
    result = _build(body, session, service)
    call = _call(body.call)
    if format == "xlsx":
        content = consortium_xlsx(result, call, reader)
    else:
        content = consortium_pdf(result, call, reader)
    name = f"consortium-{result.call}-{result.lead.id}.{format}"
    return Response(
        content,
        media_type=EXPORT_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
