"""Typed results of the ranker, shared by the CLI, the API and the web page."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Reason(BaseModel):
    """One factor's share of a suggestion's score, with the figures behind it."""

    factor: str = Field(description="Factor key, e.g. 'text', 'population', 'networks'")
    contribution: float = Field(description="Points this factor adds to the score")
    text_en: str
    text_pl: str
    evidence: dict[str, float | int | str | list[str]] = Field(default_factory=dict)


class TownRef(BaseModel):
    id: str
    name: str
    country_code: str
    latitude: float | None = None
    longitude: float | None = None
    population: int | None = None


def town_ref(town: object) -> TownRef:
    """The reference of a town record (any object with the TownRef fields, e.g. a Town row)."""
    return TownRef.model_validate(town, from_attributes=True)


class Suggestion(TownRef):
    """A ranked candidate partner; ``score`` equals the sum of the reasons' contributions."""

    rank: int
    score: float
    reasons: list[Reason]


class SuggestionQuery(BaseModel):
    """What a user asks for; every filter is optional."""

    town_id: str | None = None
    query: str | None = Field(default=None, description="Free text in any supported language")
    target_countries: list[str] = Field(default_factory=list)
    themes: list[str] = Field(default_factory=list)
    min_population: int | None = Field(default=None, ge=0)
    max_population: int | None = Field(default=None, ge=0)
    max_distance_km: float | None = Field(default=None, gt=0)
    include_same_country: bool = False
    include_partners: bool = False
    limit: int = Field(default=10, ge=1, le=200)


class Understood(BaseModel):
    """One fact recognised in the free-text query, and whether it filtered the results."""

    kind: str = Field(description="'country', 'size', 'coastal' or 'spa'")
    phrase: str = Field(description="The words of the query that said it")
    value: str = Field(description="ISO country code, 'min-max' inhabitants, or 'true'")
    text_en: str
    text_pl: str
    applied: bool = Field(
        default=True, description="False when an explicit filter of the same kind overrode it"
    )


class TownSuggestions(BaseModel):
    town: TownRef | None
    query: str | None = None
    suggestions: list[Suggestion]
    understood: list[Understood] = Field(
        default_factory=list, description="What the free-text query was understood to ask for"
    )
