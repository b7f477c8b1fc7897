"""EU call rules and eligible-country lists, loaded from the versioned files in data/calls/.

Rules are data, not code: a new call year is a new JSON file, and the consortium builder
(matcher.consortium) reads whatever is there. Loading validates every file with pydantic and
checks that each call's country list exists and that every associated country names a source
(data/calls/sources.json) unless it is marked unverified, so a typo fails at start-up, not in
a request. Each associated country carries a status: ``confirmed`` (a source says the
agreement is in force for the call), ``announced`` (a source says it is joining) or
``unverified`` (no source we hold): the consortium check warns on anything but confirmed.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, model_validator

from matcher.config import REPO_ROOT
from matcher.i18n.context import reader_language
from matcher.i18n.message import Term

CALLS_DIR = REPO_ROOT / "data" / "calls"


class CallDataError(ValueError):
    """A call or country file that is missing, malformed or inconsistent."""


class Country(BaseModel):
    code: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2, as in GeoNames")
    name_en: str
    name_pl: str


Evidence = Literal["confirmed", "announced", "unverified"]
EVIDENCE: tuple[Evidence, ...] = ("confirmed", "announced", "unverified")


class Source(BaseModel):
    """A document that supports (part of) a country list: what it is and what it says."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    publisher: str
    date: date
    url: str = ""
    says: str = Field(description="What the document says, in a sentence")
    supports: list[str] = Field(description="Country codes it names")
    status: Evidence = Field(description="What it establishes for those countries")
    note: str = ""


class AssociatedCountry(Country):
    since: int | None = Field(default=None, description="First call year it was associated")
    conditional: bool = Field(
        default=False,
        description="Eligible only if its association agreement is in force before signature",
    )
    status: Evidence = Field(description="confirmed, announced or unverified")
    source: str | None = Field(default=None, description="Id of the supporting document")
    note: str = ""

    @model_validator(mode="after")
    def _sourced(self) -> AssociatedCountry:
        if self.status != "unverified" and not self.source:
            raise ValueError(f"{self.code} is {self.status} but names no source")
        return self


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

    def evidence(self, code: str) -> Evidence | None:
        """How well a source supports ``code``: EU Member States are confirmed by the
        treaties; None when the country is not on the list."""
        if code in self.eu_codes:
            return "confirmed"
        return next((c.status for c in self.associated if c.code == code), None)

    def doubtful_codes(self) -> frozenset[str]:
        """Associated countries no source confirms (announced or unverified)."""
        return frozenset(c.code for c in self.associated if c.status != "confirmed")


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
    name_de: str
    countries: str = Field(description="Id of the eligible-country list (countries/<id>.json)")
    min_members: int = Field(ge=1, description="Lead included")
    max_members: int | None = Field(default=None, ge=1)
    min_countries: int = Field(ge=1)
    min_eu_countries: int = Field(ge=0)
    max_country_share: float = Field(
        gt=0, le=1, description="At most this share of the members (rounded down) per country"
    )
    lead_must_be_local_authority: bool = False
    members_must_be_municipalities: bool = False
    notes_en: list[str] = Field(default_factory=list)
    notes_pl: list[str] = Field(default_factory=list)
    notes_de: list[str] = Field(default_factory=list)
    source: str
    comment: str = ""

    @property
    def title(self) -> Term:
        """The call's name in the reader's language (a catalogue-free data label)."""
        return Term(self.id, {"en": self.name_en, "pl": self.name_pl, "de": self.name_de})

    def display_name(self, lang: str) -> str:
        """The call's name in ``lang`` (English when not given)."""
        return {"pl": self.name_pl, "de": self.name_de}.get(lang) or self.name_en

    def notes(self, lang: str) -> list[str]:
        """Rules the builder does not check, in ``lang`` (English when not given)."""
        return {"pl": self.notes_pl, "de": self.notes_de}.get(lang) or self.notes_en

    def max_per_country(self, members: int) -> int:
        """How many of ``members`` towns may come from one country."""
        return max(1, int(self.max_country_share * members + 1e-9))

    @model_validator(mode="after")
    def _consistent(self) -> CallRules:
        if self.min_eu_countries > self.min_countries:
            raise ValueError("min_eu_countries exceeds min_countries")
        if self.min_countries > self.min_members:
            raise ValueError("min_countries exceeds min_members")
        if self.max_members is not None and self.max_members < self.min_members:
            raise ValueError("max_members is below min_members")
        if len(self.notes_pl) != len(self.notes_en) or len(self.notes_de) != len(self.notes_en):
            raise ValueError("notes_en, notes_pl and notes_de differ in length")
        return self


