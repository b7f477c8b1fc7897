"""Backups: every table round-trips, between SQLite and PostgreSQL in both directions; a
restore refuses a non-empty database unless asked to replace, and a damaged or foreign file,
leaving the database as it was."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from matcher.backup import BackupError, backup, restore, tables
from matcher.curation import add_item
from matcher.db import create_all, make_engine
from matcher.models import AuditEntry, ShortlistItem, TownProfile
from tests.api.seed import BERLIN, KRAKOW, seed


def _fill(engine: Engine) -> None:
    seed(engine)
    with Session(engine) as session:
        session.add(TownProfile(town_id=KRAKOW, description="Królewskie miasto\nnad Wisłą"))
        session.add(AuditEntry(user="curator", action="POST", target="/x", status=201))
        session.commit()
        add_item(session, KRAKOW, BERLIN, "curator", note="Partner? „tak”")


def _normal(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    return value


def everything(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {
            t.name: sorted(
                (tuple(_normal(v) for v in row) for row in conn.execute(select(t))), key=repr
            )
            for t in tables()
        }


def _sqlite(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    create_all(engine)
    return engine


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("sqlite", "sqlite"),
        pytest.param("sqlite", "postgres", marks=pytest.mark.postgres),
        pytest.param("postgres", "sqlite", marks=pytest.mark.postgres),
    ],
)
def test_every_table_round_trips(
    source: str, target: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    engines = {
        "source": request.getfixturevalue("pg_engine")
        if source == "postgres"
        else _sqlite(tmp_path / "a.sqlite"),
    }
    _fill(engines["source"])
    file = tmp_path / "backup.jsonl.gz"
    written = backup(engines["source"], file)
    assert written.rows["town"] == 6 and written.rows["statuschange"] == 1
    before = everything(engines["source"])
    if target == "postgres":
        engines["target"] = request.getfixturevalue("pg_engine")
        # the source was SQLite; the PostgreSQL fixture is empty
    else:
        engines["target"] = _sqlite(tmp_path / "b.sqlite")
    restored = restore(engines["target"], file)
    assert restored.rows == written.rows
    assert everything(engines["target"]) == before
    with Session(engines["target"]) as session:  # new ids continue after the restored ones
        item = add_item(session, KRAKOW, "GN-2867714", "curator")
        ids = [row[0] for row in session.execute(select(ShortlistItem.id)).all()]  # type: ignore[call-overload]
        assert item.id == max(ids)
        assert len(ids) == 2


def test_a_restore_into_a_database_with_data_needs_replace(tmp_path: Path) -> None:
    engine = _sqlite(tmp_path / "a.sqlite")
    _fill(engine)
    file = tmp_path / "b.jsonl.gz"
    backup(engine, file)
    with Session(engine) as session:
        session.add(TownProfile(town_id="PL-1465011", description="later"))
        session.commit()
    changed = everything(engine)
    with pytest.raises(BackupError) as caught:
        restore(engine, file)
    assert caught.value.message.key == "ops.backup.not_empty"
    assert everything(engine) == changed
    restore(engine, file, replace=True)
    assert len(everything(engine)["townprofile"]) == 1


@pytest.mark.parametrize("damage", ["truncated", "not a backup", "missing rows"])
def test_a_damaged_backup_changes_nothing(tmp_path: Path, damage: str) -> None:
    source = _sqlite(tmp_path / "a.sqlite")
    _fill(source)
    file = tmp_path / "b.jsonl.gz"
    backup(source, file)
    if damage == "truncated":
        file.write_bytes(file.read_bytes()[:-200])
    elif damage == "not a backup":
        file.write_bytes(gzip.compress(b'{"hello": 1}\n'))
    else:
        with gzip.open(file, "rt", encoding="utf-8") as fh:
            lines = fh.readlines()
        with gzip.open(file, "wt", encoding="utf-8") as fh:
            fh.writelines(line for line in lines if '"t": "user"' not in line)
    target = _sqlite(tmp_path / "c.sqlite")
    seed_free = everything(target)
    with pytest.raises(BackupError):
        restore(target, file)
    assert everything(target) == seed_free


def test_cli_backup_and_restore(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from matcher.cli import app
    from matcher.config import get_settings

    _fill(_sqlite(tmp_path / "a.sqlite"))
    runner = CliRunner()
    file = tmp_path / "out" / "m.jsonl.gz"
    monkeypatch.setenv("MATCHER_DATABASE_URL", f"sqlite:///{tmp_path / 'a.sqlite'}")
    get_settings.cache_clear()
    done = runner.invoke(app, ["db", "backup", str(file)])
    assert done.exit_code == 0, done.output
    assert "Backed up" in done.output and file.is_file()
    refused = runner.invoke(app, ["db", "restore", str(file)])
    assert refused.exit_code == 1 and "--replace" in refused.output
    _sqlite(tmp_path / "b.sqlite")
    monkeypatch.setenv("MATCHER_DATABASE_URL", f"sqlite:///{tmp_path / 'b.sqlite'}")
    restored = runner.invoke(app, ["db", "restore", str(file)])
    assert restored.exit_code == 0, restored.output
    assert "Restored" in restored.output
    missing = runner.invoke(app, ["db", "restore", str(tmp_path / "nope.gz")])
    assert missing.exit_code == 1 and "no backup file" in missing.output
    assert "Traceback" not in missing.output
    get_settings.cache_clear()
