"""Backtest: hide known partnerships of Polish towns, retrain, and see where they come back.

One seeded split serves three measurements:

* **with partners**: a share of the foreign partnerships of Polish towns is hidden (each
  town keeps at least one partner). "Country given": candidates in the partner's country
  only (hit@10, MRR); "country not given": every town abroad (hit@50, MRR).
* **cold start**: a seeded sample of Polish towns loses *every* link (domestic, foreign,
  external): no links, no ties, no partners of partners, nothing in the affinity counts or
  in anyone's openness. Their foreign partners are ranked as for a new town.
* **plausibility**: for the cold-start towns, by size class, the share of the top-10 more
  than 5 times bigger than the town and the median distance, beside the same figures of
  their real partners; with and without each wish of :data:`WISHES_PATH`.

Every figure is given for the ranker, the v1 ranker (logistic regression on today's
factors, v1's hand-set wish weight) and simple baselines, on the same towns.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from tqdm import tqdm

from matcher.ranking.engine import RankingContext, WishPolicy, score_candidates, top_k
from matcher.ranking.pool import TownPool
from matcher.ranking.training_data import TrainingInputs
from matcher.results import SuggestionQuery

HIDE_SHARE = 0.15
COLD_TOWNS = 250
SOURCE_COUNTRY = "PL"
BASELINES = ("random", "most-twinned", "similar population", "nearest")
SIZE_CLASSES: tuple[tuple[str, float, float], ...] = (
    ("<5k", 0, 5_000),
    ("5-20k", 5_000, 20_000),
    ("20-100k", 20_000, 100_000),
    ("100k+", 100_000, np.inf),
    ("<10k", 0, 10_000),  # the target class (overlaps the first two)
)
OVERSIZE = 5.0
"""A suggestion is "much bigger" when it has more than 5 times the town's inhabitants."""
TOP = 10
WISHES_PATH = Path(__file__).with_name("wishes.csv")


def wishes() -> list[tuple[str, str]]:
    """The fixed wishes of the plausibility table: (language, text)."""
    with WISHES_PATH.open(encoding="utf-8") as fh:
        return [(row["lang"], row["wish"]) for row in csv.DictReader(fh)]


@dataclass(frozen=True)
class Split:
    train_edges: np.ndarray  # (m, 2) pool rows
    hidden: np.ndarray  # (h, 2): (Polish source with partners left, foreign partner)
    cold: np.ndarray  # Polish towns whose every link is hidden
    cold_hidden: np.ndarray  # (c, 2): (cold town, foreign partner)


def split_edges(
    pool: TownPool,
    edges: np.ndarray,
    *,
    share: float = HIDE_SHARE,
    cold_towns: int = COLD_TOWNS,
    seed: int = 0,
    cold: np.ndarray | None = None,
) -> Split:
    """Pick ``cold_towns`` Polish towns with a foreign partner (or take ``cold``) and hide
    all their links; of the rest, hide a seeded ``share`` of the Polish towns' foreign
    partnerships, every Polish town keeping at least one partner."""
    rng = np.random.default_rng(seed)
    edges = np.unique(np.sort(np.asarray(edges, dtype=np.int64).reshape(-1, 2), axis=1), axis=0)
    pl = pool.country == SOURCE_COUNTRY
    a_pl, b_pl = pl[edges[:, 0]], pl[edges[:, 1]]
    both_suggestible = pool.suggestible[edges[:, 0]] & pool.suggestible[edges[:, 1]]
    foreign = (a_pl ^ b_pl) & both_suggestible
    with_foreign = np.unique(np.where(a_pl, edges[:, 0], edges[:, 1])[foreign])
    if cold is None:
        size = min(cold_towns, len(with_foreign))
        cold = np.sort(rng.choice(with_foreign, size=size, replace=False))
    is_cold = np.zeros(pool.size, dtype=bool)
    is_cold[cold] = True
    touches_cold = is_cold[edges[:, 0]] | is_cold[edges[:, 1]]
    cold_foreign = edges[touches_cold & foreign]
    cold_src = np.where(is_cold[cold_foreign[:, 0]], cold_foreign[:, 0], cold_foreign[:, 1])
    cold_dst = np.where(is_cold[cold_foreign[:, 0]], cold_foreign[:, 1], cold_foreign[:, 0])
    cold_order = np.lexsort((cold_dst, cold_src))

    rest = np.flatnonzero(~touches_cold)
    eligible = rest[foreign[rest]]
    target = round(share * len(eligible))
    degree = np.bincount(edges[rest].ravel(), minlength=pool.size)
    hidden_idx: list[int] = []
    for i in np.random.default_rng([seed, 1]).permutation(eligible):
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
    return Split(
        train_edges=edges[~hidden_mask & ~touches_cold],
        hidden=np.column_stack([src, dst])[order],
        cold=cold,
        cold_hidden=np.column_stack([cold_src, cold_dst])[cold_order],
    )


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

    def row(self) -> dict[str, float | str]:
        return {
            "method": self.name,
            "hit@10 (country given)": round(self.hit(10, given=True), 4),
            "MRR (country given)": round(self.mrr(given=True), 4),
            "hit@50 (country not given)": round(self.hit(50, given=False), 4),
            "MRR (country not given)": round(self.mrr(given=False), 4),
            "pairs": len(self.ranks_given),
        }


