"""Checks a data file must pass before `matcher db load` writes anything.

Reading a file turns every cell into the value its column holds (whole number, number,
True/False, text) and collects what is wrong: an unreadable or truncated file, a header
that lacks or adds columns, a cell of the wrong type, a duplicate key. The checks against
the database (foreign keys into other files or stored rows, how many rows a file would
remove) run in :func:`check_against_database`, inside the load's transaction and before
its first write. Every problem names the file, and the row and column where there is one;
rows are counted as a spreadsheet shows them (the header is row 1).
"""

from __future__ import annotations

import csv
import gzip
import math
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Float, Integer, String, Table, select
from sqlalchemy.engine import Connection

from matcher.i18n import Message, msg, plural

MAX_PROBLEMS_PER_FILE = 20
"""Problems reported per file before the rest are only counted."""

TRUE_WORDS = frozenset({"true", "1", "yes"})
FALSE_WORDS = frozenset({"false", "0", "no"})

csv.field_size_limit(10_000_000)  # long descriptions are fine; the default 128 kB is not


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file; ``row`` 1 is the header."""

    file: str
    message: Message
    row: int | None = None
    column: str | None = None

    def describe(self) -> Message:
        """Where the problem is and what it is, as one sentence (row numbers ungrouped, as an
        editor or spreadsheet shows them)."""
        row = str(self.row)
        if self.row is not None and self.column is not None:
            return msg(
                "load.problem.cell",
                file=self.file,
                row=row,
                column=self.column,
                problem=self.message,
            )
        if self.row is not None:
            return msg("load.problem.row", file=self.file, row=row, problem=self.message)
        return msg("load.problem.file", file=self.file, problem=self.message)


class DataFileError(Exception):
    """Data files that must not be loaded; nothing was written."""

    def __init__(self, problems: list[Problem], more: int = 0) -> None:
        super().__init__("; ".join(p.file for p in problems))
        self.problems = problems
        self.more = more

    def summary(self) -> Message:
        """The closing sentence: how many problems, and that nothing changed."""
        return plural("load.refused", len(self.problems) + self.more)


@dataclass(frozen=True)
class ColumnRule:
    """What a column of a table accepts from a file."""

    name: str
    kind: str  # "int", "float", "bool" or "text"
    nullable: bool
    max_length: int | None = None


def column_rules(table: Table, managed: tuple[str, ...]) -> dict[str, ColumnRule]:
    """The rules of every column the file must provide: all but the ``managed`` ones and a
    surrogate integer primary key, which the database numbers."""
    rules: dict[str, ColumnRule] = {}
    for column in table.columns:
        column_type = column.type
        if column.name in managed or (column.primary_key and isinstance(column_type, Integer)):
            continue
        if isinstance(column_type, Boolean):
            kind = "bool"
        elif isinstance(column_type, Integer):
            kind = "int"
        elif isinstance(column_type, Float):
            kind = "float"
        else:
            kind = "text"
        length = column_type.length if isinstance(column_type, String) else None
        rules[column.name] = ColumnRule(column.name, kind, bool(column.nullable), length)
    return rules


def _parse(value: str, rule: ColumnRule) -> tuple[Any, Message | None]:
    """The value of one cell, or the problem with it."""
    if value == "":
        if rule.kind == "text" and not rule.nullable:
            return "", None
        if rule.nullable:
            return None, None
        return None, msg("load.cell.required")
    if rule.kind == "int":
        try:
            return int(value), None
        except ValueError:
            try:
                number = float(value)
            except ValueError:
                number = math.nan
            if number.is_integer():
                return int(number), None
            return None, msg("load.cell.integer", value=value)
    if rule.kind == "float":
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            return None, msg("load.cell.number", value=value)
        return number, None
    if rule.kind == "bool":
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True, None
        if word in FALSE_WORDS:
            return False, None
        return None, msg("load.cell.boolean", value=value)
    if "\x00" in value:
        return None, msg("load.cell.nul")
    if rule.max_length is not None and len(value) > rule.max_length:
        return None, msg("load.cell.too_long", value=value, max=rule.max_length)
    return value, None


def _lines(path: Path) -> Iterator[str]:
    """The text lines of a plain or gzip-compressed UTF-8 file."""
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8", newline="") as text:
            yield from text
    else:
        with path.open(encoding="utf-8", newline="") as text:
            yield from text


def _read_failure(exc: Exception) -> Message:
    """What a reading error means, in words."""
    if isinstance(exc, EOFError):
        return msg("load.file.truncated")
    if isinstance(exc, gzip.BadGzipFile):
        if "CRC" in str(exc) or "length" in str(exc):
            return msg("load.file.checksum")
        return msg("load.file.not_gzip")
    if isinstance(exc, zlib.error):
        return msg("load.file.corrupt")
    if isinstance(exc, UnicodeDecodeError):
        return msg("load.file.encoding")
    if isinstance(exc, csv.Error):
        return msg("load.file.csv", reason=str(exc))
    return msg("load.file.unreadable", reason=type(exc).__name__ + ": " + str(exc))


@dataclass
class FileContents:
    """A data file read and typed: its rows, or the problems that stop it from loading."""

    file: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    more: int = 0

    def add(self, message: Message, row: int | None = None, column: str | None = None) -> None:
        if len(self.problems) < MAX_PROBLEMS_PER_FILE:
            self.problems.append(Problem(self.file, message, row, column))
        else:
            self.more += 1

    @property
    def ok(self) -> bool:
        return not self.problems and not self.more


def read_checked(
    path: Path, rules: Mapping[str, ColumnRule], keys: tuple[str, ...], *, may_be_empty: bool
) -> FileContents:
    """Every row of ``path`` typed by ``rules``; any problem is recorded, none raised."""
    out = FileContents(path.name)
    try:
        reader = csv.reader(_lines(path))
        header = next(reader, None)
        if header is None:
            out.add(msg("load.file.empty"), 1)
            return out
        if not _header_ok(out, header, rules):
            return out
        wanted = [(i, rules[name]) for i, name in enumerate(header)]
        key_index = [header.index(k) for k in keys]
        first_seen: dict[tuple[str, ...], int] = {}
        for row_number, cells in enumerate(reader, start=2):
            if len(cells) != len(header):
                out.add(msg("load.row.fields", found=len(cells), expected=len(header)), row_number)
                continue
            row: dict[str, Any] = {}
            for i, rule in wanted:
                value, problem = _parse(cells[i], rule)
                if problem is not None:
                    out.add(problem, row_number, rule.name)
                row[rule.name] = value
            key = tuple(cells[i] for i in key_index)
            earlier = first_seen.setdefault(key, row_number)
            if earlier != row_number:
                repeated = msg("load.row.duplicate", key=" | ".join(key), first=str(earlier))
                out.add(repeated, row_number)
            out.rows.append(row)
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, csv.Error) as exc:
        # the first row that could not be read (a damaged gzip stops the stream there)
        out.add(_read_failure(exc), len(out.rows) + 2)
        return out
    if not out.rows and out.ok and not may_be_empty:
        out.add(msg("load.file.header_only"), 1)
    return out


def _header_ok(out: FileContents, header: list[str], rules: Mapping[str, ColumnRule]) -> bool:
    """Whether the header names each expected column once and nothing else."""
    names = [name.strip() for name in header]
    repeated = sorted({n for n in names if names.count(n) > 1})
    missing = [n for n in rules if n not in names]
    unknown = [n for n in names if n not in rules]
    if repeated:
        out.add(plural("load.header.repeated", len(repeated), columns=repeated), 1)
    if missing:
        out.add(plural("load.header.missing", len(missing), columns=missing), 1)
    if unknown:
        out.add(plural("load.header.unknown", len(unknown), columns=unknown), 1)
    header[:] = names
    return not (repeated or missing or unknown)


# --- checks against what else is loaded ----------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """Column ``column`` of a file must name a ``target_column`` value of ``target``."""

    column: str
    target: Table
    target_column: str


def references(table: Table) -> list[Reference]:
    """The foreign keys of ``table``, as the load checks them."""
    found = []
    for column in table.columns:
        for fk in column.foreign_keys:
            found.append(Reference(column.name, fk.column.table, fk.column.name))
    return found


def stored_values(conn: Connection, table: Table, column: str) -> set[Any]:
    """Every value of ``table.column`` in the database."""
    return set(conn.execute(select(table.c[column])).scalars())


def check_references(
    contents: FileContents,
    table: Table,
    known: Mapping[tuple[str, str], set[Any]],
    target_files: Mapping[str, str],
) -> None:
    """Record every row whose foreign key names nothing in ``known``."""
    for ref in references(table):
        values = known.get((ref.target.name, ref.target_column))
        if values is None:
            continue
        where = target_files.get(ref.target.name, ref.target.name)
        for row_number, row in enumerate(contents.rows, start=2):
            value = row.get(ref.column)
            if value is not None and value not in values:
                contents.add(
                    msg("load.cell.reference", value=str(value), target=where),
                    row_number,
                    ref.column,
                )


def shrink_problem(
    file: str, table: str, existing: int, absent: int, limit: float, *, prunes: bool
) -> Problem | None:
    """A problem when more than ``limit`` of a table's ``existing`` rows are absent from the
    file: rows the load would delete (``prunes``) or leave stale."""
    if existing == 0 or absent / existing <= limit:
        return None
    figures = {"table": table, "existing": existing, "share": absent / existing, "limit": limit}
    if prunes:
        return Problem(file, plural("load.shrink.remove", absent, **figures))
    return Problem(file, plural("load.shrink.stale", absent, **figures))
