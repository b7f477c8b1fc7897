"""A town's detail page: facts with their sources, statistics (GUS indicators, the NUTS 3
region), its region's and its own name in the reader's language, themes with evidence,
networks, projects, existing partners and its own profile.

Domain facts come from :mod:`matcher.town_facts` as messages; this adapter renders them in
the reader's language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, or_, select

from matcher.api.schemas import (
    Fact,
    IndicatorGroup,
    IndicatorValue,
    NetworkMembership,
    Nuts3Public,
    ProjectParticipation,
    RegionFigurePublic,
    RegionPublic,
    ThemeEvidence,
    TownDetail,
    TownThemePublic,
    TypologyPublic,
)
from matcher.i18n import N_, Message, Translator, translator
from matcher.i18n.places import Region
from matcher.models import (
    GminaIndicator,
    Membership,
    Network,
    Nuts3Region,
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
from matcher.town_facts import (
    indicator_groups,
    local_name,
    nuts3_facts,
    region_facts,
    source_message,
)


@dataclass(frozen=True)
class FactSpec:
    """How to show one Town field: its label's key, and which sources can supply it (by
    key prefix)."""

    field: str
    label_key: str
    source_prefixes: tuple[str, ...]


FACTS: tuple[FactSpec, ...] = (
    FactSpec("population", N_("fact.population"), ("gus", "geonames", "lau")),
    FactSpec("area_km2", N_("fact.area_km2"), ("gus", "lau")),
    FactSpec("gmina_type", N_("fact.gmina_type"), ("gus", "teryt")),
    FactSpec("powiat", N_("fact.powiat"), ("gus", "teryt")),
    FactSpec("voivodeship", N_("fact.voivodeship"), ("gus", "teryt")),
    FactSpec("region_name", N_("fact.region_name"), ("geonames",)),
    FactSpec("latitude", N_("fact.latitude"), ("geonames",)),
    FactSpec("longitude", N_("fact.longitude"), ("geonames",)),
    FactSpec("degurba", N_("fact.degurba"), ("lau",)),
    FactSpec("coastal", N_("fact.coastal"), ("lau",)),
    FactSpec("lau_code", N_("fact.lau_code"), ("lau",)),
    FactSpec("nuts3", N_("fact.nuts3"), ("lau",)),
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


def _source_label(t: Translator, key: str) -> str:
    message = source_message(key)
    return t.render(message) if message is not None else key


GMINA_TYPES = {
    "urban": N_("fact.value.gmina_type.urban"),
    "rural": N_("fact.value.gmina_type.rural"),
    "urban-rural": N_("fact.value.gmina_type.urban_rural"),
}
DEGURBA = {
    1: N_("fact.value.degurba.city"),
    2: N_("fact.value.degurba.town"),
    3: N_("fact.value.degurba.rural"),
}
"""Eurostat's degree of urbanisation (DEGURBA) classes in words."""


def fact_text(field: str, value: object, t: Translator, region_name: str | None = None) -> str:
    """A fact's value in words in ``t``'s language ("gmina miejsko-wiejska", "obszar
    wiejski", "województwo podlaskie", "22,85")."""
    if field == "gmina_type" and str(value) in GMINA_TYPES:
        return t(GMINA_TYPES[str(value)])
    if field == "degurba":
        key = DEGURBA.get(int(value)) if isinstance(value, int | float) else None
        return t(key) if key else t("fact.value.degurba.unknown")
    if field == "coastal" and isinstance(value, bool):
        return t("fact.value.yes") if value else t("fact.value.no")
    if field == "voivodeship":
        return Region("PL", str(value)).localize(t, "")
    if field == "powiat":
        return t("fact.value.powiat", name=str(value))
    if field == "region_name" and region_name:
        return region_name
    if field in ("latitude", "longitude") and isinstance(value, float):
        return t.number(value, "0.0###")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return t.number(value)
    return str(value)


