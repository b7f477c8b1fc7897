"""A user-facing text before it has a language: a catalogue key, its parameters, a count.

Domain code (reasons, errors, rule checks, CLI results) returns :class:`Message` values;
adapters (API, CLI, page, exports) render them with a :class:`~matcher.i18n.Translator`
in the reader's language. Parameters stay language-free: numbers, codes, names, nested
messages, or objects that know how to name themselves (see :class:`Localizable`).
"""

from __future__ import annotations

from collections.abc import Mapping
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
