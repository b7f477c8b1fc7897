"""SQLModel tables and their public schemas.

Ids are strings that survive a rebuild: ``PL-<TERYT7>`` for Polish gminas,
``GN-<geonameid>`` for GeoNames places elsewhere.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """The current time in UTC (timezone-aware)."""
    return datetime.now(UTC)


# --- towns -----------------------------------------------------------------------------------


class TownBase(SQLModel):
    name: str = Field(index=True)
    country_code: str = Field(index=True, max_length=2)
    latitude: float | None = None
    longitude: float | None = None
    population: int | None = None


class Town(TownBase, table=True):
    """A Polish gmina (keyed by TERYT) or a European GeoNames place of 1,000+ inhabitants."""

    id: str = Field(primary_key=True, max_length=16)
    name_ascii: str = Field(index=True, description="Folded name for diacritic-free search")
    kind: str = Field(
        description="'gmina' (Poland), 'place' (GeoNames, Europe) or 'external' (a partner "
        "town outside the covered countries: a partnership end, never suggested)"
    )
    teryt: str | None = Field(default=None, index=True, max_length=7)
    geonameid: int | None = Field(default=None, index=True)
    region_code: str | None = Field(default=None, description="GeoNames admin1 code")
    region_name: str | None = None
    powiat: str | None = None
    voivodeship: str | None = None
    gmina_type: str | None = Field(default=None, description="urban / rural / urban-rural")
    area_km2: float | None = None
    degurba: int | None = Field(default=None, description="Eurostat: 1 city, 2 town, 3 rural")
    coastal: bool | None = None
    lau_code: str | None = None
    nuts3: str | None = Field(default=None, description="NUTS 2021 level-3 code (nuts3region)")
    nuts3_method: str | None = Field(
        default=None,
        description="How nuts3 was found: 'lau' (the gmina's own LAU record), 'within' (the "
        "point lies in the region's outline) or 'nearest' (just outside the generalised "
        "outline: the nearest region of the same country)",
    )
    alt_names: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    sources: str = Field(default="", description="Comma-separated source keys (data/README.md)")


class TownPublic(TownBase):
    id: str


class TownsPublic(SQLModel):
    data: list[TownPublic]
    count: int


# --- facts about places from statistics ---------------------------------------------------


class GminaIndicator(SQLModel, table=True):
    """One GUS Local Data Bank figure of a Polish gmina (codes in ``matcher.indicators``)."""

    __table_args__ = (UniqueConstraint("town_id", "indicator"),)

    id: int | None = Field(default=None, primary_key=True)
    town_id: str = Field(foreign_key="town.id", index=True)
    indicator: str = Field(max_length=40, description="Indicator code, e.g. 'unemployment'")
    value: float
    year: int | None = Field(default=None, description="Year observed; None when not recorded")
    edition: str = Field(default="", description="Date of the data set (ISO)")
    source: str = Field(description="Source key (data/README.md), e.g. 'gus_bdl'")


class Nuts3Region(SQLModel, table=True):
    """A NUTS 2021 level-3 region with Eurostat figures and typology (None where missing)."""

    code: str = Field(primary_key=True, max_length=8)
    country_code: str = Field(index=True, max_length=2, description="ISO code (GR, GB)")
    name: str = Field(description="National name (NUTS_NAME)")
    name_latn: str = Field(description="Name in Latin script (NAME_LATN)")
    mountain: int | None = Field(
        default=None, description="Eurostat MOUNT_TYPE: 1-3 mountain, 4 not"
    )
    urban_rural: int | None = Field(
        default=None, description="Eurostat URBN_TYPE: 1 urban, 2 intermediate, 3 rural"
    )
    coastal: int | None = Field(default=None, description="Eurostat COAST_TYPE: 1-2 coastal, 3 not")
    population: int | None = None
    population_change: int | None = Field(default=None, description="Persons, one year")
    density: float | None = Field(default=None, description="Inhabitants per km²")
    fertility: float | None = Field(default=None, description="Children per woman")
    gdp_index: float | None = Field(
        default=None, description="GDP per inhabitant, % of the EU average (see data/README.md)"
    )
    edition: str = Field(default="", description="Edition of the figures")
    source: str = Field(default="eurostat_nuts3", description="Source key (data/README.md)")


class Region(SQLModel, table=True):
    """A first-level division (GeoNames admin1), mapped to ISO 3166-2 where possible."""

    id: str = Field(primary_key=True, max_length=24, description="'<country>.<admin1>', e.g. DE.13")
    country_code: str = Field(index=True, max_length=2)
    admin1_code: str = Field(max_length=20)
    name: str = Field(description="GeoNames name (English)")
    geonameid: int | None = None
    iso_code: str | None = Field(default=None, index=True, max_length=10)
    iso_method: str = Field(default="", description="How iso_code was found ('' = not mapped)")
    note: str = Field(default="", description="Why it did not map, when it did not")


class RegionName(SQLModel, table=True):
    """A region's name in one language; ``form`` 'name' for every region, plus 'official'
    and 'adjective' where the language has them (Polish voivodeships)."""

    __table_args__ = (UniqueConstraint("region_id", "lang", "form"),)

    id: int | None = Field(default=None, primary_key=True)
    region_id: str = Field(foreign_key="region.id", index=True)
    lang: str = Field(max_length=16)
    form: str = Field(default="name", max_length=16)
    name: str
    source: str = Field(
        description="'pycountry' (ISO 3166-2 translation), 'iso3166-2', "
        "'geonames', 'gus' or 'derived'"
    )


class TownName(SQLModel, table=True):
    """A town's own name in a language (an exonym: Kilonia for Kiel, Drezno for Dresden)."""

    __table_args__ = (UniqueConstraint("town_id", "lang"),)

    id: int | None = Field(default=None, primary_key=True)
    town_id: str = Field(foreign_key="town.id", index=True)
    lang: str = Field(max_length=16)
    name: str
    source: str = Field(description="Where the name comes from and how it was chosen")


