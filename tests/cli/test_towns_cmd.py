from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from matcher.cli import app
from matcher.data.text import fold
from matcher.db import create_all, make_engine
from matcher.models import Town


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    monkeypatch.setenv("MATCHER_DATABASE_URL", url)
    return url


@pytest.fixture
def loaded(db: str) -> str:
    engine = make_engine(db)
    create_all(engine)
    with Session(engine) as s:
        for tid, name, cc, pop, alts, kind in [
            ("PL-1061011", "Łódź", "PL", 650_000, "Lodz", "gmina"),
            ("PL-0264011", "Wrocław", "PL", 670_000, "Breslau", "gmina"),
            ("GN-2867714", "Munich", "DE", 1_260_391, "München", "place"),
            ("GN-1816670", "Beijing", "CN", 18_960_744, "Peking", "external"),
        ]:
            s.add(
                Town(
                    id=tid,
                    name=name,
                    name_ascii=fold(name),
                    kind=kind,
                    country_code=cc,
                    population=pop,
                    alt_names=alts,
                    latitude=50.0,
                    longitude=19.0,
                )
            )
        s.commit()
    engine.dispose()
    return db


def test_search_json(loaded: str) -> None:
    result = CliRunner().invoke(app, ["towns", "search", "Breslau", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0] == {
        "id": "PL-0264011",
        "name": "Wrocław",
        "country_code": "PL",
        "latitude": 50.0,
        "longitude": 19.0,
        "population": 670_000,
    }


def test_search_country_filter(loaded: str) -> None:
    result = CliRunner().invoke(
        app, ["towns", "search", "Munchen", "--country", "PL", "--format", "json"]
    )
    assert json.loads(result.stdout) == []


def test_search_table(loaded: str) -> None:
    result = CliRunner().invoke(app, ["towns", "search", "Lodz"])
    assert result.exit_code == 0 and "Łódź" in result.stdout


def test_search_bad_limit(loaded: str) -> None:
    result = CliRunner().invoke(app, ["towns", "search", "Lodz", "--limit", "0"])
    assert result.exit_code == 2


def test_search_bad_format(loaded: str) -> None:
    result = CliRunner().invoke(app, ["towns", "search", "Lodz", "--format", "xml"])
    assert result.exit_code == 2


def test_export_csv(loaded: str) -> None:
    result = CliRunner().invoke(app, ["towns", "export", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["GN-2867714", "PL-0264011", "PL-1061011"]
    assert set(rows[0]) == {"id", "name", "country_code", "latitude", "longitude", "population"}


def test_export_json_countries(loaded: str) -> None:
    result = CliRunner().invoke(
        app, ["towns", "export", "--country", "DE", "--country", "PL", "--format", "json"]
    )
    assert len(json.loads(result.stdout)) == 3


def test_search_leaves_out_external_towns(loaded: str) -> None:
    result = CliRunner().invoke(app, ["towns", "search", "Peking", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_search_include_external(loaded: str) -> None:
    result = CliRunner().invoke(
        app, ["towns", "search", "Peking", "--include-external", "--format", "json"]
    )
    assert [r["id"] for r in json.loads(result.stdout)] == ["GN-1816670"]


def test_export_include_external(loaded: str) -> None:
    result = CliRunner().invoke(app, ["towns", "export", "--include-external", "--format", "json"])
    ids = [r["id"] for r in json.loads(result.stdout)]
    assert ids == ["GN-1816670", "GN-2867714", "PL-0264011", "PL-1061011"]


def test_empty_database_tells_to_load(db: str) -> None:
    result = CliRunner().invoke(app, ["towns", "search", "Lodz"])
    assert result.exit_code == 1
    assert "matcher db load" in result.output
