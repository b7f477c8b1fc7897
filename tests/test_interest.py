"""Interest with the real ranking service: a declined thread hides the pair from each
other's suggestions (through the service's one exclusion, beside declined shortlist items),
and a pair explained with a list's wish has the score and reasons it has in that list."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from matcher.config import Settings
from matcher.interest import InterestInput, InterestReply, add_message, express_interest
from matcher.ranking.service import RankingService
from matcher.results import SuggestionQuery
from tests.support.real_service import real_service
from tests.web import seed
from tests.web.seed import ZAKOPANE


@pytest.fixture
def service(engine: Engine, tmp_path: Path) -> RankingService:
    seed.seed(engine)
    return real_service(engine, Settings(var_dir=tmp_path))


def ids(service: RankingService, town: str) -> list[str]:
    query = SuggestionQuery(town_id=town, limit=60, include_same_country=True)
    return [s.id for s in service.suggest(query).suggestions]


def test_a_declined_interest_hides_the_pair_both_ways(service: RankingService) -> None:
    first = ids(service, ZAKOPANE)[0]
    with Session(service.engine) as session:
        written = express_interest(session, first, InterestInput(to_town_id=ZAKOPANE), "a")
        session.commit()
        assert first in ids(service, ZAKOPANE)  # interest alone hides nothing
        thread_id = written.thread.id
        assert thread_id is not None
        add_message(session, thread_id, ZAKOPANE, InterestReply(kind="decline", version=1), "b")
        session.commit()
    assert first not in ids(service, ZAKOPANE)
    assert ZAKOPANE not in ids(service, first)


@pytest.mark.parametrize(
    "query",
    [
        SuggestionQuery(town_id=ZAKOPANE, query="spa town with mineral springs", limit=5),
        SuggestionQuery(town_id=ZAKOPANE, query="Kurort in Deutschland", limit=5),
        SuggestionQuery(town_id=ZAKOPANE, target_countries=["DE", "CZ"], limit=5),
        # the wish moves towns up: the reason names the rank it came from, as in the list
        SuggestionQuery(
            town_id=ZAKOPANE, query="mineral water cures", limit=10, include_same_country=True
        ),
    ],
)
def test_a_pair_explained_with_the_wish_matches_the_list(
    service: RankingService, query: SuggestionQuery
) -> None:
    listed = service.suggest(query).suggestions
    assert listed
    for s in listed:
        explained = service.explain(ZAKOPANE, s.id, query)
        assert explained.score == s.score
        assert [(r.factor, r.contribution, r.render("pl")) for r in explained.reasons] == [
            (r.factor, r.contribution, r.render("pl")) for r in s.reasons
        ]


def test_the_wish_that_moves_a_town_up_reads_the_same_on_the_comparison(
    service: RankingService,
) -> None:
    query = SuggestionQuery(
        town_id=ZAKOPANE, query="mineral water cures", limit=10, include_same_country=True
    )
    moved = [
        s
        for s in service.suggest(query).suggestions
        if any(r.message is not None and r.message.key == "reason.query.moved" for r in s.reasons)
    ]
    assert moved  # the case this test is about
    for s in moved:
        explained = service.explain(ZAKOPANE, s.id, query)
        assert [r.render("en") for r in explained.reasons] == [r.render("en") for r in s.reasons]
