"""Pair features of a source town against candidate towns: pure functions over arrays.

Each factor is one column. Raw values are kept beside the transformed ones so the
reasons can quote real figures (inhabitants, kilometres, shares, counts).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matcher.ranking.facts import POPCOUNT, TownFacts
from matcher.ranking.graph import ALPHA_COUNTRY, ALPHA_REGION, PartnerGraph
from matcher.ranking.pool import TownPool

FACTORS: tuple[str, ...] = (
    "text",
    "themes",
    "networks",
    "population",
    "distance",
    "country_affinity",
    "regional_affinity",
    "ties",
    "partners_of_partners",
    "openness",
    "type_match",
    "partner_profile",
    "peer_partners",
    "peer_regions",
    "region_wealth",
    "region_density",
)
"""Factors the ranker learns; 'needs_offers' and 'query' follow the wish policy, 'seeking'
has set points (no data teaches it)."""

NETWORK_FACTORS: tuple[str, ...] = (
    "country_affinity",
    "regional_affinity",
    "ties",
    "partners_of_partners",
    "openness",
)

V1_FACTORS: tuple[str, ...] = FACTORS[:10]
"""The factors of the v1 ranker (logistic regression), kept as the backtest's yardstick."""

TEXT_LIKE: tuple[str, ...] = ("needs_offers", "query")


@dataclass(frozen=True)
class TextVectors:
    """Embedded profile texts: ``rows[i]`` is the vector row of pool town i, or -1."""

    rows: np.ndarray
    matrix: np.ndarray  # (m, d) float32, L2-normalised

    @classmethod
    def empty(cls, n: int, dimension: int = 1) -> TextVectors:
        return cls(rows=np.full(n, -1, dtype=np.int64), matrix=np.zeros((0, dimension), "f4"))

    def similarity(self, row: int, candidates: np.ndarray) -> np.ndarray:
        """Cosine similarity of town ``row``'s text with each candidate's (NaN without text)."""
        mine = self.rows[row]
        if mine < 0:
            return np.full(len(candidates), np.nan, dtype=np.float32)
        return self.similarity_to(self.matrix[mine], candidates)

    def similarity_to(self, vector: np.ndarray, candidates: np.ndarray) -> np.ndarray:
        """Cosine similarity of a query vector with each candidate's text (NaN without)."""
        return self.similarity_by_town(vector, candidates)

    def similarity_by_town(self, vector: np.ndarray, towns: np.ndarray | None = None) -> np.ndarray:
        """Similarity of ``vector`` with the text of every pool town (or of ``towns``)."""
        # one product per distinct text, then a gather; row -1 picks the trailing NaN
        sims = np.append(self.matrix @ vector.astype(np.float32), np.float32(np.nan))
        rows = self.rows if towns is None else self.rows[towns]
        return np.asarray(sims[rows])


@dataclass(frozen=True)
class Attributes:
    """Per-town sets as sparse 0/1 matrices: themes and network memberships."""

    themes: sp.csr_matrix  # n x themes
    theme_codes: np.ndarray
    networks: sp.csr_matrix  # n x networks
    network_ids: np.ndarray
    network_names: np.ndarray
    facts: TownFacts | None = None

    def shared(self, matrix: sp.csr_matrix, row: int, candidates: np.ndarray) -> np.ndarray:
        """How many of town ``row``'s items (themes, networks) each candidate has too."""
        mine = matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]]
        if len(mine) == 0:
            return np.zeros(len(candidates))
        counts = np.asarray(matrix[:, mine].sum(axis=1)).ravel()
        return np.asarray(counts[candidates], dtype=float)

    @staticmethod
    def items(matrix: sp.csr_matrix, row: int) -> np.ndarray:
        """Column indices set in ``row`` (sorted)."""
        return np.asarray(matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]])


