"""Training pairs from the partnership network and the fit of the additive ranker.

Positives are known partnerships (both directions); negatives are sampled non-partners:
some from anywhere abroad (which country?), some from the partner's own country (which
town there?), matching the two ways the product is asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
from tqdm import tqdm

from matcher.ranking.engine import UNBOUNDED, RankingContext, WishPolicy
from matcher.ranking.features import FACTORS, V1_FACTORS, Attributes, TextVectors, pair_features
from matcher.ranking.graph import PartnerGraph
from matcher.ranking.model import AdditiveRanker, ShapeRanker
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
    cold_share: float = 0.0,
    seed: int = 0,
    progress: bool = True,
) -> np.ndarray:
    """Features of every training pair, with each pair's own link left out of the counts;
    for a seeded ``cold_share`` of the source towns, with their whole network left out (so
    the model sees new towns: cold-start training)."""
    X = np.empty((len(pairs), len(FACTORS)), dtype=np.float32)
    order = np.argsort(pairs.sources, kind="stable")
    bounds = np.flatnonzero(np.diff(pairs.sources[order])) + 1
    groups = np.split(order, bounds)
    cold = np.random.default_rng([seed, 2]).random(len(groups)) < cold_share
    for idx, new_town in tqdm(
        list(zip(groups, cold, strict=True)),
        desc="Pair features",
        unit="town",
        disable=not progress,
    ):
        row = int(pairs.sources[idx[0]])
        feats = pair_features(
            row,
            pairs.candidates[idx],
            pool=pool,
            graph=graph,
            texts=texts,
            attributes=attributes,
            leave_out_links=True,
            drop_network=bool(new_town),
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


COLD_SHARE = 0.4
"""Share of training source towns scored as new towns (their network left out)."""


def fit_shapes(
    inputs: TrainingInputs,
    *,
    seed: int = 0,
    cold_share: float = COLD_SHARE,
    progress: bool = True,
) -> tuple[ShapeRanker, dict[str, int]]:
    """The ranker: shape functions over every factor, trained for cold start on purpose."""
    pairs = sample_pairs(inputs.pool, inputs.graph, seed=seed)
    X = feature_matrix(
        pairs,
        pool=inputs.pool,
        graph=inputs.graph,
        texts=inputs.texts,
        attributes=inputs.attributes,
        cold_share=cold_share,
        seed=seed,
        progress=progress,
    )
    ranker = ShapeRanker(FACTORS, seed=seed).fit(X, pairs.labels)
    counts = pair_counts(pairs, inputs.graph)
    counts["new_town_share_percent"] = round(100 * cold_share)
    return ranker, counts


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


WISH_SOURCES = 150
WINDOW_QUANTILE = 0.5
"""The plausible window: half of the real partners (each scored as if unknown) lie within
this many points of the best candidate abroad."""
BOUND_QUANTILE = 0.25
"""The most a wish may add: the gap within which a quarter of the real partners lie."""
FULL_WISH_QUANTILE = 0.99
"""A text in the top 1% of similarity to a wish gets the whole bound."""


def score_gaps(ctx: RankingContext, *, sources: int = WISH_SOURCES, seed: int = 0) -> np.ndarray:
    """For a seeded sample of Polish towns with partners abroad: how many points each real
    partner (scored as if the link were unknown) lies below the best candidate abroad."""
    pool, graph = ctx.pool, ctx.graph
    polish = np.flatnonzero((pool.country == "PL") & pool.suggestible & (graph.degree > 0))
    rng = np.random.default_rng([seed, 3])
    sample = np.sort(rng.choice(polish, size=min(sources, len(polish)), replace=False))
    gaps: list[np.ndarray] = []
    for src in sample:
        cands = np.flatnonzero(pool.suggestible & (pool.country_index != pool.country_index[src]))
        feats = pair_features(
            int(src),
            cands,
            pool=pool,
            graph=graph,
            texts=ctx.texts,
            attributes=ctx.attributes,
            leave_out_links=True,
        )
        score = ctx.ranker.contributions(feats.columns(ctx.ranker.factors)).sum(axis=1)
        partners = np.flatnonzero(graph.links(int(src), cands) > 0)
        if len(partners):
            gaps.append(score.max() - score[partners])
    return np.concatenate(gaps) if gaps else np.zeros(0)


def calibrate_wish(
    ctx: RankingContext,
    wish_vectors: Mapping[str, np.ndarray],
    *,
    window_quantile: float = WINDOW_QUANTILE,
    bound_quantile: float = BOUND_QUANTILE,
    seed: int = 0,
) -> WishPolicy:
    """The wish policy, from data: the plausible window and the bound from where real
    partners lie below the best candidate (:func:`score_gaps`); the weight so that a text
    in the top 1% of similarity to the fixed wishes gets the whole bound."""
    gaps = score_gaps(ctx, seed=seed)
    if len(gaps) == 0:
        return WishPolicy(weight=0.5, bound=1.0, window=2.0)
    window = float(np.quantile(gaps, window_quantile))
    bound = max(float(np.quantile(gaps, bound_quantile)), 1e-3)
    tops = []
    for vector in wish_vectors.values():
        sims = ctx.texts.similarity_by_town(vector)
        sims = sims[np.isfinite(sims)]
        if len(sims) > 1 and sims.std() > 1e-9:
            tops.append(np.quantile((sims - sims.mean()) / sims.std(), FULL_WISH_QUANTILE))
    full = float(np.mean(tops)) if tops else 3.0
    return WishPolicy(
        weight=round(bound / max(full, 1e-3), 4), bound=round(bound, 4), window=round(window, 4)
    )


def shapes_context(
    inputs: TrainingInputs,
    wish_vectors: Mapping[str, np.ndarray],
    *,
    seed: int = 0,
    progress: bool = True,
) -> RankingContext:
    """The ranker (shape functions, cold-start training) with its calibrated wish policy."""
    ranker, _ = fit_shapes(inputs, seed=seed, progress=progress)
    ctx = inputs.context(ranker)
    return replace(ctx, wish=calibrate_wish(ctx, wish_vectors, seed=seed))


def logistic_context(
    inputs: TrainingInputs,
    wish_vectors: Mapping[str, np.ndarray],
    *,
    seed: int = 0,
    progress: bool = True,
) -> RankingContext:
    """The alternative measured beside it: logistic regression on the same factors, with
    the same cold-start training and wish calibration."""
    pairs = sample_pairs(inputs.pool, inputs.graph, seed=seed)
    X = feature_matrix(
        pairs,
        pool=inputs.pool,
        graph=inputs.graph,
        texts=inputs.texts,
        attributes=inputs.attributes,
        cold_share=COLD_SHARE,
        seed=seed,
        progress=progress,
    )
    ctx = inputs.context(AdditiveRanker(FACTORS).fit(X, pairs.labels))
    return replace(ctx, wish=calibrate_wish(ctx, wish_vectors, seed=seed))
