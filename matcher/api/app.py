"""The FastAPI application factory: routes under ``/api/v1``, docs at ``/docs``, web page at ``/``.

The lifespan opens the database engine and loads the match service in the background, so
the process answers at once: ``/api/v1/health`` (liveness) says what is loaded and
``/api/v1/ready`` answers 503 until the ranker and vectors are loaded and the encoder warmed
up. Then it watches the database for changes other server processes make
(:mod:`matcher.sync`). When the service fails to load the app keeps running: health says
why and the suggestion routes answer 503.

Every request passes (outermost first) the request id (``X-Request-ID``), the access log,
metrics and audit, the body limits, and the NUL guard; paths under the API prefix that no
route serves get the API's own 404 or 405 (with ``Allow``), never the static files'.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import Depends, FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from starlette.datastructures import State

from matcher import __version__
from matcher.api import metrics
from matcher.api.errors import install_error_handlers, patch_openapi_errors
from matcher.api.guards import NulGuard
from matcher.api.language import reader
from matcher.api.middleware import ApiFallback, BodyGuard, RequestLog, RouteTable
from matcher.api.openapi import document_rules, field_rules
from matcher.api.routes import (
    consortia,
    curation,
    health,
    i18n,
    interest,
    me,
    memo,
    ops,
    profiles,
    suggestions,
    towns,
)
from matcher.config import Settings, get_settings
from matcher.service import MatchService
from matcher.sync import ChangeWatcher
from matcher.towns import name_index

API_PREFIX = "/api/v1"
WEB_DIR = Path(__file__).parent / "web"
log = logging.getLogger(__name__)

ROUTE_MODULES = (
    health,
    towns,
    suggestions,
    profiles,
    interest,
    memo,
    me,
    i18n,
    curation,
    consortia,
    ops,
)
"""Route modules in the order they appear in the docs."""


def load_match_service(settings: Settings, engine: Engine) -> tuple[MatchService | None, str]:
    """The real ranking service, or None and the reason it could not be loaded."""
    from matcher.ranking.service import load_service

    try:
        return load_service(settings, engine), ""
    except Exception as exc:  # the app must start anyway; /health reports it
        log.exception("match service failed to load")
        return None, f"{type(exc).__name__}: {exc}"


def _load_in_background(state: State) -> None:
    """Load the service, warm the encoder and the town-name index up, then start watching
    for changes."""
    service, error = load_match_service(state.settings, state.engine)
    state.service_error = error
    state.service = service
    warm_up = getattr(service, "warm_up", None)
    if warm_up is not None:
        warm_up()
    try:
        name_index(state.engine)
    except Exception:  # no town table yet: the first search builds it, or says why
        log.exception("town-name index not built")
    state.warm = True
    metrics.set_ready(service is not None)
    _start_watching(state)


def _start_watching(state: State) -> None:
    watch = state.watch_changes if state.watch_changes is not None else state.load_service
    if watch and state.service is not None and not state.stopping.is_set():
        state.watcher = ChangeWatcher(
            state.engine,
            state.service,
            interval=state.settings.sync_interval,
            stop=state.stopping,
        ).start()


def _start_outbox(state: State) -> Any:
    """The e-mail outbox worker, when SMTP is configured (None otherwise)."""
    if not state.settings.smtp_enabled:
        return None
    from matcher.notify import OutboxWorker

    return OutboxWorker(state.engine, state.settings).start()


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open what the factory was not given: the engine, then (in the background) the service."""
    state = app.state
    owns_engine = state.engine is None
    if owns_engine:
        from matcher.db import make_engine

        state.engine = make_engine(state.settings.database_url)
    state.stopping = threading.Event()
    state.watcher = None
    state.outbox = _start_outbox(state)
    # what the OpenAPI document and the route table need, before any request: nothing
    # may block the event loop on the database later
    state.theme_codes = _themes(state.engine)
    app.openapi_schema = None
    state.routes.table()
    if state.service is None and state.load_service:
        state.service_error = "loading"
        state.warm = False
        threading.Thread(
            target=_load_in_background, args=(state,), name="service-load", daemon=True
        ).start()
    else:
        metrics.set_ready(state.service is not None)
        _start_watching(state)
    try:
        yield
    finally:
        state.stopping.set()
        if state.watcher is not None:
            state.watcher.stop()
        if state.outbox is not None:
            state.outbox.stop()
        if owns_engine:
            state.engine.dispose()
            state.engine = None


def create_app(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    service: MatchService | None = None,
    load_service: bool = True,
    watch_changes: bool | None = None,
) -> FastAPI:
    """Build the app; pass ``engine``/``service`` to use them instead of loading them.

    ``load_service=False`` keeps the service absent (tests of the 503 path).
    ``watch_changes`` (default: when the app loads its own service) keeps the service up to
    date with changes other processes make in the database.
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
    settings = settings or get_settings()
    app.state.settings = settings
    app.state.engine = engine
    app.state.service = service
    app.state.service_error = "" if service is not None else "not loaded"
    app.state.load_service = load_service and service is None
    app.state.watch_changes = watch_changes
    app.state.warm = True
    install_error_handlers(app)
    app.add_middleware(NulGuard)
    app.add_middleware(BodyGuard, max_bytes=settings.max_body_bytes, seconds=settings.body_timeout)
    routes = RouteTable(lambda: app.openapi())
    app.state.routes = routes
    app.state.theme_codes = []
    app.add_middleware(
        RequestLog, routes=routes, engine=lambda: app.state.engine, on_done=_cache_gauges(app)
    )
    app.add_middleware(CorrelationIdMiddleware, header_name="X-Request-ID")

    for module in ROUTE_MODULES:
        app.include_router(module.router, prefix=API_PREFIX)
    app.include_router(ops.metrics_router)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
            )
            rules = field_rules(app.state.theme_codes)
            app.openapi_schema = document_rules(patch_openapi_errors(schema), rules)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    web = StaticFiles(directory=WEB_DIR, html=True, check_dir=False)
    app.mount("/", ApiFallback(web, API_PREFIX, routes), name="web")
    return app


def _themes(engine: Engine) -> list[str]:
    """The theme codes in the database (none when it cannot be read)."""
    from sqlalchemy.exc import SQLAlchemyError
    from sqlmodel import Session, select

    from matcher.models import Theme

    try:
        with Session(engine) as session:
            return list(session.exec(select(Theme.code)).all())
    except SQLAlchemyError:
        return []


def _cache_gauges(app: FastAPI) -> Any:
    """After each request: the answer cache's size into the metrics (per process)."""

    def update() -> None:
        stats = getattr(app.state.service, "cache_stats", None)
        if stats is not None:
            current = stats()
            metrics.set_cache(current.entries, current.bytes)

    return update
