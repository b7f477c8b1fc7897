"""One error shape for every 4xx/5xx: ``{"detail": str, "detail_pl": str | None, ...}``.

Routes raise :class:`ApiError` (or FastAPI's ``HTTPException``); request validation errors are
turned into the same shape with the individual problems listed under ``errors``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException


class ErrorItem(BaseModel):
    """One validation problem: where it is and what is wrong."""

    loc: list[str | int] = Field(default_factory=list)
    msg: str
    type: str = ""


class ErrorBody(BaseModel):
    """The body of every error response."""

    detail: str = Field(description="What went wrong, in English")
    detail_pl: str | None = Field(default=None, description="The same in Polish")
    errors: list[ErrorItem] | None = Field(
        default=None, description="Individual validation problems (422 only)"
    )


class ApiError(StarletteHTTPException):
    """An HTTP error with an English and a Polish message."""

    def __init__(
        self, status_code: int, detail: str, detail_pl: str | None = None, **headers: str
    ) -> None:
        super().__init__(status_code=status_code, detail=detail, headers=headers or None)
        self.detail_pl = detail_pl


def not_found_town(town_id: str) -> ApiError:
    """The 404 for a town id that is not in the data."""
    return ApiError(404, f"Unknown town: {town_id}", f"Nieznana miejscowość: {town_id}")


STATUS_TEXT_PL: dict[int, str] = {
    400: "Nieprawidłowe żądanie.",
    401: "Brak lub nieprawidłowy klucz API.",
    403: "Brak uprawnień.",
    404: "Nie znaleziono.",
    405: "Metoda niedozwolona.",
    409: "Konflikt wersji: dane zmieniły się w międzyczasie.",
    422: "Nieprawidłowe dane wejściowe.",
    503: "Usługa jest niedostępna.",
}


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail_pl = getattr(exc, "detail_pl", None) or STATUS_TEXT_PL.get(exc.status_code)
    body = ErrorBody(detail=str(exc.detail), detail_pl=detail_pl)
    return JSONResponse(
        body.model_dump(exclude_none=True), status_code=exc.status_code, headers=exc.headers
    )


def _item(error: Any) -> ErrorItem:
    loc = [p if isinstance(p, int) else str(p) for p in error.get("loc", ())]
    return ErrorItem(loc=loc, msg=str(error.get("msg", "")), type=str(error.get("type", "")))


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    items = [_item(e) for e in exc.errors()]
    summary = "; ".join(f"{'.'.join(map(str, i.loc))}: {i.msg}" for i in items[:5])
    body = ErrorBody(
        detail=f"Invalid input: {summary}" if summary else "Invalid input",
        detail_pl=f"Nieprawidłowe dane wejściowe: {summary}" if summary else STATUS_TEXT_PL[422],
        errors=items,
    )
    return JSONResponse(jsonable_encoder(body.model_dump()), status_code=422)


def install_error_handlers(app: FastAPI) -> None:
    """Make every error answer with :class:`ErrorBody`."""
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
