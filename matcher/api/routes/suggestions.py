"""Suggestions: ranked partners for a town, free-text search, and one pair explained.

The routes only translate HTTP to a :class:`~matcher.results.SuggestionQuery`; the service's
domain errors (UnknownTown, BadQuery) reach the client through the one table of
``matcher.api.errors``, so the API returns exactly what the CLI returns for the same input.
Sentences are rendered on the way out, in the language of the request.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from matcher.api.deps import ServiceDep, SessionDep
from matcher.api.errors import error_responses
from matcher.api.params import CountriesParam, ThemesParam, check_themes, normalise_countries
from matcher.i18n import msg
from matcher.results import Suggestion, SuggestionQuery, TownSuggestions
from matcher.service import BadQuery, check_query

router = APIRouter(tags=["suggestions"])

SOME_TEXT = r"^[^\x00]*\S[^\x00]*$"
"""Text with at least one character that is not a space, and no NUL."""

ERRORS = error_responses(404, 422, 503)

TextParam = Annotated[
    str | None,
    Query(max_length=500, description="Free text in any supported language, e.g. 'cittaslow'"),
]
LimitParam = Annotated[int, Query(ge=1, le=200)]
PopulationParam = Annotated[
    int | None,
    Query(
        ge=0,
        le=100_000_000,
        description="Inhabitants (inclusive); min_population must not exceed max_population",
    ),
]
DistanceParam = Annotated[float | None, Query(gt=0, le=10_000)]


def build_query(**fields: object) -> SuggestionQuery:
    """A SuggestionQuery that obeys the query rules (e.g. min at most max), else a 422."""
    try:
        query = SuggestionQuery.model_validate(fields)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from exc
    check_query(query)
    return query


@router.get("/towns/{town_id}/suggestions", responses=ERRORS)
def suggest_for_town(
    *,
    town_id: str,
    service: ServiceDep,
    session: SessionDep,
    country: CountriesParam = [],  # noqa: B006  (FastAPI copies the default)
    theme: ThemesParam = [],  # noqa: B006
    min_population: PopulationParam = None,
    max_population: PopulationParam = None,
    max_distance_km: DistanceParam = None,
    q: TextParam = None,
    include_same_country: bool = False,
    limit: LimitParam = 10,
) -> TownSuggestions:
    """Ranked partner towns for a town, with the reasons behind each score."""
    query = build_query(
        town_id=town_id,
        query=q.strip() if q and q.strip() else None,
        target_countries=normalise_countries(country),
        themes=check_themes(session, theme),
        min_population=min_population,
        max_population=max_population,
        max_distance_km=max_distance_km,
        include_same_country=include_same_country,
        limit=limit,
    )
    return service.suggest(query)


@router.get("/search", responses=ERRORS)
def search_by_text(
    *,
    service: ServiceDep,
    session: SessionDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=500,
            pattern=SOME_TEXT,
            description="What you look for (not only spaces)",
        ),
    ],
    country: CountriesParam = [],  # noqa: B006
    theme: ThemesParam = [],  # noqa: B006
    min_population: PopulationParam = None,
    max_population: PopulationParam = None,
    limit: LimitParam = 10,
) -> TownSuggestions:
    """Towns matching a free-text description, without a source town."""
    if not q.strip():
        raise BadQuery(msg("error.query.empty_text"))
    query = build_query(
        query=q.strip(),
        target_countries=normalise_countries(country),
        themes=check_themes(session, theme),
        min_population=min_population,
        max_population=max_population,
        include_same_country=True,
        limit=limit,
    )
    return service.suggest(query)


@router.get("/towns/{town_id}/explain/{candidate_id}", responses=ERRORS)
def explain_pair(
    *,
    town_id: str,
    candidate_id: str,
    service: ServiceDep,
    session: SessionDep,
    country: CountriesParam = [],  # noqa: B006
    theme: ThemesParam = [],  # noqa: B006
    q: TextParam = None,
) -> Suggestion:
    """The score of one pair of towns and the reasons that add up to it; with the list's
    wish and filters, the same score and reasons the pair has in that list."""
    if town_id == candidate_id:
        raise BadQuery(msg("error.query.same_town"))
    text = q.strip() if q and q.strip() else None
    if text is None and not country and not theme:
        return service.explain(town_id, candidate_id)
    query = build_query(
        town_id=town_id,
        query=text,
        target_countries=normalise_countries(country),
        themes=check_themes(session, theme),
    )
    return service.explain(town_id, candidate_id, query)
