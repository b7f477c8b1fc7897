"""API-only schemas: town detail, profiles, themes and the caller.

Table models and their list schemas (``TownPublic``, ``TownsPublic``) live in
:mod:`matcher.models`; ranking results in :mod:`matcher.results`.
"""

from __future__ import annotations

from pydantic import BaseModel, Field, computed_field
from pydantic.json_schema import JsonDict

from matcher.i18n import translator
from matcher.i18n.context import reader_language
from matcher.i18n.vocabulary import theme_term
from matcher.own_profile import ProfilePublic
from matcher.results import TownRef

DEPRECATED_NAME = "Deprecated: use `name` (the reader's language); removed in the next release."
OLD: JsonDict = {"deprecated": True}


class ThemePublic(BaseModel):
    code: str
    name_en: str = Field(description=f"English name. {DEPRECATED_NAME}", json_schema_extra=OLD)
    name_pl: str = Field(description=f"Polish name. {DEPRECATED_NAME}", json_schema_extra=OLD)

    @computed_field(description="The theme's name in the language of the request")  # type: ignore[prop-decorator]
    @property
    def name(self) -> str:
        term = theme_term(self.code, {"en": self.name_en, "pl": self.name_pl})
        return translator(reader_language()).format_value(term)


class Fact(BaseModel):
    """One figure about a town and the source it comes from (keys as in data/README.md)."""

    code: str = Field(description="Which fact: the town field, e.g. 'population'")
    label: str = Field(description="The fact's name in the reader's language")
    label_en: str = Field(description="Deprecated: use label (with ?lang=en)")
    label_pl: str = Field(description="Deprecated: use label (with ?lang=pl)")
    value: int | float | bool | str = Field(description="The value as the data holds it")
    text: str = Field(description="The value in words, in the reader's language")
    source: str = Field(description="Source key, as in data/README.md")
    source_label: str = Field(description="The source named in the reader's language")


class IndicatorValue(BaseModel):
    """One GUS Local Data Bank figure of a gmina, with when and where it comes from."""

    code: str = Field(description="Indicator code, e.g. 'unemployment'")
    label: str
    value: float
    text: str = Field(description="The value with its unit, in the reader's language")
    unit: str = Field(description="Unit code, e.g. 'percent_working_age'")
    year: int | None = Field(description="Year observed; null when the source did not record it")
    edition: str = Field(description="Date of the data set (ISO)")
    period: str = Field(description="The year, or the date of the data set, in words")
    source: str
    source_label: str


class IndicatorGroup(BaseModel):
    """Indicators as an officer groups them: labour market, finances, demography, ..."""

    code: str
    label: str
    indicators: list[IndicatorValue]


class RegionFigurePublic(BaseModel):
    code: str = Field(description="'gdp_index', 'population', 'population_change', ...")
    label: str
    value: float
    text: str


class TypologyPublic(BaseModel):
    code: str = Field(description="'mountain', 'coastal' or 'urban_rural'")
    value: int = Field(description="Eurostat's code (see data/README.md)")
    label: str
    text: str


class Nuts3Public(BaseModel):
    """The town's NUTS 3 region with Eurostat figures and typology."""

    code: str
    name: str
    name_latn: str
    method: str = Field(description="'lau', 'within' or 'nearest' (see data/README.md)")
    method_text: str
    figures: list[RegionFigurePublic]
    typology: list[TypologyPublic]
    edition: str
    source: str
    source_label: str


class RegionPublic(BaseModel):
    """The town's first-level region, named in the reader's language."""

    id: str = Field(description="'<country>.<GeoNames admin1>', e.g. 'DE.13'")
    iso_code: str | None = Field(description="ISO 3166-2 code where it maps, e.g. 'DE-SN'")
    name: str
    name_source: str
    official_name: str | None
    adjective: str | None = Field(description="Polish voivodeships: 'podlaskie'")


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
    local_name: str | None = Field(
        description="The town's own name in the reader's language, when it has one "
        "(Kilonia for Kiel in Polish)"
    )
    region_name: str | None = Field(description="The region's name in the reader's language")
    region: RegionPublic | None
    nuts3_region: Nuts3Public | None
    indicators: list[IndicatorGroup] = Field(
        description="GUS Local Data Bank indicators (Polish gminas), by group"
    )
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
    can_curate_any: bool = Field(
        default=False, description="May keep every town's shortlist and see the overview"
    )
    curate_towns: list[str] = Field(
        default_factory=list, description="Towns whose shortlist this key may keep"
    )
