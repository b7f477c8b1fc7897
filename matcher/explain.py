"""Contributions -> reasons: one sentence per factor, chosen by the figure behind it.

Pure: takes the pair's evidence (figures computed from the data) and each factor's
contribution, returns one :class:`Reason` per factor so the reasons add up to the score.
A reason carries a language-free :class:`~matcher.i18n.Message`; the API, the CLI and the
reviewer's sheet (``docs/reasons.md``) render it in the reader's language. The writers below
are one small function per factor, each picking the template that fits its figure.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from matcher.i18n import N_, Message, msg, plural
from matcher.i18n.message import Bullets, Term, listed
from matcher.i18n.places import Country, Region, Town
from matcher.results import Reason

FACTOR_LABELS: Mapping[str, str] = {
    "text": N_("reason.factor.text"),
    "themes": N_("reason.factor.themes"),
    "networks": N_("reason.factor.networks"),
    "population": N_("reason.factor.population"),
    "distance": N_("reason.factor.distance"),
    "country_affinity": N_("reason.factor.country_affinity"),
    "regional_affinity": N_("reason.factor.regional_affinity"),
    "ties": N_("reason.factor.ties"),
    "partners_of_partners": N_("reason.factor.partners_of_partners"),
    "openness": N_("reason.factor.openness"),
    "needs_offers": N_("reason.factor.needs_offers"),
    "query": N_("reason.factor.query"),
    "query_match": N_("reason.factor.query_match"),
    "type_match": N_("reason.factor.type_match"),
    "partner_profile": N_("reason.factor.partner_profile"),
    "peer_partners": N_("reason.factor.peer_partners"),
    "peer_regions": N_("reason.factor.peer_regions"),
    "region_wealth": N_("reason.factor.region_wealth"),
    "region_density": N_("reason.factor.region_density"),
    "seeking": N_("reason.factor.seeking"),
}
"""Each factor's label (the page's bar names, the CLI's and the reviewer's sheet's headings)."""

SIMILAR_SIZE_RATIO = 1.25
"""Two towns are "of similar size" when the bigger has fewer than 1.25 times the inhabitants
of the smaller; up to twice as many is "somewhat bigger/smaller"; beyond, the sentence says
how many times ("7 times bigger"), rounded to a whole number."""
SOMEWHAT_RATIO = 2.0
NEAR_KM = 300.0
"""Up to 300 km is "close" (a day's return trip by road); beyond 1,000 km is "far apart"."""
FAR_KM = 1000.0
SIMILAR_GDP_RATIO = 1.25
"""Regions are "similarly prosperous" when the richer has under 1.25 times the GDP per
inhabitant of the poorer, and "of similar density" under 1.5 times the density."""
SIMILAR_DENSITY_RATIO = 1.5
TYPE_KEYS: Mapping[str, str] = {
    "urban": N_("reason.type.urban"),
    "rural": N_("reason.type.rural"),
    "coastal": N_("reason.type.coastal"),
    "mountain": N_("reason.type.mountain"),
    "spa": N_("reason.type.spa"),
    "border": N_("reason.type.border"),
}
NAMES_SHOWN = 3
"""Names quoted in a sentence before "and 2 more" (themes: 5)."""


