"""The ``matcher`` command line: data build, db load, embed, train, evaluate, suggest, serve.

Each submodule registers its own commands; heavy imports happen inside the commands.
"""

from __future__ import annotations

from typing import Annotated

import typer

from matcher.cli import (
    data_cmd,
    db_cmd,
    embed_cmd,
    migrate_cmd,
    rank_cmd,
    serve_cmd,
    towns_cmd,
    users_cmd,
)
from matcher.cli.language import MatcherGroup

app = typer.Typer(
    name="matcher",
    cls=MatcherGroup,
    help="Partner-city matchmaking for European local governments.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the messages: en, pl or de (default: MATCHER_LANG, else the "
            "system locale, else English).",
        ),
    ] = None,
) -> None:
    """Partner-city matchmaking for European local governments."""


@app.command()
def version() -> None:
    """Print the installed version."""
    from matcher import __version__

    typer.echo(__version__)


for module in (data_cmd, db_cmd, migrate_cmd, towns_cmd, embed_cmd, rank_cmd, users_cmd, serve_cmd):
    module.register(app)


def main() -> None:
    """Entry point of the ``matcher`` script."""
    app()
