"""Backups that move between databases: every table, as gzip-compressed JSON lines.

One portable format for SQLite and PostgreSQL alike (rather than SQLite's online backup plus
``pg_dump``): a backup taken from either restores into either, so it also moves a
deployment from SQLite to PostgreSQL. The file starts with a header line (format, schema
revision, time, rows per table), then one line per row, tables in the order their foreign
keys need. A backup is read in one transaction (a consistent snapshot); a restore writes in
one transaction into a database at the same schema revision, which must be empty unless
``replace`` is asked for, and is checked against the header's row counts before it commits.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Integer,
    MetaData,
    Table,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from matcher.i18n import Message, msg, plural

FORMAT = "matcher-backup"
VERSION = 1
BATCH = 2_000

Step = Callable[[str, int], None]


class BackupError(Exception):
    """A backup that cannot be written or restored as asked; nothing was changed."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.key)
        self.message = message


@dataclass
class BackupReport:
    """Rows per table, in the order they were written."""

    revision: str | None
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def tables() -> list[Table]:
    """Every table of the models, parents before children."""
    import matcher.models  # noqa: F401  (registers the tables)

    metadata: MetaData = SQLModel.metadata
    return list(metadata.sorted_tables)


def schema_revision(conn: Connection) -> str | None:
    """The Alembic revision of the database (None when it was never migrated)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return str(revision) if revision is not None else None


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return moment.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _decoder(table: Table) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Turn a row read back from JSON into the column types of ``table``."""
    readers: dict[type, Callable[[Any], Any]] = {
        datetime: datetime.fromisoformat,
        date: date.fromisoformat,
        bool: bool,
        int: int,
        float: float,
    }
    kinds: dict[str, Callable[[Any], Any]] = {}
    for column in table.columns:
        column_type = column.type
        impl = getattr(column_type, "impl_instance", None)  # a TypeDecorator's own type
        try:
            python_type = (impl if impl is not None else column_type).python_type
        except NotImplementedError:
            continue
        if python_type in readers:
            kinds[column.name] = readers[python_type]

    def decode(row: dict[str, Any]) -> dict[str, Any]:
        return {
            name: (kinds[name](v) if v is not None and name in kinds else v)
            for name, v in row.items()
        }

    return decode


def backup(engine: Engine, path: Path, step: Step | None = None) -> BackupReport:
    """Write every row of every table to ``path`` (one consistent read)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        revision = schema_revision(conn)
        report = BackupReport(revision)
        counts = {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in tables()
        }
        header = {
            "format": FORMAT,
            "version": VERSION,
            "revision": revision,
            "created_at": datetime.now(UTC).isoformat(),
            "dialect": conn.dialect.name,
            "rows": counts,
        }
        with gzip.open(partial, "wt", encoding="utf-8") as out:
            out.write(json.dumps(header) + "\n")
            for table in tables():
                written = 0
                for row in conn.execute(select(table)).mappings():
                    line = {"t": table.name, "r": {k: _encode(v) for k, v in row.items()}}
                    out.write(json.dumps(line, ensure_ascii=False) + "\n")
                    written += 1
                report.rows[table.name] = written
                if step is not None:
                    step(table.name, written)
    partial.replace(path)
    return report


def read_header(path: Path) -> dict[str, Any]:
    """The header of a backup file; BackupError when it is not one."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            header = json.loads(fh.readline())
    except FileNotFoundError:
        raise BackupError(msg("ops.backup.missing", path=str(path))) from None
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError(msg("ops.backup.not_a_backup", path=str(path))) from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(msg("ops.backup.not_a_backup", path=str(path)))
    if header.get("version") != VERSION:
        raise BackupError(msg("ops.backup.version", version=str(header.get("version"))))
    return header


def _lines(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        fh.readline()
        for line in fh:
            item = json.loads(line)
            yield item["t"], item["r"]


def restore(
    engine: Engine, path: Path, *, replace: bool = False, step: Step | None = None
) -> BackupReport:
    """Load ``path`` into ``engine`` in one transaction; BackupError leaves it unchanged."""
    header = read_header(path)
    known = {t.name: t for t in tables()}
    expected: dict[str, int] = header.get("rows", {})
    unknown = sorted(set(expected) - set(known))
    if unknown:
        raise BackupError(plural("ops.backup.unknown_tables", len(unknown), tables=unknown))
    report = BackupReport(header.get("revision"), {name: 0 for name in expected})
    try:
        with engine.begin() as conn:
            revision = schema_revision(conn)
            if revision != header.get("revision"):
                raise BackupError(
                    msg(
                        "ops.backup.revision",
                        backup=str(header.get("revision")),
                        database=str(revision),
                    )
                )
            filled = [
                t.name
                for t in tables()
                if conn.execute(select(func.count()).select_from(t)).scalar_one()
            ]
            if filled and not replace:
                raise BackupError(plural("ops.backup.not_empty", len(filled), tables=filled))
            for table in reversed(tables()):
                conn.execute(table.delete())
            _insert_all(conn, path, known, report, step)
            for name, count in expected.items():
                if report.rows.get(name, 0) != count:
                    raise BackupError(
                        msg(
                            "ops.backup.count",
                            table=name,
                            expected=count,
                            found=report.rows.get(name, 0),
                        )
                    )
            if conn.dialect.name == "postgresql":
                _reset_sequences(conn)
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError, KeyError) as exc:
        reason = type(exc).__name__
        raise BackupError(msg("ops.backup.damaged", path=str(path), reason=reason)) from None
    return report


def _insert_all(
    conn: Connection,
    path: Path,
    known: dict[str, Table],
    report: BackupReport,
    step: Step | None,
) -> None:
    batch: list[dict[str, Any]] = []
    current: str | None = None
    decode: Callable[[dict[str, Any]], dict[str, Any]] = dict

    def flush() -> None:
        if current is not None and batch:
            conn.execute(known[current].insert(), batch)
            report.rows[current] = report.rows.get(current, 0) + len(batch)
            batch.clear()

    for name, row in _lines(path):
        if name != current:
            flush()
            if current is not None and step is not None:
                step(current, report.rows.get(current, 0))
            current, decode = name, _decoder(known[name])
        batch.append(decode(row))
        if len(batch) >= BATCH:
            flush()
    flush()
    if current is not None and step is not None:
        step(current, report.rows.get(current, 0))


def _reset_sequences(conn: Connection) -> None:
    """Make PostgreSQL's id sequences continue after the restored ids."""
    for table in tables():
        column = table.c.get("id")
        if column is None or not isinstance(column.type, Integer):
            continue
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
            )
        )
