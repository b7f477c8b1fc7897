"""`matcher serve`: run the HTTP API and web page with uvicorn, in one or several processes.

How many: ``--workers``, by default one per core on PostgreSQL and on a SQLite file (WAL
mode: readers never block, one writer at a time, writers wait up to 5 s for the lock, which
is safe for processes on one machine), one for in-memory SQLite (it cannot be shared). The
processes share nothing but the database; each watches it for the others' changes
(:mod:`matcher.sync`). With several, their metrics are added up in a folder under the var
directory (prometheus-client's multiprocess mode) and each gets an equal share of the cores
for its numeric libraries.
"""

from __future__ import annotations

import os
import shutil

import typer

THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def default_workers(database_url: str, cores: int | None = None) -> int:
    """One per core on PostgreSQL and SQLite files (WAL); one for in-memory SQLite."""
    if database_url.startswith("sqlite"):
        path = database_url.split("///", 1)[-1] if "///" in database_url else ""
        if not path or path == ":memory:":
            return 1
    return max(1, cores if cores is not None else os.cpu_count() or 1)


def prepare_workers(workers: int, var_dir: os.PathLike[str] | str) -> None:
    """Environment the worker processes inherit: a fresh metrics folder, thread counts."""
    from pathlib import Path

    from matcher.api.metrics import MULTIPROCESS_ENV

    if workers > 1:
        folder = Path(var_dir) / "metrics"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        os.environ[MULTIPROCESS_ENV] = str(folder)
        share = str(max(1, (os.cpu_count() or 1) // workers))
        for name in THREAD_VARIABLES:
            os.environ.setdefault(name, share)


def serve(
    host: str | None = typer.Option(None, help="Address to bind (default: MATCHER_HOST)."),
    port: int | None = typer.Option(
        None, min=1, max=65535, help="Port to listen on (default: MATCHER_PORT)."
    ),
    workers: int | None = typer.Option(
        None,
        min=1,
        max=64,
        help="Server processes (default: one per core on PostgreSQL or a SQLite file in "
        "WAL mode; 1 for in-memory SQLite).",
    ),
    reload: bool = typer.Option(False, help="Restart when the code changes (development)."),
) -> None:
    """Serve the API at /api/v1, its docs at /docs and the web page at /."""
    import uvicorn

    from matcher.api.logs import LOG_CONFIG
    from matcher.cli.language import cli_translator
    from matcher.config import get_settings

    settings = get_settings()
    bind_host = host or settings.host
    bind_port = port or settings.port
    count = 1 if reload else (workers or default_workers(settings.database_url))
    prepare_workers(count, settings.var_dir)
    t = cli_translator()
    url = f"http://{bind_host}:{bind_port}/"
    typer.echo(t.plural("cli.serve.listening", count, url=url))
    uvicorn.run(
        "matcher.api.app:create_app",
        factory=True,
        host=bind_host,
        port=bind_port,
        workers=count,
        reload=reload,
        log_config=LOG_CONFIG,
        access_log=False,
        timeout_graceful_shutdown=10,
    )


def register(app: typer.Typer) -> None:
    """Add `serve` to ``app``."""
    app.command("serve")(serve)
