"""`matcher train`, `evaluate`, `suggest` and `explain` through Typer's runner, on a small
random world in a SQLite file, with the real packaged MiniLM model."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from matcher.cli import app
from matcher.config import get_settings
from matcher.db import create_all, make_engine
from tests.ranking.conftest import seed_world

pytestmark = pytest.mark.slow
runner = CliRunner()


@pytest.fixture(scope="module")
def world_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Settings for a seeded SQLite file, a var folder and a ranker path (not trained yet)."""
    root = tmp_path_factory.mktemp("rank")
    url = f"sqlite:///{root / 'world.sqlite'}"
    engine = make_engine(url)
    create_all(engine)
    with Session(engine) as session:
        seed_world(session, n=150)
    engine.dispose()
    yield {
        "MATCHER_DATABASE_URL": url,
        "MATCHER_VAR_DIR": str(root / "var"),
        "MATCHER_RANKER_PATH": str(root / "ranker.json"),
        "MATCHER_EMBEDDING_MODEL": "minilm",
        "LANG": "C.UTF-8",
    }


@pytest.fixture
def env(world_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    for name, value in world_env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield world_env
    get_settings.cache_clear()


@pytest.fixture
def trained(env: dict[str, str]) -> dict[str, str]:
    if not Path(env["MATCHER_RANKER_PATH"]).is_file():
        result = runner.invoke(app, ["train"])
        assert result.exit_code == 0, result.output
    return env


def test_suggest_without_a_ranker_says_to_train(env: dict[str, str], tmp_path: Path) -> None:
    import os

    os.environ["MATCHER_RANKER_PATH"] = str(tmp_path / "none.json")
    get_settings.cache_clear()
    result = runner.invoke(app, ["suggest", "PL-1000"])
    assert result.exit_code == 2
    assert "matcher train" in result.output and "Traceback" not in result.output


def test_train_writes_a_ranker_and_prints_its_weights(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["train", "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert "Trained on " in result.output
    assert f"Wrote {env['MATCHER_RANKER_PATH']}" in result.output
    artifact = json.loads(Path(env["MATCHER_RANKER_PATH"]).read_text())
    assert artifact["embedding_model"].startswith("all-minilm-l6-v2")


def test_evaluate_writes_the_report(trained: dict[str, str], tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", "--reports", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Hidden pairs" in result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    assert any(name.endswith(".md") for name in written), written


def test_suggest_as_json_ranks_with_reasons_that_add_up(trained: dict[str, str]) -> None:
    result = runner.invoke(
        app, ["suggest", "PL-1000", "--target-country", "DE", "--limit", "5", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    suggestions = data[0]["suggestions"] if isinstance(data, list) else data["suggestions"]
    assert 0 < len(suggestions) <= 5
    for s in suggestions:
        assert s["country_code"] == "DE"
        assert sum(r["contribution"] for r in s["reasons"]) == pytest.approx(s["score"], abs=1e-3)
    assert [s["rank"] for s in suggestions] == list(range(1, len(suggestions) + 1))


def test_suggest_as_a_table(trained: dict[str, str]) -> None:
    result = runner.invoke(app, ["suggest", "PL-1000", "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert "Town" in result.output


def test_suggest_an_unknown_town_is_a_message(trained: dict[str, str]) -> None:
    result = runner.invoke(app, ["suggest", "PL-9999999"])
    assert result.exit_code == 2
    assert "PL-9999999" in result.output and "Traceback" not in result.output


def test_explain_one_pair(trained: dict[str, str]) -> None:
    result = runner.invoke(app, ["explain", "PL-1000", "GN-1001"])
    assert result.exit_code == 0, result.output
    pair = json.loads(result.output)
    assert pair["id"] == "GN-1001"
    assert sum(r["contribution"] for r in pair["reasons"]) == pytest.approx(pair["score"], abs=1e-3)


def test_explain_an_unknown_town_is_a_message(trained: dict[str, str]) -> None:
    result = runner.invoke(app, ["explain", "PL-1000", "GN-0"])
    assert result.exit_code == 2
    assert "GN-0" in result.output and "Traceback" not in result.output


def test_suggest_in_polish_and_german(trained: dict[str, str]) -> None:
    polish = runner.invoke(app, ["--lang", "pl", "suggest", "PL-1000", "--limit", "3"])
    assert polish.exit_code == 0, polish.output
    assert "Miejscowość" in polish.output and "Powody" in polish.output
    german = runner.invoke(app, ["suggest", "PL-1000", "--limit", "3", "--lang", "de"])
    assert german.exit_code == 0, german.output
    assert "Gründe" in german.output and "Vorschläge für" in german.output


def test_an_unknown_town_is_a_sentence_in_the_language(trained: dict[str, str]) -> None:
    result = runner.invoke(app, ["--lang", "pl", "explain", "PL-1000", "GN-0"])
    assert result.exit_code == 2
    assert "GN-0" in result.output and "Traceback" not in result.output
    assert "unknown" not in result.output.lower()
