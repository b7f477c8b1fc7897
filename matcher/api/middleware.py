"""What every request passes through: a size and time limit on its body, an access log line
with its request id, its metrics, and for a write by a known user an audit line.

Plain ASGI middleware (no BaseHTTPMiddleware), so streaming answers are not buffered.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import anyio
from asgi_correlation_id import correlation_id
from sqlalchemy.engine import Engine
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from matcher.api import metrics
from matcher.api.errors import ErrorBody
from matcher.i18n import Message as Text
from matcher.i18n import msg, negotiate, translator

access_log = logging.getLogger("matcher.access")
log = logging.getLogger(__name__)

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def scope_language(scope: Scope) -> str:
    """The reader's language of a raw request (``?lang=``, then ``Accept-Language``)."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    header = dict(scope.get("headers", [])).get(b"accept-language", b"").decode("latin-1")
    return negotiate((query.get("lang") or [None])[0], header or None)


def error_body(message: Text, lang: str) -> bytes:
    """The API's error shape (ErrorBody) in ``lang``, as JSON bytes."""
    body = ErrorBody(
        detail=translator(lang).render(message),
        code=message.key,
        detail_pl=translator("pl").render(message),
    )
    return json.dumps(body.model_dump(exclude_none=True)).encode()


async def send_error(
    send: Send,
    status: int,
    message: Text,
    headers: list[tuple[bytes, bytes]] | None = None,
    *,
    scope: Scope,
) -> None:
    """Answer with an ErrorBody in the reader's language and close."""
    lang = scope_language(scope)
    body = error_body(message, lang)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"content-language", lang.encode()),
                (b"vary", b"Accept-Language"),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyGuard:
    """Refuse a body larger than ``max_bytes`` (413) or slower than ``seconds`` to arrive
    (408), before the route sees it; the whole body is read first, then replayed."""

    def __init__(self, app: ASGIApp, max_bytes: int, seconds: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await send_error(
                send, 413, msg("ops.body_too_large", limit=self.max_bytes), scope=scope
            )
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        with anyio.move_on_after(self.seconds) as timer:
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_bytes:
                    await send_error(
                        send, 413, msg("ops.body_too_large", limit=self.max_bytes), scope=scope
                    )
                    return
                chunks.append(chunk)
                more = message.get("more_body", False)
        if timer.cancelled_caught:
            close = [(b"connection", b"close")]
            await send_error(
                send, 408, msg("ops.body_too_slow", seconds=self.seconds), close, scope=scope
            )
            return
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


class RouteTable:
    """The documented paths (from the OpenAPI document, read on first use): which template
    a request path belongs to, and which methods it accepts (HEAD wherever GET is)."""

    def __init__(self, openapi: Callable[[], dict[str, Any]]) -> None:
        self.openapi = openapi
        self._table: list[tuple[str, re.Pattern[str], frozenset[str]]] | None = None

    def table(self) -> list[tuple[str, re.Pattern[str], frozenset[str]]]:
        if self._table is None:
            rows = []
            for path, item in self.openapi().get("paths", {}).items():
                methods = {m.upper() for m in item if m.lower() in HTTP_METHODS}
                if "GET" in methods:
                    methods.add("HEAD")
                pattern, _, _ = compile_path(path)
                rows.append((path, pattern, frozenset(methods)))
            self._table = rows
        return self._table

    def template(self, path: str) -> str:
        """'/api/v1/towns/{town_id}' for '/api/v1/towns/PL-1', else a fixed label, so the
        metrics never get one series per URL."""
        for template, pattern, _ in self.table():
            if pattern.match(path):
                return template
        if path.startswith("/api/"):
            return "unmatched"
        return path if path in ("/metrics", "/docs", "/openapi.json") else "static"

    def allowed(self, path: str) -> list[str]:
        """Methods the API accepts at ``path`` (empty: no such path)."""
        methods: set[str] = set()
        for _, pattern, path_methods in self.table():
            if pattern.match(path):
                methods |= path_methods
        return sorted(methods)


class RequestLog:
    """One JSON access-log line and the metrics per request; an audit line per write by a
    known user (after the answer is sent, so it costs the caller nothing)."""

    def __init__(
        self,
        app: ASGIApp,
        routes: RouteTable,
        engine: Callable[[], Engine | None],
        on_done: Callable[[], None] | None = None,
    ) -> None:
        self.app = app
        self.routes = routes
        self.engine = engine
        self.on_done = on_done

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def observe(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, observe)
        finally:
            seconds = time.perf_counter() - started
            route, method = self.routes.template(scope.get("path", "")), scope["method"]
            metrics.observe_request(method, route, status, seconds)
            user = scope.get("state", {}).get("user")
            access_log.info(
                "request",
                extra={
                    "method": method,
                    "path": scope.get("path", ""),
                    "route": route,
                    "status": status,
                    "ms": round(seconds * 1000, 1),
                    "user": user[0] if user else None,
                },
            )
            if self.on_done is not None:
                self.on_done()
            if user and method in WRITE_METHODS:
                await self._audit(user, method, scope.get("path", ""), status)

    async def _audit(self, user: tuple[str, str], method: str, path: str, status: int) -> None:
        engine = self.engine()
        if engine is None:
            return
        request_id = correlation_id.get() or ""

        def write() -> None:
            from sqlmodel import Session

            from matcher.models import AuditEntry

            with Session(engine) as session:
                session.add(
                    AuditEntry(
                        user=user[0],
                        role=user[1],
                        action=method,
                        target=path,
                        status=status,
                        request_id=request_id,
                    )
                )
                session.commit()

        try:
            await anyio.to_thread.run_sync(write)
        except Exception:  # the write itself is done; a lost audit line is logged loudly
            log.exception("audit line for %s %s by %s not written", method, path, user[0])


class ApiFallback:
    """Requests under the API prefix that no route took: 405 with the methods the path does
    accept in ``Allow``, or 404; the web page's static files never answer for the API."""

    def __init__(self, app: ASGIApp, prefix: str, routes: RouteTable) -> None:
        self.app = app
        self.prefix = prefix
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and (path == self.prefix or path.startswith(self.prefix + "/")):
            allowed = self.routes.allowed(path)
            if allowed:
                header = [(b"allow", ", ".join(allowed).encode())]
                message = msg("ops.method_not_allowed", method=scope["method"], allowed=allowed)
                await send_error(send, 405, message, header, scope=scope)
            else:
                await send_error(send, 404, msg("ops.no_such_path"), scope=scope)
            return
        await self.app(scope, receive, send)
