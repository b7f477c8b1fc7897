"""The service's own duties: warm-up, profile refresh, status, loading errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from matcher.config import Settings
from matcher.models import TownProfile
from matcher.ranking.service import RankerMissing, RankingService, load_service
from matcher.results import SuggestionQuery


def test_warm_up_loads_the_encoder(service: RankingService) -> None:
    calls: list[list[str]] = []
    original = service.encoder.encode

    def counting(texts, **kw):  # type: ignore[no-untyped-def]
        calls.append(list(texts))
        return original(texts, **kw)

    service.encoder.encode = counting  # type: ignore[method-assign]
    service.warm_up()
    assert calls == [["warm-up"]]


def test_refreshed_profile_changes_the_text_factor(service: RankingService) -> None:
    town = "GN-1002"
    before = service.explain("PL-1000", town)
    with Session(service.engine) as session:
        session.merge(
            TownProfile(town_id=town, description="harbour festival students forest mining")
        )
        session.commit()
    service.refresh_profile(town)
    after = service.explain("PL-1000", town)
    text_before = next(r for r in before.reasons if r.factor == "text")
    text_after = next(r for r in after.reasons if r.factor == "text")
    assert text_before.evidence != text_after.evidence


def test_status_counts_what_is_loaded(service: RankingService) -> None:
    status = service.status()
    assert status["towns"] == service.ctx.pool.size
    assert status["partnerships"] == service.ctx.graph.edge_count
    assert status["ranker"] is True


def test_missing_ranker_is_a_clear_error(world, settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = settings.model_copy(update={"ranker_path": tmp_path / "nope.json"})
    with pytest.raises(RankerMissing, match="matcher train"):
        load_service(settings, world)


def test_suggest_returns_the_query_back(service: RankingService) -> None:
    result = service.suggest(SuggestionQuery(town_id="PL-1000", query="wine", limit=3))
    assert result.query == "wine"
    assert len(result.suggestions) == 3


def test_repeated_query_is_answered_from_the_cache(service: RankingService) -> None:
    q = SuggestionQuery(town_id="GN-1004", limit=5)
    first = service.suggest(q)
    hits = service._cache.stats().hits
    assert service.suggest(q) == first
    assert service._cache.stats().hits == hits + 1


def test_cache_forgets_on_new_partnership_and_on_decline(service: RankingService) -> None:
    from matcher.models import ShortlistItem

    q = SuggestionQuery(town_id="PL-1000", limit=5)
    top = service.suggest(q).suggestions[0].id
    service.add_partnership("PL-1000", top)
    after_link = service.suggest(q)
    assert top not in [s.id for s in after_link.suggestions]
    second = after_link.suggestions[0].id
    with Session(service.engine) as session:
        session.add(ShortlistItem(town_id="PL-1000", candidate_id=second, status="declined"))
        session.commit()
    assert second not in [s.id for s in service.suggest(q).suggestions]


def test_a_cached_answer_is_language_free_and_rendered_per_reader(
    service: RankingService,
) -> None:
    from matcher.i18n.context import reading
    from matcher.results import SuggestionQuery

    query = SuggestionQuery(town_id="PL-1000", limit=3)
    first = service.suggest(query)
    assert service.suggest(query) == first  # one cached answer for every language
    reason = first.suggestions[0].reasons[0]
    assert reason.message is not None
    with reading("pl"):
        polish = first.model_dump(mode="json")
    with reading("de"):
        german = first.model_dump(mode="json")
    pl_reason, de_reason = (
        polish["suggestions"][0]["reasons"][0],
        german["suggestions"][0]["reasons"][0],
    )
    assert pl_reason["text"] == reason.render("pl") != de_reason["text"] == reason.render("de")
    assert {k: v for k, v in pl_reason.items() if k != "text"} == {
        k: v for k, v in de_reason.items() if k != "text"
    }
