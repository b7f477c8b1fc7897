"""`matcher db load` loads the statistics and names tables built from the raw fixtures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from matcher.data.build import build
from matcher.data.load import load_data
from matcher.indicators import CODES, indicator_matrix
from matcher.models import GminaIndicator, Nuts3Region, Region, RegionName, Town, TownName
from matcher.town_facts import nuts3_frame, region_names, town_names
from tests.data.test_load import _write_cooperation


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
    _write_cooperation(out)  # the raw cooperation fixtures name none of the fixture towns
    return out


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as s:
        return int(s.exec(select(func.count()).select_from(model)).one())


def _check(engine: Engine, data_dir: Path) -> None:
    load_data(engine, data_dir)
    assert _count(engine, GminaIndicator) == 38
    assert _count(engine, Nuts3Region) == 10
    assert _count(engine, Region) == 13
    assert _count(engine, RegionName) == 43
    assert _count(engine, TownName) == 5
    with Session(engine) as s:
        munich = s.get(Town, "GN-2867714")
        assert munich is not None and (munich.nuts3, munich.nuts3_method) == ("DE212", "within")
    with engine.connect() as conn:
        matrix = indicator_matrix(conn)
        assert list(matrix.columns) == list(CODES)
        assert matrix.at["PL-0201011", "pit_per_inhabitant"] == pytest.approx(3659.08)
        assert pd.isna(matrix.at["PL-0264011", "pit_per_inhabitant"])  # withheld
        regions = nuts3_frame(conn).set_index("town_id")
        assert regions.at["GN-2867714", "gdp_index"] == 210.0
        assert regions.at["PL-0201011", "mountain"] == 3
        assert region_names(conn, "pl")["DE.13"] == "Saksonia"
        assert region_names(conn, "pl", "adjective")["PL.72"] == "dolnośląskie"
        assert town_names(conn, "pl")["GN-2867714"] == "Monachium"
    load_data(engine, data_dir)  # idempotent
    assert _count(engine, RegionName) == 43


def test_facts_tables_load_sqlite(engine: Engine, data_dir: Path) -> None:
    _check(engine, data_dir)


@pytest.mark.postgres
def test_facts_tables_load_postgres(pg_engine: Engine, data_dir: Path) -> None:
    _check(pg_engine, data_dir)
