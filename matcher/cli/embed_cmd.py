"""``matcher embed``: embed every town profile text into the persistent vector store."""

from __future__ import annotations

import time
from typing import Annotated

import typer


def _fail(message_en: str, message_pl: str, code: int = 2) -> typer.Exit:
    """Print a clear message (English, then Polish) to stderr and return the exit to raise."""
    typer.secho(f"Error: {message_en}", err=True, fg="red")
    typer.secho(f"Błąd: {message_pl}", err=True, fg="red")
    return typer.Exit(code)


def _profile_texts(database_url: str) -> dict[str, str]:
    """Texts worth embedding, keyed by town id, read from the database."""
    from sqlalchemy import inspect
    from sqlmodel import Session

    from matcher.db import make_engine
    from matcher.profiles import profile_texts

    engine = make_engine(database_url)
    if not inspect(engine).has_table("town"):
        raise _fail(
            f"the database at {database_url} has no towns: run `matcher db load` first.",
            "baza danych nie zawiera miast: najpierw uruchom `matcher db load`.",
        )
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
    from matcher.config import Settings
    from matcher.embeddings.models import EncoderLoadError, load_encoder
    from matcher.embeddings.store import StoreMismatchError, VectorStore

    settings = Settings()
    texts = _profile_texts(settings.database_url)
    try:
        encoder = load_encoder(model or settings.embedding_model)
    except EncoderLoadError as exc:
        raise _fail(exc.text_en, exc.text_pl) from None
    seed_root = settings.data_dir / "vectors"
    start = time.perf_counter()
    try:
        store = VectorStore(settings.vector_dir, encoder.model_id, seed_root=seed_root)
        result = store.embed(encoder, texts, progress=progress)
    except EncoderLoadError as exc:
        raise _fail(exc.text_en, exc.text_pl) from None
    except StoreMismatchError as exc:
        raise _fail(
            f"the vector store does not match the model: {exc}",
            f"magazyn wektorów nie pasuje do modelu: {exc}",
        ) from None
    elapsed = time.perf_counter() - start
    typer.echo(
        f"{encoder.model_id}: {len(result)} texts embedded "
        f"(new {result.new}, cached {result.cached}, blank skipped {len(result.skipped)}) "
        f"in {elapsed:.1f} s -> {store.folder}"
    )
    typer.echo(
        f"{encoder.model_id}: osadzono {len(result)} tekstów "
        f"(nowe {result.new}, z pamięci {result.cached}, puste pominięte "
        f"{len(result.skipped)}) w {elapsed:.1f} s"
    )
    if export_seed:
        folder = store.export_seed(seed_root, [texts[key] for key in result.keys])
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        typer.echo(f"Seed written / zapisano zalążek: {folder} ({size:.1f} MB)")


def register(app: typer.Typer) -> None:
    """Add ``matcher embed`` to ``app``."""
    app.command()(embed)
