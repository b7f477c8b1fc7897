"""The matching service the API and CLI talk to: the contract, and errors it raises.

The implementation (``matcher.ranking.service.RankingService``) loads towns, the partnership
graph, vectors and the trained ranker once, and answers queries from memory.
"""

from __future__ import annotations

from typing import Protocol

from matcher.errors import DomainError
from matcher.i18n import msg
from matcher.results import Suggestion, SuggestionQuery, TownSuggestions


class UnknownTown(DomainError, LookupError):
    """A town id that is not in the data."""

    def __init__(self, town_id: str) -> None:
        super().__init__(msg("error.town.unknown", town=town_id))
        self.town_id = town_id


class BadQuery(DomainError, ValueError):
    """A query that cannot be answered as asked (e.g. neither a town nor a text)."""


def check_query(query: SuggestionQuery) -> None:
    """The rules of a query that its fields alone cannot state (every adapter asks this)."""
    low, high = query.min_population, query.max_population
    if low is not None and high is not None and low > high:
        raise BadQuery(msg("error.query.population_range", min=low, max=high))
    if query.max_distance_km is not None and not query.town_id:
        raise BadQuery(msg("error.query.distance_needs_town"))


class MatchService(Protocol):
    """What the API and CLI need from the ranker."""

    @property
    def model_id(self) -> str:
        """Id of the embedding model whose vectors the service ranks with."""
        ...

    def suggest(self, query: SuggestionQuery) -> TownSuggestions:
        """Ranked partners for ``query.town_id`` and/or ``query.query``; raises UnknownTown."""
        ...

    def explain(
        self, town_id: str, candidate_id: str, query: SuggestionQuery | None = None
    ) -> Suggestion:
        """The score and reasons of one given pair (as in ``query``'s list when given: same
        wish, same filters); raises UnknownTown."""
        ...

    def refresh_profile(self, town_id: str) -> None:
        """Re-read and re-embed one town's profile after it was edited."""
        ...

    def add_partnership(self, town_a_id: str, town_b_id: str) -> None:
        """Record a new partnership (an accepted shortlist item) in the in-memory graph."""
        ...

    def reload_partnerships(self) -> None:
        """Re-read every partnership from the database (another process added one)."""
        ...

    def status(self) -> dict[str, int | bool | str]:
        """What is loaded: counts of towns, partnerships, vectors; ranker present; model id."""
        ...
