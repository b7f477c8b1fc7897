"""`matcher db load`: load the shipped data/ files into the database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

if TYPE_CHECKING:
    from rich.console import Console
    from sqlalchemy.engine import Engine

    from matcher.i18n import Translator

db_app = typer.Typer(help="Database commands.", no_args_is_help=True)


@db_app.command("load")
def load_cmd(
    data: Annotated[
        Path | None, typer.Option("--data", help="Data folder (default: settings data_dir).")
    ] = None,
    allow_shrink: Annotated[
        bool,
        typer.Option(
            "--allow-shrink",
            help="Load even when a file would remove more than MATCHER_LOAD_MAX_SHRINK "
            "of a table's rows.",
        ),
    ] = False,
) -> None:
    """Check data/*.csv.gz, then load them in one transaction (idempotent)."""
    from rich.console import Console
    from sqlalchemy.exc import SQLAlchemyError

    from matcher.cli.language import cli_translator
    from matcher.config import Settings
    from matcher.data.load import load_data
    from matcher.data.validation import DataFileError
    from matcher.db import make_engine

    settings = Settings()
    t = cli_translator()
    console = Console(stderr=True, highlight=False, soft_wrap=True, log_path=False)
    engine = make_engine(settings.database_url)
    try:
        with console.status(t("load.checking")) as status:

            def step(table: str, rows: int) -> None:
                status.update(t.plural("load.progress", rows, table=table))
                console.log(t.plural("load.table", rows, table=table))

            report = load_data(
                engine,
                data or settings.data_dir,
                step,
                allow_shrink=allow_shrink,
                max_shrink=settings.load_max_shrink,
            )
    except DataFileError as exc:
        for problem in exc.problems:
            console.print(f"[red]{escape(t.render(problem.describe()))}[/red]")
        if exc.more:
            console.print(escape(t.plural("load.more_problems", exc.more)))
        console.print(f"[bold red]{escape(t.render(exc.summary()))}[/bold red]")
        raise typer.Exit(1) from None
    except SQLAlchemyError as exc:
        reason = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
        failed = t("load.database_error", reason=reason)
        console.print(f"[red]{escape(failed)}[/red]")
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    console.print(escape(t.plural("load.done", sum(report.upserted.values()))))
    console.print(escape(t.plural("load.removed", sum(report.deleted.values()))))
    for name in report.missing:
        skipped = t("load.optional_absent", file=name)
        console.print(f"[yellow]{escape(skipped)}[/yellow]")


@db_app.command("backup")
def backup_cmd(
    path: Annotated[Path, typer.Argument(help="File to write, e.g. backups/matcher.jsonl.gz")],
) -> None:
    """Write every table to a portable backup file (restores into SQLite or PostgreSQL)."""
    from matcher.backup import backup

    t, console, engine = _tools()
    try:
        with console.status(t("ops.backup.writing")):
            report = backup(engine, path, _logger(console, t))
    except OSError as exc:
        failed = t("ops.backup.cannot_write", path=str(path), reason=str(exc))
        console.print(f"[red]{escape(failed)}[/red]")
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    console.print(escape(t.plural("ops.backup.done", report.total, path=str(path))))


@db_app.command("restore")
def restore_cmd(
    path: Annotated[Path, typer.Argument(help="A file written by `matcher db backup`.")],
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace what the database holds now.")
    ] = False,
) -> None:
    """Load a backup into the configured database, in one transaction (migrate it first)."""
    from sqlalchemy.exc import SQLAlchemyError

    from matcher.backup import BackupError, restore

    t, console, engine = _tools()
    try:
        with console.status(t("ops.backup.restoring")):
            report = restore(engine, path, replace=replace, step=_logger(console, t))
    except BackupError as exc:
        console.print(f"[red]{escape(t.render(exc.message))}[/red]")
        raise typer.Exit(1) from None
    except SQLAlchemyError as exc:
        reason = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
        failed = t("ops.backup.database_error", reason=reason)
        console.print(f"[red]{escape(failed)}[/red]")
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    console.print(escape(t.plural("ops.backup.restored", report.total, path=str(path))))


def _tools() -> tuple[Translator, Console, Engine]:
    from rich.console import Console

    from matcher.cli.language import cli_translator
    from matcher.config import Settings
    from matcher.db import make_engine

    console = Console(stderr=True, highlight=False, soft_wrap=True, log_path=False)
    return cli_translator(), console, make_engine(Settings().database_url)


def _logger(console: Console, t: Translator) -> Callable[[str, int], None]:
    def step(table: str, rows: int) -> None:
        console.log(t.plural("load.table", rows, table=table))

    return step


def register(app: typer.Typer) -> None:
    """Add `matcher db ...` to ``app``."""
    app.add_typer(db_app, name="db")
