"""The page's language bundle: messages, plural forms, CLDR country names (cacheable)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from matcher.api.errors import ApiError, error_responses
from matcher.api.language import ReaderDep
from matcher.i18n import msg, supported
from matcher.i18n.page import PageBundle, page_bundle

router = APIRouter(tags=["i18n"])


class LanguageOption(BaseModel):
    code: str = Field(description="Language code, e.g. 'pl'")
    name: str = Field(description="The language's own name, e.g. 'Polski'")


class PageCatalogue(BaseModel):
    """Everything the web page needs to speak one language."""

    lang: str
    languages: list[LanguageOption] = Field(description="Languages the page can switch to")
    messages: dict[str, str | dict[str, str]] = Field(
        description="Key -> template; plural messages give a template per CLDR category "
        "(one, few, many, other), chosen with Intl.PluralRules"
    )
    countries: dict[str, str] = Field(description="ISO 3166-1 alpha-2 -> CLDR country name")
    universe: list[str] = Field(description="Codes of the countries the data covers")


def _answer(request: Request, bundle: PageBundle, *, vary: bool = False) -> Response:
    headers = {
        "ETag": bundle.etag,
        "Cache-Control": "no-cache",  # always revalidate: a 304 costs one round trip
        "Content-Language": bundle.lang,
    }
    if vary:
        headers["Vary"] = "Accept-Language"
        headers["Content-Location"] = f"{request.url.path.rstrip('/')}/{bundle.lang}"
    if bundle.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(bundle.body, media_type="application/json", headers=headers)


OK: dict[int | str, dict[str, Any]] = {
    200: {"model": PageCatalogue},
    304: {"description": "Not modified (ETag matches)"},
}


@router.get("/i18n", response_class=Response, responses=OK)
def negotiated_catalogue(*, request: Request, reader: ReaderDep) -> Response:
    """The page's bundle in the language chosen by ``?lang=`` or ``Accept-Language``."""
    return _answer(request, page_bundle(reader.lang), vary=True)


@router.get("/i18n/{code}", response_class=Response, responses={**OK, **error_responses(404)})
def language_catalogue(*, request: Request, code: str) -> Response:
    """The page's bundle in one language (messages, plural forms, country names)."""
    if supported(code) != code:
        raise ApiError(404, msg("error.i18n.unknown_language", code=code))
    return _answer(request, page_bundle(code))
