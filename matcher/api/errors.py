"""One error shape for every 4xx/5xx, in the reader's language: ``{"detail", "code", ...}``.

- Domain code raises :class:`~matcher.errors.DomainError` subclasses carrying a Message;
  :data:`DOMAIN_STATUS` is the one table from domain error class to HTTP status.
- Routes raise :class:`ApiError` with a Message for HTTP-only problems.
- Request validation errors become one sentence per problem (not a dump of pydantic's).

``detail`` is rendered in the language of ``?lang=`` / ``Accept-Language``; ``code`` is the
message key (language-free, for programs); ``detail_pl`` is a deprecated alias.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from matcher.consortium.model import BadConsortium
from matcher.curation import (
    CurationError,
    DuplicateItem,
    InvalidChange,
    StaleVersion,
    UnknownCandidate,
    UnknownItem,
)
from matcher.errors import DomainError
from matcher.i18n import N_, Message, msg, negotiate, plural, render, translator
from matcher.i18n.message import listed
from matcher.interest import InterestError, InterestExists, StaleInterest, UnknownInterest
from matcher.own_profile import InvalidProfile, ProfileError, StaleProfile
from matcher.service import BadQuery, UnknownTown

DOMAIN_STATUS: dict[type[DomainError], int] = {
    UnknownTown: 404,
    BadQuery: 422,
    ProfileError: 422,
    InvalidProfile: 422,
    StaleProfile: 409,
    InterestError: 422,
    InterestExists: 409,
    StaleInterest: 409,
    UnknownInterest: 404,
    BadConsortium: 422,
    UnknownItem: 404,
    UnknownCandidate: 404,
    DuplicateItem: 409,
    StaleVersion: 409,
    InvalidChange: 422,
    CurationError: 400,
}
"""Domain error class -> HTTP status. A new domain error is added here, nowhere else
(``tests/api/test_errors.py`` fails on a DomainError subclass missing from the table)."""

STATUS_MESSAGES: Mapping[int, str] = {
    400: N_("error.http.400"),
    401: N_("error.http.401"),
    403: N_("error.http.403"),
    404: N_("error.http.404"),
    405: N_("error.http.405"),
    409: N_("error.http.409"),
    413: N_("error.http.413"),
    415: N_("error.http.415"),
    422: N_("error.http.422"),
    429: N_("error.http.429"),
    500: N_("error.http.500"),
    503: N_("error.http.503"),
}
"""What a status means, for errors that carry no sentence of their own (an unknown path,
a wrong method, a proxy's answer)."""


class ErrorItem(BaseModel):
    """One validation problem: where it is and what is wrong."""

    loc: list[str | int] = Field(default_factory=list)
    msg: str = Field(description="What is wrong, in the language of the request")
    type: str = Field(default="", description="pydantic's error type (language-free)")


class ErrorBody(BaseModel):
    """The body of every error response."""

    detail: str = Field(description="What went wrong, in the language of the request")
    code: str | None = Field(
        default=None, description="The message key, e.g. 'error.town.unknown' (language-free)"
    )
    detail_pl: str | None = Field(
        default=None,
        description="The same in Polish. Deprecated (removed in the next release): send "
        "`?lang=pl` or `Accept-Language: pl` and read `detail`.",
        json_schema_extra={"deprecated": True},
    )
    errors: list[ErrorItem] | None = Field(
        default=None, description="Individual validation problems (422 only)"
    )


class ApiError(StarletteHTTPException):
    """An HTTP error with a :class:`~matcher.i18n.Message` (rendered per request).

    The form ``ApiError(status, "English", "Polish")`` is kept for modules not converted
    yet; it is deprecated: pass a Message.
    """

    def __init__(
        self, status_code: int, detail: Message | str, detail_pl: str | None = None, **headers: str
    ) -> None:
        message = detail if isinstance(detail, Message) else None
        text = render(message, "en") if message is not None else str(detail)
        super().__init__(status_code=status_code, detail=text, headers=headers or None)
        self.message = message
        self.detail_pl = detail_pl


def not_found_town(town_id: str) -> ApiError:
    """The 404 for a town id that is not in the data."""
    return ApiError(404, msg("error.town.unknown", town=town_id))


def status_of(exc: DomainError) -> int:
    """The HTTP status of a domain error (its class or the nearest mapped base class)."""
    for cls in type(exc).__mro__:
        if cls in DOMAIN_STATUS:
            return DOMAIN_STATUS[cls]
    return 400


def request_language(request: Request) -> str:
    """The reader's language: ``?lang=``, then ``Accept-Language``, then English."""
    return negotiate(request.query_params.get("lang"), request.headers.get("accept-language"))


def language_headers(lang: str) -> dict[str, str]:
    return {"Content-Language": lang, "Vary": "Accept-Language"}


def _status_message(status: int) -> Message:
    key = STATUS_MESSAGES.get(status) or STATUS_MESSAGES[500 if status >= 500 else 400]
    return Message(key)


def _answer(
    request: Request,
    status: int,
    message: Message,
    *,
    headers: Mapping[str, str] | None = None,
    errors: list[ErrorItem] | None = None,
    legacy: tuple[str, str | None] | None = None,
) -> JSONResponse:
    lang = request_language(request)
    if legacy is None:
        detail, detail_pl = translator(lang).render(message), render(message, "pl")
    else:  # an unconverted ApiError("English", "Polish")
        english, polish = legacy
        detail_pl = polish or render(_status_message(status), "pl")
        detail = detail_pl if lang == "pl" else english
    body = ErrorBody(detail=detail, code=message.key, detail_pl=detail_pl, errors=errors)
    return JSONResponse(
        jsonable_encoder(body.model_dump(exclude_none=True)),
        status_code=status,
        headers={**(headers or {}), **language_headers(lang)},
    )


def error_response(request: Request, status: int, message: Message) -> JSONResponse:
    """The error answer for ``message`` in the reader's language (for middleware that
    answers before any route)."""
    return _answer(request, status, message)


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return _answer(request, status_of(exc), exc.message)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    message = getattr(exc, "message", None)
    if message is not None:
        return _answer(request, exc.status_code, message, headers=exc.headers)
    generic = str(exc.detail) == HTTPStatus(exc.status_code).phrase
    if isinstance(exc, ApiError) and not generic:
        legacy = (str(exc.detail), exc.detail_pl)
        status_message = _status_message(exc.status_code)
        return _answer(request, exc.status_code, status_message, headers=exc.headers, legacy=legacy)
    return _answer(request, exc.status_code, _status_message(exc.status_code), headers=exc.headers)


# -- request validation ---------------------------------------------------------------
VALIDATION_MESSAGES: Mapping[str, str] = {
    "missing": N_("error.validation.missing"),
    "int_parsing": N_("error.validation.integer"),
    "int_type": N_("error.validation.integer"),
    "int_from_float": N_("error.validation.integer"),
    "float_parsing": N_("error.validation.number"),
    "float_type": N_("error.validation.number"),
    "decimal_parsing": N_("error.validation.number"),
    "bool_parsing": N_("error.validation.boolean"),
    "bool_type": N_("error.validation.boolean"),
    "string_type": N_("error.validation.text"),
    "string_pattern_mismatch": N_("error.validation.pattern"),
    "greater_than": N_("error.validation.greater_than"),
    "greater_than_equal": N_("error.validation.at_least"),
    "less_than": N_("error.validation.less_than"),
    "less_than_equal": N_("error.validation.at_most"),
    "literal_error": N_("error.validation.choice"),
    "enum": N_("error.validation.choice"),
    "extra_forbidden": N_("error.validation.unknown_field"),
    "list_type": N_("error.validation.list"),
    "dict_type": N_("error.validation.object"),
    "model_type": N_("error.validation.object"),
    "model_attributes_type": N_("error.validation.object"),
    "date_parsing": N_("error.validation.date"),
    "date_from_datetime_parsing": N_("error.validation.date"),
    "datetime_parsing": N_("error.validation.datetime"),
    "datetime_from_date_parsing": N_("error.validation.datetime"),
}
"""pydantic's error type -> our sentence (lengths and the body's JSON have their own)."""
LIMIT_KEYS = ("gt", "ge", "lt", "le")
SOURCES = frozenset({"query", "path", "body", "header", "cookie"})


def _field(loc: tuple[Any, ...]) -> str:
    """``("query", "limit")`` -> "limit"; ``("body", "members", 0, "id")`` -> "members[0].id"."""
    parts = list(loc[1:] if loc and loc[0] in SOURCES else loc)
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _choices(expected: object) -> str:
    values = re.findall(r"'([^']*)'", str(expected))
    return ", ".join(values) if values else str(expected)


def validation_message(error: Mapping[str, Any]) -> Message:
    """One pydantic error as a sentence of ours (without a final full stop)."""
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    field = _field(tuple(error.get("loc", ())))
    if kind == "json_invalid":
        return msg("error.validation.json")
    if not field and kind in {"dict_type", "model_type", "model_attributes_type", "missing"}:
        return msg("error.validation.body_object")
    if kind in {"string_too_short", "too_short"}:
        n = int(ctx.get("min_length", 0))
        if kind == "too_short":
            return plural("error.validation.too_few", n, field=field)
        return plural("error.validation.text_too_short", n, field=field)
    if kind in {"string_too_long", "too_long"}:
        n = int(ctx.get("max_length", 0))
        if kind == "too_long":
            return plural("error.validation.too_many", n, field=field)
        return plural("error.validation.text_too_long", n, field=field)
    key = VALIDATION_MESSAGES.get(kind, N_("error.validation.invalid"))
    params: dict[str, object] = {"field": field}
    limit = next((ctx[k] for k in LIMIT_KEYS if k in ctx), None)
    if limit is not None:
        params["limit"] = limit
    if kind in {"literal_error", "enum"}:
        params["choices"] = _choices(ctx.get("expected", ""))
    return Message(key, params)


def _item(error: Mapping[str, Any], lang: str) -> ErrorItem:
    loc = [p if isinstance(p, int) else str(p) for p in error.get("loc", ())]
    text = translator(lang).render(validation_message(error))
    return ErrorItem(loc=loc, msg=text, type=str(error.get("type", "")))


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [validation_message(e) for e in exc.errors()]
    lang = request_language(request)
    summary = msg("error.validation.summary", problems=listed(problems, limit=5))
    items = [_item(e, lang) for e in exc.errors()]
    return _answer(request, 422, summary, errors=items)


def install_error_handlers(app: FastAPI) -> None:
    """Make every error answer with :class:`ErrorBody` in the reader's language."""
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)


ERROR_SCHEMA_REF = {"$ref": "#/components/schemas/ErrorBody"}


def patch_openapi_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Point every documented 4xx/5xx response at ErrorBody (FastAPI documents 422 otherwise)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorBody"] = ErrorBody.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    for sub in components["ErrorBody"].pop("$defs", {}).items():
        components.setdefault(sub[0], sub[1])
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            if "requestBody" in operation:  # an undecodable body is a 400
                responses.setdefault("400", {"description": "Malformed request body"})
            for code, response in responses.items():
                if code[:1] in {"4", "5"}:
                    response["content"] = {"application/json": {"schema": ERROR_SCHEMA_REF}}
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    return schema


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` argument documenting ``codes`` as ErrorBody answers."""
    return {code: {"model": ErrorBody} for code in codes}
