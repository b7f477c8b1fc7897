"""Typed inputs and results of the consortium builder (no rules here, see rules.py)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, computed_field

from matcher.errors import DomainError
from matcher.i18n.message import Term
from matcher.results import Reason, Sentence, TownRef

LOCAL_AUTHORITY_KINDS: frozenset[str] = frozenset({"gmina", "place"})
"""Town kinds taken to be municipalities: a Polish gmina is one; a GeoNames populated place is
taken to stand for the municipality that governs it (an assumption of our data)."""

MAX_SIZE = 30
"""The largest consortium the builder assembles, lead included (no call asks for more)."""


class BadConsortium(DomainError):
    """A consortium request that cannot be built as asked (size, pins, swap): HTTP 422."""


class ThemeEvidence(BaseModel):
    """A theme a town works on, and where our data says so (network, project, profile)."""

    code: str
    names: dict[str, str] = Field(description="The theme's name per language")
    evidence: list[str] = Field(default_factory=list, description="Networks, projects, profile")

    @property
    def term(self) -> Term:
        return Term(self.code, self.names)


class CandidateTown(BaseModel):
    """A town the builder may use: rank score and reasons relative to the lead, themes, ties."""

    town: TownRef
    kind: str = Field(default="place", description="'gmina' or 'place' (Town.kind)")
    score: float | None = None
    rank: int | None = None
    reasons: list[Reason] = Field(default_factory=list)
    themes: list[ThemeEvidence] = Field(default_factory=list)
    networks: dict[str, str] = Field(default_factory=dict, description="Network id -> name")
    projects: dict[str, str] = Field(default_factory=dict, description="Project id -> acronym")
    partners: dict[str, str] = Field(default_factory=dict, description="Partner town id -> name")

    @property
    def id(self) -> str:
        return self.town.id

    @property
    def country(self) -> str:
        return self.town.country_code


class Tie(BaseModel):
    """What links a member to another member: a network, a project or a partner town."""

    town: TownRef
    links: list[str] = Field(description="Names of the shared networks, projects, partners")
    partners: bool = Field(default=False, description="The two are partner towns already")


class FitReason(Sentence):
    """Why a member fits the consortium (a sentence and the kind of reason)."""

    kind: str = Field(description="'lead', 'pinned', 'rank', 'country', 'population', ...")


class ConsortiumMember(BaseModel):
    town: TownRef
    role: Literal["lead", "partner"]
    pinned: bool = False
    swapped_in: bool = Field(default=False, description="Came in by the last swap")
    kind: str
    eu_member_state: bool
    country_evidence: str | None = Field(
        description="confirmed, announced or unverified (None: not eligible)"
    )
    score: float | None = None
    rank: int | None = None
    reasons: list[Reason] = Field(default_factory=list, description="The ranker's reasons")
    fit: list[FitReason] = Field(description="Why this town fits the consortium")
    themes: list[ThemeEvidence] = Field(default_factory=list, description="Themes in common")
    ties: list[Tie] = Field(default_factory=list)


Verdict = Literal["pass", "warning", "fail"]


class RuleCheck(Sentence):
    """One rule of the call (or of plausibility) checked; a failure says what to change."""

    rule: str = Field(description="Rule key, e.g. 'min_countries'")
    verdict: Verdict
    suggest_countries: list[str] = Field(
        default_factory=list, description="Countries to add from, when the rule asks for one"
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passed(self) -> bool:
        """False only for a failure (a warning passes, and says what to check)."""
        return self.verdict != "fail"


class Summary(Sentence):
    pass


class LeftOut(BaseModel):
    """How many ranked candidates each filter left out (language-free counts)."""

    excluded: int = 0
    not_eligible: int = 0
    outside_filter: int = 0
    not_municipality: int = 0
    size: int = 0
    no_common_theme: int = 0


class ConsortiumResult(BaseModel):
    """A proposed consortium (lead first), each rule checked, and a summary."""

    call: str
    call_version: int
    call_name: str = Field(description="The call's name in the language of the request")
    countries_version: str = Field(description="Eligible-country list id and version used")
    lead: TownRef
    size_requested: int
    size_bound: float = Field(description="Partners within this factor of the lead's population")
    max_per_country: int
    members: list[ConsortiumMember]
    checks: list[RuleCheck]
    passed: bool
    warnings: int
    summary: Summary
    left_out: LeftOut
    notes: list[str] = Field(default_factory=list, description="Call rules not checked here")
    excluded: list[str] = Field(default_factory=list, description="Town ids left out on request")
