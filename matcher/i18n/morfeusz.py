"""The Polish morphological dictionary (Morfeusz 2 with SGJP), loaded once per process.

Generation (case forms of names for sentences) and analysis (the lemma of an inflected
word a user types, e.g. "Ciechocinku" -> "Ciechocinek") both go through this instance.
"""

from __future__ import annotations

import threading
from functools import cache, lru_cache

import morfeusz2

_lock = threading.Lock()  # Morfeusz instances are not safe to share between threads


@cache
def _instance() -> morfeusz2.Morfeusz:
    return morfeusz2.Morfeusz(expand_tags=True)


def analyse(word: str) -> list[tuple[str, str]]:
    """(lemma, tag) readings of ``word``; the lemma without the dictionary's ``:S...`` suffix."""
    with _lock:
        readings = _instance().analyse(word)
    return [(lemma.split(":")[0], tag) for _, _, (_, lemma, tag, *_rest) in readings]


def readings(word: str) -> list[tuple[str, str, list[str]]]:
    """(lemma, tag, name kinds) of ``word``: the kinds say what a proper noun names
    (``nazwa_geograficzna``, ``nazwisko``, ...); empty for a common word."""
    with _lock:
        found = _instance().analyse(word)
    return [(lemma.split(":")[0], tag, list(names)) for _, _, (_, lemma, tag, names, *_r) in found]


def generate(lemma: str) -> list[tuple[str, str]]:
    """(form, tag) of every form of ``lemma`` the dictionary knows (empty when unknown)."""
    with _lock:
        forms = _instance().generate(lemma)
    return [(form, tag) for form, _, tag, *_rest in forms]


def lemmas(word: str) -> set[str]:
    """Lemmas of ``word`` as a proper or common noun (for search: "Ciechocinku" ->
    {"Ciechocinek"}); empty when the dictionary does not know the word."""
    return {lemma for lemma, tag in analyse(word) if tag.startswith("subst")}


@lru_cache(maxsize=65536)
def analyse_full(word: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(lemma id, tag, name classes) of every reading of ``word``; the lemma id keeps the
    dictionary's homonym suffix ("Polska:Sf~i", the country, not the surname) so
    :func:`generate_full` inflects the same word."""
    with _lock:
        readings = _instance().analyse(word)
    return tuple(
        (lemma, tag, tuple(classes)) for _, _, (_, lemma, tag, classes, *_rest) in readings
    )


@lru_cache(maxsize=65536)
def generate_full(lemma: str) -> tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...]:
    """(form, lemma id, tag, name classes, qualifiers) of every form of ``lemma`` (a lemma
    id from :func:`analyse_full`); qualifiers mark rare or old forms ("rzad.", "daw.")."""
    with _lock:
        forms = _instance().generate(lemma)
    return tuple(
        (form, lemma_id, tag, tuple(classes), tuple(qualifiers))
        for form, lemma_id, tag, classes, qualifiers, *_rest in forms
    )
