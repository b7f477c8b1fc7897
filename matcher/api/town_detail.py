"""A town's detail page: facts with their sources, themes with evidence, networks, projects,
existing partners and its own profile."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, or_, select

from matcher.api.schemas import (
    Fact,
    NetworkMembership,
    ProjectParticipation,
    ThemeEvidence,
    TownDetail,
    TownThemePublic,
)
from matcher.models import (
    Membership,
    Network,
    Participation,
    Partnership,
    Project,
    Theme,
    Town,
    TownProfile,
    TownTheme,
)
from matcher.own_profile import has_profile, profile_public
from matcher.results import TownRef, town_ref


@dataclass(frozen=True)
class FactSpec:
    """How to show one Town field: labels, and which sources can supply it (by key prefix)."""

    field: str
    label_en: str
    label_pl: str
    source_prefixes: tuple[str, ...]


FACTS: tuple[FactSpec, ...] = (
    FactSpec("population", "Population", "Liczba ludności", ("gus", "geonames", "lau")),
    FactSpec("area_km2", "Area (km²)", "Powierzchnia (km²)", ("gus", "lau")),
    FactSpec("gmina_type", "Municipality type", "Typ gminy", ("gus", "teryt")),
    FactSpec("powiat", "County (powiat)", "Powiat", ("gus", "teryt")),
    FactSpec("voivodeship", "Voivodeship", "Województwo", ("gus", "teryt")),
    FactSpec("region_name", "Region", "Region", ("geonames",)),
    FactSpec("latitude", "Latitude", "Szerokość geograficzna", ("geonames",)),
    FactSpec("longitude", "Longitude", "Długość geograficzna", ("geonames",)),
    FactSpec(
        "degurba",
        "Degree of urbanisation (1 city, 2 town, 3 rural)",
        "Stopień urbanizacji (1 miasto, 2 małe miasto, 3 wieś)",
        ("lau",),
    ),
    FactSpec("coastal", "Coastal area", "Obszar nadmorski", ("lau",)),
    FactSpec("lau_code", "LAU code (Eurostat)", "Kod LAU (Eurostat)", ("lau",)),
    FactSpec("nuts3", "NUTS 3 region", "Region NUTS 3", ("lau",)),
)

DEFAULT_SOURCE = {"gmina": "gus", "place": "geonames"}
"""Source keys as in data/README.md: gus, geonames, geonames_powiat_centre, lau, ..."""


def split_codes(text: str) -> list[str]:
    """A comma-separated column as a list, blanks dropped."""
    return [part.strip() for part in text.split(",") if part.strip()]


def fact_source(spec: FactSpec, sources: Sequence[str], kind: str) -> str:
    """The first of ``sources`` that can supply ``spec`` (by prefix), else the kind's default."""
    for prefix in spec.source_prefixes:
        for source in sources:
            if source.lower().startswith(prefix):
                return source
    return DEFAULT_SOURCE.get(kind, sources[0] if sources else "unknown")


def town_facts(town: Town) -> list[Fact]:
    """Every non-empty fact about ``town``, each with the source key it came from."""
    sources = split_codes(town.sources)
    facts: list[Fact] = []
    for spec in FACTS:
        value = getattr(town, spec.field)
        if value is None or value == "":
            continue
        source = fact_source(spec, sources, town.kind)
        facts.append(
            Fact(label_en=spec.label_en, label_pl=spec.label_pl, value=value, source=source)
        )
    return facts


def town_themes(session: Session, town_id: str) -> list[TownThemePublic]:
    rows = session.exec(
        select(TownTheme, Theme)
        .join(Theme, col(Theme.code) == col(TownTheme.theme_code))
        .where(TownTheme.town_id == town_id)
        .order_by(col(Theme.code), col(TownTheme.source_kind), col(TownTheme.source_id))
    ).all()
    themes: dict[str, TownThemePublic] = {}
    for link, theme in rows:
        entry = themes.setdefault(
            theme.code,
            TownThemePublic(
                code=theme.code, name_en=theme.name_en, name_pl=theme.name_pl, evidence=[]
            ),
        )
        entry.evidence.append(
            ThemeEvidence(
                source_kind=link.source_kind, source_id=link.source_id, evidence=link.evidence
            )
        )
    return list(themes.values())


def town_networks(session: Session, town_id: str) -> list[NetworkMembership]:
    rows = session.exec(
        select(Membership, Network)
        .join(Network, col(Network.id) == col(Membership.network_id))
        .where(Membership.town_id == town_id)
        .order_by(col(Network.name), col(Network.id))
    ).all()
    return [
        NetworkMembership(id=n.id, name=n.name, kind=n.kind, role=m.role, year=m.year)
        for m, n in rows
    ]


def town_projects(session: Session, town_id: str) -> list[ProjectParticipation]:
    rows = session.exec(
        select(Participation, Project)
        .join(Project, col(Project.id) == col(Participation.project_id))
        .where(Participation.town_id == town_id)
        .order_by(col(Project.acronym), col(Project.id))
    ).all()
    return [
        ProjectParticipation(
            id=p.id, acronym=p.acronym, title=p.title, programme=p.programme, role=part.role
        )
        for part, p in rows
    ]


def town_partners(session: Session, town_id: str) -> list[TownRef]:
    links = session.exec(
        select(Partnership).where(
            or_(Partnership.town_a_id == town_id, Partnership.town_b_id == town_id)
        )
    ).all()
    other_ids = {p.town_b_id if p.town_a_id == town_id else p.town_a_id for p in links}
    if not other_ids:
        return []
    towns = session.exec(select(Town).where(col(Town.id).in_(other_ids))).all()
    return [town_ref(t) for t in sorted(towns, key=lambda t: (t.country_code, t.name, t.id))]


def town_detail(session: Session, town: Town, *, signed_in: bool = False) -> TownDetail:
    """Everything the detail page shows about ``town`` (its contact only when ``signed_in``)."""
    profile = session.get(TownProfile, town.id)
    return TownDetail(
        **town_ref(town).model_dump(),
        kind=town.kind,
        region_name=town.region_name,
        powiat=town.powiat,
        voivodeship=town.voivodeship,
        gmina_type=town.gmina_type,
        area_km2=town.area_km2,
        degurba=town.degurba,
        coastal=town.coastal,
        facts=town_facts(town),
        themes=town_themes(session, town.id),
        networks=town_networks(session, town.id),
        projects=town_projects(session, town.id),
        partners=town_partners(session, town.id),
        profile=profile_public(town.id, profile, signed_in=signed_in)
        if has_profile(profile)
        else None,
    )
