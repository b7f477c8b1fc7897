"""A user-facing text before it has a language: a catalogue key, its parameters, a count.

Domain code (reasons, errors, rule checks, CLI results) returns :class:`Message` values;
adapters (API, CLI, page, exports) render them with a :class:`~matcher.i18n.Translator`
in the reader's language. Parameters stay language-free: numbers, codes, names, nested
messages, or objects that know how to name themselves (see :class:`Localizable`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from matcher.i18n.translator import Translator


@runtime_checkable
class Localizable(Protocol):
    """A parameter that renders itself in a language; ``spec`` is the template's format spec
    (e.g. a grammatical case such as ``gen`` or ``loc``, or a construction such as ``in``)."""

    def localize(self, translator: Translator, spec: str) -> str: ...


Param = object
"""int, float, str, Message, Localizable, or a list/tuple of those (rendered as a CLDR list)."""


@dataclass(frozen=True)
class Message:
    """``key`` of the catalogue with ``params`` for its ``{placeholders}``.

    ``count`` selects the plural form (CLDR rules of the reader's language) and is also
    available to the template as ``{count}``.
    """

    key: str
    params: Mapping[str, Param] = field(default_factory=dict)
    count: int | None = None

    def __hash__(self) -> int:
        return hash((self.key, self.count, tuple(sorted(map(str, self.params)))))


def msg(key: str, /, **params: Param) -> Message:
    """A message without plural forms; the key must be a literal so extraction finds it."""
    return Message(key, params)


def plural(key: str, count: int, /, **params: Param) -> Message:
    """A message whose form depends on ``count`` (1 miasto, 2 miasta, 5 miast)."""
    return Message(key, params, count)


def N_(key: str) -> str:
    """Mark a literal key for extraction where the message is built later (tables of keys)."""
    return key


def N_plural(key: str) -> str:
    """Mark a literal key of a plural message for extraction (a table of keys later given to
    :func:`plural`)."""
    return key


def listed(items: Sequence[Param], limit: int = 3) -> list[Param]:
    """``items`` for a CLDR list, cut after ``limit`` with "and 2 more" ("A, B, C i jeszcze
    2"); one item past the limit is shown rather than counted."""
    shown = list(items)
    if len(shown) <= limit + 1:
        return shown
    return [*shown[:limit], plural("list.more", len(shown) - limit)]


@dataclass(frozen=True, init=False)
class Term:
    """A label of a data vocabulary (a theme): its code, the catalogue ``key`` naming it in
    every language (:mod:`matcher.i18n.vocabulary`), and the data's names per language; a
    language neither has a name for gets the English name, then the code."""

    code: str
    names: tuple[tuple[str, str], ...]
    key: str

    def __init__(self, code: str, names: Mapping[str, str] | None = None, key: str = "") -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "names", tuple(sorted((names or {}).items())))
        object.__setattr__(self, "key", key)

    def localize(self, translator: Translator, spec: str) -> str:
        if self.key and translator.has(self.key):
            return translator.template(self.key)
        names = dict(self.names)
        return names.get(translator.lang) or names.get("en") or self.code


@dataclass(frozen=True, init=False)
class Bullets:
    """Items shown side by side, separated by " · " (facets, not prose: no "and")."""

    items: tuple[Param, ...]

    def __init__(self, items: Sequence[Param]) -> None:
        object.__setattr__(self, "items", tuple(items))

    def localize(self, translator: Translator, spec: str) -> str:
        return " · ".join(translator.format_value(item, spec) for item in self.items)
