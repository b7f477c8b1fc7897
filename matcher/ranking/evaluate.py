"""Backtest: hide known partnerships of Polish towns, retrain, and see where they come back.

For every hidden pair the Polish town is the source. "Country given": the candidates are
the partner's country only (hit@10, MRR). "Country not given": every town abroad (hit@50,
MRR). The ranker, its ablations and the simple baselines are scored on the same split.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from tqdm import tqdm

from matcher.ranking.features import FACTORS, Attributes, TextVectors, pair_features
from matcher.ranking.graph import PartnerGraph
from matcher.ranking.pool import TownPool
from matcher.ranking.train import ablate_columns, fit_rankers

HIDE_SHARE = 0.15
SOURCE_COUNTRY = "PL"
NETWORK_FACTORS = (
    "country_affinity",
    "regional_affinity",
    "ties",
    "partners_of_partners",
    "openness",
)
ABLATIONS: dict[str, tuple[str, ...]] = {
    "ranker": (),
    "ranker without text": ("text",),
    "ranker without network features": NETWORK_FACTORS,
}
BASELINES = ("random", "most-twinned", "similar population", "nearest")


@dataclass(frozen=True)
class Split:
    train_edges: np.ndarray  # (m, 2) pool rows
    hidden: np.ndarray  # (h, 2): (Polish source, foreign partner)


def split_edges(
    pool: TownPool, edges: np.ndarray, *, share: float = HIDE_SHARE, seed: int = 0
) -> Split:
    """Hide a seeded ``share`` of the foreign partnerships of Polish towns; every Polish town
    keeps at least one partner, so it can still be described by its network."""
    rng = np.random.default_rng(seed)
    edges = np.unique(np.sort(edges, axis=1), axis=0)
    pl = pool.country == SOURCE_COUNTRY
    a_pl, b_pl = pl[edges[:, 0]], pl[edges[:, 1]]
    both_suggestible = pool.suggestible[edges[:, 0]] & pool.suggestible[edges[:, 1]]
    eligible = np.flatnonzero((a_pl ^ b_pl) & both_suggestible)
    target = round(share * len(eligible))
    degree = np.bincount(edges.ravel(), minlength=pool.size)
    hidden_idx: list[int] = []
    for i in rng.permutation(eligible):
        if len(hidden_idx) >= target:
            break
        src = edges[i, 0] if a_pl[i] else edges[i, 1]
        if degree[src] <= 1:
            continue
        degree[edges[i]] -= 1
        hidden_idx.append(int(i))
    hidden_mask = np.zeros(len(edges), dtype=bool)
    hidden_mask[hidden_idx] = True
    h = edges[hidden_mask]
    src = np.where(pl[h[:, 0]], h[:, 0], h[:, 1])
    dst = np.where(pl[h[:, 0]], h[:, 1], h[:, 0])
    order = np.lexsort((dst, src))
    return Split(train_edges=edges[~hidden_mask], hidden=np.column_stack([src, dst])[order])


@dataclass
class MethodResult:
    name: str
    ranks_given: list[int] = field(default_factory=list)
    ranks_open: list[int] = field(default_factory=list)

    def hit(self, k: int, *, given: bool) -> float:
        ranks = np.asarray(self.ranks_given if given else self.ranks_open)
        return float((ranks <= k).mean()) if len(ranks) else 0.0

    def mrr(self, *, given: bool) -> float:
        ranks = np.asarray(self.ranks_given if given else self.ranks_open, dtype=float)
        return float((1.0 / ranks).mean()) if len(ranks) else 0.0


@dataclass(frozen=True)
class EvaluationReport:
    hidden_pairs: int
    train_edges: int
    sources: int
    results: list[MethodResult]
    coefficients: dict[str, float]

    def table(self) -> list[dict[str, float | str]]:
        return [
            {
                "method": r.name,
                "hit@10 (country given)": round(r.hit(10, given=True), 4),
                "MRR (country given)": round(r.mrr(given=True), 4),
                "hit@50 (country not given)": round(r.hit(50, given=False), 4),
                "MRR (country not given)": round(r.mrr(given=False), 4),
            }
            for r in self.results
        ]


def rank_of(scores: np.ndarray, target: int) -> int:
    """1-based rank of position ``target``; equal scores rank by position (town id)."""
    s = scores[target]
    before = np.count_nonzero(scores > s) + np.count_nonzero(scores[:target] == s)
    return int(before) + 1


ScoreFn = Callable[[int, np.ndarray], np.ndarray]


def evaluate(
    pool: TownPool,
    edges: np.ndarray,
    texts: TextVectors,
    attributes: Attributes,
    *,
    seed: int = 0,
    share: float = HIDE_SHARE,
    progress: bool = True,
) -> EvaluationReport:
    """Split, retrain on the rest, score every method on the hidden pairs."""
    split = split_edges(pool, edges, share=share, seed=seed)
    graph = PartnerGraph.build(pool, split.train_edges)
    rankers, _ = fit_rankers(
        pool, graph, texts, attributes, ABLATIONS, seed=seed, progress=progress
    )
    rng = np.random.default_rng(seed + 1)
    logpop = pool.log_population
    results = {name: MethodResult(name) for name in (*ABLATIONS, *BASELINES)}
    foreign = (pool.country != SOURCE_COUNTRY) & pool.suggestible
    sources = np.unique(split.hidden[:, 0])
    for src in tqdm(sources, desc="Hidden pairs", unit="town", disable=not progress):
        partners = split.hidden[split.hidden[:, 0] == src, 1]
        allowed = foreign.copy()
        allowed[graph.neighbours(src)] = False
        cands = np.flatnonzero(allowed)
        feats = pair_features(
            int(src), cands, pool=pool, graph=graph, texts=texts, attributes=attributes
        )
        scores: dict[str, np.ndarray] = {}
        for name, ablate in ABLATIONS.items():
            values = ablate_columns(feats.values, ablate)
            scores[name] = rankers[name].decision_function(values)
        scores["random"] = rng.random(len(cands))
        scores["most-twinned"] = graph.degree[cands].astype(float)
        scores["similar population"] = np.nan_to_num(
            -np.abs(logpop[cands] - logpop[src]), nan=-np.inf
        )
        scores["nearest"] = np.nan_to_num(-feats.distance_km, nan=-np.inf)
        position = {int(c): i for i, c in enumerate(cands)}
        for partner in partners:
            pos = position.get(int(partner))
            if pos is None:
                continue
            same = pool.country[cands] == pool.country[partner]
            same_idx = np.flatnonzero(same)
            pos_in_country = int(np.searchsorted(same_idx, pos))
            for name, s in scores.items():
                results[name].ranks_open.append(rank_of(s, pos))
                results[name].ranks_given.append(rank_of(s[same_idx], pos_in_country))
    full = rankers["ranker"]
    return EvaluationReport(
        hidden_pairs=len(split.hidden),
        train_edges=len(split.train_edges),
        sources=len(sources),
        results=list(results.values()),
        coefficients={f: round(float(c), 4) for f, c in zip(FACTORS, full.coef_, strict=True)},
    )