def town_facts(town: Town, t: Translator, region_name: str | None = None) -> list[Fact]:
    """Every non-empty fact about ``town``, each with the source key it came from; labels
    and values in ``t``'s language (labels also, deprecated, in English and Polish);
    ``region_name``: the town's region named in that language."""
    sources = split_codes(town.sources)
    en, pl = translator("en"), translator("pl")
    facts: list[Fact] = []
    for spec in FACTS:
        value = getattr(town, spec.field)
        if value is None or value == "":
            continue
        source = fact_source(spec, sources, town.kind)
        if spec.field == "nuts3" and town.nuts3_method in ("within", "nearest"):
            source = "eurostat_nuts3"
        facts.append(
            Fact(
                code=spec.field,
                label=t(spec.label_key),
                label_en=en(spec.label_key),
                label_pl=pl(spec.label_key),
                value=value,
                text=fact_text(spec.field, value, t, region_name),
                source=source,
                source_label=_source_label(t, source),
            )
        )
    return facts


def town_indicators(session: Session, town: Town, t: Translator) -> list[IndicatorGroup]:
    """The gmina's GUS indicators in their groups, rendered in ``t``'s language."""
    rows = session.exec(select(GminaIndicator).where(GminaIndicator.town_id == town.id)).all()
    return [
        IndicatorGroup(
            code=group.code,
            label=t.render(group.label),
            indicators=[
                IndicatorValue(
                    code=f.code,
                    label=t.render(f.label),
                    value=f.value,
                    text=t.render(f.text),
                    unit=f.unit,
                    year=f.year,
                    edition=f.edition,
                    period=t.render(f.period),
                    source=f.source,
                    source_label=_source_label(t, f.source),
                )
                for f in group.indicators
            ],
        )
        for group in indicator_groups(rows)
    ]


def town_nuts3(session: Session, town: Town, t: Translator) -> Nuts3Public | None:
    """The town's NUTS 3 region with its figures and typology, rendered in ``t``'s language."""
    region = session.get(Nuts3Region, town.nuts3) if town.nuts3 else None
    if region is None:
        return None
    facts = nuts3_facts(region, town.nuts3_method)

    def render(message: Message) -> str:
        return t.render(message)

    return Nuts3Public(
        code=facts.code,
        name=facts.name,
        name_latn=facts.name_latn,
        method=facts.method,
        method_text=render(facts.method_text),
        figures=[
            RegionFigurePublic(
                code=f.code, label=render(f.label), value=f.value, text=render(f.text)
            )
            for f in facts.figures
        ],
        typology=[
            TypologyPublic(code=x.code, value=x.value, label=render(x.label), text=render(x.text))
            for x in facts.typology
        ],
        edition=facts.edition,
        source=facts.source,
        source_label=_source_label(t, facts.source),
    )


def town_region(session: Session, town: Town, lang: str) -> RegionPublic | None:
    facts = region_facts(session, town, lang)
    if facts is None:
        return None
    return RegionPublic(
        id=facts.id,
        iso_code=facts.iso_code,
        name=facts.name,
        name_source=facts.name_source,
        official_name=facts.official_name,
        adjective=facts.adjective,
    )


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


def town_detail(
    session: Session, town: Town, *, signed_in: bool = False, lang: str = "en"
) -> TownDetail:
    """Everything the detail page shows about ``town`` in ``lang`` (its contact only when
    ``signed_in``)."""
    t = translator(lang)
    profile = session.get(TownProfile, town.id)
    region = town_region(session, town, t.lang)
    own_name = local_name(session, town.id, t.lang)
    return TownDetail(
        **town_ref(town).model_dump(),
        kind=town.kind,
        local_name=own_name.name if own_name is not None else None,
        region_name=region.name if region is not None else town.region_name,
        region=region,
        nuts3_region=town_nuts3(session, town, t),
        indicators=town_indicators(session, town, t),
        powiat=town.powiat,
        voivodeship=town.voivodeship,
        gmina_type=town.gmina_type,
        area_km2=town.area_km2,
        degurba=town.degurba,
        coastal=town.coastal,
        facts=town_facts(town, t, region.name if region is not None else None),
        themes=town_themes(session, town.id),
        networks=town_networks(session, town.id),
        projects=town_projects(session, town.id),
        partners=town_partners(session, town.id),
        profile=profile_public(town.id, profile, signed_in=signed_in)
        if has_profile(profile)
        else None,
    )