@dataclass(frozen=True)
class PairEvidence:
    """Figures of one (source, candidate) pair, all taken from the data."""

    source_name: str
    source_country: str
    candidate_name: str
    candidate_country: str
    source_population: float | None = None
    candidate_population: float | None = None
    source_region: Region | Country | None = None  # None: the data names no region
    candidate_region: Region | Country | None = None
    distance_km: float | None = None
    text_similarity: float | None = None
    shared_themes: tuple[Term, ...] = ()
    shared_networks: tuple[str, ...] = ()
    region_links_to_country: int = 0
    region_links_total: int = 0
    region_country_rank: int = 0
    region_links_to_region: int = 0
    ties_with_source_country: int = 0
    candidate_town: Town | None = None  # the candidate with its exonyms (PlaceNames.town)
    common_partners: tuple[Town, ...] = ()  # with their exonyms (PlaceNames.town)
    candidate_partners: int = 0
    needs_offers_similarity: float | None = None
    query: str = ""
    query_similarity: float | None = None
    query_country: bool = False  # the query's country facet filtered the results
    query_sizes: tuple[str, ...] = ()  # applied size ranges ("-20000", "20000-100000")
    query_coastal: bool = False
    query_spa: bool = False
    candidate_spa_name: str = ""
    shared_types: tuple[str, ...] = ()  # facts.TYPES both towns have
    partner_size: float | None = None  # median inhabitants of the candidate's partners
    peers: tuple[str, ...] = ()  # the towns most like the source (names)
    peer_partners: tuple[str, ...] = ()  # of those, the ones twinned with the candidate
    peer_region: tuple[str, ...] = ()  # of those, the ones with partners in its region
    peer_region_links: int = 0
    source_gdp: float | None = None  # NUTS 3 GDP per inhabitant, % of the EU average
    candidate_gdp: float | None = None
    source_density: float | None = None  # NUTS 3 inhabitants per km²
    candidate_density: float | None = None
    seeking: str = ""  # "country", "themes", "open" or "" (not seeking)
    seeking_since: int = 0  # date ordinal
    seeking_themes: tuple[Term, ...] = ()
    rank_without_wish: int = 0
    rank: int = 0
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def source_area(self) -> Region | Country:
        """The source town's region (named in every language by the data:
        :meth:`~matcher.i18n.places.PlaceNames.region`), or its country."""
        return self.source_region or Country(self.source_country)

    @property
    def candidate_area(self) -> Region | Country:
        return self.candidate_region or Country(self.candidate_country)


def _text(e: PairEvidence, c: float) -> Message:
    if e.text_similarity is None:
        return msg("reason.text.none")
    if c >= 0:
        return msg("reason.text.similar", similarity=e.text_similarity)
    return msg("reason.text.different", similarity=e.text_similarity)


def _themes(e: PairEvidence, c: float) -> Message:
    if not e.shared_themes:
        return msg("reason.themes.none")
    themes = Bullets(listed(e.shared_themes, limit=5))  # names with "and" inside: not prose
    return plural("reason.themes.shared", len(e.shared_themes), themes=themes)


def _networks(e: PairEvidence, c: float) -> Message:
    if not e.shared_networks:
        return msg("reason.networks.none")
    networks = listed(e.shared_networks, limit=NAMES_SHOWN)
    return plural("reason.networks.shared", len(e.shared_networks), networks=networks)


def _population(e: PairEvidence, c: float) -> Message:
    a, b = e.source_population, e.candidate_population
    if not a or not b or math.isnan(a) or math.isnan(b):
        return msg("reason.population.unknown")
    source, candidate = round(a), round(b)
    ratio = max(a, b) / min(a, b)
    if ratio < SIMILAR_SIZE_RATIO:
        return plural("reason.population.similar", candidate, source=source)
    if ratio < SOMEWHAT_RATIO:
        if b > a:
            return plural("reason.population.somewhat_bigger", candidate, source=source)
        return plural("reason.population.somewhat_smaller", candidate, source=source)
    times, figures = round(ratio), {"source": source, "candidate": candidate}
    if b > a:
        return plural("reason.population.bigger", times, **figures)
    return plural("reason.population.smaller", times, **figures)


def _distance(e: PairEvidence, c: float) -> Message:
    if e.distance_km is None or math.isnan(e.distance_km):
        return msg("reason.distance.unknown")
    km = round(e.distance_km)
    if e.distance_km <= NEAR_KM:
        return msg("reason.distance.near", km=km)
    if e.distance_km <= FAR_KM:
        return msg("reason.distance.medium", km=km)
    return msg("reason.distance.far", km=km)


