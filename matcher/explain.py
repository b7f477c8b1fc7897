"""Contributions -> reasons in English and Polish, each quoting the figures behind it.

Pure: takes the pair's evidence (figures computed from the data) and each factor's
contribution, returns one :class:`Reason` per factor so the reasons add up to the score.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from matcher.countries import country_name
from matcher.i18n import N_
from matcher.query_parse import country_meaning
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
}
"""Each factor's label (the page's bar names, the CLI's and the reviewer's sheet's headings)."""


@dataclass(frozen=True)
class PairEvidence:
    """Figures of one (source, candidate) pair, all taken from the data."""

    source_name: str
    source_country: str
    candidate_name: str
    candidate_country: str
    source_population: float | None = None
    candidate_population: float | None = None
    source_region: str = ""
    candidate_region: str = ""
    distance_km: float | None = None
    text_similarity: float | None = None
    shared_themes_en: tuple[str, ...] = ()
    shared_themes_pl: tuple[str, ...] = ()
    shared_networks: tuple[str, ...] = ()
    region_links_to_country: int = 0
    region_links_total: int = 0
    region_country_rank: int = 0
    region_links_to_region: int = 0
    ties_with_source_country: int = 0
    common_partners: tuple[str, ...] = ()
    candidate_partners: int = 0
    needs_offers_similarity: float | None = None
    query: str = ""
    query_similarity: float | None = None
    query_country: bool = False  # the query's country facet filtered the results
    query_sizes: tuple[tuple[str, str], ...] = ()  # applied size words' meanings (en, pl)
    query_coastal: bool = False
    query_spa: bool = False
    candidate_spa_name: str = ""
    extra: dict[str, float] = field(default_factory=dict)


def fmt_int(value: float, lang: str) -> str:
    """17,400 in English, 17 400 in Polish (non-breaking space)."""
    text = f"{round(value):,}"
    return text.replace(",", "\u00a0") if lang == "pl" else text


def fmt_share(value: float) -> str:
    return f"{100 * value:.0f}%"


def _names(items: tuple[str, ...], lang: str, limit: int = 3) -> str:
    shown = list(items[:limit])
    more = len(items) - len(shown)
    joiner = " i " if lang == "pl" else " and "
    if more > 0:
        tail = f"{more} innych" if lang == "pl" else f"{more} more"
        return ", ".join(shown) + joiner + tail
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + joiner + shown[-1]


def _region(region: str, country: str, lang: str) -> str:
    if country == "PL" and region:
        return f"województwo {region}" if lang == "pl" else f"{region} Voivodeship"
    if region:
        return region
    return country_name(country, lang)


Texts = tuple[str, str]


def _text(e: PairEvidence, c: float) -> Texts:
    if e.text_similarity is None:
        return (
            "No profile text on one side; ranked on facts",
            "Brak opisu po jednej ze stron; ocena na podstawie faktów",
        )
    s = f"{e.text_similarity:.2f}"
    if c >= 0:
        return (f"Similar profiles (text similarity {s})", f"Podobne profile (podobieństwo {s})")
    return (
        f"Different profiles (text similarity {s})",
        f"Różne profile (podobieństwo {s})",
    )


def _themes(e: PairEvidence, c: float) -> Texts:
    if not e.shared_themes_en:
        return ("No shared themes", "Brak wspólnych tematów")
    return (
        f"Shared themes: {_names(e.shared_themes_en, 'en', 5)}",
        f"Wspólne tematy: {_names(e.shared_themes_pl, 'pl', 5)}",
    )


def _networks(e: PairEvidence, c: float) -> Texts:
    if not e.shared_networks:
        return ("No shared networks", "Brak wspólnych sieci")
    return (
        f"Both members of {_names(e.shared_networks, 'en')}",
        f"Oba miasta należą do: {_names(e.shared_networks, 'pl')}",
    )


