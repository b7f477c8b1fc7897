"""`matcher users add|list`: API keys for town editors, curators and admins."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

users_app = typer.Typer(help="API users and their keys.", no_args_is_help=True)


def _engine() -> Engine:
    """The engine of the configured database."""
    from matcher.config import get_settings
    from matcher.db import make_engine

    return make_engine(get_settings().database_url)


@users_app.command("add")
def add(
    name: str = typer.Argument(..., help="A unique name, e.g. 'krakow-office'."),
    role: str = typer.Option(..., "--role", help="editor, curator or admin."),
    town: str | None = typer.Option(None, "--town", help="Town id an editor works for."),
) -> None:
    """Create a user and print its API key (shown once; only a hash is stored)."""
    from sqlalchemy.exc import SQLAlchemyError
    from sqlmodel import Session

    from matcher.users import UserError, create_user

    engine = _engine()
    try:
        with Session(engine) as session:
            created = create_user(session, name, role, town)
    except UserError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(2) from exc
    except SQLAlchemyError as exc:
        typer.echo(
            f"Database error: {exc.__class__.__name__}. Run `matcher db upgrade` first. / "
            "Błąd bazy danych: najpierw uruchom `matcher db upgrade`.",
            err=True,
        )
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    user = created.user
    where = f" for {user.town_id}" if user.town_id else ""
    typer.echo(f"Created {user.role} {user.name!r}{where}. API key (shown once, keep it safe):")
    typer.echo(created.key)


@users_app.command("list")
def list_users() -> None:
    """List users: name, role, town (never keys)."""
    from sqlalchemy.exc import SQLAlchemyError
    from sqlmodel import Session, col, select

    from matcher.models import User

    engine = _engine()
    try:
        with Session(engine) as session:
            users = session.exec(select(User).order_by(col(User.name))).all()
    except SQLAlchemyError as exc:
        typer.echo(f"Database error: {exc.__class__.__name__}", err=True)
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    for user in users:
        typer.echo(f"{user.name}\t{user.role}\t{user.town_id or '-'}")


def register(app: typer.Typer) -> None:
    """Add the `users` group to ``app``."""
    app.add_typer(users_app, name="users")
