"""`matcher db load`: the shipped data/ files into the database, idempotently.

Rows are upserted on their natural keys (ids, unique pairs), so a reload gives the same
rows with the same primary keys. Rows that came from the data and are gone from it are
deleted; curation data is never touched: users, town profiles, shortlists, status changes,
partnerships with ``source='curation'`` and town themes of kind ``profile``. Towns are
never deleted (curation rows point at them).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Boolean, Float, Integer, String, Table, delete, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlmodel.sql.sqltypes import AutoString

from matcher.db import create_all
from matcher.models import (
    Membership,
    Network,
    Participation,
    Partnership,
    Project,
    Theme,
    Town,
    TownTheme,
    utcnow,
)

CHUNK = 5_000


@dataclass(frozen=True)
class TableSpec:
    """How one data file maps onto one table."""

    file: str
    table: Table
    keys: tuple[str, ...]
    # Rows of the table that the data owns (may be deleted when gone from the data).
    owned: Callable[[Table], Any] | None = None
    prune: bool = True


def _t(model: Any) -> Table:
    return model.__table__


SPECS: tuple[TableSpec, ...] = (
    TableSpec("themes.csv", _t(Theme), ("code",), prune=False),
    TableSpec("towns.csv.gz", _t(Town), ("id",), prune=False),
    TableSpec("networks.csv.gz", _t(Network), ("id",)),
    TableSpec("projects.csv.gz", _t(Project), ("id",)),
    TableSpec(
        "partnerships.csv.gz",
        _t(Partnership),
        ("town_a_id", "town_b_id"),
        owned=lambda t: t.c.source != "curation",
    ),
    TableSpec("memberships.csv.gz", _t(Membership), ("town_id", "network_id")),
    TableSpec("participations.csv.gz", _t(Participation), ("town_id", "project_id")),
    TableSpec(
        "town_themes.csv.gz",
        _t(TownTheme),
        ("town_id", "theme_code", "source_kind", "source_id"),
        owned=lambda t: t.c.source_kind != "profile",
    ),
)


@dataclass
class LoadReport:
    """Rows upserted and deleted per table."""

    upserted: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


class DataMissingError(Exception):
    """The data folder lacks the files `matcher db load` needs."""


def _clean(value: Any, column_type: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NA:
        return None
    if isinstance(column_type, Boolean):
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes")
        return bool(value)
    if isinstance(column_type, Integer):
        return int(value)
    if isinstance(column_type, Float):
        return float(value)
    return str(value)


def _is_text(column_type: Any) -> bool:
    return isinstance(column_type, (String, AutoString))


def frame_rows(frame: pd.DataFrame, table: Table) -> list[dict[str, Any]]:
    """Rows of ``frame`` as dicts typed for ``table`` (unknown columns dropped)."""
    cols = [c for c in frame.columns if c in table.c]
    types = {c: table.c[c].type for c in cols}
    # Required text columns hold "" rather than NULL.
    blank = {c: "" if not table.c[c].nullable and _is_text(table.c[c].type) else None for c in cols}
    records = frame[cols].astype(object).to_dict("records")
    out = []
    for r in records:
        row = {c: _clean(r[c], types[c]) for c in cols}
        out.append({c: blank[c] if v is None else v for c, v in row.items()})
    return out


def read_data_file(path: Path) -> pd.DataFrame:
    """A data file as strings (empty cells as missing)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])


def _chunks(rows: list[dict[str, Any]], size: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def upsert(conn: Connection, spec: TableSpec, rows: list[dict[str, Any]]) -> int:
    """Insert ``rows`` or update the existing ones with the same keys; returns rows sent."""
    if not rows:
        return 0
    table = spec.table
    dialect = conn.dialect.name
    insert_fn = postgresql.insert if dialect == "postgresql" else sqlite.insert
    columns = list(rows[0])
    if table is _t(Partnership):
        now = utcnow()
        rows = [{**r, "created_at": now} for r in rows]
    for chunk in _chunks(rows):
        stmt = insert_fn(table)
        update = {c: stmt.excluded[c] for c in columns if c not in spec.keys and c != "id"}
        where = spec.owned(table) if spec.owned is not None else None
        if update:
            stmt = stmt.on_conflict_do_update(
                index_elements=list(spec.keys), set_=update, where=where
            )
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=list(spec.keys))
        conn.execute(stmt, chunk)
    return len(rows)


def prune(conn: Connection, spec: TableSpec, rows: Iterable[dict[str, Any]]) -> int:
    """Delete rows the data owns whose keys are no longer in the data."""
    table = spec.table
    wanted = {tuple(r[k] for k in spec.keys) for r in rows}
    key_cols = [table.c[k] for k in spec.keys]
    query = select(table.c.id, *key_cols) if "id" in table.c else select(*key_cols)
    if spec.owned is not None:
        query = query.where(spec.owned(table))
    gone: list[tuple[Any, ...]] = []
    for row in conn.execute(query):
        key = tuple(row[-len(spec.keys) :])
        if key not in wanted:
            gone.append(key)
    for i in range(0, len(gone), 500):
        part = gone[i : i + 500]
        stmt = delete(table).where(tuple_(*key_cols).in_(part))
        if spec.owned is not None:
            stmt = stmt.where(spec.owned(table))
        conn.execute(stmt)
    return len(gone)


def load_data(
    engine: Engine, data_dir: Path, step: Callable[[str, int], None] | None = None
) -> LoadReport:
    """Create the tables and load every data file present in ``data_dir`` (one transaction)."""
    if not (data_dir / "towns.csv.gz").is_file():
        raise DataMissingError(f"{data_dir / 'towns.csv.gz'} not found; run `matcher data build`")
    create_all(engine)
    report = LoadReport()
    with engine.begin() as conn:
        for spec in SPECS:
            path = data_dir / spec.file
            if not path.is_file():
                report.missing.append(spec.file)
                continue
            rows = frame_rows(read_data_file(path), spec.table)
            if step is not None:
                step(spec.table.name, len(rows))
            report.upserted[spec.table.name] = upsert(conn, spec, rows)
            if spec.prune:
                report.deleted[spec.table.name] = prune(conn, spec, rows)
    return report
