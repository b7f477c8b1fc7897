"""Wishes refine the list within a stated bound; willingness counts until its date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest
from sqlmodel import Session

from matcher.models import TownProfile
from matcher.ranking.engine import WishPolicy, score_candidates
from matcher.ranking.service import RankingService
from matcher.results import SuggestionQuery


def test_wish_points_are_bounded_gated_and_never_negative() -> None:
    rng = np.random.default_rng(0)
    for trial in range(200):
        policy = WishPolicy(weight=0.8, bound=0.6, window=1.5, fade=(0.0, 0.5, 1.0)[trial % 3])
        n = int(rng.integers(5, 60))
        sims = rng.uniform(-0.2, 1.0, n)
        sims[rng.random(n) < 0.3] = np.nan  # towns without text
        base = rng.normal(0, 1.5, n)
        points = policy.points(sims, sims, base)
        assert (points >= 0).all() and (points <= policy.bound + 1e-12).all()
        assert (points[np.isnan(sims)] == 0).all()  # neither rewarded nor punished
        assert (points[base < base.max() - policy.window] == 0).all()
        final = base + points
        plausible = base >= base.max() - policy.window
        # an implausible candidate never overtakes a plausible one, and no candidate gains
        # more than the bound on another
        assert final[~plausible].max(initial=-np.inf) < final[plausible].min()
        gain = (final[:, None] - final[None, :]) - (base[:, None] - base[None, :])
        assert gain.max() <= policy.bound + 1e-9


def test_a_wish_cannot_lift_an_implausible_candidate_in_the_engine(
    service: RankingService,
) -> None:
    ctx = replace(service.ctx, wish=WishPolicy(weight=1.0, bound=0.5, window=1.0))
    src = ctx.pool.row("PL-1000")
    cands = np.flatnonzero(ctx.pool.suggestible & (ctx.pool.country != "PL"))
    vector = service.encoder.encode(["spa heritage festival"])[0]
    scored = score_candidates(ctx, src, cands, np.asarray(vector, dtype=np.float32))
    base = scored.without_wish()
    final = scored.contributions.sum(axis=1)
    wish = scored.contributions[:, scored.names.index("query")]
    assert wish.max() > 0  # the wish does move something
    outside = base < base.max() - 1.0 - 1e-4  # (float32 sums in the engine)
    assert (wish[outside] == 0).all()
    assert final[outside].max(initial=-np.inf) < final[~outside].min()
    assert ((final - base) <= 0.5 + 1e-6).all()
    result = service.suggest(SuggestionQuery(town_id="PL-1000", query="spa heritage", limit=10))
    for s in result.suggestions:
        assert sum(r.contribution for r in s.reasons) == pytest.approx(s.score, abs=1e-6)


def test_the_wish_reason_says_how_far_it_moved_the_town(service: RankingService) -> None:
    service.ctx = replace(service.ctx, wish=WishPolicy(weight=2.0, bound=3.0, window=50.0))
    result = service.suggest(
        SuggestionQuery(town_id="PL-1000", query="spa springs heritage", limit=10)
    )
    moved = [
        r
        for s in result.suggestions
        for r in s.reasons
        if r.factor == "query" and "rank_without_wish" in r.evidence
    ]
    lifted = [
        (s.rank, r.evidence["rank_without_wish"])
        for s in result.suggestions
        for r in s.reasons
        if r.factor == "query" and int(r.evidence.get("rank_without_wish", 0)) > s.rank
    ]
    assert moved and lifted
    rank, before = lifted[0]
    sentence = next(
        r.text_pl
        for s in result.suggestions
        for r in s.reasons
        if s.rank == rank and r.factor == "query"
    )
    assert f"z miejsca {before}" in sentence


def _seek(service: RankingService, town_id: str, **fields: object) -> None:
    with Session(service.engine) as session:
        profile = session.get(TownProfile, town_id) or TownProfile(town_id=town_id)
        for name, value in fields.items():
            setattr(profile, name, value)
        session.add(profile)
        session.commit()
    service.refresh_profile(town_id)


def _rank(service: RankingService, source: str, town_id: str) -> int:
    found = service.suggest(SuggestionQuery(town_id=source, limit=200)).suggestions
    return next(s.rank for s in found if s.id == town_id)


def test_a_town_seeking_partners_in_your_country_ranks_higher_until_its_date(
    service: RankingService,
) -> None:
    source, town = "PL-1000", "GN-1003"
    before = _rank(service, source, town)
    _seek(
        service,
        town,
        seeking=True,
        seeking_since=date(2026, 11, 5),
        preferred_countries="PL,CZ",
    )
    after = _rank(service, source, town)
    assert after < before
    s = service.explain(source, town)
    reason = next(r for r in s.reasons if r.factor == "seeking")
    assert reason.contribution == 1.0
    assert reason.text_pl == "Szuka partnera w Polsce od listopada 2026"
    assert "since November 2026" in reason.text_en
    # seeking elsewhere does not count for a Polish town
    _seek(service, town, preferred_countries="FR")
    assert all(r.factor != "seeking" for r in service.explain(source, town).reasons)
    # a lapsed flag stops counting after its date
    _seek(service, town, preferred_countries="", seeking_until=date.today() - timedelta(days=1))
    assert all(r.factor != "seeking" for r in service.explain(source, town).reasons)
    assert _rank(service, source, town) == before
    _seek(service, town, seeking_until=date.today())
    reason = next(r for r in service.explain(source, town).reasons if r.factor == "seeking")
    assert reason.contribution == 0.5 and reason.text_en == "Actively looking for partners"


def test_needs_meet_offers_in_the_reasons(service: RankingService) -> None:
    """A town's stated needs matched against others' stated offers: a visible factor."""
    _seek(service, "PL-1000", seeks="wine festival and harbour")
    _seek(service, "GN-1001", offers="we run a wine festival at our harbour")
    s = service.explain("PL-1000", "GN-1001")
    reason = next(r for r in s.reasons if r.factor == "needs_offers")
    assert reason.evidence["similarity"] > 0
    assert reason.text_en
