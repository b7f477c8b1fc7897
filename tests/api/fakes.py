"""A small deterministic MatchService for API tests (the real one is tested in tests/ranking)."""

from __future__ import annotations

from dataclasses import dataclass, field

from matcher.i18n import msg, plural
from matcher.results import Reason, Suggestion, SuggestionQuery, TownRef, TownSuggestions
from matcher.service import BadQuery, UnknownTown


@dataclass
class FakeService:
    """Ranks candidates by id; every score is one 'fake' reason so reasons add up to it."""

    towns: dict[str, TownRef]
    partnerships: set[frozenset[str]] = field(default_factory=set)
    model_id: str = "fake-encoder"
    refreshed: list[str] = field(default_factory=list)
    queries: list[SuggestionQuery] = field(default_factory=list)
    reloads: int = 0
    explained: list[SuggestionQuery | None] = field(default_factory=list)

    def _ref(self, town_id: str) -> TownRef:
        if town_id not in self.towns:
            raise UnknownTown(town_id)
        return self.towns[town_id]

    def _suggestion(self, candidate: TownRef, rank: int) -> Suggestion:
        score = round(1.0 / rank, 6)
        reason = Reason(
            factor="fake", contribution=score, message=plural("reason.openness.some", rank)
        )
        return Suggestion(**candidate.model_dump(), rank=rank, score=score, reasons=[reason])

    def _keep(self, query: SuggestionQuery, source: TownRef | None, cand: TownRef) -> bool:
        if source is not None:
            if cand.id == source.id:
                return False
            if not query.include_same_country and cand.country_code == source.country_code:
                return False
            if frozenset((source.id, cand.id)) in self.partnerships:
                return False
        if query.target_countries and cand.country_code not in query.target_countries:
            return False
        pop = cand.population or 0
        if query.min_population is not None and pop < query.min_population:
            return False
        return not (query.max_population is not None and pop > query.max_population)

    def suggest(self, query: SuggestionQuery) -> TownSuggestions:
        self.queries.append(query)
        if query.town_id is None and not query.query:
            raise BadQuery(msg("error.query.nothing"))
        source = self._ref(query.town_id) if query.town_id else None
        kept = [t for _, t in sorted(self.towns.items()) if self._keep(query, source, t)]
        ranked = [self._suggestion(t, i) for i, t in enumerate(kept[: query.limit], start=1)]
        return TownSuggestions(town=source, query=query.query, suggestions=ranked)

    def explain(
        self, town_id: str, candidate_id: str, query: SuggestionQuery | None = None
    ) -> Suggestion:
        self.explained.append(query)
        self._ref(town_id)
        return self._suggestion(self._ref(candidate_id), 1)

    def refresh_profile(self, town_id: str) -> None:
        self._ref(town_id)
        self.refreshed.append(town_id)

    def add_partnership(self, town_a_id: str, town_b_id: str) -> None:
        self.partnerships.add(frozenset((town_a_id, town_b_id)))

    def reload_partnerships(self) -> None:
        self.reloads += 1

    def status(self) -> dict[str, int | bool | str]:
        return {
            "towns": len(self.towns),
            "partnerships": len(self.partnerships),
            "vectors": len(self.towns),
            "ranker": True,
            "model_id": self.model_id,
        }
