"""`matcher towns search` and `matcher towns export`."""

from __future__ import annotations

import enum
import json
import sys
from typing import Annotated, Any

import typer

towns_app = typer.Typer(help="Find and export towns.", no_args_is_help=True)


class SearchFormat(enum.StrEnum):
    json = "json"
    table = "table"


class ExportFormat(enum.StrEnum):
    csv = "csv"
    json = "json"


NO_DATA = (
    "No towns in the database: run `matcher db load` first. / "
    "Brak miejscowości w bazie: najpierw uruchom `matcher db load`."
)


def _session() -> Any:
    """A session on the configured database, or a clean exit if it holds no towns."""
    from sqlalchemy.exc import SQLAlchemyError
    from sqlmodel import Session

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
        typer.echo(NO_DATA, err=True)
        raise typer.Exit(1)
    return session


def _record(town: Any) -> dict[str, Any]:
    from matcher.towns import EXPORT_FIELDS

    return {f: getattr(town, f) for f in EXPORT_FIELDS}


@towns_app.command("search")
def search_cmd(
    query: Annotated[str, typer.Argument(help="Town name, any spelling / Nazwa miejscowości.")],
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
    """Find towns by name, diacritics and exonyms included / Wyszukaj miejscowości."""
    from matcher.towns import search_towns

    if not query.strip():
        typer.echo("Empty query. / Puste zapytanie.", err=True)
        raise typer.Exit(2)
    with _session() as session:
        towns = search_towns(session, query, country, limit, include_external=include_external)
        records = [_record(t) for t in towns]
    if fmt is SearchFormat.json:
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "name", "country", "lat", "lon", "population")
    for r in records:
        table.add_row(
            r["id"],
            r["name"],
            r["country_code"],
            "" if r["latitude"] is None else f"{r['latitude']:.4f}",
            "" if r["longitude"] is None else f"{r['longitude']:.4f}",
            "" if r["population"] is None else f"{r['population']:,}",
        )
    Console().print(table)
    if not records:
        typer.echo("No town found. / Nie znaleziono miejscowości.", err=True)


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
    """Export every town (id, name, country, coordinates, population) / Eksport miejscowości."""
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