def _country_affinity(e: PairEvidence, c: float) -> Message:
    region, country = e.source_area, Country(e.candidate_country)
    total, links = e.region_links_total, e.region_links_to_country
    if total == 0:
        return msg("reason.country_affinity.no_links", region=region)
    if links == 0:
        return plural("reason.country_affinity.none_with", total, region=region, country=country)
    share = links / total
    if e.region_country_rank == 1:
        return plural(
            "reason.country_affinity.top",
            total,
            region=region,
            country=country,
            links=links,
            share=share,
        )
    return plural(
        "reason.country_affinity.ranked",
        total,
        region=region,
        country=country,
        links=links,
        share=share,
        rank=e.region_country_rank,
    )


def _regional_affinity(e: PairEvidence, c: float) -> Message:
    a, b = e.source_area, e.candidate_area
    n = e.region_links_to_region
    if a == b:
        if n == 0:
            return msg("reason.regional_affinity.within_none", a=a)
        return plural("reason.regional_affinity.within", n, a=a)
    if n == 0:
        return msg("reason.regional_affinity.none", a=a, b=b)
    return plural("reason.regional_affinity.some", n, a=a, b=b)


def _ties(e: PairEvidence, c: float) -> Message:
    n = e.ties_with_source_country
    country = Country(e.source_country)
    if n == 0:
        return msg("reason.ties.none", country=country)
    return plural("reason.ties.some", n, country=country)


def _partners_of_partners(e: PairEvidence, c: float) -> Message:
    n = len(e.common_partners)
    if n == 0:
        return msg("reason.partners_of_partners.none")
    towns = listed(list(e.common_partners), limit=NAMES_SHOWN)
    return plural("reason.partners_of_partners.some", n, towns=towns)


def _openness(e: PairEvidence, c: float) -> Message:
    n = e.candidate_partners
    if n == 0:
        return msg("reason.openness.none")
    return plural("reason.openness.some", n)


def _needs_offers(e: PairEvidence, c: float) -> Message:
    if e.needs_offers_similarity is None:
        return msg("reason.needs_offers.none")
    if c >= 0:
        return msg("reason.needs_offers.match", similarity=e.needs_offers_similarity)
    return msg("reason.needs_offers.weak", similarity=e.needs_offers_similarity)


def _query(e: PairEvidence, c: float) -> Message:
    if e.query_similarity is None:
        return msg("reason.query.no_text", query=e.query)
    if c > 0 and e.rank and e.rank_without_wish > e.rank:
        return msg(
            "reason.query.moved",
            query=e.query,
            similarity=e.query_similarity,
            before=e.rank_without_wish,
        )
    if c >= 0:
        return msg("reason.query.match", query=e.query, similarity=e.query_similarity)
    return msg("reason.query.weak", query=e.query, similarity=e.query_similarity)


def _towns(names: tuple[str, ...]) -> object:
    return listed([Town(n) for n in names], limit=NAMES_SHOWN)


def _type_match(e: PairEvidence, c: float) -> Message:
    if not e.shared_types:
        return msg("reason.type_match.none")
    types = [msg(TYPE_KEYS[t]) for t in e.shared_types]
    return msg("reason.type_match.shared", types=types)


def _partner_profile(e: PairEvidence, c: float) -> Message:
    town = e.candidate_town or Town(e.candidate_name, e.candidate_country)
    if e.partner_size is None or not e.candidate_partners:
        return msg("reason.partner_profile.none", town=town)
    median = round(e.partner_size)
    if not e.source_population:
        return msg("reason.partner_profile.median", town=town, median=median)
    source = round(e.source_population)
    return msg("reason.partner_profile.compared", town=town, median=median, source=source)


def _peer_partners(e: PairEvidence, c: float) -> Message:
    if not e.peers:
        return msg("reason.peer_partners.no_peers")
    if not e.peer_partners:
        return msg("reason.peer_partners.none", towns=_towns(e.peers))
    n = len(e.peer_partners)
    return plural("reason.peer_partners.some", n, towns=_towns(e.peer_partners))


