"""``matcher train``, ``matcher evaluate``, ``matcher suggest`` and ``matcher explain``."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from matcher.cli.language import cli_translator, fail, say, use_language
from matcher.i18n import msg

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from matcher.config import Settings
    from matcher.ranking.service import RankingService
    from matcher.results import TownSuggestions


SIGNED = "+0.00;-0.00"
"""A contribution with its sign, in the reader's decimals ("+0,23")."""


class Format(StrEnum):
    json = "json"
    table = "table"


def _engine(settings: Settings) -> Engine:
    from sqlalchemy import inspect

    from matcher.db import make_engine

    engine = make_engine(settings.database_url)
    if not inspect(engine).has_table("town"):
        fail(msg("cli.no_towns"))
    return engine


def _service(settings: Settings, *, progress: bool = True) -> RankingService:
    from matcher.ranking.service import RankerMissing, load_service

    engine = _engine(settings)
    try:
        return load_service(settings, engine, progress=progress)
    except RankerMissing:
        fail(msg("cli.rank.no_ranker", path=str(settings.ranker_path)))


def train(
    output: Annotated[
        Path | None, typer.Option(help="Where to write the ranker (default: settings)")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the negative sampling")] = 0,
) -> None:
    """Train the ranker on all resolved partnerships (deterministic for a seed): shape
    functions per factor, trained for cold start, with its wish policy calibrated."""
    import time

    import numpy as np

    from matcher import __version__
    from matcher.config import get_settings
    from matcher.embeddings.models import load_encoder
    from matcher.ranking.evaluate import wishes
    from matcher.ranking.model import RankerArtifact
    from matcher.ranking.service import corpus_hash, embed_texts
    from matcher.ranking.train import calibrate_wish, fit_shapes
    from matcher.ranking.training_data import training_inputs

    started = time.perf_counter()
    settings = get_settings()
    engine = _engine(settings)
    encoder = load_encoder(settings.embedding_model)
    inputs = training_inputs(engine, lambda t: embed_texts(settings, encoder, t, progress=True))
    ranker, counts = fit_shapes(inputs, seed=seed)
    texts = [w for _, w in wishes()]
    vectors = dict(zip(texts, np.asarray(encoder.encode(texts), dtype=np.float32), strict=True))
    policy = calibrate_wish(inputs.context(ranker), vectors, seed=seed)
    data_hash = corpus_hash(engine)
    artifact = RankerArtifact(
        ranker=ranker,
        version=f"{__version__}+{data_hash[:8]}",
        data_hash=data_hash,
        embedding_model=encoder.model_id,
        training={**counts, "seed": seed},
        wish=policy.to_dict(),
    )
    path = output or settings.ranker_path
    artifact.save(path)
    t = cli_translator()
    say(
        msg(
            "cli.rank.trained_cold",
            positives=counts["positives"],
            negatives=counts["negatives"],
            share=counts["new_town_share_percent"] / 100,
        )
    )
    for factor, shape in ranker.shapes().items():
        points = shape["points"]
        low, high = t.number(min(points), "+0.000;-0.000"), t.number(max(points), "+0.000;-0.000")
        typer.echo(f"  {factor:22s} {low} .. {high}")
    say(msg("cli.rank.wish_policy", weight=policy.weight, bound=policy.bound, window=policy.window))
    say(msg("cli.rank.wrote_in", path=str(path), seconds=round(time.perf_counter() - started)))


def evaluate(
    seed: Annotated[int, typer.Option(help="Seed of the split and the sampling")] = 0,
    reports: Annotated[Path, typer.Option(help="Folder for the report")] = Path("reports"),
    cold_towns: Annotated[
        int, typer.Option(min=1, help="Polish towns whose every link is hidden (cold start)")
    ] = 250,
) -> None:
    """Backtest: towns with partners (15% hidden), cold start (every link of a sample of
    Polish towns hidden) and plausibility with and without wishes; ranker, v1 ranker and
    simple baselines on the same split."""
    import numpy as np
    from rich.console import Console
    from rich.table import Table

    from matcher.config import get_settings
    from matcher.embeddings.models import load_encoder
    from matcher.ranking.evaluate import evaluate as run
    from matcher.ranking.evaluate import wishes
    from matcher.ranking.report import wish_summary, write_report
    from matcher.ranking.service import embed_texts
    from matcher.ranking.train import logistic_context, shapes_context, v1_context
    from matcher.ranking.training_data import training_inputs

    settings = get_settings()
    engine = _engine(settings)
    encoder = load_encoder(settings.embedding_model)
    inputs = training_inputs(engine, lambda t: embed_texts(settings, encoder, t, progress=True))
    texts = [w for _, w in wishes()]
    vectors = dict(zip(texts, np.asarray(encoder.encode(texts), dtype=np.float32), strict=True))
    report = run(
        inputs,
        {
            "ranker": lambda i: shapes_context(i, vectors, seed=seed),
            "logistic (same factors)": lambda i: logistic_context(i, vectors, seed=seed),
            "v1 ranker": lambda i: v1_context(i, seed=seed),
        },
        wish_vectors=vectors,
        seed=seed,
        cold_towns=cold_towns,
    )
    command = "matcher evaluate" + (f" --seed {seed}" if seed else "")
    if cold_towns != 250:
        command += f" --cold-towns {cold_towns}"
    paths = write_report(
        report,
        reports,
        meta={"embedding_model": encoder.model_id, "seed": seed, "command": command},
    )
    t = cli_translator()
    console = Console()
    for title, rows in (
        (t("cli.rank.hidden_pairs", n=report.hidden_pairs), report.table()),
        (
            t("cli.rank.cold_start", towns=report.cold_towns, pairs=report.cold_pairs),
            report.cold_table(),
        ),
        (t("cli.rank.plausibility", population=10_000), wish_summary(report)),
    ):
        table = Table(title=title)
        for header in rows[0]:
            table.add_column(header)
        for row in rows:
            table.add_row(*["–" if v is None else str(v) for v in row.values()])
        console.print(table)
    for p in paths:
        say(msg("cli.rank.wrote", path=str(p)))


def suggest(
    town_ids: Annotated[list[str] | None, typer.Argument(help="Source town ids")] = None,
    target_country: Annotated[
        list[str] | None, typer.Option("--target-country", "-c", help="ISO country code")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=200)] = 10,
    theme: Annotated[list[str] | None, typer.Option(help="Theme code (filter)")] = None,
    query: Annotated[str | None, typer.Option(help="Free text in any language")] = None,
    min_population: Annotated[int | None, typer.Option(min=0)] = None,
    max_population: Annotated[int | None, typer.Option(min=0)] = None,
    max_distance_km: Annotated[float | None, typer.Option(min=0.001)] = None,
    include_same_country: Annotated[bool, typer.Option()] = False,
    fmt: Annotated[Format, typer.Option("--format")] = Format.table,
    lang: Annotated[
        str | None,
        typer.Option(help="Language of the table and reasons (as `matcher --lang`)."),
    ] = None,
) -> None:
    """Ranked partner suggestions with reasons, for one or more towns (one model load)."""
    from pydantic import ValidationError

    from matcher.api.errors import validation_message
    from matcher.config import get_settings
    from matcher.results import SuggestionQuery

    if lang:
        use_language(lang)
    if not town_ids and not query:
        fail(msg("cli.rank.nothing_to_suggest"))
    settings = get_settings()
    service = _service(settings, progress=fmt is Format.table)
    results = []
    for town_id in town_ids or [None]:  # type: ignore[list-item]
        try:
            q = SuggestionQuery(
                town_id=town_id,
                query=query,
                target_countries=[c.upper() for c in target_country or []],
                themes=theme or [],
                min_population=min_population,
                max_population=max_population,
                max_distance_km=max_distance_km,
                include_same_country=include_same_country,
                limit=limit,
            )
        except ValidationError as exc:
            problems = [validation_message(e) for e in exc.errors()]
            fail(msg("cli.rank.bad_query", problems=problems))
        results.append(service.suggest(q))  # domain errors: sentences (MatcherGroup)
    if fmt is Format.json:
        payload = [
            {
                "town": r.town.model_dump() if r.town else None,
                "query": r.query,
                "understood": [u.model_dump() for u in r.understood],
                "suggestions": [s.model_dump() for s in r.suggestions],
            }
            for r in results
        ]
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    _print_tables(results)