@dataclass
class Plausibility:
    """Top-10 figures of one method (and wish) per size class of the source town."""

    method: str
    wish: str = ""
    oversize: dict[str, list[float]] = field(default_factory=dict)  # class -> 0/1 per slot
    distance: dict[str, list[float]] = field(default_factory=dict)
    changed: dict[str, list[int]] = field(default_factory=dict)  # vs. the same without wish

    def add(self, cls: str, big: np.ndarray, km: np.ndarray, changed: int | None) -> None:
        self.oversize.setdefault(cls, []).extend(big.tolist())
        self.distance.setdefault(cls, []).extend(km[np.isfinite(km)].tolist())
        if changed is not None:
            self.changed.setdefault(cls, []).append(changed)

    def rows(self) -> list[dict[str, float | str | int | None]]:
        out: list[dict[str, float | str | int | None]] = []
        for cls, *_ in SIZE_CLASSES:
            big = self.oversize.get(cls, [])
            km = self.distance.get(cls, [])
            ch = self.changed.get(cls, [])
            out.append(
                {
                    "method": self.method,
                    "wish": self.wish or "none",
                    "size class": cls,
                    "suggestions": len(big),
                    "share >5x bigger": round(float(np.mean(big)), 4) if big else None,
                    "median km": round(float(np.median(km))) if km else None,
                    "changed of 10": round(float(np.mean(ch)), 2) if ch else None,
                }
            )
        return out


@dataclass(frozen=True)
class EvaluationReport:
    hidden_pairs: int
    train_edges: int
    sources: int
    cold_towns: int
    cold_pairs: int
    results: list[MethodResult]
    cold: list[MethodResult]
    plausibility: list[Plausibility]
    model: dict[str, object] = field(default_factory=dict)

    def table(self) -> list[dict[str, float | str]]:
        return [r.row() for r in self.results]

    def cold_table(self) -> list[dict[str, float | str]]:
        return [r.row() for r in self.cold]

    def plausibility_table(self) -> list[dict[str, float | str | int | None]]:
        return [row for p in self.plausibility for row in p.rows()]


def rank_of(scores: np.ndarray, target: int) -> int:
    """1-based rank of position ``target``; equal scores rank by position (town id)."""
    s = scores[target]
    before = np.count_nonzero(scores > s) + np.count_nonzero(scores[:target] == s)
    return int(before) + 1


ScoreFn = Callable[[int, np.ndarray], np.ndarray]
Trainer = Callable[[TrainingInputs], RankingContext]


def size_class(population: float) -> list[str]:
    return [name for name, low, high in SIZE_CLASSES if low <= population < high]


def _baselines(ctx: RankingContext, rng: np.random.Generator) -> dict[str, ScoreFn]:
    pool, graph = ctx.pool, ctx.graph
    logpop = pool.log_population

    def nearest(src: int, cands: np.ndarray) -> np.ndarray:
        return np.asarray(np.nan_to_num(-pool.distances_km(src)[cands], nan=-np.inf))

    return {
        "random": lambda src, cands: rng.random(len(cands)),
        "most-twinned": lambda src, cands: graph.degree[cands].astype(float),
        "similar population": lambda src, cands: np.nan_to_num(
            -np.abs(logpop[cands] - logpop[src]), nan=-np.inf
        ),
        "nearest": nearest,
    }


def _model_score(ctx: RankingContext) -> ScoreFn:
    def score(src: int, cands: np.ndarray) -> np.ndarray:
        contrib = score_candidates(ctx, src, cands, None).contributions
        return np.asarray(contrib.sum(axis=1))

    return score


def _rank_hidden(
    methods: Mapping[str, ScoreFn],
    ctx: RankingContext,
    hidden: np.ndarray,
    desc: str,
    progress: bool,
) -> list[MethodResult]:
    pool, graph = ctx.pool, ctx.graph
    results = {name: MethodResult(name) for name in methods}
    foreign = (pool.country != SOURCE_COUNTRY) & pool.suggestible
    for src in tqdm(np.unique(hidden[:, 0]), desc=desc, unit="town", disable=not progress):
        partners = hidden[hidden[:, 0] == src, 1]
        allowed = foreign.copy()
        allowed[graph.neighbours(int(src))] = False
        cands = np.flatnonzero(allowed)
        scores = {name: fn(int(src), cands) for name, fn in methods.items()}
        position = {int(c): i for i, c in enumerate(cands)}
        for partner in partners:
            pos = position.get(int(partner))
            if pos is None:
                continue
            same_idx = np.flatnonzero(pool.country_index[cands] == pool.country_index[partner])
            pos_in_country = int(np.searchsorted(same_idx, pos))
            for name, s in scores.items():
                results[name].ranks_open.append(rank_of(s, pos))
                results[name].ranks_given.append(rank_of(s[same_idx], pos_in_country))
    return list(results.values())


