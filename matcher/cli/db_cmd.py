"""`matcher db load`: load the shipped data/ files into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

db_app = typer.Typer(help="Database commands.", no_args_is_help=True)


@db_app.command("load")
def load_cmd(
    data: Annotated[
        Path | None, typer.Option("--data", help="Data folder (default: settings data_dir).")
    ] = None,
) -> None:
    """Create the tables and load data/*.csv.gz (idempotent) / Załaduj dane do bazy."""
    from rich.console import Console
    from sqlalchemy.exc import SQLAlchemyError

    from matcher.config import Settings
    from matcher.data.load import DataMissingError, load_data
    from matcher.db import make_engine

    settings = Settings()
    console = Console(stderr=True)
    engine = make_engine(settings.database_url)
    try:
        with console.status("loading…") as status:

            def step(table: str, rows: int) -> None:
                status.update(f"loading {table} ({rows:,} rows)")
                console.log(f"{table}: {rows:,} rows")

            report = load_data(engine, data or settings.data_dir, step)
    except DataMissingError as exc:
        console.print(f"[red]{exc} / Brak plików danych: uruchom `matcher data build`[/red]")
        raise typer.Exit(1) from None
    except SQLAlchemyError as exc:
        console.print(
            f"[red]Database error / Błąd bazy danych: {exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0]}[/red]"
        )
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    deleted = sum(report.deleted.values())
    console.print(
        f"loaded {sum(report.upserted.values()):,} rows into {len(report.upserted)} tables; "
        f"removed {deleted:,} stale rows"
    )
    if report.missing:
        console.print(f"[yellow]not found, skipped: {', '.join(report.missing)}[/yellow]")


def register(app: typer.Typer) -> None:
    """Add `matcher db ...` to ``app``."""
    app.add_typer(db_app, name="db")
