"""EU calls and the consortium builder.

The route gathers typed inputs (the call from data/calls, the lead and the candidates' kinds
from the database, ranked candidates from the match service) and hands them to the pure
builder in matcher.consortium. Rules that cannot be met come back as ``passed: false`` with
an explanation, not as an error.
"""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session, col, select

from matcher.api.deps import ServiceDep, SessionDep
from matcher.api.errors import ApiError, error_responses, not_found_town
from matcher.api.params import CountryCode, check_themes, normalise_countries
from matcher.api.routes.curation import TEXT_PATTERN, TOWN_ID_PATTERN
from matcher.calls import Call, CallSummary, default_calls
from matcher.consortium import MAX_SIZE, CandidateTown, ConsortiumResult, build_consortium
from matcher.models import Town
from matcher.results import Suggestion, SuggestionQuery, TownRef, town_ref
from matcher.service import BadQuery, MatchService, UnknownTown

router = APIRouter(tags=["consortia"])

CANDIDATES = 200
"""How many ranked candidates the builder chooses from."""
PER_COUNTRY = 3
"""Extra candidates fetched per missing country when the first list lacks country variety."""


class ConsortiumRequest(BaseModel):
    """What a consortium is for: lead town, call, size, and optionally a theme, topic, countries."""

    model_config = ConfigDict(extra="forbid")

    lead_town_id: str = Field(
        min_length=1, max_length=16, pattern=TOWN_ID_PATTERN, examples=["PL-1261011"]
    )
    call: str = Field(
        min_length=1, max_length=40, pattern=r"^[a-z0-9-]+$", examples=["cerv-nt-2025"]
    )
    size: int = Field(ge=1, le=MAX_SIZE, description="Members wanted, lead included")
    theme: str | None = Field(default=None, min_length=1, max_length=32, pattern=r"^[a-z0-9-]+$")
    topic: str | None = Field(
        default=None, max_length=500, pattern=TEXT_PATTERN, description="Free text"
    )
    countries: list[CountryCode] = Field(
        default_factory=list, max_length=50, description="Only partners from these countries"
    )


@router.get("/calls")
def list_calls() -> list[CallSummary]:
    """The EU calls a consortium can be checked against, with their rules."""
    return [CallSummary.of(call) for _, call in sorted(default_calls().items())]


def _call(call_id: str) -> Call:
    calls = default_calls()
    if call_id not in calls:
        known = ", ".join(sorted(calls))
        raise ApiError(
            422,
            f"Unknown call {call_id!r}; known calls: {known}. See /api/v1/calls.",
            f"Nieznany nabór {call_id!r}; dostępne: {known}. Zobacz /api/v1/calls.",
        )
    return calls[call_id]


def _ask(service: MatchService, query: SuggestionQuery) -> list[Suggestion]:
    try:
        return service.suggest(query).suggestions
    except UnknownTown as exc:
        raise not_found_town(exc.town_id) from exc
    except BadQuery as exc:
        raise ApiError(422, str(exc), f"Nieprawidłowe zapytanie: {exc}") from exc


def _kinds(session: Session, ids: Iterable[str]) -> dict[str, str]:
    wanted = list(set(ids))
    if not wanted:
        return {}
    rows = session.exec(select(Town.id, Town.kind).where(col(Town.id).in_(wanted))).all()
    return dict(rows)


def gather_candidates(
    service: MatchService,
    base: SuggestionQuery,
    call: Call,
    countries: list[str],
    lead_country: str | None = None,
) -> list[Suggestion]:
    """Ranked candidates in eligible countries; when they come from too few countries for the
    call, also the best few of each missing country, so one dominant country cannot starve a
    call that needs many (one extra query per missing country, only in that case)."""
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
    ranked = sorted(found.values(), key=lambda s: (-s.score, s.id))
    return [s.model_copy(update={"rank": i}) for i, s in enumerate(ranked, start=1)]


@router.post("/consortia", responses=error_responses(400, 404, 422, 503))
def build(*, body: ConsortiumRequest, session: SessionDep, service: ServiceDep) -> ConsortiumResult:
    """A consortium for a call around a lead town, with every rule of the call checked."""
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
    kinds = _kinds(session, (s.id for s in ranked))
    candidates = [
        CandidateTown(
            town=TownRef.model_validate(s.model_dump(include=set(TownRef.model_fields))),
            kind=kinds.get(s.id, "place"),
            score=s.score,
            rank=s.rank,
            reasons=s.reasons,
        )
        for s in ranked
    ]
    lead_candidate = CandidateTown(town=town_ref(lead), kind=lead.kind)
    return build_consortium(call, lead_candidate, candidates, body.size, countries)
