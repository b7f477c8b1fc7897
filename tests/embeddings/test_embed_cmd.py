"""``matcher embed`` with the fake encoder: counts, caching, seed export, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from matcher.cli import app
from matcher.db import create_all, make_engine
from matcher.embeddings.fake import FakeEncoder

TEXTS = {"PL-1": "spa town by the sea", "PL-2": "wine and culture", "PL-3": ""}


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings pointing at a fresh SQLite file and folders under ``tmp_path``."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    create_all(make_engine(url))
    monkeypatch.setenv("MATCHER_DATABASE_URL", url)
    monkeypatch.setenv("MATCHER_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("MATCHER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("matcher.profiles.profile_texts", lambda session: dict(TEXTS))
    return tmp_path


@pytest.fixture
def fake_models(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "matcher.embeddings.models.load_encoder", lambda name, **kw: FakeEncoder(32)
    )


def test_embed_reports_counts_then_caches(env: Path, fake_models: None) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["embed", "--no-progress"])
    assert first.exit_code == 0, first.output
    assert "2 texts embedded (new 2, cached 0, blank skipped 1)" in first.output
    assert "osadzono" not in first.output  # one language, the reader's
    second = runner.invoke(app, ["--lang", "pl", "embed", "--no-progress"])
    assert "osadzono 2 teksty" in second.output, second.output
    third = runner.invoke(app, ["embed", "--no-progress"])
    assert "(new 0, cached 2, blank skipped 1)" in third.output
    assert (env / "var" / "vectors" / "fake-32" / "vectors.npy").is_file()


def test_export_seed_writes_data_vectors(env: Path, fake_models: None) -> None:
    result = CliRunner().invoke(app, ["embed", "--no-progress", "--export-seed"])
    assert result.exit_code == 0, result.output
    assert (env / "data" / "vectors" / "fake-32" / "hashes.npy").is_file()


def test_unknown_model_is_a_clear_error(env: Path) -> None:
    result = CliRunner().invoke(app, ["embed", "--model", str(env / "missing")])
    assert result.exit_code == 2
    assert "Unknown embedding model" in result.output
    polish = CliRunner().invoke(app, ["--lang", "pl", "embed", "--model", str(env / "missing")])
    assert polish.exit_code == 2
    assert "Nieznany model osadzeń" in polish.output, polish.output
    assert "Traceback" not in result.output


def test_empty_database_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_models: None
) -> None:
    monkeypatch.setenv("MATCHER_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    result = CliRunner().invoke(app, ["embed"])
    assert result.exit_code == 2
    assert "matcher db load" in result.output
