"""A deterministic MatchService with several factors, so the page has real-looking bars.

Placeholder until the lead switches the browser tests to ``matcher.ranking.service`` with the
fake encoder; only ``tests/web/conftest.py`` refers to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from matcher.results import Reason, Suggestion, SuggestionQuery, TownRef, TownSuggestions
from matcher.service import BadQuery, UnknownTown


def distance_km(a: TownRef, b: TownRef) -> float:
    """Great-circle distance between two towns with coordinates."""
    la1, lo1, la2, lo2 = map(
        math.radians, (a.latitude or 0, a.longitude or 0, b.latitude or 0, b.longitude or 0)
    )
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


@dataclass
class FakeService:
    """Scores = population similarity + distance + shared themes (+ the query); reasons add up."""

    towns: dict[str, TownRef]
    themes: dict[str, set[str]]
    partnerships: set[frozenset[str]] = field(default_factory=set)
    model_id: str = "fake-web"

    def _ref(self, town_id: str) -> TownRef:
        if town_id not in self.towns:
            raise UnknownTown(town_id)
        return self.towns[town_id]

    def _reasons(self, src: TownRef, cand: TownRef, query: str | None) -> list[Reason]:
        ratio = abs(math.log10((cand.population or 1) / (src.population or 1)))
        km = distance_km(src, cand)
        shared = sorted(self.themes.get(src.id, set()) & self.themes.get(cand.id, set()))
        reasons = [
            Reason(
                factor="population",
                contribution=round(0.3 - 0.4 * ratio, 3),
                text_en=f"{cand.population:,} inhabitants against {src.population:,}.",
                text_pl=f"{cand.population:,} mieszkańców wobec {src.population:,}.",
            ),
            Reason(
                factor="distance",
                contribution=round(0.25 - km / 2000, 3),
                text_en=f"{km:,.0f} km apart.",
                text_pl=f"Odległość {km:,.0f} km.",
            ),
            Reason(
                factor="themes",
                contribution=round(0.35 * len(shared), 3),
                text_en=f"Shared themes: {', '.join(shared) or 'none'}.",
                text_pl=f"Wspólne tematy: {', '.join(shared) or 'brak'}.",
            ),
        ]
        if query:
            reasons.append(
                Reason(
                    factor="query",
                    contribution=0.1,
                    text_en=f"Matches your description “{query}”.",
                    text_pl=f"Pasuje do opisu „{query}”.",
                )
            )
        return reasons

    def _suggestion(self, src: TownRef, cand: TownRef, query: str | None, rank: int) -> Suggestion:
        reasons = self._reasons(src, cand, query)
        score = round(sum(r.contribution for r in reasons), 3)
        return Suggestion(**cand.model_dump(), rank=rank, score=score, reasons=reasons)

    def _keep(self, q: SuggestionQuery, src: TownRef, cand: TownRef) -> bool:
        if cand.id == src.id or frozenset((src.id, cand.id)) in self.partnerships:
            return False
        if not q.include_same_country and cand.country_code == src.country_code:
            return False
        if q.target_countries and cand.country_code not in q.target_countries:
            return False
        if q.themes and not set(q.themes) & self.themes.get(cand.id, set()):
            return False
        pop = cand.population or 0
        if q.min_population is not None and pop < q.min_population:
            return False
        if q.max_population is not None and pop > q.max_population:
            return False
        return q.max_distance_km is None or distance_km(src, cand) <= q.max_distance_km

    def suggest(self, query: SuggestionQuery) -> TownSuggestions:
        if query.town_id is None and not query.query:
            raise BadQuery("Give a town or a text.")
        src = self._ref(query.town_id) if query.town_id else next(iter(self.towns.values()))
        kept = [c for c in self.towns.values() if self._keep(query, src, c)]
        scored = sorted(
            (self._suggestion(src, c, query.query, 0) for c in kept),
            key=lambda s: (-s.score, s.id),
        )[: query.limit]
        ranked = [s.model_copy(update={"rank": i}) for i, s in enumerate(scored, start=1)]
        town = src if query.town_id else None
        return TownSuggestions(town=town, query=query.query, suggestions=ranked)

    def explain(self, town_id: str, candidate_id: str) -> Suggestion:
        return self._suggestion(self._ref(town_id), self._ref(candidate_id), None, 1)

    def refresh_profile(self, town_id: str) -> None:
        self._ref(town_id)

    def add_partnership(self, town_a_id: str, town_b_id: str) -> None:
        self.partnerships.add(frozenset((town_a_id, town_b_id)))

    def status(self) -> dict[str, int | bool | str]:
        return {
            "towns": len(self.towns),
            "partnerships": len(self.partnerships),
            "vectors": 0,
            "ranker": True,
            "model_id": self.model_id,
        }
