"""The reviewer's sheet (``docs/reasons.md``): every reason template in every language, with
the figures 0, 1, 2, 5, 12, 22, rendered by the code users run (the writers of
:mod:`matcher.explain` and the catalogues), so a native speaker reviews all sentences on
one page. ``make reasons`` writes it; a test fails when the committed sheet differs.

Place names come from the shipped data (``data/region_names.csv.gz``,
``data/town_names.csv.gz``): the sheet shows what the data makes of them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TypeVar

from matcher.config import REPO_ROOT
from matcher.explain import (
    FACTOR_LABELS,
    FAR_KM,
    NEAR_KM,
    SIMILAR_SIZE_RATIO,
    SOMEWHAT_RATIO,
    WRITERS,
    PairEvidence,
    understood_message,
)
from matcher.i18n import Message, languages, translator
from matcher.i18n.places import PlaceNames
from matcher.i18n.vocabulary import THEME_KEYS, theme_term
from matcher.ranking.facts import TYPES

FIGURES = (0, 1, 2, 5, 12, 22)
T = TypeVar("T")
SHEET = REPO_ROOT / "docs" / "reasons.md"
NETWORKS = ("EUROCITIES", "Cittaslow", "Covenant of Mayors", "Energy Cities", "ICLEI")
PEERS = ("Hajnówka", "Bielsk Podlaski", "Siemiatycze", "Sokółka", "Augustów")
SEEKING_SINCE = date(2026, 11, 1).toordinal()
PARTNERS = (  # town id, name, country: exonyms from the data where it has them
    ("GN-3054648", "Budakeszi", "HU"),
    ("GN-2935022", "Dresden", "DE"),
    ("GN-2891122", "Kiel", "DE"),
    ("GN-2761369", "Wien", "AT"),
)


@dataclass(frozen=True)
class Case:
    """One template, and the evidence that makes its factor's writer choose it for ``n``."""

    factor: str
    key: str
    evidence: Callable[[int], PairEvidence | None]  # None: the figure does not apply
    contribution: float = 0.5


def place_names(data_dir: Path | None = None) -> PlaceNames:
    """Region names and exonyms read from the shipped data files (as ``db load`` loads
    them)."""
    import pandas as pd

    folder = data_dir or REPO_ROOT / "data"
    frame = pd.read_csv(folder / "region_names.csv.gz", dtype=str, keep_default_na=False)
    regions: dict[str, dict[str, str]] = {}
    for row in frame[frame["form"] == "name"].itertuples(index=False):
        regions.setdefault(str(row.region_id), {})[str(row.lang)] = str(row.name)
    frame = pd.read_csv(folder / "town_names.csv.gz", dtype=str, keep_default_na=False)
    towns: dict[str, dict[str, str]] = {}
    for row in frame.itertuples(index=False):
        towns.setdefault(str(row.town_id), {})[str(row.lang)] = str(row.name)
    return PlaceNames(regions, towns)


def base_evidence(places: PlaceNames) -> PairEvidence:
    """Białystok (podlaskie) and Kiel (Schleswig-Holstein): the issue's own example."""
    return PairEvidence(
        source_name="Białystok",
        source_country="PL",
        candidate_name="Kiel",
        candidate_country="DE",
        source_region=places.region("PL", "81", "podlaskie"),
        candidate_region=places.region("DE", "10", "Schleswig-Holstein"),
        candidate_town=places.town("GN-2891122", "Kiel", "DE"),
    )