def _population(e: PairEvidence, c: float) -> Texts:
    if not e.source_population or not e.candidate_population:
        return ("Population unknown", "Liczba ludności nieznana")
    a_en, b_en = fmt_int(e.source_population, "en"), fmt_int(e.candidate_population, "en")
    a_pl, b_pl = fmt_int(e.source_population, "pl"), fmt_int(e.candidate_population, "pl")
    if c >= 0:
        return (
            f"Similar size: {a_en} and {b_en} inhabitants",
            f"Podobna wielkość: {a_pl} i {b_pl} mieszkańców",
        )
    return (
        f"Different size: {a_en} and {b_en} inhabitants",
        f"Różna wielkość: {a_pl} i {b_pl} mieszkańców",
    )


def _distance(e: PairEvidence, c: float) -> Texts:
    if e.distance_km is None:
        return ("Distance unknown", "Odległość nieznana")
    en, pl = fmt_int(e.distance_km, "en"), fmt_int(e.distance_km, "pl")
    if c >= 0:
        return (f"Within reach: {en} km apart", f"W zasięgu: {pl} km")
    return (f"Far apart: {en} km", f"Daleko: {pl} km")


def _country_affinity(e: PairEvidence, c: float) -> Texts:
    region_en = _region(e.source_region, e.source_country, "en")
    region_pl = _region(e.source_region, e.source_country, "pl")
    cc_en = country_name(e.candidate_country, "en")
    cc_pl = country_name(e.candidate_country, "pl")
    if e.region_links_total == 0:
        return (
            f"No known partnerships from {region_en} yet",
            f"Brak znanych partnerstw z regionu: {region_pl}",
        )
    share = fmt_share(e.region_links_to_country / e.region_links_total)
    rank_en = (
        " more than with any other country"
        if e.region_country_rank == 1
        else f" (country no. {e.region_country_rank})"
        if e.region_country_rank
        else ""
    )
    rank_pl = (
        " częściej niż z jakimkolwiek innym krajem"
        if e.region_country_rank == 1
        else f" (kraj nr {e.region_country_rank})"
        if e.region_country_rank
        else ""
    )
    return (
        f"Towns in {region_en} twin with towns in {cc_en}{rank_en}: "
        f"{e.region_links_to_country} of {e.region_links_total} partnerships ({share})",
        f"Miasta z regionu {region_pl} współpracują z miastami z kraju {cc_pl}{rank_pl}: "
        f"{e.region_links_to_country} z {e.region_links_total} partnerstw ({share})",
    )


def _regional_affinity(e: PairEvidence, c: float) -> Texts:
    a_en = _region(e.source_region, e.source_country, "en")
    a_pl = _region(e.source_region, e.source_country, "pl")
    b_en = _region(e.candidate_region, e.candidate_country, "en")
    b_pl = _region(e.candidate_region, e.candidate_country, "pl")
    n = e.region_links_to_region
    return (
        f"{n} existing partnerships link {a_en} with {b_en}",
        f"Istniejące partnerstwa między regionami {a_pl} i {b_pl}: {n}",
    )


def _ties(e: PairEvidence, c: float) -> Texts:
    n = e.ties_with_source_country
    en, pl = country_name(e.source_country, "en"), country_name(e.source_country, "pl")
    if n == 0:
        return (f"No partner towns in {en} yet", f"Nie ma jeszcze miast partnerskich w kraju {pl}")
    return (
        f"Already twinned with {n} town{'s' if n != 1 else ''} in {en}",
        f"Ma już miasta partnerskie w kraju {pl}: {n}",
    )


def _partners_of_partners(e: PairEvidence, c: float) -> Texts:
    n = len(e.common_partners)
    if n == 0:
        return ("No partners in common", "Brak wspólnych partnerów")
    return (
        f"Partner of {n} of your partners: {_names(e.common_partners, 'en')}",
        f"Partner {n} z Twoich miast partnerskich: {_names(e.common_partners, 'pl')}",
    )


