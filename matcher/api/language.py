"""The reader's language of a request: one dependency, installed for the whole API.

``?lang=pl`` wins, then ``Accept-Language`` (Babel's negotiation over the catalogues we
have), then English. The dependency sets the reader's language for the request (so results
render their sentences in it when they are serialised), answers with ``Content-Language``
and ``Vary: Accept-Language``, and hands routes that render text themselves a Translator.
Error responses negotiate the same way (:func:`matcher.api.errors.request_language`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Query, Response

from matcher.api.errors import language_headers
from matcher.i18n import Translator, negotiate, translator
from matcher.i18n.context import set_reader_language

LangQuery = Annotated[
    str | None,
    Query(
        description="Language of the answer's sentences (e.g. 'pl', 'de', 'en'); overrides "
        "Accept-Language",
        max_length=35,
    ),
]
AcceptLanguage = Annotated[
    str | None,
    Header(description="Preferred languages, e.g. 'pl-PL,pl;q=0.9,en;q=0.5'", max_length=500),
]


async def reader(
    response: Response, lang: LangQuery = None, accept_language: AcceptLanguage = None
) -> Translator:
    """The Translator of the request's language (async: it sets the context of the request
    itself, which the answer's serialisation then reads)."""
    code = negotiate(lang, accept_language)
    set_reader_language(code)
    response.headers.update(language_headers(code))
    return translator(code)


ReaderDep = Annotated[Translator, Depends(reader)]