# --- partnerships ----------------------------------------------------------------------------


class Partnership(SQLModel, table=True):
    """An existing twin-town link; ``town_a_id < town_b_id``."""

    __table_args__ = (UniqueConstraint("town_a_id", "town_b_id"),)

    id: int | None = Field(default=None, primary_key=True)
    town_a_id: str = Field(foreign_key="town.id", index=True)
    town_b_id: str = Field(foreign_key="town.id", index=True)
    source: str = Field(default="wikipedia", description="'wikipedia' or 'curation'")
    raw_a: str = ""
    raw_b: str = ""
    method_a: str = ""
    method_b: str = ""
    created_at: datetime = Field(default_factory=utcnow)


# --- themes, networks, projects ---------------------------------------------------------------


class Theme(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=32)
    name_en: str
    name_pl: str


class Network(SQLModel, table=True):
    """A municipal network (ETMUN: Covenant of Mayors, Cittaslow, ...) or an URBACT network."""

    id: str = Field(primary_key=True, max_length=32)
    kind: str = Field(description="'etmun' or 'urbact'")
    name: str
    acronym: str = ""
    keywords: str = ""
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    start_year: int | None = None
    end_year: int | None = None


class Membership(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("town_id", "network_id"),)

    id: int | None = Field(default=None, primary_key=True)
    town_id: str = Field(foreign_key="town.id", index=True)
    network_id: str = Field(foreign_key="network.id", index=True)
    role: str = ""
    year: int | None = None


class Project(SQLModel, table=True):
    """An Interreg 2014-2020 project (KEEP)."""

    id: str = Field(primary_key=True, max_length=64)
    programme: str
    acronym: str
    title: str
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    themes: str = ""
    start: str = ""
    end: str = ""


class Participation(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("town_id", "project_id"),)

    id: int | None = Field(default=None, primary_key=True)
    town_id: str = Field(foreign_key="town.id", index=True)
    project_id: str = Field(foreign_key="project.id", index=True)
    role: str = Field(default="partner", description="'lead' or 'partner'")
    organisation: str = ""


class TownTheme(SQLModel, table=True):
    """Evidence that a town works on a theme: which source said so."""

    __table_args__ = (UniqueConstraint("town_id", "theme_code", "source_kind", "source_id"),)

    id: int | None = Field(default=None, primary_key=True)
    town_id: str = Field(foreign_key="town.id", index=True)
    theme_code: str = Field(foreign_key="theme.code", index=True)
    source_kind: str = Field(description="'network', 'urbact', 'project' or 'profile'")
    source_id: str
    evidence: str = ""


