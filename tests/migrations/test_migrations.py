"""The Alembic migrations build exactly the models' schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from matcher.db import create_all, make_engine
from matcher.migrations import alembic_config, head_revision, upgrade

ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=ENGINES)
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database: a new SQLite file, or the local PostgreSQL emptied."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")
        yield engine
        engine.dispose()
        return
    engine = request.getfixturevalue("pg_engine")
    SQLModel.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    yield engine
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def test_upgrade_builds_the_models_schema_without_drift(empty_engine: Engine) -> None:
    result = upgrade(empty_engine)
    assert (result.before, result.after, result.stamped) == (None, head_revision(), False)
    with empty_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_upgrade_creates_every_model_table(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    tables = set(inspect(empty_engine).get_table_names())
    assert set(SQLModel.metadata.tables) | {"alembic_version"} == tables


def test_upgrade_twice_is_a_no_op(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    again = upgrade(empty_engine)
    assert again.before == again.after == head_revision()


def test_downgrade_to_base_removes_every_table(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    with empty_engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}


def test_tables_from_create_all_are_stamped_not_recreated(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'made.sqlite'}")
    create_all(engine)
    result = upgrade(engine)
    assert result.stamped is True
    assert result.after == head_revision()
    engine.dispose()


def test_a_first_release_database_is_upgraded_keeping_its_rows(empty_engine: Engine) -> None:
    """The first release's ``db load`` made its tables with create_all and no Alembic
    version: today's load adds the new tables and columns and keeps the rows."""
    upgrade(empty_engine, "0001")
    with empty_engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(
            text(
                "INSERT INTO town (id, name, name_ascii, country_code, kind, alt_names, sources) "
                "VALUES ('PL-1', 'Gdańsk', 'gdansk', 'PL', 'gmina', '', 'gus')"
            )
        )
    result = upgrade(empty_engine)
    assert (result.stamped, result.after) == (True, head_revision())
    with empty_engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM town")).scalar_one() == "Gdańsk"
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_a_database_made_from_todays_models_is_only_stamped(empty_engine: Engine) -> None:
    create_all(empty_engine)
    result = upgrade(empty_engine)
    assert (result.stamped, result.before, result.after) == (True, None, head_revision())
