"""Query understanding: the facts a free-text search states (country, size, sea, spa).

"małe miasto uzdrowiskowe, szukamy partnera we Francji" says: France, at most 20,000
inhabitants, a spa town. The embedding model cannot turn that into filters, so these
pure functions read it with the patterns of ``query_lexicon.csv`` (data, not code) over
the diacritic-free fold of the text. The same lexicon says which town names mark a spa
("Bad Kissingen", "Busko-Zdrój", "Aix-les-Bains").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from matcher.countries import countries
from matcher.data.text import fold

LEXICON = Path(__file__).with_name("query_lexicon.csv")
QUERY_KINDS = ("country", "size", "coastal", "spa")
_APOSTROPHES = re.compile(r"['\u2019`]")


@dataclass(frozen=True)
class Entry:
    """One lexicon row: a compiled whole-word pattern and what it means."""

    kind: str
    pattern: re.Pattern[str]
    value: str
    meaning_en: str
    meaning_pl: str


@dataclass(frozen=True)
class Match:
    """A recognised phrase of the query (in the user's words) and its meaning."""

    kind: str  # country | size | coastal | spa
    phrase: str
    value: str  # ISO2 code, "min-max" inhabitants, or "true"
    meaning_en: str
    meaning_pl: str


@dataclass(frozen=True)
class ParsedQuery:
    """The facets a query states; ``None`` / empty where it says nothing."""

    countries: tuple[str, ...] = ()
    min_population: int | None = None
    max_population: int | None = None
    coastal: bool | None = None
    spa: bool | None = None
    matched: tuple[Match, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.matched


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})\b")


@cache
def lexicon(path: Path = LEXICON) -> tuple[Entry, ...]:
    """The lexicon's rows in file order, then the nominative country names of
    ``countries.csv`` (English and Polish) that no row already covers."""
    entries: list[Entry] = []
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines):
            entries.append(
                Entry(
                    kind=row["kind"].strip(),
                    pattern=_compile(row["pattern"].strip()),
                    value=row["value"].strip(),
                    meaning_en=row["meaning_en"].strip(),
                    meaning_pl=row["meaning_pl"].strip(),
                )
            )
    meanings = {e.value: e for e in entries if e.kind == "country"}
    for code, country in sorted(countries().items()):
        names = sorted({fold(country.name_en), fold(country.name_pl)})
        known = meanings.get(code)
        entries.append(
            Entry(
                kind="country",
                pattern=_compile("|".join(re.escape(n) for n in names)),
                value=code,
                meaning_en=known.meaning_en if known else f"in {country.name_en}",
                meaning_pl=known.meaning_pl if known else f"kraj: {country.name_pl}",
            )
        )
    return tuple(entries)


def _folded_words(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The fold of ``text`` word by word, with each original word's span in the fold, so a
    match can be shown in the user's own words."""
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for word in _APOSTROPHES.sub(" ", text).split():  # "l'Allemagne": two words
        folded = fold(word)
        if not folded:
            continue
        if parts:
            pos += 1
        spans.append((pos, pos + len(folded), word))
        parts.append(folded)
        pos += len(folded)
    return " ".join(parts), spans


def _original(spans: list[tuple[int, int, str]], start: int, end: int) -> str:
    words = [w for s, e, w in spans if s < end and e > start]
    return " ".join(words).strip(" ,.;:!?\"'()„”“")


def _size(value: str) -> tuple[int | None, int | None]:
    low, _, high = value.partition("-")
    return (int(low) if low else None, int(high) if high else None)


@lru_cache(maxsize=1024)
def parse_query(text: str) -> ParsedQuery:
    """The facets stated by a free-text query, in Polish, English, German or French."""
    folded, spans = _folded_words(text or "")
    if not folded:
        return ParsedQuery()
    found: list[tuple[int, Match]] = []
    seen: set[tuple[str, str]] = set()
    for entry in lexicon():
        if entry.kind not in QUERY_KINDS or (entry.kind, entry.value) in seen:
            continue
        hit = entry.pattern.search(folded)
        if hit is None:
            continue
        seen.add((entry.kind, entry.value))
        phrase = _original(spans, hit.start(), hit.end())
        found.append(
            (
                hit.start(),
                Match(entry.kind, phrase, entry.value, entry.meaning_en, entry.meaning_pl),
            )
        )
    matched = tuple(m for _, m in sorted(found, key=lambda f: (f[0], f[1].kind)))
    sizes = [_size(m.value) for m in matched if m.kind == "size"]
    lows, highs = [lo for lo, _ in sizes], [hi for _, hi in sizes]
    return ParsedQuery(
        countries=tuple(dict.fromkeys(m.value for m in matched if m.kind == "country")),
        # several size words widen the range: the loosest bound of each side wins
        min_population=None if not sizes or None in lows else min(x for x in lows if x is not None),
        max_population=None
        if not sizes or None in highs
        else max(x for x in highs if x is not None),
        coastal=True if any(m.kind == "coastal" for m in matched) else None,
        spa=True if any(m.kind == "spa" for m in matched) else None,
        matched=matched,
    )


def spa_marker(name: str, alt_names: Iterable[str] = ()) -> str | None:
    """The town name (``name`` or one of ``alt_names``) that marks a spa town, or None.

    "Bad Kissingen", "Busko-Zdrój", "Aix-les-Bains", "Montecatini Terme", "Karlovy Vary"
    (German alternative name "Karlsbad").
    """
    if name and _spa_pattern(own=True).search(fold(name)):
        return name
    pattern = _spa_pattern(own=False)
    for alt in alt_names:
        if alt and pattern.search(fold(alt)):
            return alt
    return None


@cache
def _spa_pattern(*, own: bool) -> re.Pattern[str]:
    kinds = ("spa_name", "spa_own_name") if own else ("spa_name",)
    return re.compile("|".join(e.pattern.pattern for e in lexicon() if e.kind in kinds))


def spa_markers(names: Iterable[str], alt_names: Iterable[str]) -> list[str]:
    """For each town, the name marking it as a spa ("" when none); ``alt_names`` holds each
    town's alternative names joined by "|" (the Town.alt_names column)."""
    own, other = _spa_pattern(own=True), _spa_pattern(own=False)
    out: list[str] = []
    for name, alts in zip(names, alt_names, strict=True):
        marker = name if own.search(fold(name)) else None
        # one search over all alternative names first: most towns have no marker at all
        if marker is None and alts and other.search(fold(alts)):
            marker = spa_marker("", alts.split("|"))
        out.append(marker or "")
    return out


def country_meaning(code: str) -> tuple[str, str]:
    """("in France", "we Francji") for "FR", from the lexicon; the code itself if unknown."""
    for entry in lexicon():
        if entry.kind == "country" and entry.value == code:
            return entry.meaning_en, entry.meaning_pl
    return f"in {code}", f"kraj: {code}"
