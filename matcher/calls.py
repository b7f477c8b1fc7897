"""EU call rules and eligible-country lists, loaded from the versioned files in data/calls/.

Rules are data, not code: a new call year is a new JSON file, and the consortium builder
(matcher.consortium) reads whatever is there. Loading validates every file with pydantic and
checks that each call's country list exists, so a typo fails at start-up, not in a request.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError, model_validator

from matcher.config import REPO_ROOT

CALLS_DIR = REPO_ROOT / "data" / "calls"


class CallDataError(ValueError):
    """A call or country file that is missing, malformed or inconsistent."""


class Country(BaseModel):
    code: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2, as in GeoNames")
    name_en: str
    name_pl: str


class AssociatedCountry(Country):
    since: int | None = Field(default=None, description="First call year it was associated")
    conditional: bool = Field(
        default=False,
        description="Eligible only if its association agreement is in force before signature",
    )
    note: str = ""


class EligibleCountries(BaseModel):
    """The countries whose bodies may take part in one programme's calls of one year."""

    id: str
    programme: str
    year: int
    version: int = Field(ge=1)
    source: str
    comment: str = ""
    eu_member_states: list[Country]
    associated: list[AssociatedCountry] = Field(default_factory=list)

    @model_validator(mode="after")
    def _no_duplicates(self) -> EligibleCountries:
        codes = [c.code for c in self.eu_member_states] + [c.code for c in self.associated]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValueError(f"countries listed twice: {', '.join(dupes)}")
        return self

    @property
    def eu_codes(self) -> frozenset[str]:
        return frozenset(c.code for c in self.eu_member_states)

    @property
    def eligible_codes(self) -> frozenset[str]:
        return self.eu_codes | frozenset(c.code for c in self.associated)

    @property
    def conditional_codes(self) -> frozenset[str]:
        return frozenset(c.code for c in self.associated if c.conditional)

    def name(self, code: str, lang: str = "en") -> str:
        """The country's name in ``lang`` ('en' or 'pl'); the code itself when not listed."""
        for c in [*self.eu_member_states, *self.associated]:
            if c.code == code:
                return c.name_pl if lang == "pl" else c.name_en
        return code


class CallRules(BaseModel):
    """One call's composition rules (the part a consortium can be checked against)."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    version: int = Field(ge=1)
    programme: str
    strand: str
    year: int
    reference: str = ""
    name_en: str
    name_pl: str
    countries: str = Field(description="Id of the eligible-country list (countries/<id>.json)")
    min_members: int = Field(ge=1, description="Lead included")
    max_members: int | None = Field(default=None, ge=1)
    min_countries: int = Field(ge=1)
    min_eu_countries: int = Field(ge=0)
    lead_must_be_local_authority: bool = False
    members_must_be_municipalities: bool = False
    notes_en: list[str] = Field(default_factory=list)
    notes_pl: list[str] = Field(default_factory=list)
    source: str
    comment: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> CallRules:
        if self.min_eu_countries > self.min_countries:
            raise ValueError("min_eu_countries exceeds min_countries")
        if self.min_countries > self.min_members:
            raise ValueError("min_countries exceeds min_members")
        if self.max_members is not None and self.max_members < self.min_members:
            raise ValueError("max_members is below min_members")
        return self


class Call(BaseModel):
    """A call together with its eligible-country list: all the builder needs."""

    rules: CallRules
    countries: EligibleCountries

    @property
    def id(self) -> str:
        return self.rules.id


class CallSummary(BaseModel):
    """What GET /calls lists."""

    id: str
    version: int
    programme: str
    strand: str
    year: int
    reference: str
    name_en: str
    name_pl: str
    min_members: int
    max_members: int | None
    min_countries: int
    min_eu_countries: int
    lead_must_be_local_authority: bool
    members_must_be_municipalities: bool
    eligible_countries: list[str]
    eu_member_states: list[str]
    notes_en: list[str]
    notes_pl: list[str]

    @classmethod
    def of(cls, call: Call) -> CallSummary:
        r = call.rules
        return cls(
            **r.model_dump(exclude={"countries", "source", "comment"}),
            eligible_countries=sorted(call.countries.eligible_codes),
            eu_member_states=sorted(call.countries.eu_codes),
        )


def _read(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CallDataError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise CallDataError(f"{path}: expected a JSON object")
    return data


def load_calls(directory: Path = CALLS_DIR) -> dict[str, Call]:
    """Every call in ``directory`` by id, each joined to its country list; validated."""
    lists: dict[str, EligibleCountries] = {}
    for path in sorted((directory / "countries").glob("*.json")):
        try:
            countries = EligibleCountries.model_validate(_read(path))
        except ValidationError as exc:
            raise CallDataError(f"{path}: {exc}") from exc
        if countries.id != path.stem:
            raise CallDataError(f"{path}: id {countries.id!r} does not match the file name")
        lists[countries.id] = countries
    calls: dict[str, Call] = {}
    for path in sorted(directory.glob("*.json")):
        try:
            rules = CallRules.model_validate(_read(path))
        except ValidationError as exc:
            raise CallDataError(f"{path}: {exc}") from exc
        if rules.id != path.stem:
            raise CallDataError(f"{path}: id {rules.id!r} does not match the file name")
        if rules.countries not in lists:
            raise CallDataError(f"{path}: unknown country list {rules.countries!r}")
        calls[rules.id] = Call(rules=rules, countries=lists[rules.countries])
    if not calls:
        raise CallDataError(f"no call files in {directory}")
    return calls


@lru_cache(maxsize=1)
def default_calls() -> dict[str, Call]:
    """The shipped calls, read once per process (the files do not change while serving)."""
    return load_calls(CALLS_DIR)
