"""`matcher towns search` and `matcher towns export`."""

from __future__ import annotations

import enum
import json
import sys
from typing import Annotated, Any

import typer

from matcher.i18n import msg

towns_app = typer.Typer(help="Find and export towns.", no_args_is_help=True)


class SearchFormat(enum.StrEnum):
    json = "json"
    table = "table"


class ExportFormat(enum.StrEnum):
    csv = "csv"
    json = "json"


def _session() -> Any:
    """A session on the configured database, or a clean exit if it holds no towns."""
    from sqlalchemy.exc import SQLAlchemyError
    from sqlmodel import Session

    from matcher.cli.language import fail
    from matcher.config import Settings
    from matcher.db import make_engine
    from matcher.towns import count_towns

    engine = make_engine(Settings().database_url)
    session = Session(engine)
    try:
        empty = count_towns(session) == 0
    except SQLAlchemyError:
        empty = True
    if empty:
        session.close()
        fail(msg("cli.no_towns"), 1)
    return session


def _record(town: Any) -> dict[str, Any]:
    from matcher.towns import EXPORT_FIELDS

    return {f: getattr(town, f) for f in EXPORT_FIELDS}


@towns_app.command("search")
def search_cmd(
    query: Annotated[str, typer.Argument(help="Town name, any spelling.")],
    country: Annotated[
        list[str] | None, typer.Option("--country", help="ISO2 country code (repeatable).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000)] = 20,
    fmt: Annotated[SearchFormat, typer.Option("--format")] = SearchFormat.table,
    include_external: Annotated[
        bool,
        typer.Option(
            "--include-external",
            help="Also places outside our countries that are only twin-town partners.",
        ),
    ] = False,
) -> None:
    """Find towns by name, diacritics and exonyms included."""
    from matcher.cli.language import cli_translator, fail, say
    from matcher.towns import search_towns

    if not query.strip():
        fail(msg("cli.towns.empty_query"))
    with _session() as session:
        towns = search_towns(session, query, country, limit, include_external=include_external)
        records = [_record(t) for t in towns]
    if fmt is SearchFormat.json:
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    t = cli_translator()
    table = Table(
        t("cli.towns.column.id"),
        t("cli.towns.column.name"),
        t("cli.towns.column.country"),
        t("cli.towns.column.latitude"),
        t("cli.towns.column.longitude"),
        t("cli.towns.column.population"),
    )
    for r in records:
        table.add_row(
            r["id"],
            r["name"],
            r["country_code"],
            "" if r["latitude"] is None else t.number(r["latitude"], "0.0000"),
            "" if r["longitude"] is None else t.number(r["longitude"], "0.0000"),
            "" if r["population"] is None else t.number(r["population"]),
        )
    Console().print(table)
    if not records:
        say(msg("cli.towns.none_found"), err=True)


@towns_app.command("export")
def export_cmd(
    country: Annotated[
        list[str] | None, typer.Option("--country", help="ISO2 country code (repeatable).")
    ] = None,
    fmt: Annotated[ExportFormat, typer.Option("--format")] = ExportFormat.csv,
    include_external: Annotated[
        bool,
        typer.Option(
            "--include-external",
            help="Also places outside our countries that are only twin-town partners.",
        ),
    ] = False,
) -> None:
    """Export every town (id, name, country, coordinates, population)."""
    import csv

    from matcher.towns import EXPORT_FIELDS, export_towns

    with _session() as session:
        towns = export_towns(session, country, include_external=include_external)
        records = [_record(t) for t in towns]
    if fmt is ExportFormat.json:
        typer.echo(json.dumps(records, ensure_ascii=False))
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(EXPORT_FIELDS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)


def register(app: typer.Typer) -> None:
    """Add `matcher towns ...` to ``app``."""
    app.add_typer(towns_app, name="towns")
