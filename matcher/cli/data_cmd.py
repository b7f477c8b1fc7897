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
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

    from matcher.cli.language import cli_translator
    from matcher.config import Settings
    from matcher.data.build import build
    from matcher.data.raw import RawDataError
    from matcher.i18n import Message

    settings = Settings()
    raw_dir = raw or settings.raw_dir
    data_dir = out or settings.data_dir
    console = Console(stderr=True)
    t = cli_translator()
    if not raw_dir.is_dir():
        problem = t("cli.data.no_raw_folder", folder=str(raw_dir))
        console.print(f"[red]{problem}[/red]")
        raise typer.Exit(2)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    try:
        with Progress(*columns, console=console, transient=False) as progress:
            current: list[TaskID] = []

            def step(message: Message) -> None:
                if current:
                    progress.update(current[-1], total=1, completed=1)
                current.append(progress.add_task(t.render(message), total=None))

            def tick(done: int, total: int) -> None:
                progress.update(current[-1], total=total, completed=done)

            result = build(raw_dir, data_dir, step, tick)
            progress.update(current[-1], total=1, completed=1)
    except RawDataError as exc:
        problem = t("cli.data.malformed", problem=str(exc))
        console.print(f"[red]{problem}[/red]")
        raise typer.Exit(1) from None
    for name, rows in result.files_rows().items():
        console.print(t.plural("cli.data.file_rows", rows, file=name + ".csv.gz"))
    if result.partnerships is not None:
        r = result.partnerships
        console.print(
            t(
                "cli.data.resolved",
                all=r.share_all,
                covered=r.share_in_scope,
                polish=r.share_polish,
            )
        )


def register(app: typer.Typer) -> None:
    """Add `matcher data ...` to ``app``."""
    app.add_typer(data_app, name="data")
