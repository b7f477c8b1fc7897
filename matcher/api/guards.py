"""Reject NUL characters in the URL before any route sees them.

PostgreSQL cannot store or compare text containing NUL, so ``/towns/PL%00`` would otherwise
reach the database and fail with a 500 there (SQLite merely finds nothing).
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from matcher.api.errors import error_response
from matcher.i18n import msg


def has_nul(scope: Scope) -> bool:
    """Whether the request path or query string decodes to text containing NUL."""
    raw_path: bytes = scope.get("raw_path") or scope.get("path", "").encode()
    query: bytes = scope.get("query_string", b"")
    return b"\x00" in unquote_to_bytes(raw_path) or b"\x00" in unquote_to_bytes(query)


class NulGuard:
    """ASGI middleware answering 422 to requests whose URL contains NUL."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and has_nul(scope):
            response = error_response(Request(scope), 422, msg("error.request.nul"))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
