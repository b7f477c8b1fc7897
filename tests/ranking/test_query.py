"""Query understanding inside the ranking: facets of the free text become filters."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.ranking.service import RankingService
from matcher.results import SuggestionQuery, TownSuggestions

PRODUCT_SENTENCE = "małe miasto uzdrowiskowe, szukamy partnera we Francji"


def _suggest(service: RankingService, **kw: object) -> TownSuggestions:
    return service.suggest(SuggestionQuery(**kw))


def _names(result: TownSuggestions) -> set[str]:
    return {s.name for s in result.suggestions}


def test_product_sentence_finds_small_french_spa_towns(service: RankingService) -> None:
    result = _suggest(service, query=PRODUCT_SENTENCE, limit=50)
    assert _names(result) == {"Vals-les-Bains", "Évian-les-Bains", "Mers-les-Bains"}
    for s in result.suggestions:
        assert s.country_code == "FR"
        assert s.population is not None and s.population <= 20_000


def test_query_match_reason_says_what_was_understood(service: RankingService) -> None:
    result = _suggest(service, query=PRODUCT_SENTENCE, limit=50)
    vals = next(s for s in result.suggestions if s.name == "Vals-les-Bains")
    reason = next(r for r in vals.reasons if r.factor == "query_match")
    assert reason.contribution == 0.0
    assert reason.render("en") == (
        "Matches your search: in France · up to 20,000 inhabitants · "
        "spa town (name: Vals-les-Bains)"
    )
    assert reason.render("pl") == (
        "Pasuje do wyszukiwania: we Francji · do 20\u00a0000 mieszkańców · "
        "miejscowość uzdrowiskowa (nazwa: Vals-les-Bains)"
    )
    assert reason.render("de") == (
        "Passt zu Ihrer Suche: in Frankreich · bis 20.000 Einwohner · Kurort (Name: Vals-les-Bains)"
    )
    assert reason.evidence == {"country": "FR", "population": 3_800, "spa_name": "Vals-les-Bains"}


@pytest.mark.parametrize(
    ("town_id", "query"),
    [(None, PRODUCT_SENTENCE), ("PL-1000", PRODUCT_SENTENCE), ("PL-1000", "spa by the sea")],
)
def test_contributions_still_sum_to_the_score(
    service: RankingService, town_id: str | None, query: str
) -> None:
    result = _suggest(service, town_id=town_id, query=query, limit=50)
    assert result.suggestions
    for s in result.suggestions:
        assert sum(r.contribution for r in s.reasons) == pytest.approx(s.score, abs=1e-6)
        assert "query_match" in {r.factor for r in s.reasons}


def test_textless_towns_match_and_rank_by_openness(service: RankingService) -> None:
    result = _suggest(service, query=PRODUCT_SENTENCE, limit=50)
    evian = next(s for s in result.suggestions if s.name == "Évian-les-Bains")
    reasons = {r.factor: r for r in evian.reasons}
    assert reasons["query"].contribution == 0.0
    assert reasons["query"].evidence == {}
    assert reasons["openness"].evidence == {"value": 2}
    assert evian.score == pytest.approx(reasons["openness"].contribution)


def test_understood_is_returned_with_the_suggestions(service: RankingService) -> None:
    result = _suggest(service, query=PRODUCT_SENTENCE)
    assert [(u.kind, u.phrase, u.applied) for u in result.understood] == [
        ("size", "małe miasto", True),
        ("spa", "uzdrowiskowe", True),
        ("country", "Francji", True),
    ]


def test_explicit_countries_win_over_parsed_ones(service: RankingService) -> None:
    result = _suggest(service, query=PRODUCT_SENTENCE, target_countries=["DE"], limit=50)
    assert _names(result) == {"Bad Kissingen"}
    country = next(u for u in result.understood if u.kind == "country")
    assert country.applied is False
    reason = next(r for r in result.suggestions[0].reasons if r.factor == "query_match")
    assert "France" not in reason.render("en")
    assert "country" not in reason.evidence


def test_explicit_population_wins_over_size_words(service: RankingService) -> None:
    result = _suggest(service, query=PRODUCT_SENTENCE, max_population=50_000, limit=50)
    assert "Aix-les-Bains" in _names(result)
    size = next(u for u in result.understood if u.kind == "size")
    assert size.applied is False


def test_coastal_keeps_only_towns_known_coastal(service: RankingService) -> None:
    result = _suggest(service, town_id="PL-1000", query="spa town by the sea", limit=50)
    assert _names(result) == {"Mers-les-Bains"}
    reason = next(r for r in result.suggestions[0].reasons if r.factor == "query_match")
    assert "by the sea" in reason.render("en")
    assert reason.evidence["coastal"] == 1


def test_coastal_alone_excludes_unknown_and_inland(service: RankingService) -> None:
    result = _suggest(service, query="nad morzem", limit=200)
    assert _names(result) == {"Saint-Malo", "Mers-les-Bains", "Saint-Tropez"}


def test_alternative_name_marks_a_spa(service: RankingService) -> None:
    result = _suggest(service, query="uzdrowisko w Czechach", limit=50)
    assert _names(result) == {"Karlovy Vary"}
    reason = next(r for r in result.suggestions[0].reasons if r.factor == "query_match")
    assert "(name: Karlsbad)" in reason.render("en")


def test_unrecognised_text_searches_towns_with_text_only(service: RankingService) -> None:
    ctx = service.ctx
    result = _suggest(service, query="heritage festival", limit=200)
    assert result.understood == []
    assert result.suggestions
    for s in result.suggestions:
        assert ctx.texts.rows[ctx.pool.row(s.id)] >= 0
        assert "query_match" not in {r.factor for r in s.reasons}


def test_same_country_still_excluded_for_a_source_town(service: RankingService) -> None:
    result = _suggest(service, town_id="PL-1000", query="uzdrowisko", limit=50)
    assert "Busko-Zdrój" not in _names(result)
    result = _suggest(service, town_id="PL-1000", query="uzdrowisko w Polsce", limit=50)
    assert _names(result) == {"Busko-Zdrój"}


def test_pool_spa_and_coastal_columns(service: RankingService) -> None:
    pool = service.ctx.pool
    assert pool.spa_name[pool.row("GN-2001")] == "Bad Kissingen"
    assert pool.spa_name[pool.row("GN-2008")] == "Karlsbad"
    assert not pool.spa[pool.row("GN-2005")]
    assert pool.coastal[pool.row("GN-2005")] == 1.0
    assert pool.coastal[pool.row("GN-2001")] == 0.0
    assert np.isnan(pool.coastal[pool.row("PL-1000")])


def test_text_towns_rank_on_the_query_alone(service: RankingService) -> None:
    result = _suggest(service, query=PRODUCT_SENTENCE, limit=50)
    vals = next(s for s in result.suggestions if s.name == "Vals-les-Bains")
    factors = {r.factor: r.contribution for r in vals.reasons}
    assert set(factors) == {"query", "query_match"}
    assert vals.score == pytest.approx(factors["query"])
