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
    from alembic.util.exc import CommandError

    from matcher.cli.language import fail, say
    from matcher.config import get_settings
    from matcher.db import make_engine
    from matcher.i18n import msg
    from matcher.migrations import upgrade as run_upgrade

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        result = run_upgrade(engine, revision)
    except CommandError as exc:  # alembic's word for an unknown revision
        fail(msg("cli.migrate.failed", reason=str(exc)), 1)
    finally:
        engine.dispose()
    if result.stamped:
        say(msg("cli.migrate.stamped", revision=result.after or "-"))
    elif result.before == result.after:
        say(msg("cli.migrate.current", revision=result.after or "-"))
    elif result.before:
        say(msg("cli.migrate.migrated", before=result.before, after=result.after or "-"))
    else:
        say(msg("cli.migrate.created", after=result.after or "-"))


def register(app: typer.Typer) -> None:
    """Add `db upgrade` to the `db` group of ``app``."""
    _db_group(app).command("upgrade")(upgrade)
