"""`matcher db upgrade`: bring the database schema to the newest migration."""

from __future__ import annotations

import typer


def _db_group(app: typer.Typer) -> typer.Typer:
    """The `db` command group (made by db_cmd when it exists), created here otherwise."""
    for info in app.registered_groups:
        if info.name == "db" and info.typer_instance is not None:
            return info.typer_instance
    group = typer.Typer(help="The database: load data, migrate the schema.", no_args_is_help=True)
    app.add_typer(group, name="db")
    return group


def upgrade(
    revision: str = typer.Option("head", help="Target revision (default: the newest)."),
) -> None:
    """Create or migrate the database schema (MATCHER_DATABASE_URL; SQLite by default)."""
    from sqlalchemy.exc import SQLAlchemyError

    from matcher.config import get_settings
    from matcher.db import make_engine
    from matcher.migrations import upgrade as run_upgrade

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        result = run_upgrade(engine, revision)
    except SQLAlchemyError as exc:
        typer.echo(f"Database error / Błąd bazy danych: {exc.__class__.__name__}: {exc}", err=True)
        raise typer.Exit(1) from exc
    except Exception as exc:  # alembic reports an unknown revision as a plain error
        typer.echo(f"Migration failed / Migracja nie powiodła się: {exc}", err=True)
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    if result.stamped:
        typer.echo(f"Existing tables marked as revision {result.after}.")
    elif result.before == result.after:
        typer.echo(f"Database already at revision {result.after}.")
    else:
        typer.echo(f"Database migrated from {result.before or 'empty'} to {result.after}.")


def register(app: typer.Typer) -> None:
    """Add `db upgrade` to the `db` group of ``app``."""
    _db_group(app).command("upgrade")(upgrade)
