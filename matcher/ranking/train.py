"""Training pairs from the partnership network and the fit of the additive ranker.

Positives are known partnerships (both directions); negatives are sampled non-partners:
some from anywhere abroad (which country?), some from the partner's own country (which
town there?), matching the two ways the product is asked.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from tqdm import tqdm

from matcher.ranking.engine import UNBOUNDED, RankingContext
from matcher.ranking.features import FACTORS, V1_FACTORS, Attributes, TextVectors, pair_features
from matcher.ranking.graph import PartnerGraph
from matcher.ranking.model import AdditiveRanker
from matcher.ranking.pool import TownPool
from matcher.ranking.training_data import TrainingInputs


@dataclass(frozen=True)
class TrainingPairs:
    sources: np.ndarray
    candidates: np.ndarray
    labels: np.ndarray

    def __len__(self) -> int:
        return len(self.labels)


def sample_pairs(
    pool: TownPool,
    graph: PartnerGraph,
    *,
    negatives_abroad: int = 6,
    negatives_same_country: int = 6,
    max_positives: int | None = 40_000,
    seed: int = 0,
) -> TrainingPairs:
    """Directed positives of ``graph`` and seeded negatives; deterministic for a seed."""
    rng = np.random.default_rng(seed)
    src, dst = graph.adjacency.nonzero()
    # learn from the pairs the product ranks: both ends towns that can be suggested
    both = pool.suggestible[src] & pool.suggestible[dst]
    src, dst = src[both], dst[both]
    order = np.lexsort((dst, src))
    src, dst = src[order], dst[order]
    if max_positives is not None and len(src) > max_positives:
        keep = np.sort(rng.choice(len(src), size=max_positives, replace=False))
        src, dst = src[keep], dst[keep]
    suggestible = np.flatnonzero(pool.suggestible)
    by_country: dict[str, np.ndarray] = {
        c: suggestible[pool.country[suggestible] == c] for c in np.unique(pool.country[dst])
    }
    sources: list[np.ndarray] = [src]
    candidates: list[np.ndarray] = [dst]
    labels: list[np.ndarray] = [np.ones(len(src))]
    if negatives_abroad:
        s = np.repeat(src, negatives_abroad)
        c = suggestible[rng.integers(0, len(suggestible), size=len(s))]
        sources.append(s)
        candidates.append(c)
        labels.append(np.zeros(len(s)))
    if negatives_same_country:
        s = np.repeat(src, negatives_same_country)
        partner_country = pool.country[np.repeat(dst, negatives_same_country)]
        c = np.empty(len(s), dtype=np.int64)
        for country in np.unique(partner_country):
            where = np.flatnonzero(partner_country == country)
            c[where] = rng.choice(by_country[country], size=len(where))
        sources.append(s)
        candidates.append(c)
        labels.append(np.zeros(len(s)))
    all_s = np.concatenate(sources)
    all_c = np.concatenate(candidates)
    all_y = np.concatenate(labels)
    same_town = all_s == all_c
    same_country = (pool.country[all_s] == pool.country[all_c]) & (all_y == 0)
    linked = np.asarray(graph.adjacency[all_s, all_c]).ravel() > 0
    bad_negative = (all_y == 0) & (linked | same_country)
    keep = ~(same_town | bad_negative)
    return TrainingPairs(all_s[keep], all_c[keep], all_y[keep])


def feature_matrix(
    pairs: TrainingPairs,
    *,
    pool: TownPool,
    graph: PartnerGraph,
    texts: TextVectors,
    attributes: Attributes,
    progress: bool = True,
) -> np.ndarray:
    """Features of every training pair, with each pair's own link left out of the counts."""
    X = np.empty((len(pairs), len(FACTORS)))
    order = np.argsort(pairs.sources, kind="stable")
    bounds = np.flatnonzero(np.diff(pairs.sources[order])) + 1
    groups = np.split(order, bounds)
    for idx in tqdm(groups, desc="Pair features", unit="town", disable=not progress):
        row = int(pairs.sources[idx[0]])
        feats = pair_features(
            row,
            pairs.candidates[idx],
            pool=pool,
            graph=graph,
            texts=texts,
            attributes=attributes,
            leave_out_links=True,
        )
        X[idx] = feats.values
    return X


def fit_ranker(
    pool: TownPool,
    graph: PartnerGraph,
    texts: TextVectors,
    attributes: Attributes,
    *,
    factors: tuple[str, ...] = FACTORS,
    seed: int = 0,
    progress: bool = True,
) -> tuple[AdditiveRanker, dict[str, int]]:
    """The logistic ranker on ``factors``, and counts for the artifact."""
    pairs = sample_pairs(pool, graph, seed=seed)
    X = feature_matrix(
        pairs, pool=pool, graph=graph, texts=texts, attributes=attributes, progress=progress
    )
    cols = [FACTORS.index(f) for f in factors]
    ranker = AdditiveRanker(factors).fit(X[:, cols], pairs.labels)
    return ranker, pair_counts(pairs, graph)


def pair_counts(pairs: TrainingPairs, graph: PartnerGraph) -> dict[str, int]:
    return {
        "pairs": len(pairs),
        "positives": int(pairs.labels.sum()),
        "negatives": int((pairs.labels == 0).sum()),
        "edges": graph.edge_count,
    }


def v1_context(inputs: TrainingInputs, *, seed: int = 0, progress: bool = True) -> RankingContext:
    """The v1 ranker (logistic regression on today's factors, v1's unbounded wish weight)
    trained on ``inputs``: the yardstick of the backtest."""
    ranker, _ = fit_ranker(
        inputs.pool,
        inputs.graph,
        inputs.texts,
        inputs.attributes,
        factors=V1_FACTORS,
        seed=seed,
        progress=progress,
    )
    return replace(inputs.context(ranker), wish=UNBOUNDED)
