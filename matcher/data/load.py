"""`matcher db load`: the shipped data/ files into the database, idempotently and safely.

Each table the data fills is declared once in :data:`SPECS` (file, table, natural key, which
rows the data owns, whether the file may be absent); the columns a file must have, their
types and the foreign keys it is checked against come from the table itself. Every file is
read and checked first (:mod:`matcher.data.validation`); then, in one transaction, the
checks against the database run (foreign keys into stored rows, how many rows a file would
remove) and only when nothing is wrong are rows upserted on their natural keys and stale
data rows deleted. Any problem aborts the load with the database unchanged.

Curation data is never touched: users, town profiles, shortlists, status changes,
partnerships with ``source='curation'`` and town themes of kind ``profile``. Towns and
themes are never deleted (curation rows point at them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from matcher.data.validation import (
    DataFileError,
    FileContents,
    Problem,
    check_references,
    column_rules,
    read_checked,
    references,
    shrink_problem,
    stored_values,
)
from matcher.db import create_all
from matcher.i18n import msg
from matcher.models import (
    GminaIndicator,
    Membership,
    Network,
    Nuts3Region,
    Participation,
    Partnership,
    Project,
    Region,
    RegionName,
    Theme,
    Town,
    TownName,
    TownTheme,
    utcnow,
)

CHUNK = 5_000
MAX_SHRINK = 0.10
"""Largest share of a table's rows one load may remove (or leave stale) without
``allow_shrink``: a rebuild moves a few percent; a damaged file far more."""


@dataclass(frozen=True)
class TableSpec:
    """How one data file maps onto one table."""

    file: str
    table: Table
    keys: tuple[str, ...]
    # Rows of the table that the data owns (may be deleted when gone from the data).
    owned: Callable[[Table], Any] | None = None
    prune: bool = True
    optional: bool = False
    """An absent file is skipped (reported), not an error."""
    managed: tuple[str, ...] = ("created_at",)
    """Columns the load fills itself (besides a surrogate integer id); every other column of
    the table must be in the file's header."""


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
    TableSpec("nuts3_regions.csv.gz", _t(Nuts3Region), ("code",)),
    TableSpec("regions.csv.gz", _t(Region), ("id",)),
    TableSpec("region_names.csv.gz", _t(RegionName), ("region_id", "lang", "form")),
    TableSpec("town_names.csv.gz", _t(TownName), ("town_id", "lang")),
    TableSpec("gmina_indicators.csv.gz", _t(GminaIndicator), ("town_id", "indicator")),
)


@dataclass
class LoadReport:
    """Rows upserted and deleted per table; optional files that were absent."""

    upserted: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


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
    if "created_at" in table.c and "created_at" in spec.managed:
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


def stored_keys(conn: Connection, spec: TableSpec) -> set[tuple[Any, ...]]:
    """Natural keys of the table's rows the data owns (every row when it owns all)."""
    table = spec.table
    query = select(*[table.c[k] for k in spec.keys])
    if spec.owned is not None:
        query = query.where(spec.owned(table))
    return {tuple(row) for row in conn.execute(query)}


def prune(conn: Connection, spec: TableSpec, gone: list[tuple[Any, ...]]) -> int:
    """Delete the data-owned rows with keys ``gone``."""
    table = spec.table
    key_cols = [table.c[k] for k in spec.keys]
    for i in range(0, len(gone), 500):
        stmt = delete(table).where(tuple_(*key_cols).in_(gone[i : i + 500]))
        if spec.owned is not None:
            stmt = stmt.where(spec.owned(table))
        conn.execute(stmt)
    return len(gone)


def read_files(
    data_dir: Path, specs: tuple[TableSpec, ...] = SPECS
) -> tuple[dict[str, FileContents], list[str]]:
    """Every present file read and checked on its own; the optional files that are absent.

    Raises DataFileError when a required file is absent or any file is damaged."""
    contents: dict[str, FileContents] = {}
    absent: list[str] = []
    problems: list[Problem] = []
    more = 0
    for spec in specs:
        path = data_dir / spec.file
        if not path.is_file():
            if spec.optional:
                absent.append(spec.file)
            else:
                problems.append(Problem(spec.file, msg("load.file.missing", folder=str(data_dir))))
            continue
        rules = column_rules(spec.table, spec.managed)
        read = read_checked(path, rules, spec.keys, may_be_empty=spec.optional)
        contents[spec.file] = read
        problems += read.problems
        more += read.more
    if problems or more:
        raise DataFileError(problems, more)
    return contents, absent


def check_against_database(
    conn: Connection,
    contents: dict[str, FileContents],
    specs: tuple[TableSpec, ...],
    *,
    max_shrink: float,
) -> dict[str, list[tuple[Any, ...]]]:
    """Foreign keys and shrinkage checked against the files and the stored rows; returns the
    keys each pruned table would lose. Raises DataFileError (nothing written yet)."""
    loaded = {spec.table.name: spec for spec in specs if spec.file in contents}
    files = {name: spec.file for name, spec in loaded.items()}
    known: dict[tuple[str, str], set[Any]] = {}
    for spec in specs:
        if spec.file not in contents:
            continue
        for ref in references(spec.table):
            target = (ref.target.name, ref.target_column)
            if target in known:
                continue
            target_spec = loaded.get(ref.target.name)
            values: set[Any] = set()
            if target_spec is not None:
                values |= {r[ref.target_column] for r in contents[target_spec.file].rows}
            if target_spec is None or not target_spec.prune:
                values |= stored_values(conn, ref.target, ref.target_column)
            known[target] = values
    problems: list[Problem] = []
    more = 0
    gone_by_file: dict[str, list[tuple[Any, ...]]] = {}
    for spec in specs:
        read = contents.get(spec.file)
        if read is None:
            continue
        check_references(read, spec.table, known, files)
        problems += read.problems
        more += read.more
        stored = stored_keys(conn, spec)
        wanted = {tuple(r[k] for k in spec.keys) for r in read.rows}
        gone = sorted(stored - wanted, key=repr)
        if spec.prune:
            gone_by_file[spec.file] = gone
        shrink = shrink_problem(
            spec.file, spec.table.name, len(stored), len(gone), max_shrink, prunes=spec.prune
        )
        if shrink is not None:
            problems.append(shrink)
    if problems or more:
        raise DataFileError(problems, more)
    return gone_by_file


def load_data(
    engine: Engine,
    data_dir: Path,
    step: Callable[[str, int], None] | None = None,
    *,
    allow_shrink: bool = False,
    max_shrink: float = MAX_SHRINK,
    specs: tuple[TableSpec, ...] = SPECS,
) -> LoadReport:
    """Check every file, then load them all in one transaction; DataFileError leaves the
    database as it was. ``allow_shrink`` lifts the limit on rows removed per table."""
    contents, absent = read_files(data_dir, specs)
    create_all(engine)
    report = LoadReport(missing=absent)
    limit = 1.0 if allow_shrink else max_shrink
    with engine.begin() as conn:
        gone = check_against_database(conn, contents, specs, max_shrink=limit)
        for spec in specs:
            read = contents.get(spec.file)
            if read is None:
                continue
            if step is not None:
                step(spec.table.name, len(read.rows))
            report.upserted[spec.table.name] = upsert(conn, spec, read.rows)
            if spec.prune:
                report.deleted[spec.table.name] = prune(conn, spec, gone[spec.file])
    return report
