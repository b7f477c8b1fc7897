"""Training pairs, the additive model and the backtest split."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from matcher.ranking.engine import score_candidates
from matcher.ranking.evaluate import rank_of, split_edges
from matcher.ranking.features import FACTORS, Attributes, TextVectors, pair_features
from matcher.ranking.graph import PartnerGraph
from matcher.ranking.model import AdditiveRanker, RankerArtifact
from matcher.ranking.pool import TownPool
from matcher.ranking.service import RankingService
from matcher.ranking.train import sample_pairs, v1_context
from matcher.ranking.training_data import TrainingInputs


def _pool(n: int = 40, seed: int = 0) -> TownPool:
    rng = np.random.default_rng(seed)
    countries = np.array(["PL", "DE", "FR", "CZ"])[np.arange(n) % 4]
    return TownPool.from_frame(
        pd.DataFrame(
            {
                "id": [f"T{i:03d}" for i in range(n)],
                "name": [f"Town {i}" for i in range(n)],
                "kind": ["external" if i == n - 1 else "place" for i in range(n)],
                "country_code": countries,
                "latitude": rng.uniform(45, 55, n),
                "longitude": rng.uniform(5, 25, n),
                "population": rng.integers(1000, 100_000, n),
            }
        )
    )


def _edges(pool: TownPool, m: int = 60, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    edges = set()
    while len(edges) < m:
        a, b = sorted(int(x) for x in rng.choice(pool.size, 2, replace=False))
        if pool.country[a] != pool.country[b]:
            edges.add((a, b))
    return np.array(sorted(edges))


def test_sampled_pairs_are_deterministic_and_clean() -> None:
    pool = _pool()
    graph = PartnerGraph.build(pool, _edges(pool))
    a = sample_pairs(pool, graph, seed=3)
    b = sample_pairs(pool, graph, seed=3)
    assert np.array_equal(a.sources, b.sources) and np.array_equal(a.candidates, b.candidates)
    neg = a.labels == 0
    linked = np.asarray(graph.adjacency[a.sources[neg], a.candidates[neg]]).ravel()
    assert not linked.any()
    assert (pool.country[a.sources[neg]] != pool.country[a.candidates[neg]]).all()
    assert pool.suggestible[a.sources].all() and pool.suggestible[a.candidates].all()
    assert (a.sources != a.candidates).all()


def test_contributions_add_up_and_survive_a_round_trip(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    X[::7, 0] = np.nan
    y = (X[:, 1] + rng.normal(size=200) > 0).astype(int)
    ranker = AdditiveRanker(("a", "b", "c")).fit(X, y)
    contrib = ranker.contributions(X)
    assert np.allclose(contrib.sum(axis=1), ranker.decision_function(X))
    assert np.allclose(contrib[::7, 0], 0.0)  # missing values weigh nothing
    path = tmp_path / "r.json"
    RankerArtifact(ranker, "v", "h", "m", {"pairs": 200}).save(path)
    again = RankerArtifact.load(path).ranker
    assert np.allclose(again.contributions(X), contrib, atol=1e-8)
    first = path.read_bytes()
    RankerArtifact(AdditiveRanker(("a", "b", "c")).fit(X, y), "v", "h", "m", {"pairs": 200}).save(
        path
    )
    assert path.read_bytes() == first  # training is deterministic
    assert json.loads(first)["ranker"]["factors"] == ["a", "b", "c"]


def test_split_keeps_a_partner_for_every_warm_polish_town() -> None:
    pool = _pool(80)
    edges = _edges(pool, 150)
    split = split_edges(pool, edges, share=0.3, cold_towns=4, seed=0)
    pl = pool.country == "PL"
    for src in np.flatnonzero(pl):
        if np.isin(src, edges).any() and src not in split.cold:
            assert np.isin(src, split.train_edges).any()
    assert pl[split.hidden[:, 0]].all() and not pl[split.hidden[:, 1]].any()
    cold_links = np.isin(np.unique(edges, axis=0), split.cold).any(axis=1).sum()
    total = len(split.hidden) + len(split.train_edges) + cold_links
    assert total == len(np.unique(edges, axis=0))
    again = split_edges(pool, edges, share=0.3, cold_towns=4, seed=0)
    assert np.array_equal(split.hidden, again.hidden)
    assert np.array_equal(split.cold, again.cold)


def _inputs(pool: TownPool, edges: np.ndarray) -> TrainingInputs:
    empty = sp.csr_matrix((pool.size, 0), dtype=np.float32)
    attributes = Attributes(empty, np.array([]), empty, np.array([]), np.array([]))
    texts = TextVectors.empty(pool.size)
    return TrainingInputs(
        pool, edges, PartnerGraph.build(pool, edges), texts, texts, texts, attributes, {}
    )


def test_cold_start_split_hides_every_link_of_its_towns() -> None:
    """No leak: a cold town has no link, tie, partner of partners, affinity count or
    openness in the training graph, and its features do not change when its hidden links
    do (nothing reads the full edge list past the split)."""
    pool = _pool(120)
    rng = np.random.default_rng(5)
    edges = _edges(pool, 260)
    pl = np.flatnonzero(pool.country == "PL")
    domestic = np.sort(rng.choice(pl, size=(10, 2), replace=True), axis=1)
    edges = np.vstack([edges, domestic[domestic[:, 0] != domestic[:, 1]]])
    split = split_edges(pool, edges, share=0.2, cold_towns=6, seed=0)
    cold = split.cold
    assert len(cold) == 6 and (pool.country[cold] == "PL").all()
    assert not np.isin(split.train_edges, cold).any()
    assert not np.isin(split.hidden, cold).any()
    assert np.isin(split.cold_hidden[:, 0], cold).all()
    graph = PartnerGraph.build(pool, split.train_edges)
    assert (graph.degree[cold] == 0).all() and (graph.ties[:, cold] == 0).all()
    # the affinity counts are those of a world where the cold towns never had a link
    kept = ~np.isin(np.unique(np.sort(edges, axis=1), axis=0), cold).any(axis=1)
    assert graph.edge_count == len(split.train_edges) <= int(kept.sum())

    # move every hidden link of the cold towns elsewhere: the same training world
    others = np.flatnonzero((pool.country != "PL") & pool.suggestible)
    touches = np.isin(edges, cold).any(axis=1)
    moved = edges.copy()
    for i in np.flatnonzero(touches):
        end = 0 if moved[i, 0] in cold else 1
        moved[i, 1 - end] = rng.choice(others)
    split2 = split_edges(pool, moved, share=0.2, seed=0, cold=cold)
    assert np.array_equal(split.train_edges, split2.train_edges)
    ctx1 = v1_context(_inputs(pool, edges).with_edges(split.train_edges), progress=False)
    ctx2 = v1_context(_inputs(pool, moved).with_edges(split2.train_edges), progress=False)
    cands = np.flatnonzero(pool.suggestible)
    for town in cold:
        a = score_candidates(ctx1, int(town), cands, None).contributions
        b = score_candidates(ctx2, int(town), cands, None).contributions
        assert np.array_equal(a, b)
        feats = pair_features(
            int(town),
            cands,
            pool=pool,
            graph=graph,
            texts=ctx1.texts,
            attributes=ctx1.attributes,
        )
        assert (feats.common_partners == 0).all()
        assert np.array_equal(feats.degree, graph.degree[cands])


@pytest.mark.parametrize(
    ("scores", "target", "rank"),
    [([3.0, 2.0, 1.0], 0, 1), ([1.0, 2.0, 3.0], 0, 3), ([2.0, 2.0, 2.0], 1, 2)],
)
def test_rank_breaks_ties_by_position(scores: list[float], target: int, rank: int) -> None:
    assert rank_of(np.array(scores), target) == rank


def test_reasons_quote_country_affinity_counts(service: RankingService) -> None:
    ctx = service.ctx
    s = service.explain("PL-1000", "GN-1001")
    reason = next(r for r in s.reasons if r.factor == "country_affinity")
    r = ctx.graph.region.codes[ctx.pool.row("PL-1000")]
    c = ctx.graph.country.codes[ctx.pool.row("GN-1001")]
    assert reason.evidence["links_to_country"] == ctx.graph.region_country[r, c]
    assert reason.evidence["links_total"] == ctx.graph.region_country[r].sum()


def test_shape_ranker_points_add_up_to_lightgbm_exactly(tmp_path: Path) -> None:
    """Oracle: on random data, the per-factor points sum (with the intercept) to the raw
    score LightGBM itself predicts, and to its own TreeSHAP contributions; a round trip
    through the JSON artifact keeps every point; training twice gives the same bytes."""
    from matcher.ranking.model import ShapeRanker

    rng = np.random.default_rng(3)
    X = rng.normal(size=(3000, 4)).astype(np.float32)
    X[::9, 0] = np.nan
    X[:, 3] = rng.integers(0, 4, size=3000)  # a count-like factor
    y = (np.sin(X[:, 1]) + 0.5 * np.nan_to_num(X[:, 0]) + rng.normal(size=3000) > 0).astype(int)
    ranker = ShapeRanker(("a", "b", "c", "d"), trees=120, min_leaf=20).fit(X, y)
    contrib = ranker.contributions(X)
    cells = ranker.cell_matrix(X)
    raw = ranker.booster_.predict(cells, raw_score=True)
    assert np.allclose(contrib.sum(axis=1) + ranker.intercept_, raw, atol=1e-4)
    shap = ranker.booster_.predict(cells, pred_contrib=True)
    assert np.allclose(shap.sum(axis=1), raw, atol=1e-6)
    # each factor's points differ from TreeSHAP's only by a constant (the centring)
    for f in range(4):
        assert np.ptp(contrib[:, f] - shap[:, f]) < 1e-4
    assert abs(contrib.sum(axis=1).mean()) < 1e-3  # an average pair scores zero
    path = tmp_path / "s.json"
    RankerArtifact(ranker, "v", "h", "m", {}).save(path)
    again = RankerArtifact.load(path).ranker
    assert np.array_equal(again.contributions(X), contrib)
    first = path.read_bytes()
    twin = ShapeRanker(("a", "b", "c", "d"), trees=120, min_leaf=20).fit(X, y)
    RankerArtifact(twin, "v", "h", "m", {}).save(path)
    assert path.read_bytes() == first  # deterministic training


def test_a_town_made_new_is_scored_as_if_it_never_had_a_link() -> None:
    """Cold-start training: ``drop_network`` gives the features of the same town (against
    candidates abroad) in a world without its links."""
    pool = _pool(120)
    edges = _edges(pool, 300, seed=4)
    graph = PartnerGraph.build(pool, edges)
    texts = TextVectors.empty(pool.size)
    empty = sp.csr_matrix((pool.size, 0), dtype=np.float32)
    attributes = Attributes(empty, np.array([]), empty, np.array([]), np.array([]))
    for town in (0, 4, 8):
        cands = np.flatnonzero(pool.suggestible & (pool.country != pool.country[town]))
        assert graph.degree[town] > 0
        kept = edges[~np.isin(edges, [town]).any(axis=1)]
        alone = PartnerGraph.build(pool, kept)
        common = {"pool": pool, "texts": texts, "attributes": attributes}
        dropped = pair_features(town, cands, graph=graph, drop_network=True, **common)
        fresh = pair_features(town, cands, graph=alone, **common)
        for name in ("ties", "partners_of_partners", "openness", "partner_profile"):
            f = FACTORS.index(name)
            assert np.allclose(
                np.nan_to_num(dropped.values[:, f], nan=-9),
                np.nan_to_num(fresh.values[:, f], nan=-9),
                atol=1e-6,
            ), name
        for name in ("country_affinity", "regional_affinity"):
            f = FACTORS.index(name)
            assert np.allclose(dropped.values[:, f], fresh.values[:, f], atol=1e-5), name
