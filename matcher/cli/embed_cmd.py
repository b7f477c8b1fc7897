"""``matcher embed``: embed every town profile text into the persistent vector store."""

from __future__ import annotations

import time
from typing import Annotated

import typer


def _profile_texts(database_url: str) -> dict[str, str]:
    """Texts worth embedding, keyed by town id, read from the database."""
    from sqlalchemy import inspect
    from sqlmodel import Session

    from matcher.cli.language import fail
    from matcher.db import make_engine
    from matcher.i18n import msg
    from matcher.profiles import profile_texts

    engine = make_engine(database_url)
    if not inspect(engine).has_table("town"):
        fail(msg("cli.no_towns"))
    with Session(engine) as session:
        return profile_texts(session)


def embed(
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="'use-multilingual', 'minilm' or a local model folder (default: settings).",
        ),
    ] = None,
    export_seed: Annotated[
        bool,
        typer.Option(
            "--export-seed",
            help="Also write the vectors of the current texts to data/vectors/ (shipped seed).",
        ),
    ] = False,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Embed the profile texts of all towns; unchanged texts are never embedded twice."""
    from matcher.cli.language import fail, say
    from matcher.config import Settings
    from matcher.embeddings.models import load_encoder
    from matcher.embeddings.store import StoreMismatchError, VectorStore
    from matcher.i18n import msg, plural

    settings = Settings()
    texts = _profile_texts(settings.database_url)
    encoder = load_encoder(model or settings.embedding_model)  # errors: sentences (MatcherGroup)
    seed_root = settings.data_dir / "vectors"
    start = time.perf_counter()
    try:
        store = VectorStore(settings.vector_dir, encoder.model_id, seed_root=seed_root)
        result = store.embed(encoder, texts, progress=progress)
    except StoreMismatchError as exc:
        fail(msg("cli.embed.store_mismatch", reason=str(exc)))
    elapsed = time.perf_counter() - start
    say(
        plural(
            "cli.embed.done",
            len(result),
            model=encoder.model_id,
            new=result.new,
            cached=result.cached,
            skipped=len(result.skipped),
            seconds=elapsed,
            folder=str(store.folder),
        )
    )
    if export_seed:
        folder = store.export_seed(seed_root, [texts[key] for key in result.keys])
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        say(msg("cli.embed.seed_written", folder=str(folder), megabytes=size))


def register(app: typer.Typer) -> None:
    """Add ``matcher embed`` to ``app``."""
    app.command()(embed)
