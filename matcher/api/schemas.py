"""API-only schemas: town detail, profiles, themes and the caller.

Table models and their list schemas (``TownPublic``, ``TownsPublic``) live in
:mod:`matcher.models`; ranking results in :mod:`matcher.results`.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from matcher.own_profile import ProfilePublic
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
    profile: ProfilePublic | None = Field(
        description="The town's own profile; None when it has not written one"
    )


class Me(BaseModel):
    """The caller, as identified by its API key."""

    name: str
    role: str
    town_id: str | None
