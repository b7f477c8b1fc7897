"""Pair features of a source town against candidate towns: pure functions over arrays.

Each factor is one column. Raw values are kept beside the transformed ones so the
reasons can quote real figures (inhabitants, kilometres, shares, counts).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

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
)
"""Factors the ranker learns weights for; 'needs_offers' and 'query' borrow the text weight."""

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
        out = np.full(len(candidates), np.nan)
        mine = self.rows[row]
        if mine < 0:
            return out
        theirs = self.rows[candidates]
        has = theirs >= 0
        out[has] = self.matrix[theirs[has]] @ self.matrix[mine]
        return out

    def similarity_to(self, vector: np.ndarray, candidates: np.ndarray) -> np.ndarray:
        """Cosine similarity of a query vector with each candidate's text (NaN without)."""
        out = np.full(len(candidates), np.nan)
        theirs = self.rows[candidates]
        has = theirs >= 0
        out[has] = self.matrix[theirs[has]] @ vector
        return out


@dataclass(frozen=True)
class Attributes:
    """Per-town sets as sparse 0/1 matrices: themes and network memberships."""

    themes: sp.csr_matrix  # n x themes
    theme_codes: np.ndarray
    networks: sp.csr_matrix  # n x networks
    network_ids: np.ndarray
    network_names: np.ndarray

    def shared(self, matrix: sp.csr_matrix, row: int, candidates: np.ndarray) -> np.ndarray:
        return np.asarray((matrix[candidates] @ matrix[row].T).todense()).ravel()


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


def pair_features(
    row: int,
    candidates: np.ndarray,
    *,
    pool: TownPool,
    graph: PartnerGraph,
    texts: TextVectors,
    attributes: Attributes,
    leave_out_links: bool = False,
) -> PairFeatures:
    """Features of town ``row`` against ``candidates`` (pool rows).

    With ``leave_out_links`` a candidate already linked to ``row`` is scored as if that
    link were unknown: training pairs must not see their own label in the counts.
    """
    candidates = np.asarray(candidates, dtype=np.int64)
    link = np.zeros(len(candidates))
    if leave_out_links:
        link = graph.links(row, candidates)

    text = texts.similarity(row, candidates)
    themes = attributes.shared(attributes.themes, row, candidates)
    networks = attributes.shared(attributes.networks, row, candidates)

    pop_s, pop_c = pool.population[row], pool.population[candidates]
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = -np.abs(np.log10(np.where(pop_c > 0, pop_c, np.nan)) - np.log10(pop_s))
    if not pop_s > 0:
        log_ratio = np.full(len(candidates), np.nan)

    distance = pool.distances_km(row)[candidates]

    cand_country = graph.country.codes[candidates]
    r = graph.region.codes[row]
    src_country = graph.country.codes[row]
    by_region = graph.region_country[r]
    by_country = graph.country_country[src_country]
    p_country = (
        np.maximum(by_country[cand_country] - link, 0)
        + ALPHA_COUNTRY * graph.country_global[cand_country]
    ) / (by_country.sum() - link + ALPHA_COUNTRY)
    country_share = (np.maximum(by_region[cand_country] - link, 0) + ALPHA_REGION * p_country) / (
        by_region.sum() - link + ALPHA_REGION
    )

    cand_region = graph.region.codes[candidates]
    to_region = graph.region_region[r].toarray().ravel()[cand_region] - link
    to_country = by_region[cand_country] - link
    prior = (graph.into_region[cand_region] - link + 1.0) / (
        graph.country_country.sum(axis=0)[cand_country]
        - link
        + graph.regions_per_country[cand_country]
    )
    region_share = (np.maximum(to_region, 0) + ALPHA_REGION * prior) / (
        np.maximum(to_country, 0) + ALPHA_REGION
    )

    ties = graph.ties[candidates, src_country] - link
    common = graph.common_neighbours(row, candidates)
    degree = graph.degree[candidates] - link

    values = np.column_stack(
        [
            text,
            np.log1p(themes),
            np.log1p(networks),
            log_ratio,
            np.log10(1.0 + distance),
            np.log(country_share),
            np.log(region_share),
            np.log1p(np.maximum(ties, 0)),
            np.log1p(common),
            np.log1p(np.maximum(degree, 0)),
        ]
    )
    return PairFeatures(
        candidates=candidates,
        values=values,
        text_similarity=text,
        shared_themes=themes,
        shared_networks=networks,
        distance_km=distance,
        country_share=country_share,
        region_share=region_share,
        ties=np.maximum(ties, 0),
        common_partners=common,
        degree=np.maximum(degree, 0),
    )