def _openness(e: PairEvidence, c: float) -> Texts:
    n = e.candidate_partners
    if n == 0:
        return ("No known partner towns yet", "Brak znanych miast partnerskich")
    return (
        f"Open to partnerships: {n} partner town{'s' if n != 1 else ''}",
        f"Otwarte na współpracę: {n} miast partnerskich",
    )


def _needs_offers(e: PairEvidence, c: float) -> Texts:
    s = f"{e.needs_offers_similarity or 0:.2f}"
    if e.needs_offers_similarity is None:
        return (
            "States no offer to compare with what you seek",
            "Miasto nie opisało swojej oferty, by porównać ją z tym, czego szukasz",
        )
    if c >= 0:
        return (
            f"What it offers matches what you seek (similarity {s})",
            f"Oferta miasta odpowiada temu, czego szukasz (podobieństwo {s})",
        )
    return (
        f"What it offers is further from what you seek than most offers (similarity {s})",
        f"Oferta miasta słabiej niż większość odpowiada temu, czego szukasz (podobieństwo {s})",
    )


def _query(e: PairEvidence, c: float) -> Texts:
    if e.query_similarity is None:
        return (
            f"No profile text to match “{e.query}”",
            f"Brak opisu, by porównać z „{e.query}”",
        )
    s = f"{e.query_similarity:.2f}"
    if c >= 0:
        return (
            f"Matches your search “{e.query}” (similarity {s})",
            f"Pasuje do wyszukiwania „{e.query}” (podobieństwo {s})",
        )
    return (
        f"Less related to “{e.query}” than most towns (similarity {s})",
        f"Słabiej niż większość miast związane z „{e.query}” (podobieństwo {s})",
    )


def _query_match(e: PairEvidence, c: float) -> Texts:
    """What the query was understood to ask for, as this candidate satisfies it (a filter:
    it adds nothing to the score)."""
    en: list[str] = []
    pl: list[str] = []
    if e.query_country:
        c_en, c_pl = country_meaning(e.candidate_country)
        en.append(c_en)
        pl.append(c_pl)
    for size_en, size_pl in e.query_sizes:
        en.append(size_en)
        pl.append(size_pl)
    if e.query_coastal:
        en.append("by the sea (coastal area, Eurostat)")
        pl.append("nad morzem (obszar nadmorski, Eurostat)")
    if e.query_spa:
        en.append(f"spa town (name: {e.candidate_spa_name})")
        pl.append(f"miejscowość uzdrowiskowa (nazwa: {e.candidate_spa_name})")
    return (
        "Matches your search: " + " · ".join(en),
        "Pasuje do wyszukiwania: " + " · ".join(pl),
    )


WRITERS: Mapping[str, Callable[[PairEvidence, float], Texts]] = {
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
}


def _evidence(e: PairEvidence, factor: str) -> dict[str, float | int | str | list[str]]:
    figures: dict[str, float | int | str | list[str] | None] = {
        "text": e.text_similarity,
        "themes": list(e.shared_themes_en),
        "networks": list(e.shared_networks),
        "population": None,
        "distance": e.distance_km,
        "country_affinity": None,
        "regional_affinity": e.region_links_to_region,
        "ties": e.ties_with_source_country,
        "partners_of_partners": list(e.common_partners),
        "openness": e.candidate_partners,
        "needs_offers": e.needs_offers_similarity,
        "query": e.query_similarity,
    }
    if factor == "population":
        return {
            k: v
            for k, v in (
                ("source_population", e.source_population),
                ("candidate_population", e.candidate_population),
            )
            if v is not None and not math.isnan(v)
        }
    if factor == "query_match":
        return _query_match_evidence(e)
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
    out = []
    for factor, contribution in contributions.items():
        text_en, text_pl = WRITERS[factor](evidence, contribution)
        out.append(
            Reason(
                factor=factor,
                contribution=contribution,
                text_en=text_en,
                text_pl=text_pl,
                evidence=_evidence(evidence, factor),
            )
        )
    out.sort(key=lambda r: (-abs(r.contribution), r.factor))
    return out