def _print_tables(results: list[TownSuggestions]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from matcher.i18n.places import Town

    t = cli_translator()
    console = Console()
    for r in results:
        if r.town:
            town = Town(r.town.name, r.town.country_code)
            title = t("cli.rank.title.town", town=town, country=r.town.country_code)
        else:
            title = t("cli.rank.title.query", query=r.query)
        table = Table(title=escape(title), show_lines=True)
        table.add_column("#", justify="right")
        table.add_column(t("cli.rank.column.town"))
        table.add_column(t("cli.rank.column.score"), justify="right")
        table.add_column(t("cli.rank.column.reasons"))
        for s in r.suggestions:
            top = [x for x in s.reasons if abs(x.contribution) >= 0.05][:4]
            text = "\n".join(f"{t.number(x.contribution, SIGNED)} {x.text}" for x in top)
            table.add_row(
                t.ordinal(s.rank),
                f"{s.name} ({s.country_code})",
                t.number(s.score, "0.00"),
                escape(text),
            )
        console.print(table)
        for u in r.understood:
            console.print(f"  {'✓' if u.applied else '·'} {escape(u.text)}")


def explain(
    town_id: Annotated[str, typer.Argument(help="Source town id")],
    candidate_id: Annotated[str, typer.Argument(help="Candidate town id")],
) -> None:
    """Score and reasons of one given pair, as JSON."""
    from matcher.config import get_settings

    service = _service(get_settings(), progress=False)
    result = service.explain(town_id, candidate_id)  # domain errors: sentences (MatcherGroup)
    typer.echo(json.dumps(result.model_dump(), ensure_ascii=False, indent=2))


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command()(train)
    app.command()(evaluate)
    app.command()(suggest)
    app.command()(explain)
