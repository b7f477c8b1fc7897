from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from matcher.data.build import build
from matcher.data.load import DataMissingError, load_data
from matcher.models import Partnership, ShortlistItem, Town, TownProfile, User


@pytest.fixture(scope="module")
def data_dir(
    raw_dir: Path,
    pl_places: pd.DataFrame,
    small_world: Callable[..., pd.DataFrame],
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    out = tmp_path_factory.mktemp("data")
    mp = pytest.MonkeyPatch()
    mp.setattr("matcher.data.towns.package_places", lambda _cc: pl_places)
    mp.setattr("matcher.data.external.world_places", small_world)
    try:
        build(raw_dir, out)
    finally:
        mp.undo()
    return out


def _snapshot(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    with Session(engine) as s:
        towns = [(t.id, t.name, t.latitude, t.alt_names) for t in s.exec(select(Town))]
        pairs = [(p.id, p.town_a_id, p.town_b_id, p.source) for p in s.exec(select(Partnership))]
    return {"towns": sorted(towns), "pairs": sorted(pairs)}


def _add_curation(engine: Engine) -> None:
    with Session(engine) as s:
        s.add(User(name="ala", role="editor", town_id="PL-0201011", key_hash="h"))
        s.add(TownProfile(town_id="PL-0201011", description="Ceramika"))
        s.add(ShortlistItem(town_id="PL-0201011", candidate_id="GN-2950159"))
        s.add(Partnership(town_a_id="GN-3067696", town_b_id="PL-0201032", source="curation"))
        s.commit()


def _check_load(engine: Engine, data_dir: Path) -> None:
    load_data(engine, data_dir)
    first = _snapshot(engine)
    # 13 own towns + 3 external partner towns; 6 European pairs + 3 with an external end.
    assert len(first["towns"]) == 16 and len(first["pairs"]) == 9
    with Session(engine) as s:
        external = s.exec(select(Town).where(Town.kind == "external")).all()
        assert sorted(t.id for t in external) == ["GN-1816670", "GN-4409896", "GN-4927854"]
    _add_curation(engine)
    load_data(engine, data_dir)
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(User)).one() == 1
        assert s.exec(select(func.count()).select_from(TownProfile)).one() == 1
        assert s.exec(select(func.count()).select_from(ShortlistItem)).one() == 1
        curated = s.exec(select(Partnership).where(Partnership.source == "curation")).all()
        assert len(curated) == 1
    second = _snapshot(engine)
    assert second["towns"] == first["towns"]
    assert [p for p in second["pairs"] if p[3] == "wikipedia"] == first["pairs"]


def test_load_is_idempotent_and_keeps_curation_sqlite(engine: Engine, data_dir: Path) -> None:
    _check_load(engine, data_dir)


@pytest.mark.postgres
def test_load_is_idempotent_and_keeps_curation_postgres(pg_engine: Engine, data_dir: Path) -> None:
    _check_load(pg_engine, data_dir)


def test_stale_data_rows_are_removed(engine: Engine, data_dir: Path) -> None:
    load_data(engine, data_dir)
    with Session(engine) as s:
        s.add(Partnership(town_a_id="GN-3067696", town_b_id="PL-0201043", source="wikipedia"))
        s.commit()
    report = load_data(engine, data_dir)
    assert report.deleted["partnership"] == 1


def test_missing_data_dir(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(DataMissingError):
        load_data(engine, tmp_path)


def test_cli_load_and_search(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from matcher.cli import app

    monkeypatch.setenv("MATCHER_DATABASE_URL", f"sqlite:///{tmp_path / 'm.sqlite'}")
    runner = CliRunner()
    result = runner.invoke(app, ["db", "load", "--data", str(data_dir)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["db", "load", "--data", str(tmp_path / "none")])
    assert result.exit_code == 1 and "matcher data build" in result.output
