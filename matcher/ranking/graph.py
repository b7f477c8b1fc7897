"""The existing partnership network as sparse matrices, and the statistics learned from it.

Everything here is computed from a list of edges, so the evaluation can build the same
statistics from the training edges alone and nothing hidden leaks into the features.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import scipy.sparse as sp

from matcher.ranking.pool import TownPool

# Pseudo-counts of the hierarchical smoothing of the affinity shares (used in features).
ALPHA_REGION = 5.0
ALPHA_COUNTRY = 20.0


@dataclass(frozen=True)
class Codes:
    """Integer codes of a categorical array and the labels they stand for."""

    codes: np.ndarray
    labels: np.ndarray

    @classmethod
    def of(cls, values: np.ndarray) -> Codes:
        labels, codes = np.unique(values.astype(str), return_inverse=True)
        return cls(codes=codes.astype(np.int64), labels=labels)


@dataclass(frozen=True)
class PartnerGraph:
    """Adjacency and aggregate counts of an undirected partnership network."""

    adjacency: sp.csr_matrix  # n x n, 0/1, symmetric
    degree: np.ndarray  # n
    country: Codes  # per town
    region: Codes  # per town
    ties: np.ndarray  # countries x n: each town's partners per country (dense, small)
    region_country: np.ndarray  # regions x countries: partnership ends
    region_region: sp.csr_matrix  # regions x regions
    country_country: np.ndarray  # countries x countries
    country_global: np.ndarray  # countries: share of all partnership ends
    into_region: np.ndarray  # regions: partnership ends landing in each region
    into_country: np.ndarray  # countries: partnership ends landing in each country
    region_country_code: np.ndarray  # regions: the country code index of each region
    regions_per_country: np.ndarray  # countries: number of regions known in each
    partner_size: np.ndarray  # n: median log10 population of each town's partners (NaN: none)

    @cached_property
    def log_degree(self) -> np.ndarray:
        """log(1 + number of partners) of every town."""
        return np.log1p(self.degree)

    @property
    def edge_count(self) -> int:
        return int(self.adjacency.nnz // 2)

    @classmethod
    def build(cls, pool: TownPool, edges: np.ndarray) -> PartnerGraph:
        """Statistics of ``edges`` (an (m, 2) array of pool rows; self-loops dropped)."""
        n = pool.size
        edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
        edges = edges[edges[:, 0] != edges[:, 1]]
        rows = np.concatenate([edges[:, 0], edges[:, 1]])
        cols = np.concatenate([edges[:, 1], edges[:, 0]])
        adj = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, n))
        adj.data[:] = 1.0  # duplicates collapse to one link
        adj.sum_duplicates()
        adj.data = np.minimum(adj.data, 1.0)
        adj.eliminate_zeros()

        country = Codes.of(pool.country)
        region = Codes.of(pool.region)
        n_c, n_r = len(country.labels), len(region.labels)
        src, dst = adj.nonzero()
        ties = np.zeros((n_c, n), dtype=np.float32)
        np.add.at(ties, (country.codes[dst], src), 1.0)
        region_country = np.zeros((n_r, n_c))
        np.add.at(region_country, (region.codes[src], country.codes[dst]), 1.0)
        region_region = sp.csr_matrix(
            (np.ones(len(src)), (region.codes[src], region.codes[dst])), shape=(n_r, n_r)
        )
        country_country = np.zeros((n_c, n_c))
        np.add.at(country_country, (country.codes[src], country.codes[dst]), 1.0)
        totals = country_country.sum(axis=0)
        country_global = (totals + 1.0) / (totals.sum() + n_c)
        logpop = pd.Series(pool.log_population[dst])
        medians = logpop.groupby(src).median()
        partner_size = np.full(n, np.nan)
        partner_size[medians.index.to_numpy(dtype=np.int64)] = medians.to_numpy()
        prefixes = np.array([label.split(":", 1)[0] for label in region.labels])
        regions_per_country = np.array(
            [max(int((prefixes == c).sum()), 1) for c in country.labels], dtype=float
        )
        return cls(
            adjacency=adj,
            degree=np.asarray(adj.sum(axis=1)).ravel(),
            country=country,
            region=region,
            ties=ties,
            region_country=region_country,
            region_region=region_region,
            country_country=country_country,
            country_global=country_global,
            into_region=np.asarray(region_region.sum(axis=0)).ravel(),
            into_country=country_country.sum(axis=0),
            region_country_code=np.searchsorted(country.labels, prefixes),
            regions_per_country=regions_per_country,
            partner_size=partner_size,
        )

    def neighbours(self, row: int) -> np.ndarray:
        """Pool rows of the partners of town ``row``, sorted."""
        start, end = self.adjacency.indptr[row], self.adjacency.indptr[row + 1]
        return np.sort(self.adjacency.indices[start:end])

    def common_neighbours(self, row: int, candidates: np.ndarray) -> np.ndarray:
        """For each candidate, how many partners it shares with town ``row``."""
        counts = (self.adjacency[row] @ self.adjacency).toarray().ravel()
        return np.asarray(counts[candidates])

    def links(self, row: int, candidates: np.ndarray) -> np.ndarray:
        """1.0 where a candidate is already a partner of town ``row``, else 0.0."""
        return np.asarray(self.adjacency[row].toarray().ravel()[candidates], dtype=float)

    def partner_size_without(self, row: int, candidates: np.ndarray, pool: TownPool) -> np.ndarray:
        """:attr:`partner_size` of each candidate with town ``row`` left out of its partners."""
        out = self.partner_size[candidates].copy()
        linked = np.flatnonzero(self.links(row, candidates) > 0)
        for i in linked:
            others = self.neighbours(int(candidates[i]))
            sizes = pool.log_population[others[others != row]]
            sizes = sizes[np.isfinite(sizes)]
            out[i] = np.median(sizes) if len(sizes) else np.nan
        return out