def _peer_regions(e: PairEvidence, c: float) -> Message:
    if not e.peers:
        return msg("reason.peer_partners.no_peers")
    region = e.candidate_area
    if not e.peer_region_links:
        return msg("reason.peer_regions.none", towns=_towns(e.peers), region=region)
    return plural(
        "reason.peer_regions.some", e.peer_region_links, towns=_towns(e.peer_region), region=region
    )


def _ratio_message(
    keys: tuple[str, str, str], a: float | None, b: float | None, similar: float
) -> Message:
    """``keys`` (similar, different, unknown) chosen by the ratio of ``a`` and ``b``."""
    if not a or not b or math.isnan(a) or math.isnan(b):
        return msg(keys[2])
    figures = {"source": round(a), "candidate": round(b)}
    if max(a, b) / min(a, b) < similar:
        return msg(keys[0], **figures)
    return msg(keys[1], **figures)


WEALTH_KEYS = (
    N_("reason.region_wealth.similar"),
    N_("reason.region_wealth.different"),
    N_("reason.region_wealth.unknown"),
)
DENSITY_KEYS = (
    N_("reason.region_density.similar"),
    N_("reason.region_density.different"),
    N_("reason.region_density.unknown"),
)


def _region_wealth(e: PairEvidence, c: float) -> Message:
    return _ratio_message(WEALTH_KEYS, e.source_gdp, e.candidate_gdp, SIMILAR_GDP_RATIO)


def _region_density(e: PairEvidence, c: float) -> Message:
    return _ratio_message(
        DENSITY_KEYS, e.source_density, e.candidate_density, SIMILAR_DENSITY_RATIO
    )


@dataclass(frozen=True)
class Month:
    """A month of a year in the reader's language ("listopada 2026", "November 2026")."""

    ordinal: int  # a date ordinal within the month

    def localize(self, translator: object, spec: str) -> str:
        from babel.dates import format_date

        day = date.fromordinal(self.ordinal)
        return str(format_date(day, "MMMM y", locale=translator.locale))  # type: ignore[attr-defined]


def _seeking(e: PairEvidence, c: float) -> Message:
    country = Country(e.source_country) if e.source_country else None
    if e.seeking == "country" and country is not None:
        if e.seeking_since:
            return msg(
                "reason.seeking.country_since", country=country, since=Month(e.seeking_since)
            )
        return msg("reason.seeking.country", country=country)
    if e.seeking == "themes":
        return msg("reason.seeking.themes", themes=listed(e.seeking_themes, limit=5))
    if e.seeking == "open":
        return msg("reason.seeking.open")
    return msg("reason.seeking.none")


def size_message(value: str) -> Message:
    """A size range of a query ("-20000", "20000-100000", "100000-") in words."""
    low, _, high = value.partition("-")
    if not low:
        return msg("reason.understood.size.max", max=int(high))
    if not high:
        return msg("reason.understood.size.min", min=int(low))
    return msg("reason.understood.size.range", min=int(low), max=int(high))


def understood_message(kind: str, value: str) -> Message:
    """What one recognised fact of a free-text query means, in words."""
    if kind == "country":
        return msg("reason.understood.country", country=Country(value))
    if kind == "size":
        return size_message(value)
    if kind == "coastal":
        return msg("reason.understood.coastal")
    return msg("reason.understood.spa")


def _query_match(e: PairEvidence, c: float) -> Message:
    """What the query was understood to ask for, as this candidate satisfies it (a filter:
    it adds nothing to the score)."""
    facts: list[Message] = []
    if e.query_country:
        facts.append(understood_message("country", e.candidate_country))
    facts += [size_message(value) for value in e.query_sizes]
    if e.query_coastal:
        facts.append(msg("reason.query_match.coastal"))
    if e.query_spa:
        facts.append(msg("reason.query_match.spa", name=e.candidate_spa_name))
    return msg("reason.query_match", facts=Bullets(facts))


Writer = Callable[[PairEvidence, float], Message]

