"""The reader's language for the current request or command (a context variable).

Results carry language-free :class:`~matcher.i18n.Message` values; their text fields are
rendered when they are serialised, in the language set here: the API sets it per request
from ``?lang=`` / ``Accept-Language``, the CLI from ``--lang`` / ``MATCHER_LANG`` / the locale.
Cached answers therefore never hold a language.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from matcher.i18n.catalog import DEFAULT_LANGUAGE

_reader: ContextVar[str] = ContextVar("reader_language", default=DEFAULT_LANGUAGE)


def reader_language() -> str:
    """The language the current reader asked for (English when nobody set one)."""
    return _reader.get()


def set_reader_language(lang: str) -> None:
    """Set the reader's language for the rest of this context (one request, one command)."""
    _reader.set(lang)


@contextmanager
def reading(lang: str) -> Iterator[None]:
    """Within the block, results render in ``lang``."""
    token = _reader.set(lang)
    try:
        yield
    finally:
        _reader.reset(token)