def cases(places: PlaceNames) -> list[Case]:
    """Every reason template, in the order of the factors."""
    b = base_evidence(places)
    themes = [theme_term(code) for code in sorted(THEME_KEYS)]
    partners = [places.town(*p) for p in PARTNERS]

    def counted(limit: int, make: Callable[[int], PairEvidence]) -> Callable[[int], PairEvidence]:
        return lambda n: make(n) if n <= limit else None  # type: ignore[return-value]

    same_region = replace(b, candidate_region=b.source_region, candidate_country="PL")
    return [
        Case("text", "reason.text.none", lambda n: b),
        Case("text", "reason.text.similar", lambda n: replace(b, text_similarity=0.6 + n / 100)),
        Case(
            "text",
            "reason.text.different",
            lambda n: replace(b, text_similarity=0.1 + n / 100),
            -0.5,
        ),
        Case(
            "themes",
            "reason.themes.shared",
            counted(len(themes), lambda n: replace(b, shared_themes=tuple(themes[:n]))),
        ),
        Case(
            "networks",
            "reason.networks.shared",
            lambda n: replace(b, shared_networks=tuple(_cycle(NETWORKS, n))),
        ),
        Case("population", "reason.population.unknown", lambda n: b),
        Case("population", "reason.population.similar", lambda n: _sizes(b, n * 1001, 1.1)),
        Case("population", "reason.population.somewhat_bigger", lambda n: _sizes(b, n * 1001, 1.5)),
        Case(
            "population", "reason.population.somewhat_smaller", lambda n: _sizes(b, n * 1001, 0.7)
        ),
        Case("population", "reason.population.bigger", lambda n: _sizes(b, 3114 * n, n)),
        Case("population", "reason.population.smaller", lambda n: _sizes(b, 3114, 1 / max(n, 1))),
        Case("distance", "reason.distance.unknown", lambda n: b),
        Case("distance", "reason.distance.near", lambda n: replace(b, distance_km=n)),
        Case("distance", "reason.distance.medium", lambda n: replace(b, distance_km=301 + 30 * n)),
        Case("distance", "reason.distance.far", lambda n: replace(b, distance_km=1001 + 100 * n)),
        Case("country_affinity", "reason.country_affinity.no_links", lambda n: b),
        Case(
            "country_affinity",
            "reason.country_affinity.none_with",
            lambda n: replace(b, region_links_total=n),
        ),
        Case(
            "country_affinity",
            "reason.country_affinity.top",
            lambda n: replace(
                b, region_links_total=n, region_links_to_country=(n + 1) // 2, region_country_rank=1
            ),
        ),
        Case(
            "country_affinity",
            "reason.country_affinity.ranked",
            lambda n: replace(
                b, region_links_total=66, region_links_to_country=n, region_country_rank=3
            ),
        ),
        Case("regional_affinity", "reason.regional_affinity.none", lambda n: b),
        Case(
            "regional_affinity",
            "reason.regional_affinity.some",
            lambda n: replace(b, region_links_to_region=n),
        ),
        Case("regional_affinity", "reason.regional_affinity.within_none", lambda n: same_region),
        Case(
            "regional_affinity",
            "reason.regional_affinity.within",
            lambda n: replace(same_region, region_links_to_region=n),
        ),
        Case("ties", "reason.ties.some", lambda n: replace(b, ties_with_source_country=n)),
        Case(
            "partners_of_partners",
            "reason.partners_of_partners.some",
            lambda n: replace(b, common_partners=tuple(_cycle(partners, n))),
        ),
        Case("openness", "reason.openness.some", lambda n: replace(b, candidate_partners=n)),
        Case("needs_offers", "reason.needs_offers.none", lambda n: b),
        Case(
            "needs_offers",
            "reason.needs_offers.match",
            lambda n: replace(b, needs_offers_similarity=0.6 + n / 100),
        ),
        Case(
            "needs_offers",
            "reason.needs_offers.weak",
            lambda n: replace(b, needs_offers_similarity=0.1 + n / 100),
            -0.5,
        ),
        Case("type_match", "reason.type_match.none", lambda n: b),
        Case(
            "type_match",
            "reason.type_match.shared",
            # an urban pair alone, then rural pairs with more in common (border last)
            counted(
                len(TYPES) - 1,
                lambda n: replace(b, shared_types=TYPES[:1] if n == 1 else TYPES[1 : n + 1]),
            ),
        ),
        Case("partner_profile", "reason.partner_profile.none", lambda n: b),
        Case(
            "partner_profile",
            "reason.partner_profile.median",
            lambda n: replace(b, candidate_partners=max(n, 1), partner_size=n * 1001 or 1),
        ),
        Case(
            "partner_profile",
            "reason.partner_profile.compared",
            lambda n: replace(
                b,
                candidate_partners=max(n, 1),
                partner_size=n * 1001 or 1,
                source_population=3114,
            ),
        ),
        Case("peer_partners", "reason.peer_partners.no_peers", lambda n: b),
        Case("peer_partners", "reason.peer_partners.none", lambda n: replace(b, peers=PEERS)),
        Case(
            "peer_partners",
            "reason.peer_partners.some",
            counted(len(PEERS), lambda n: replace(b, peers=PEERS, peer_partners=PEERS[:n])),
        ),
        Case("peer_regions", "reason.peer_regions.none", lambda n: replace(b, peers=PEERS)),
        Case(
            "peer_regions",
            "reason.peer_regions.some",
            lambda n: replace(b, peers=PEERS, peer_region=PEERS[:2], peer_region_links=n),
        ),
        Case("region_wealth", "reason.region_wealth.unknown", lambda n: b),
        Case(
            "region_wealth",
            "reason.region_wealth.similar",
            lambda n: replace(b, source_gdp=68 + n, candidate_gdp=71 + n),
        ),
        Case(
            "region_wealth",
            "reason.region_wealth.different",
            lambda n: replace(b, source_gdp=50 + n, candidate_gdp=150 + n),
        ),
        Case("region_density", "reason.region_density.unknown", lambda n: b),
        Case(
            "region_density",
            "reason.region_density.similar",
            lambda n: replace(b, source_density=100 + n, candidate_density=110 + n),
        ),
        Case(
            "region_density",
            "reason.region_density.different",
            lambda n: replace(b, source_density=20 + n, candidate_density=900 + n),
        ),
        Case("seeking", "reason.seeking.none", lambda n: b),
        Case("seeking", "reason.seeking.open", lambda n: replace(b, seeking="open")),
        Case("seeking", "reason.seeking.country", lambda n: replace(b, seeking="country")),
        Case(
            "seeking",
            "reason.seeking.country_since",
            lambda n: replace(b, seeking="country", seeking_since=SEEKING_SINCE),
        ),
        Case(
            "seeking",
            "reason.seeking.themes",
            counted(
                len(themes),
                lambda n: replace(b, seeking="themes", seeking_themes=tuple(themes[:n])),
            ),
        ),
        Case("query", "reason.query.no_text", lambda n: replace(b, query="uzdrowisko nad morzem")),
        Case(
            "query",
            "reason.query.match",
            lambda n: replace(b, query="uzdrowisko nad morzem", query_similarity=0.6 + n / 100),
        ),
        Case(
            "query",
            "reason.query.moved",
            lambda n: replace(
                b,
                query="uzdrowisko nad morzem",
                query_similarity=0.6 + n / 100,
                rank=1,
                rank_without_wish=2 + n,
            ),
        ),
        Case(
            "query",
            "reason.query.weak",
            lambda n: replace(b, query="uzdrowisko nad morzem", query_similarity=0.1 + n / 100),
            -0.5,
        ),
        Case(
            "query_match",
            "reason.query_match",
            lambda n: replace(
                b,
                query_country=True,
                query_sizes=("-20000",),
                query_coastal=True,
                query_spa=True,
                candidate_spa_name="Bad Kiel",
            ),
            0.0,
        ),
    ]


