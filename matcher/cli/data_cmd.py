"""`matcher data build`: turn the raw sources into the processed files under data/."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

data_app = typer.Typer(help="Build the processed data files.", no_args_is_help=True)


@data_app.command("build")
def build_cmd(
    raw: Annotated[
        Path | None, typer.Option("--raw", help="Raw data folder (default: settings raw_dir).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Output folder (default: settings data_dir).")
    ] = None,
) -> None:
    """Build data/*.csv.gz and data/README.md from the raw sources / Zbuduj pliki danych."""
    from rich.console import Console

    from matcher.config import Settings
    from matcher.data.build import build
    from matcher.data.raw import RawDataError

    settings = Settings()
    raw_dir = raw or settings.raw_dir
    data_dir = out or settings.data_dir
    console = Console(stderr=True)
    if not raw_dir.is_dir():
        console.print(f"[red]Raw data folder not found / Brak katalogu z danymi: {raw_dir}[/red]")
        raise typer.Exit(2)
    try:
        with console.status("building…") as status:

            def step(message: str) -> None:
                status.update(f"building: {message}")
                console.log(message)

            result = build(raw_dir, data_dir, step)
    except RawDataError as exc:
        console.print(f"[red]Malformed raw data / Błędne dane źródłowe: {exc}[/red]")
        raise typer.Exit(1) from None
    for name, rows in result.files_rows().items():
        console.print(f"{name}.csv.gz: {rows:,} rows")
    if result.partnerships is not None:
        r = result.partnerships
        console.print(
            f"partnerships resolved: {r.share_all:.1%} of all pairs, "
            f"{r.share_in_scope:.1%} in covered countries, {r.share_polish:.1%} with a Polish side"
        )


def register(app: typer.Typer) -> None:
    """Add `matcher data ...` to ``app``."""
    app.add_typer(data_app, name="data")