WRITERS: Mapping[str, Writer] = {
    "text": _text,
    "themes": _themes,
    "networks": _networks,
    "population": _population,
    "distance": _distance,
    "country_affinity": _country_affinity,
    "regional_affinity": _regional_affinity,
    "ties": _ties,
    "partners_of_partners": _partners_of_partners,
    "openness": _openness,
    "needs_offers": _needs_offers,
    "query": _query,
    "query_match": _query_match,
    "type_match": _type_match,
    "partner_profile": _partner_profile,
    "peer_partners": _peer_partners,
    "peer_regions": _peer_regions,
    "region_wealth": _region_wealth,
    "region_density": _region_density,
    "seeking": _seeking,
}


def _evidence(e: PairEvidence, factor: str) -> dict[str, float | int | str | list[str]]:
    """The figures behind a factor's sentence, language-free (codes, numbers, names)."""
    figures: dict[str, float | int | str | list[str] | None] = {
        "text": e.text_similarity,
        "themes": [t.code for t in e.shared_themes],
        "networks": list(e.shared_networks),
        "distance": e.distance_km,
        "regional_affinity": e.region_links_to_region,
        "ties": e.ties_with_source_country,
        "partners_of_partners": [town.name for town in e.common_partners],
        "openness": e.candidate_partners,
        "needs_offers": e.needs_offers_similarity,
        "query": e.query_similarity,
        "type_match": list(e.shared_types),
        "partner_profile": e.partner_size,
        "peer_partners": list(e.peer_partners),
        "peer_regions": e.peer_region_links,
        "seeking": e.seeking,
    }
    if factor == "population":
        return _population_evidence(e)
    if factor == "query_match":
        return _query_match_evidence(e)
    if factor == "region_wealth":
        return _pair_figures(e.source_gdp, e.candidate_gdp)
    if factor == "region_density":
        return _pair_figures(e.source_density, e.candidate_density)
    if factor == "query" and e.rank_without_wish and e.query_similarity is not None:
        return {
            "similarity": round(e.query_similarity, 4),
            "rank_without_wish": e.rank_without_wish,
        }
    if factor == "country_affinity":
        return {
            "links_to_country": e.region_links_to_country,
            "links_total": e.region_links_total,
            "country_rank": e.region_country_rank,
        }
    value = figures.get(factor)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return {}
    key = {"text": "similarity", "needs_offers": "similarity", "query": "similarity"}.get(
        factor, "value"
    )
    return {key: round(value, 4) if isinstance(value, float) else value}


def _pair_figures(a: float | None, b: float | None) -> dict[str, float | int | str | list[str]]:
    out: dict[str, float | int | str | list[str]] = {}
    if a is not None and not math.isnan(a):
        out["source"] = round(a, 2)
    if b is not None and not math.isnan(b):
        out["candidate"] = round(b, 2)
    return out


def _population_evidence(e: PairEvidence) -> dict[str, float | int | str | list[str]]:
    out: dict[str, float | int | str | list[str]] = {
        k: v
        for k, v in (
            ("source_population", e.source_population),
            ("candidate_population", e.candidate_population),
        )
        if v is not None and not math.isnan(v)
    }
    if len(out) == 2 and e.source_population and e.candidate_population:
        out["ratio"] = round(e.candidate_population / e.source_population, 4)
    return out


def _query_match_evidence(e: PairEvidence) -> dict[str, float | int | str | list[str]]:
    out: dict[str, float | int | str | list[str]] = {}
    if e.query_country:
        out["country"] = e.candidate_country
    if e.query_sizes and e.candidate_population is not None:
        out["population"] = int(e.candidate_population)
    if e.query_coastal:
        out["coastal"] = 1
    if e.query_spa:
        out["spa_name"] = e.candidate_spa_name
    return out


def reasons(evidence: PairEvidence, contributions: Mapping[str, float]) -> list[Reason]:
    """One reason per factor, strongest first (by absolute contribution, then by name)."""
    out = [
        Reason(
            factor=factor,
            contribution=contribution,
            message=WRITERS[factor](evidence, contribution),
            evidence=_evidence(evidence, factor),
        )
        for factor, contribution in contributions.items()
    ]
    out.sort(key=lambda r: (-abs(r.contribution), r.factor))
    return out
