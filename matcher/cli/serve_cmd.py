"""`matcher serve`: run the HTTP API and web page with uvicorn."""

from __future__ import annotations

import typer


def serve(
    host: str | None = typer.Option(None, help="Address to bind (default: MATCHER_HOST)."),
    port: int | None = typer.Option(
        None, min=1, max=65535, help="Port to listen on (default: MATCHER_PORT)."
    ),
    reload: bool = typer.Option(False, help="Restart when the code changes (development)."),
) -> None:
    """Serve the API at /api/v1, its docs at /docs and the web page at /."""
    import uvicorn

    from matcher.config import get_settings

    settings = get_settings()
    bind_host = host or settings.host
    bind_port = port or settings.port
    typer.echo(f"matcher: http://{bind_host}:{bind_port}/  (docs: /docs)")
    uvicorn.run(
        "matcher.api.app:create_app",
        factory=True,
        host=bind_host,
        port=bind_port,
        reload=reload,
        log_level="info",
        access_log=False,
    )


def register(app: typer.Typer) -> None:
    """Add `serve` to ``app``."""
    app.command("serve")(serve)
