"""Polish case forms of place names from the SGJP dictionary (Morfeusz 2), with no guessing.

:func:`decline` inflects a name word by word: the first word the dictionary knows as a
geographic name (or a part of one) is the head; adjectives agree with it in number and
gender ("Nowy Sącz" -> "Nowego Sącza", "Macedonia Północna" -> "Macedonii Północnej"), other
nouns keep their own gender ("Jelenia Góra" -> "Jeleniej Górze"), parts joined by a hyphen
inflect each ("Busko-Zdrój" -> "Buska-Zdroju"), a preposition ends the inflected part
("Frankfurt nad Odrą" -> "Frankfurcie nad Odrą"). When any part is unknown the answer is
None and the caller keeps the name in the nominative inside a construction it can inflect
("dla gminy Busko-Zdrój").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from matcher.i18n import morfeusz

CASES = ("nom", "gen", "dat", "acc", "inst", "loc")
PROPER = frozenset({"nazwa_geograficzna", "człon_nazwy_geograficznej"})
KEEP = frozenset({"i", "a", "oraz"})
PREPOSITIONS = frozenset({"nad", "pod", "przy", "na", "w", "we", "koło", "u", "k."})
_SPLIT = re.compile(r"(\s+|-)")
_VOWELS = set("aąeęioóuyAĄEĘIOÓUY")


@dataclass(frozen=True)
class Reading:
    """One dictionary reading of a word: lemma id, tag parts and name classes."""

    lemma: str
    pos: str
    number: str
    case: str
    gender: str
    classes: tuple[str, ...]

    @property
    def proper(self) -> bool:
        return bool(PROPER & set(self.classes))


def _readings(word: str) -> list[Reading]:
    out = []
    for lemma, tag, classes in morfeusz.analyse_full(word):
        parts = tag.split(":")
        if parts[0] in {"subst", "adj"} and len(parts) >= 4:
            out.append(Reading(lemma, parts[0], parts[1], parts[2], parts[3], tuple(classes)))
    return [r for r in out if r.case == "nom"]


def _form(lemma: str, pos: str, number: str, case: str, gender: str, proper: bool) -> str | None:
    """The form of ``lemma`` with these features (plain forms before rare or old ones)."""
    found = []
    for form, lemma_id, tag, classes, qualifiers in morfeusz.generate_full(lemma):
        parts = tag.split(":")
        if lemma_id != lemma or parts[0] != pos or len(parts) < 4:
            continue
        if (parts[1], parts[2], parts[3]) != (number, case, gender):
            continue
        if pos == "adj" and parts[-1] != "pos":
            continue
        if proper and pos == "subst" and not PROPER & set(classes):
            continue
        found.append((bool(qualifiers), form))
    return min(found)[1] if found else None


def _cased(form: str, like: str) -> str:
    """``form`` capitalised as ``like`` is (the dictionary gives adjectives in lower case)."""
    if like[:1].isupper() and form[:1].islower():
        return form[:1].upper() + form[1:]
    return form


def _prefix(word: str) -> bool:
    """The first part of a compound adjective ("warmińsko-mazurskie"), which stays as is."""
    readings = morfeusz.analyse_full(word)
    return not any(t.startswith("subst") for _, t, _ in readings) and any(
        t.split(":")[0] in {"adv", "adja"} for _, t, _ in readings
    )


def _agrees(word: str, noun: Reading) -> bool:
    return any(
        r.pos == "adj" and (r.number, r.gender) == (noun.number, noun.gender)
        for r in _readings(word)
    )


def _nouns(word: str, proper: bool) -> list[Reading]:
    """Noun readings of ``word``, a geographic name first, singular before plural."""
    nouns = [r for r in _readings(word) if r.pos == "subst" and (r.proper or not proper)]
    return sorted(nouns, key=lambda r: ("nazwa_geograficzna" not in r.classes, r.number != "sg"))


def _head(words: Sequence[str], proper: bool) -> tuple[int, Reading] | None:
    """The word the others agree with: the first noun that is not an adjective of a noun
    after it ("Nowe Miasto": "Miasto", not the town "Nowe")."""
    candidates: list[tuple[int, Reading]] = []
    for i, word in enumerate(words):
        if word.lower() in PREPOSITIONS:
            break
        nouns = _nouns(word, proper)
        if nouns:
            candidates.append((i, nouns[0]))
    for n, (i, _reading) in enumerate(candidates):
        later = candidates[n + 1 :]
        if not any(_agrees(words[i], noun) for _j, noun in later):
            return candidates[n]
    return candidates[0] if candidates else None


def _inflect(word: str, head: Reading, case: str, proper: bool) -> str | None:
    """``word`` of a name in ``case``: as an adjective agreeing with ``head``, else as a
    noun of its own gender."""
    for r in _readings(word):
        if r.pos == "adj" and (r.number, r.gender) == (head.number, head.gender):
            form = _form(r.lemma, "adj", r.number, case, r.gender, False)
            if form is not None:
                return _cased(form, word)
    for r in _nouns(word, proper):
        form = _form(r.lemma, "subst", r.number, case, r.gender, r.proper)
        if form is not None:
            return _cased(form, word)
    return None


@lru_cache(maxsize=65536)
def decline(name: str, case: str, *, proper: bool = True) -> str | None:
    """``name`` in ``case`` (one of :data:`CASES`), or None when the dictionary does not
    support every word. ``proper=False`` lets common nouns head the phrase ("województwo
    podlaskie"); names from the data need a geographic reading."""
    if case == "nom":
        return name
    tokens = _SPLIT.split(name.strip())
    words = tokens[::2]
    found = _head(words, proper)
    if found is None:
        return None
    head_index, head = found
    out: list[str] = []
    stopped = False
    for i, word in enumerate(words):
        if stopped or word.lower() in PREPOSITIONS:
            stopped = True
            out.append(word)
            continue
        if word in KEEP or (i + 1 < len(words) and tokens[2 * i + 1] == "-" and _prefix(word)):
            out.append(word)
            continue
        if i == head_index:
            form = _form(head.lemma, "subst", head.number, case, head.gender, head.proper)
            form = None if form is None else _cased(form, word)
        else:
            form = _inflect(word, head, case, proper)
        if form is None:
            return None
        out.append(form)
    joined = [out[0]]
    for sep, word in zip(tokens[1::2], out[1:], strict=True):
        joined += [sep, word]
    return "".join(joined)


def with_w(form: str) -> str:
    """ "w" or "we" before a locative: "we" before w/f and a consonant (we Francji, we
    Włoszech, we Wrocławiu), "w" otherwise (w Warszawie)."""
    if len(form) > 1 and form[0] in "wWfF" and form[1] not in _VOWELS:
        return f"we {form}"
    return f"w {form}"


def with_z(form: str) -> str:
    """ "z" or "ze" before a genitive: "ze" before s/z/ś/ź/ż and a consonant (ze Szwecji)."""
    if len(form) > 1 and form[0] in "sSzZśŚźŹżŻ" and form[1] not in _VOWELS:
        return f"ze {form}"
    return f"z {form}"