@dataclass(frozen=True)
class PairFeatures:
    """Transformed feature matrix (candidates x FACTORS) and the raw figures behind it."""

    candidates: np.ndarray
    values: np.ndarray
    text_similarity: np.ndarray
    shared_themes: np.ndarray
    shared_networks: np.ndarray
    distance_km: np.ndarray
    country_share: np.ndarray
    region_share: np.ndarray
    ties: np.ndarray
    common_partners: np.ndarray
    degree: np.ndarray
    shared_types: np.ndarray  # uint8 bits of facts.TYPES
    partner_size: np.ndarray  # median log10 population of the candidate's partners
    peers: np.ndarray  # the source's peers (pool rows)
    peer_partners: np.ndarray  # how many of them twin with the candidate
    peer_region_links: np.ndarray  # their links into the candidate's region
    peer_neighbours: tuple[np.ndarray, ...] = ()  # each peer's partners (sorted rows)

    def columns(self, factors: tuple[str, ...]) -> np.ndarray:
        """The values of ``factors`` (a view when they lead :data:`FACTORS` in order)."""
        if factors == FACTORS[: len(factors)]:
            return self.values[:, : len(factors)]
        return self.values[:, [FACTORS.index(f) for f in factors]]


def _affinity(
    graph: PartnerGraph,
    row: int,
    cand_country: np.ndarray,
    cand_region: np.ndarray,
    to_country: np.ndarray | float,
    to_region: np.ndarray | float,
    total: float | np.ndarray,
    country_global: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Smoothed shares: of ``row``'s region's links going to each candidate's country, and of
    those going on to the candidate's region. ``row``'s own links that must not count are
    left out: ``to_country`` / ``to_region`` of them land in the candidate's country /
    region, ``total`` in all (a training pair's own link; all of a town made new)."""
    r = graph.region.codes[row]
    by_region = graph.region_country[r]
    by_country = graph.country_country[graph.country.codes[row]]
    p_country = (
        np.maximum(by_country[cand_country] - to_country, 0)
        + ALPHA_COUNTRY
        * (graph.country_global if country_global is None else country_global)[cand_country]
    ) / (by_country.sum() - total + ALPHA_COUNTRY)
    to_c = np.maximum(by_region[cand_country] - to_country, 0)
    country_share = (to_c + ALPHA_REGION * p_country) / (by_region.sum() - total + ALPHA_REGION)
    to_r = graph.region_region[r].toarray().ravel()[cand_region] - to_region
    prior = (graph.into_region[cand_region] - to_region + 1.0) / (
        graph.into_country[cand_country] - to_country + graph.regions_per_country[cand_country]
    )
    region_share = (np.maximum(to_r, 0) + ALPHA_REGION * prior) / (to_c + ALPHA_REGION)
    return country_share, region_share


def _global_without(graph: PartnerGraph, row: int, own_country: np.ndarray) -> np.ndarray:
    """:attr:`PartnerGraph.country_global` in a world without ``row``'s links (both ends)."""
    totals = graph.into_country - own_country
    totals[graph.country.codes[row]] -= own_country.sum()
    return np.asarray((totals + 1.0) / (totals.sum() + len(totals)))


def pair_features(
    row: int,
    candidates: np.ndarray,
    *,
    pool: TownPool,
    graph: PartnerGraph,
    texts: TextVectors,
    attributes: Attributes,
    leave_out_links: bool = False,
    drop_network: bool = False,
) -> PairFeatures:
    """Features of town ``row`` against ``candidates`` (pool rows).

    With ``leave_out_links`` a candidate already linked to ``row`` is scored as if that
    link were unknown: training pairs must not see their own label in the counts. With
    ``drop_network`` town ``row`` is scored as a new town: none of its links counts
    (no partners of partners, nothing in the affinity counts, ties or openness), as for a
    town without partners (cold-start training).
    """
    candidates = np.asarray(candidates, dtype=np.int64)
    cand_country = graph.country.codes[candidates]
    cand_region = graph.region.codes[candidates]
    link: np.ndarray | float = 0.0
    if drop_network:
        link = graph.links(row, candidates)
        mine = graph.neighbours(row)
        own_country = np.bincount(graph.country.codes[mine], minlength=len(graph.country.labels))
        own_region = np.bincount(graph.region.codes[mine], minlength=len(graph.region.labels))
        country_share, region_share = _affinity(
            graph,
            row,
            cand_country,
            cand_region,
            own_country[cand_country],
            own_region[cand_region],
            float(len(mine)),
            _global_without(graph, row, own_country),
        )
        log_country_share, log_region_share = np.log(country_share), np.log(region_share)
    elif leave_out_links:
        link = graph.links(row, candidates)
        country_share, region_share = _affinity(
            graph, row, cand_country, cand_region, link, link, link
        )
        log_country_share, log_region_share = np.log(country_share), np.log(region_share)
    else:
        # shares depend on the candidate's country and region only: compute them once per
        # region, then gather
        country_by_region, region_by_region = _affinity(
            graph, row, graph.region_country_code, np.arange(len(graph.region.labels)), 0, 0, 0
        )
        country_share = country_by_region[cand_region]
        region_share = region_by_region[cand_region]
        log_country_share = np.log(country_by_region)[cand_region]
        log_region_share = np.log(region_by_region)[cand_region]

    text = texts.similarity(row, candidates)
    themes = attributes.shared(attributes.themes, row, candidates)
    networks = attributes.shared(attributes.networks, row, candidates)
    logpop = pool.log_population
    log_ratio = -np.abs(logpop[candidates] - logpop[row])
    distance = pool.distances_km(row)[candidates]
    src_country = graph.country.codes[row]
    ties = np.maximum(graph.ties[src_country][candidates] - link, 0)
    new_town = drop_network or graph.degree[row] == 0
    common = np.zeros(len(candidates)) if new_town else graph.common_neighbours(row, candidates)
    degree = np.maximum(graph.degree[candidates] - link, 0)
    if leave_out_links or drop_network:
        partner_size = graph.partner_size_without(row, candidates, pool)
    else:
        partner_size = graph.partner_size[candidates]

    facts = attributes.facts or TownFacts.empty(pool)
    shared_types = facts.shared_types(row, candidates)
    peers = facts.peers(row, graph, pool)
    peer_links = graph.adjacency[peers].indices.astype(np.int64)
    peer_partners = np.bincount(peer_links, minlength=pool.size)[candidates].astype(np.float32)
    by_region = np.bincount(graph.region.codes[peer_links], minlength=len(graph.region.labels))
    peer_region_links = by_region[cand_region].astype(np.float32)
    wealth = -np.abs(facts.log_gdp[candidates] - facts.log_gdp[row])
    density = -np.abs(facts.log_density[candidates] - facts.log_density[row])

    # float32 halves the memory traffic of scoring ~70,000 candidates per query
    values = np.empty((len(candidates), len(FACTORS)), dtype=np.float32, order="F")
    values[:, 0] = text
    values[:, 1] = np.log1p(themes)
    values[:, 2] = np.log1p(networks)
    values[:, 3] = log_ratio
    values[:, 4] = np.log10(1.0 + distance)
    values[:, 5] = log_country_share
    values[:, 6] = log_region_share
    values[:, 7] = np.log1p(ties)
    values[:, 8] = np.log1p(common)
    values[:, 9] = (
        np.log1p(degree) if (leave_out_links or drop_network) else graph.log_degree[candidates]
    )
    values[:, 10] = POPCOUNT[shared_types]
    values[:, 11] = -np.abs(partner_size - logpop[row])
    values[:, 12] = np.log1p(peer_partners)
    values[:, 13] = np.log1p(by_region.astype(np.float32))[cand_region]
    values[:, 14] = wealth
    values[:, 15] = density
    return PairFeatures(
        candidates=candidates,
        values=values,
        text_similarity=text,
        shared_themes=themes,
        shared_networks=networks,
        distance_km=distance,
        country_share=country_share,
        region_share=region_share,
        ties=ties,
        common_partners=common,
        degree=degree,
        shared_types=shared_types,
        partner_size=partner_size,
        peers=peers,
        peer_partners=peer_partners,
        peer_region_links=peer_region_links,
        peer_neighbours=tuple(graph.neighbours(int(p)) for p in peers),
    )
