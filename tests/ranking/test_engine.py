"""Ranking invariants, checked against a brute-force oracle on a small random world."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.ranking.pool import haversine_km
from matcher.ranking.service import RankingService
from matcher.results import SuggestionQuery
from matcher.service import BadQuery, UnknownTown


def _ids(service: RankingService, **kw: object) -> list[str]:
    result = service.suggest(SuggestionQuery(**kw))  # type: ignore[arg-type]
    return [s.id for s in result.suggestions]


def test_top_k_matches_brute_force_oracle(service: RankingService) -> None:
    ctx = service.ctx
    for source in ("PL-1000", "GN-1001", "GN-1007"):
        got = service.suggest(SuggestionQuery(town_id=source, limit=15)).suggestions
        src_row = ctx.pool.row(source)
        partners = set(ctx.pool.ids[ctx.graph.neighbours(src_row)])
        oracle = []
        for cand in ctx.pool.ids:
            if cand == source or cand in partners:
                continue
            if not ctx.pool.suggestible[ctx.pool.row(cand)]:
                continue
            if ctx.pool.country[ctx.pool.row(cand)] == ctx.pool.country[src_row]:
                continue
            oracle.append((-service.explain(source, str(cand)).score, str(cand)))
        oracle.sort()
        assert [s.id for s in got] == [c for _, c in oracle[:15]]
        assert [s.score for s in got] == pytest.approx([-s for s, _ in oracle[:15]], abs=1e-3)


def test_never_itself_nor_partners_nor_same_country(service: RankingService) -> None:
    ctx = service.ctx
    for source in ctx.pool.ids[:20]:
        row = ctx.pool.row(str(source))
        partners = set(ctx.pool.ids[ctx.graph.neighbours(row)])
        ids = _ids(service, town_id=str(source), limit=50)
        assert str(source) not in ids
        assert not partners & set(ids)
        assert all(ctx.pool.country[ctx.pool.row(i)] != ctx.pool.country[row] for i in ids)


def test_partners_come_back_when_asked(service: RankingService) -> None:
    ctx = service.ctx
    row = ctx.pool.row("PL-1000")
    partners = set(ctx.pool.ids[ctx.graph.neighbours(row)]) - {"GN-9999"}  # external
    ids = _ids(service, town_id="PL-1000", limit=200, include_partners=True)
    assert partners <= set(ids)


def test_contributions_sum_to_score(service: RankingService) -> None:
    result = service.suggest(SuggestionQuery(town_id="GN-1003", query="spa heritage", limit=20))
    for s in result.suggestions:
        assert sum(r.contribution for r in s.reasons) == pytest.approx(s.score, abs=1e-6)
        assert {r.factor for r in s.reasons} >= {"population", "distance", "query"}
        assert all(r.text_en and r.text_pl for r in s.reasons)


def test_same_input_same_order(service: RankingService) -> None:
    q = {"town_id": "GN-1002", "limit": 30}
    assert _ids(service, **q) == _ids(service, **q)


def test_filters_hold(service: RankingService) -> None:
    ctx = service.ctx
    src = ctx.pool.row("PL-1005")
    ids = _ids(
        service,
        town_id="PL-1005",
        target_countries=["de", "FR"],
        min_population=50_000,
        max_population=400_000,
        max_distance_km=900,
        themes=["tourism"],
        limit=50,
    )
    assert ids
    themes = ctx.attributes.themes
    col = list(ctx.attributes.theme_codes).index("tourism")
    for town_id in ids:
        row = ctx.pool.row(town_id)
        assert ctx.pool.country[row] in {"DE", "FR"}
        assert 50_000 <= ctx.pool.population[row] <= 400_000
        assert ctx.pool.distances_km(src)[row] <= 900
        assert themes[row, col] == 1


def test_reason_figures_match_the_data(service: RankingService) -> None:
    ctx = service.ctx
    s = service.explain("PL-1000", "GN-1001")
    reasons = {r.factor: r for r in s.reasons}
    a, b = ctx.pool.row("PL-1000"), ctx.pool.row("GN-1001")
    pop = reasons["population"].evidence
    assert pop["source_population"] == ctx.pool.population[a]
    assert pop["candidate_population"] == ctx.pool.population[b]
    km = haversine_km(
        ctx.pool.latitude[a],
        ctx.pool.longitude[a],
        ctx.pool.latitude[b : b + 1],
        ctx.pool.longitude[b : b + 1],
    )[0]
    assert reasons["distance"].evidence["value"] == pytest.approx(km, rel=1e-6)
    assert f"{round(km):,}" in reasons["distance"].text_en
    common = set(ctx.pool.names[np.intersect1d(ctx.graph.neighbours(a), ctx.graph.neighbours(b))])
    assert set(reasons["partners_of_partners"].evidence.get("value", [])) == common
    assert reasons["openness"].evidence["value"] == ctx.graph.degree[b]


def test_free_text_alone_ranks_towns_with_text(service: RankingService) -> None:
    result = service.suggest(SuggestionQuery(query="spa", limit=5))
    assert result.town is None
    assert result.suggestions
    assert all(s.reasons[0].factor == "query" for s in result.suggestions)


def test_unknown_town_and_empty_query_raise(service: RankingService) -> None:
    with pytest.raises(UnknownTown):
        service.suggest(SuggestionQuery(town_id="PL-nope"))
    with pytest.raises(BadQuery):
        service.suggest(SuggestionQuery())
    with pytest.raises(BadQuery):
        service.suggest(SuggestionQuery(town_id="PL-1000", themes=["no-such-theme"]))
    with pytest.raises(BadQuery):
        service.explain("PL-1000", "PL-1000")


def test_added_partnership_is_excluded_next_time(service: RankingService) -> None:
    first = _ids(service, town_id="PL-1000", limit=1)[0]
    service.add_partnership("PL-1000", first)
    assert first not in _ids(service, town_id="PL-1000", limit=50)


def test_external_towns_are_never_suggested(service: RankingService) -> None:
    for source in ("GN-1003", "GN-1004"):
        ids = _ids(service, town_id=source, limit=200, include_same_country=True)
        assert "GN-9999" not in ids
    assert "GN-9999" not in _ids(service, query="spa", limit=200)


def test_declined_pairs_never_come_back_either_way(service: RankingService) -> None:
    from sqlmodel import Session

    from matcher.models import ShortlistItem

    first = _ids(service, town_id="PL-1000", limit=1)[0]
    with Session(service.engine) as session:
        session.add(ShortlistItem(town_id=first, candidate_id="PL-1000", status="declined"))
        session.commit()
    assert first not in _ids(service, town_id="PL-1000", limit=60)
    assert "PL-1000" not in _ids(service, town_id=first, limit=60)


def test_wish_points_are_zero_for_a_typical_town_and_without_text() -> None:
    from matcher.ranking.engine import wish_points

    reference = np.array([0.1, 0.2, 0.3, 0.4, 0.5])
    points = wish_points(np.array([0.3, 0.5, np.nan]), reference, 1.0)
    assert points[0] == pytest.approx(0.0)
    assert points[1] == pytest.approx(0.2 / reference.std())
    assert points[2] == 0.0


def test_a_matching_text_raises_the_score(service: RankingService) -> None:
    result = service.suggest(SuggestionQuery(query="spa", limit=3))
    for s in result.suggestions:
        query = next(r for r in s.reasons if r.factor == "query")
        assert query.contribution > 0
        assert "Matches your search" in query.text_en