# --- what towns write about themselves --------------------------------------------------------


class TownProfileBase(SQLModel):
    description: str = Field(default="", max_length=5000)
    offers: str = Field(default="", max_length=3000)
    seeks: str = Field(default="", max_length=3000)
    themes: str = Field(default="", description="Comma-separated theme codes")
    languages: str = Field(default="", description="Comma-separated ISO 639-1 codes")
    preferred_countries: str = Field(
        default="", description="Comma-separated ISO 3166 alpha-2 codes the town looks to"
    )
    seeking: bool = Field(default=False, description="Actively seeking partners")
    seeking_since: date | None = Field(default=None, description="When seeking was turned on")
    seeking_until: date | None = Field(default=None, description="Seeking lapses after this day")
    contact_name: str = Field(default="", max_length=200)
    contact_role: str = Field(default="", max_length=200)
    contact_email: str = Field(default="", max_length=254)
    contact_phone: str = Field(default="", max_length=50)


class TownProfile(TownProfileBase, table=True):
    """What a town writes about itself; ``version`` guards every write (optimistic)."""

    town_id: str = Field(foreign_key="town.id", primary_key=True)
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""


# --- interest between towns --------------------------------------------------------------------


class Interest(SQLModel, table=True):
    """Town ``from_town_id`` told town ``to_town_id`` it is interested: one thread per pair."""

    __table_args__ = (UniqueConstraint("from_town_id", "to_town_id"),)

    id: int | None = Field(default=None, primary_key=True)
    from_town_id: str = Field(foreign_key="town.id", index=True)
    to_town_id: str = Field(foreign_key="town.id", index=True)
    status: str = Field(default="sent", description="'sent', 'seen', 'answered' or 'declined'")
    version: int = 1
    created_by: str
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class InterestMessage(SQLModel, table=True):
    """One message of an interest thread; never updated or deleted."""

    id: int | None = Field(default=None, primary_key=True)
    interest_id: int = Field(foreign_key="interest.id", index=True)
    town_id: str = Field(foreign_key="town.id", description="The side that wrote it")
    kind: str = Field(description="'interest', 'reply', 'answer' or 'decline'")
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    author: str
    at: datetime = Field(default_factory=utcnow)


class Notification(SQLModel, table=True):
    """An e-mail to send about an interest message (the outbox): kept until it is sent."""

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="interestmessage.id", index=True)
    recipient: str = Field(max_length=254)
    subject: str
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    status: str = Field(default="pending", index=True, description="'pending' or 'sent'")
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    claimed_until: datetime | None = None
    last_error: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


# --- users and curation -----------------------------------------------------------------------


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    role: str = Field(description="'editor', 'curator' or 'admin'")
    town_id: str | None = Field(default=None, foreign_key="town.id")
    key_hash: str = Field(index=True, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    key_created_at: datetime | None = Field(
        default=None, description="When the current key was issued (None: at created_at)"
    )
    expires_at: datetime | None = Field(default=None, description="The key stops working then")
    revoked_at: datetime | None = Field(default=None, description="The key was revoked then")


class AuditEntry(SQLModel, table=True):
    """One write: who did it, what it was, when, and how it ended; never updated or deleted."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    user: str = Field(index=True, description="User name, or 'cli:<login>' for commands")
    role: str = ""
    action: str = Field(description="'POST /api/v1/...' or a command such as 'users revoke'")
    target: str = Field(default="", description="What the write was about (path or name)")
    status: int = Field(default=0, description="HTTP status (0 for commands)")
    request_id: str = ""


class ShortlistItem(SQLModel, table=True):
    """A candidate partner on a source town's shortlist, with its current status."""

    __table_args__ = (UniqueConstraint("town_id", "candidate_id"),)

    id: int | None = Field(default=None, primary_key=True)
    town_id: str = Field(foreign_key="town.id", index=True)
    candidate_id: str = Field(foreign_key="town.id", index=True)
    status: str = Field(default="suggested")
    note: str = ""
    score: float | None = None
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    created_by: str = ""


class StatusChange(SQLModel, table=True):
    """One step in a shortlist item's history; never updated or deleted."""

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="shortlistitem.id", index=True)
    from_status: str | None = None
    to_status: str
    note: str = ""
    user: str
    at: datetime = Field(default_factory=utcnow)