def _plausibility(
    contexts: Mapping[str, RankingContext],
    baselines: Mapping[str, ScoreFn],
    split: Split,
    wish_vectors: Mapping[str, np.ndarray],
    progress: bool,
) -> list[Plausibility]:
    """Top-10 abroad (what a user sees asking without a country) for every cold town."""
    any_ctx = next(iter(contexts.values()))
    pool = any_ctx.pool
    out: dict[tuple[str, str], Plausibility] = {}

    def record(method: str, wish: str, src: int, top: np.ndarray, base: np.ndarray | None):
        p = out.setdefault((method, wish), Plausibility(method, wish))
        pop = pool.population[src]
        ratio = pool.population[top] / pop
        big = (np.nan_to_num(ratio, nan=0.0) > OVERSIZE).astype(float)
        km = pool.distances_km(src)[top]
        changed = None if base is None else len(np.setdiff1d(top, base))
        for cls in size_class(pop):
            p.add(cls, big, km, changed)

    foreign = (pool.country != SOURCE_COUNTRY) & pool.suggestible
    cands = np.flatnonzero(foreign)
    real = split.cold_hidden
    for src in tqdm(split.cold, desc="Plausibility", unit="town", disable=not progress):
        src = int(src)
        if not np.isfinite(pool.population[src]):
            continue
        partners = real[real[:, 0] == src, 1]
        p = out.setdefault(("real partners", ""), Plausibility("real partners"))
        ratio = pool.population[partners] / pool.population[src]
        km = pool.distances_km(src)[partners]
        for cls in size_class(pool.population[src]):
            p.add(cls, (np.nan_to_num(ratio) > OVERSIZE).astype(float), km, None)
        for name, fn in baselines.items():
            scores = fn(src, cands)
            record(name, "", src, cands[top_k(scores, cands, TOP)], None)
        for name, ctx in contexts.items():
            plain = _top(ctx, src, "", None)
            record(name, "", src, plain, None)
            for wish, vector in wish_vectors.items():
                record(name, wish, src, _top(ctx, src, wish, vector), plain)
    return list(out.values())


def _top(ctx: RankingContext, src: int, wish: str, vector: np.ndarray | None) -> np.ndarray:
    """Rows of the top-10 the engine answers for ``src`` (abroad, with ``wish``)."""
    from matcher.ranking.engine import suggest

    q = SuggestionQuery(town_id=str(ctx.pool.ids[src]), query=wish or None, limit=TOP)
    _, found = suggest(ctx, q, vector)
    return np.array([ctx.pool.row(s.id) for s in found], dtype=np.int64)


def evaluate(
    inputs: TrainingInputs,
    trainers: Mapping[str, Trainer],
    *,
    wish_vectors: Mapping[str, np.ndarray] | None = None,
    wish_policies: Mapping[str, WishPolicy] | None = None,
    seed: int = 0,
    share: float = HIDE_SHARE,
    cold_towns: int = COLD_TOWNS,
    progress: bool = True,
) -> EvaluationReport:
    """Split, train every method on the training links, score all on the hidden pairs.

    ``trainers`` map a method name to a function that trains on the given inputs and
    returns its context (its ranker and wish policy); ``wish_policies`` override a
    context's wish policy for the plausibility table (name -> policy, "method@policy")."""
    split = split_edges(inputs.pool, inputs.edges, share=share, cold_towns=cold_towns, seed=seed)
    train = inputs.with_edges(split.train_edges)
    contexts = {name: fit(train) for name, fit in trainers.items()}
    for label, policy in (wish_policies or {}).items():
        method = label.split("@", 1)[0]
        contexts[label] = replace(contexts[method], wish=policy)
    first = next(iter(contexts.values()))
    rng = np.random.default_rng(seed + 1)
    baselines = _baselines(first, rng)
    models = {name: _model_score(ctx) for name, ctx in contexts.items() if "@" not in name}
    methods = {**models, **baselines}
    warm = _rank_hidden(methods, first, split.hidden, "Hidden pairs", progress)
    cold = _rank_hidden(methods, first, split.cold_hidden, "Cold start", progress)
    plaus = _plausibility(contexts, baselines, split, wish_vectors or {}, progress)
    model: dict[str, object] = {
        "wish policies": {name: ctx.wish.to_dict() for name, ctx in contexts.items()},
        "willingness": {
            "towns seeking": int(first.willing.seeking.sum()),
            "towns stating needs": int((first.seeks.rows >= 0).sum()),
            "towns stating offers": int((first.offers.rows >= 0).sum()),
        },
    }
    for ctx in contexts.values():
        shapes = getattr(ctx.ranker, "shapes", None)
        if shapes is not None:
            model["shapes"] = shapes()
            break
    return EvaluationReport(
        hidden_pairs=len(split.hidden),
        train_edges=len(split.train_edges),
        sources=len(np.unique(split.hidden[:, 0])),
        cold_towns=len(split.cold),
        cold_pairs=len(split.cold_hidden),
        results=warm,
        cold=cold,
        plausibility=plaus,
        model=model,
    )
