"""The answer cache: bounded in bytes, least recently used first out, exact round trip."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from matcher.answer_cache import ENTRY_OVERHEAD, AnswerCache, ByteLRU
from matcher.i18n import msg
from matcher.results import Reason, Suggestion, TownSuggestions


def test_the_bound_counts_bytes_and_drops_the_least_recently_used() -> None:
    lru = ByteLRU(max_bytes=3 * (100 + ENTRY_OVERHEAD))
    for key in "abc":
        lru.put(key, b"x" * 100)
    assert lru.get("a") is not None  # a is now the most recent
    lru.put("d", b"y" * 100)
    assert lru.get("b") is None
    assert [lru.get(k) is not None for k in "acd"] == [True, True, True]
    stats = lru.stats()
    assert stats.entries == 3 and stats.evictions == 1
    assert stats.bytes == 3 * (100 + ENTRY_OVERHEAD) <= stats.max_bytes


def test_a_value_larger_than_the_bound_is_not_kept() -> None:
    lru = ByteLRU(max_bytes=500)
    lru.put("small", b"1")
    lru.put("huge", b"x" * 1000)
    assert lru.get("huge") is None and lru.get("small") == b"1"


def test_replacing_a_key_does_not_count_it_twice() -> None:
    lru = ByteLRU(max_bytes=10_000)
    lru.put("k", b"x" * 100)
    lru.put("k", b"x" * 50)
    assert lru.stats().bytes == 50 + ENTRY_OVERHEAD


def big_answer(n: int, seed: int) -> TownSuggestions:
    """An answer shaped like a limit=n suggestion list with a few reasons each."""
    suggestions = [
        Suggestion(
            id=f"GN-{seed}-{i}",
            name=f"Town {i}",
            country_code="DE",
            latitude=50.0 + i / 1000,
            longitude=10.0,
            population=10_000 + i,
            rank=i + 1,
            score=1.0 - i / 1000,
            reasons=[
                Reason(
                    factor=factor,
                    contribution=0.1,
                    message=msg("reason.distance.near", km=100 * i + seed),
                    evidence={"value": i, "other": seed},
                )
                for factor in ("population", "text", "networks", "distance")
            ],
        )
        for i in range(n)
    ]
    return TownSuggestions(town=None, suggestions=suggestions)


def test_answers_round_trip_exactly() -> None:
    cache = AnswerCache(TownSuggestions, max_bytes=10 * 2**20)
    answer = big_answer(20, 1)
    cache.put(("q", 1), answer)
    assert cache.get(("q", 1)) == answer
    assert cache.get(("q", 2)) is None


def test_many_large_answers_stay_under_the_bound() -> None:
    bound = 2**19
    cache = AnswerCache(TownSuggestions, max_bytes=bound)
    for seed in range(60):
        cache.put(seed, big_answer(200, seed))
    stats = cache.stats()
    assert stats.bytes <= bound
    assert 0 < stats.entries < 60 and stats.evictions == 60 - stats.entries
    json_size = len(big_answer(200, 0).model_dump_json())
    assert stats.bytes / stats.entries < json_size / 4  # compact: well under the JSON


class Other(BaseModel):
    value: int


@pytest.mark.parametrize("bound", [0, 100])
def test_a_zero_or_tiny_bound_keeps_nothing(bound: int) -> None:
    cache = AnswerCache(Other, max_bytes=bound)
    cache.put("k", Other(value=1))
    assert cache.get("k") is None
