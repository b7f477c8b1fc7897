"""`matcher users add|list|revoke|rotate`: API keys for town editors, curators and admins.

Every change is written to the audit log as ``cli:<login>``.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

import typer

if TYPE_CHECKING:
    from sqlmodel import Session

users_app = typer.Typer(help="API users and their keys.", no_args_is_help=True)
T = TypeVar("T")

EXPIRES_HELP = "Last day the key works (YYYY-MM-DD, UTC); default: no expiry."


def _who() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no login name (e.g. a container without passwd entry)
        return "cli"


def _expiry(value: str | None) -> datetime | None:
    """The moment a key valid through ``value`` stops; a clean exit for a bad date."""
    from matcher.cli.language import cli_translator
    from matcher.users import end_of_day

    if value is None:
        return None
    try:
        return end_of_day(date.fromisoformat(value))
    except ValueError:
        t = cli_translator()
        typer.echo(t("cli.users.bad_date", value=value), err=True)
        raise typer.Exit(2) from None


@contextmanager
def _session() -> Iterator[Session]:
    """A session on the configured database."""
    from sqlmodel import Session

    from matcher.config import get_settings
    from matcher.db import make_engine

    engine = make_engine(get_settings().database_url)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def _run(action: Callable[[Session], T]) -> T:
    """``action`` in a session; user errors and database errors end with a sentence."""
    from sqlalchemy.exc import SQLAlchemyError

    from matcher.cli.language import cli_translator
    from matcher.users import UserError

    t = cli_translator()
    try:
        with _session() as session:
            return action(session)
    except UserError as exc:
        typer.echo(t.render(exc.message), err=True)
        raise typer.Exit(2) from None
    except SQLAlchemyError as exc:
        typer.echo(t("cli.users.database_error", reason=type(exc).__name__), err=True)
        raise typer.Exit(1) from None


def _show_key(created_key: str, message: str) -> None:
    typer.echo(message)
    typer.echo(created_key)


@users_app.command("add")
def add(
    name: str = typer.Argument(..., help="A unique name, e.g. 'krakow-office'."),
    role: str = typer.Option(..., "--role", help="editor, curator or admin."),
    town: str | None = typer.Option(None, "--town", help="Town id an editor works for."),
    expires: str | None = typer.Option(None, "--expires", help=EXPIRES_HELP),
) -> None:
    """Create a user and print its API key (shown once; only a hash is stored)."""
    from matcher.cli.language import cli_translator
    from matcher.users import create_user, role_name

    until = _expiry(expires)
    created = _run(lambda s: create_user(s, name, role, town, expires_at=until, by=_who()))
    t = cli_translator()
    user = created.user
    role_text = role_name(user.role)
    if user.town_id:
        told = t("cli.users.created_for_town", role=role_text, name=user.name, town=user.town_id)
    else:
        told = t("cli.users.created", role=role_text, name=user.name)
    _show_key(created.key, told)


@users_app.command("list")
def list_users() -> None:
    """List users: name, role, town, key state and expiry (never keys)."""
    from sqlmodel import col, select

    from matcher.models import User
    from matcher.users import key_state

    def rows(session: Session) -> list[str]:
        users = session.exec(select(User).order_by(col(User.name))).all()
        return [
            "\t".join(
                [
                    user.name,
                    user.role,
                    user.town_id or "-",
                    key_state(user),
                    user.expires_at.date().isoformat() if user.expires_at else "-",
                ]
            )
            for user in users
        ]

    for line in _run(rows):
        typer.echo(line)


@users_app.command("revoke")
def revoke(name: str = typer.Argument(..., help="The user whose key stops working.")) -> None:
    """Stop a user's key at once, on every server (the user and its history stay)."""
    from matcher.cli.language import cli_translator
    from matcher.users import revoke_user

    _run(lambda s: revoke_user(s, name, by=_who()))
    t = cli_translator()
    typer.echo(t("cli.users.revoked", name=name))


@users_app.command("rotate")
def rotate(
    name: str = typer.Argument(..., help="The user who gets a new key."),
    expires: str | None = typer.Option(None, "--expires", help=EXPIRES_HELP),
) -> None:
    """Give a user a new key (shown once); the old key stops at once."""
    from matcher.cli.language import cli_translator
    from matcher.users import rotate_key

    until = _expiry(expires)
    created = _run(lambda s: rotate_key(s, name, expires_at=until, by=_who()))
    t = cli_translator()
    _show_key(created.key, t("cli.users.rotated", name=name))


def register(app: typer.Typer) -> None:
    """Add the `users` group to ``app``."""
    app.add_typer(users_app, name="users")
