"""API-only schemas: town detail, profiles, themes and the caller.

Table models and their list schemas (``TownPublic``, ``TownsPublic``) live in
:mod:`matcher.models`; ranking results in :mod:`matcher.results`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, field_validator

from matcher.results import TownRef


class ThemePublic(BaseModel):
    code: str
    name_en: str
    name_pl: str


class Fact(BaseModel):
    """One figure about a town and the source it comes from (keys as in data/README.md)."""

    label_en: str
    label_pl: str
    value: int | float | bool | str
    source: str


class ThemeEvidence(BaseModel):
    source_kind: str = Field(description="'network', 'urbact', 'project' or 'profile'")
    source_id: str
    evidence: str


class TownThemePublic(ThemePublic):
    evidence: list[ThemeEvidence]


class NetworkMembership(BaseModel):
    id: str
    name: str
    kind: str
    role: str
    year: int | None


class ProjectParticipation(BaseModel):
    id: str
    acronym: str
    title: str
    programme: str
    role: str


class TownProfilePublic(BaseModel):
    """What a town wrote about itself; ``version`` 0 means nothing was written yet."""

    town_id: str
    description: str
    offers: str
    seeks: str
    themes: list[str]
    languages: list[str]
    contact: str
    version: int
    updated_at: datetime | None
    updated_by: str


def _clean_codes(values: list[str]) -> list[str]:
    """Stripped, lower-cased, de-duplicated codes in their given order."""
    seen: dict[str, None] = {}
    for value in values:
        code = value.strip().lower()
        if code:
            seen.setdefault(code, None)
    return list(seen)


NO_NUL = r"^[^\x00]*$"
"""Text without NUL characters (PostgreSQL cannot store them)."""


class TownProfileUpdate(BaseModel):
    """A new profile; ``version`` is the version you read (0 for a town without a profile)."""

    description: str = Field(default="", max_length=5000, pattern=NO_NUL)
    offers: str = Field(default="", max_length=3000, pattern=NO_NUL)
    seeks: str = Field(default="", max_length=3000, pattern=NO_NUL)
    themes: list[Annotated[str, StringConstraints(max_length=32, pattern=NO_NUL)]] = Field(
        default_factory=list, max_length=20, description="Theme codes"
    )
    languages: list[Annotated[str, StringConstraints(max_length=8, pattern=NO_NUL)]] = Field(
        default_factory=list, max_length=20, description="ISO 639-1 codes, e.g. 'pl', 'en'"
    )
    contact: str = Field(default="", max_length=500, pattern=NO_NUL)
    version: int = Field(ge=0, le=2_000_000_000)

    @field_validator("themes", "languages")
    @classmethod
    def _codes(cls, values: list[str]) -> list[str]:
        return _clean_codes(values)


class TownDetail(TownRef):
    """Everything we know about one town, each fact with its source."""

    kind: str
    region_name: str | None
    powiat: str | None
    voivodeship: str | None
    gmina_type: str | None
    area_km2: float | None
    degurba: int | None
    coastal: bool | None
    facts: list[Fact]
    themes: list[TownThemePublic]
    networks: list[NetworkMembership]
    projects: list[ProjectParticipation]
    partners: list[TownRef]
    profile: TownProfilePublic | None


class Me(BaseModel):
    """The caller, as identified by its API key."""

    name: str
    role: str
    town_id: str | None