def _sizes(b: PairEvidence, candidate: float, times: float) -> PairEvidence | None:
    """The candidate has ``candidate`` inhabitants, ``times`` as many as the source (None
    for no inhabitants: the figure does not apply)."""
    if not candidate:
        return None
    return replace(b, candidate_population=candidate, source_population=round(candidate / times))


def _cycle(items: Sequence[T], n: int) -> list[T]:
    """``n`` items, repeating ``items`` (only the first few are ever named)."""
    return [items[i % len(items)] for i in range(n)]


UNDERSTOOD: tuple[tuple[str, Callable[[int], Message]], ...] = (
    ("reason.understood.country", lambda n: understood_message("country", "DE")),
    ("reason.understood.size.max", lambda n: understood_message("size", f"-{n * 1000}")),
    ("reason.understood.size.min", lambda n: understood_message("size", f"{n * 1000}-")),
    (
        "reason.understood.size.range",
        lambda n: understood_message("size", f"{n * 1000}-{n * 5000}"),
    ),
    ("reason.understood.coastal", lambda n: understood_message("coastal", "true")),
    ("reason.understood.spa", lambda n: understood_message("spa", "true")),
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(rows: list[tuple[str, list[str]]]) -> Iterator[str]:
    langs = languages()
    yield "| n | " + " | ".join(langs) + " |"
    yield "|---|" + "---|" * len(langs)
    previous: list[str] | None = None
    for n, texts in rows:
        if texts == previous:  # the figure does not change the sentence: shown once
            continue
        previous = texts
        yield f"| {n} | " + " | ".join(_cell(t) for t in texts) + " |"


def _rendered(message: Message) -> list[str]:
    return [translator(lang).render(message) for lang in languages()]


def render_sheet(places: PlaceNames | None = None) -> str:
    """The whole sheet as Markdown."""
    places = places or place_names()
    en = translator("en")
    out = [
        "# Reasons: every sentence in every language",
        "",
        "Generated by `make reasons` from the reason writers (`matcher/explain.py`) and the",
        "catalogues (`matcher/i18n/locale`); do not edit by hand: CI fails when this file differs",
        "from what the code writes. Each table shows one template with the figures "
        + ", ".join(map(str, FIGURES))
        + " (a row is left out when the figure does not change the sentence; n = 0 shows what "
        "the writer says instead). Example pair: Białystok (podlaskie) and Kiel "
        "(Schleswig-Holstein); place names as the data gives them.",
        "",
        f"Thresholds: two towns are of *similar size* when the bigger has fewer than "
        f"{SIMILAR_SIZE_RATIO:g} times the inhabitants of the smaller, *somewhat* "
        f"bigger/smaller below {SOMEWHAT_RATIO:g} times, beyond that the sentence says how "
        f"many times (rounded); *close* is up to {NEAR_KM:g} km, *far apart* beyond "
        f"{FAR_KM:g} km.",
        "",
    ]
    factor = ""
    for case in cases(places):
        if case.factor != factor:
            factor = case.factor
            names = " / ".join(translator(lang)(FACTOR_LABELS[factor]) for lang in languages())
            out += [f"## {en(FACTOR_LABELS[factor])} (`{factor}`: {names})", ""]
        rows = []
        for n in FIGURES:
            evidence = case.evidence(n)
            if evidence is None:
                continue
            message = WRITERS[case.factor](evidence, case.contribution)
            rows.append((str(n), _rendered(message)))
        out += [f"### `{case.key}`", "", *_table(rows), ""]
    out += ["## Understood from a search text (`reason.understood.*`)", ""]
    for key, make in UNDERSTOOD:
        rows = [(str(n), _rendered(make(n))) for n in FIGURES]
        out += [f"### `{key}`", "", *_table(rows), ""]
    return "\n".join(out).rstrip() + "\n"


def used_keys(places: PlaceNames | None = None) -> set[str]:
    """Every message key the sheet's examples make the writers use (nested ones included)."""
    places = places or place_names()
    keys: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, Message):
            keys.add(value.key)
            for param in value.params.values():
                walk(param)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif hasattr(value, "items") and isinstance(value.items, tuple):
            walk(value.items)

    for case in cases(places):
        for n in FIGURES:
            evidence = case.evidence(n)
            if evidence is not None:
                walk(WRITERS[case.factor](evidence, case.contribution))
    for _key, make in UNDERSTOOD:
        for n in FIGURES:
            walk(make(n))
    return keys


def main(argv: list[str] | None = None) -> None:
    """``python -m matcher.reasons_sheet [PATH]``: write the sheet (default docs/reasons.md)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=SHEET)
    args = parser.parse_args(argv)
    args.path.write_text(render_sheet(), encoding="utf-8")


if __name__ == "__main__":
    main()
