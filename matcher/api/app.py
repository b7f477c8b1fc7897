"""The FastAPI application factory: routes under ``/api/v1``, docs at ``/docs``, web page at ``/``.

The lifespan opens the database engine and loads the match service once. When the service
fails to load the app still starts: ``/api/v1/health`` says what is missing and the suggestion
routes answer 503.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine

from matcher import __version__
from matcher.api.errors import install_error_handlers, patch_openapi_errors
from matcher.api.guards import NulGuard
from matcher.api.language import reader
from matcher.config import Settings, get_settings
from matcher.service import MatchService

API_PREFIX = "/api/v1"
WEB_DIR = Path(__file__).parent / "web"
log = logging.getLogger(__name__)

# Route modules in the order they appear in the docs; optional ones are skipped until written.
ROUTE_MODULES: tuple[str, ...] = ("health", "towns", "suggestions", "profiles", "me", "i18n")
OPTIONAL_ROUTE_MODULES: tuple[str, ...] = ("curation", "consortia")


def _router(name: str) -> APIRouter | None:
    """``matcher.api.routes.<name>.router``, or None when that module does not exist yet."""
    module_name = f"matcher.api.routes.{name}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise
    router: APIRouter = module.router
    return router


def load_match_service(settings: Settings, engine: Engine) -> tuple[MatchService | None, str]:
    """The real ranking service, or None and the reason it could not be loaded."""
    try:
        from matcher.ranking.service import load_service
    except ImportError as exc:
        return None, f"ranking service not installed: {exc}"
    try:
        return load_service(settings, engine), ""
    except Exception as exc:  # the app must start anyway; /health reports it
        log.exception("match service failed to load")
        return None, f"{type(exc).__name__}: {exc}"


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open what the factory was not given: the engine, then the match service."""
    state = app.state
    owns_engine = state.engine is None
    if owns_engine:
        from matcher.db import make_engine

        state.engine = make_engine(state.settings.database_url)
    if state.service is None and state.load_service:
        state.service, state.service_error = load_match_service(state.settings, state.engine)
        warm_up = getattr(state.service, "warm_up", None)
        if warm_up is not None:
            # the embedding model loads in the background: the first free-text query
            # should not wait for it, and nothing else needs it
            threading.Thread(target=warm_up, name="encoder-warm-up", daemon=True).start()
    try:
        yield
    finally:
        if owns_engine:
            state.engine.dispose()
            state.engine = None


def create_app(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    service: MatchService | None = None,
    load_service: bool = True,
) -> FastAPI:
    """Build the app; pass ``engine``/``service`` to use them instead of loading them.

    ``load_service=False`` keeps the service absent (tests of the 503 path).
    """
    app = FastAPI(
        title="matcher",
        version=__version__,
        summary="Partner-city matchmaking for European local governments.",
        description=(
            "Find partner towns, explain each suggestion, keep town profiles, curate "
            "shortlists and assemble consortia for EU calls. Reading is open; writing needs "
            "an API key in the `X-API-Key` header (`matcher users add`). Sentences (reasons, "
            "errors) come in the language of `?lang=` or `Accept-Language` (en, pl, de)."
        ),
        lifespan=_lifespan,
        dependencies=[Depends(reader)],
    )
    app.state.settings = settings or get_settings()
    app.state.engine = engine
    app.state.service = service
    app.state.service_error = "" if service is not None else "not loaded"
    app.state.load_service = load_service
    install_error_handlers(app)
    app.add_middleware(NulGuard)

    for name in ROUTE_MODULES + OPTIONAL_ROUTE_MODULES:
        router = _router(name)
        if router is not None:
            app.include_router(router, prefix=API_PREFIX)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = patch_openapi_errors(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    if WEB_DIR.is_dir():
        app.mount("/", StaticFiles(directory=WEB_DIR, html=True), name="web")
    return app
