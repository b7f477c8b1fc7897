"""Babel extraction methods for our call sites (used by ``pybabel extract -F babel.cfg``).

Python: ``msg("key")``, ``N_("key")``, ``Message("key")``, ``t("key")`` give a message;
``plural("key", n)``, ``t.plural("key", n)`` and ``N_plural("key")`` a plural one.
JavaScript: ``t("key")``, ``N_("key")`` and ``tn("key", n)``. Keys are literals; the
plural's msgid_plural is the key itself.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_javascript as _babel_javascript
from babel.messages.extract import extract_python as _babel_python

PYTHON_KEYWORDS: Mapping[str, tuple[int, ...]] = {
    "msg": (1,),
    "N_": (1,),
    "N_plural": (1,),
    "Message": (1,),
    "t": (1,),
    "plural": (1,),
}
JAVASCRIPT_KEYWORDS: Mapping[str, tuple[int, ...]] = {"t": (1,), "tn": (1,), "N_": (1,)}
PLURAL_FUNCTIONS = frozenset({"plural", "N_plural", "tn"})

Extracted = tuple[int, str, Any, list[str]]


def _pluralise(found: Iterator[Any]) -> Iterator[Extracted]:
    for lineno, funcname, messages, comments in found:
        key = messages[0] if isinstance(messages, tuple | list) else messages
        if not isinstance(key, str) or not key:
            continue  # not a literal key: nothing to extract
        # reported under gettext's own names, which every Babel keyword table knows
        if funcname in PLURAL_FUNCTIONS:
            yield lineno, "ngettext", (key, key), comments
        else:
            yield lineno, "gettext", key, comments


def extract_python(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: dict[str, Any],
) -> Iterator[Extracted]:
    """Keys of the Python call sites (the ``keywords`` argument is ignored: ours are fixed)."""
    found = _babel_python(fileobj, PYTHON_KEYWORDS, comment_tags, options)  # type: ignore[arg-type]
    return _pluralise(found)


def extract_javascript(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: dict[str, Any],
) -> Iterator[Extracted]:
    """Keys of the page's call sites."""
    found = _babel_javascript(fileobj, JAVASCRIPT_KEYWORDS, comment_tags, options)  # type: ignore[arg-type]
    return _pluralise(found)
