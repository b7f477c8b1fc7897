"""Domain messages in HTTP: the reader's language, and errors carrying a catalogue message.

``detail`` stays English and ``detail_pl`` Polish (the error shape every client reads); the
reader's language (``?lang=``, else ``Accept-Language``) chooses the language of the texts a
route renders itself (completeness advice, documents).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from matcher.api.errors import ApiError
from matcher.i18n import Message, negotiate


def reader_language(
    request: Request,
    lang: Annotated[
        str | None, Query(max_length=16, description="Language of the texts: en, pl or de")
    ] = None,
) -> str:
    """``?lang=`` when supported, else the best match of ``Accept-Language``, else English."""
    return negotiate(lang, request.headers.get("accept-language"))


LangDep = Annotated[str, Depends(reader_language)]


def message_error(status: int, message: Message) -> ApiError:
    """An ApiError whose texts are ``message`` rendered in English and Polish."""
    return ApiError(status, message)