class Call(BaseModel):
    """A call together with its eligible-country list: all the builder needs."""

    rules: CallRules
    countries: EligibleCountries
    sources: dict[str, Source] = Field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.rules.id


class CountryEvidence(BaseModel):
    """An associated country of a call, with the document that supports it."""

    code: str
    status: Evidence
    conditional: bool
    note: str
    source: Source | None


class CallSummary(BaseModel):
    """What GET /calls lists."""

    id: str
    name: str = Field(description="The call's name in the language of the request")
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
    max_country_share: float
    eligible_countries: list[str]
    eu_member_states: list[str]
    associated: list[CountryEvidence]
    countries_version: str = Field(description="Eligible-country list id and version")
    notes: list[str] = Field(description="Rules not checked here, in the request's language")
    notes_en: list[str]
    notes_pl: list[str]

    @classmethod
    def of(cls, call: Call) -> CallSummary:
        r, lists = call.rules, call.countries
        lang = reader_language()
        return cls(
            **r.model_dump(exclude={"countries", "source", "comment", "name_de", "notes_de"}),
            name=r.display_name(lang),
            eligible_countries=sorted(lists.eligible_codes),
            eu_member_states=sorted(lists.eu_codes),
            associated=[
                CountryEvidence(
                    code=a.code,
                    status=a.status,
                    conditional=a.conditional,
                    note=a.note,
                    source=call.sources.get(a.source) if a.source else None,
                )
                for a in lists.associated
            ],
            countries_version=f"{lists.id} v{lists.version}",
            notes=r.notes(lang),
        )


def _read(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CallDataError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise CallDataError(f"{path}: expected a JSON object")
    return data


def load_sources(path: Path) -> dict[str, Source]:
    """The supporting documents by id (an empty table when the file is absent)."""
    if not path.exists():
        return {}
    data = _read(path)
    try:
        sources = [Source.model_validate(s) for s in data.get("sources", [])]  # type: ignore[attr-defined]
    except ValidationError as exc:
        raise CallDataError(f"{path}: {exc}") from exc
    return {s.id: s for s in sources}


def _check_sources(path: Path, countries: EligibleCountries, sources: dict[str, Source]) -> None:
    for a in countries.associated:
        if a.source is None:
            continue
        source = sources.get(a.source)
        if source is None:
            raise CallDataError(f"{path}: {a.code} names unknown source {a.source!r}")
        if a.code not in source.supports:
            raise CallDataError(f"{path}: source {a.source!r} does not name {a.code}")
        if EVIDENCE.index(a.status) < EVIDENCE.index(source.status):
            raise CallDataError(
                f"{path}: {a.code} is {a.status} but {a.source!r} only makes it {source.status}"
            )


def load_calls(directory: Path = CALLS_DIR) -> dict[str, Call]:
    """Every call in ``directory`` by id, each joined to its country list; validated."""
    sources = load_sources(directory / "sources.json")
    lists: dict[str, EligibleCountries] = {}
    for path in sorted((directory / "countries").glob("*.json")):
        try:
            countries = EligibleCountries.model_validate(_read(path))
        except ValidationError as exc:
            raise CallDataError(f"{path}: {exc}") from exc
        if countries.id != path.stem:
            raise CallDataError(f"{path}: id {countries.id!r} does not match the file name")
        _check_sources(path, countries, sources)
        lists[countries.id] = countries
    calls: dict[str, Call] = {}
    for path in sorted(p for p in directory.glob("*.json") if p.name != "sources.json"):
        try:
            rules = CallRules.model_validate(_read(path))
        except ValidationError as exc:
            raise CallDataError(f"{path}: {exc}") from exc
        if rules.id != path.stem:
            raise CallDataError(f"{path}: id {rules.id!r} does not match the file name")
        if rules.countries not in lists:
            raise CallDataError(f"{path}: unknown country list {rules.countries!r}")
        used = {a.source for a in lists[rules.countries].associated if a.source}
        calls[rules.id] = Call(
            rules=rules,
            countries=lists[rules.countries],
            sources={k: v for k, v in sources.items() if k in used},
        )
    if not calls:
        raise CallDataError(f"no call files in {directory}")
    return calls


@lru_cache(maxsize=1)
def default_calls() -> dict[str, Call]:
    """The shipped calls, read once per process (the files do not change while serving)."""
    return load_calls(CALLS_DIR)
