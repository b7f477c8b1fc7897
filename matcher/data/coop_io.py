"""Reading the semicolon CSVs of the cooperation sources (ETMUN, URBACT, KEEP) strictly.

Every parser in ``etmun``, ``urbact`` and ``keep`` reads through :func:`read_source_csv` and
the value parsers below, so a malformed file always fails the same way: a
:class:`MalformedSourceError` naming the file and the row (the header is row 1, the first
record row 2; records may span several text lines).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from matcher.data.raw import RawDataError

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_MISSING = {"", "NA", "N/A", "NAN", "NULL", "-"}


class MalformedSourceError(RawDataError, ValueError):
    """A cooperation source file that cannot be parsed; the message names the file and row.

    A :class:`RawDataError`, so the data build reports it like any other malformed raw file.
    """

    def __init__(self, path: Path | str, row: int | None, problem: str) -> None:
        super().__init__(path, problem, row)
        self.problem = problem


def read_source_csv(
    path: Path, required: Sequence[str], *, sep: str = ";", encoding: str = "utf-8"
) -> pd.DataFrame:
    """All fields as stripped strings ("" when empty); every record must have as many fields
    as the header and the header must contain ``required``. Adds ``_row`` (1-based, header 1).
    """
    if not path.is_file():
        raise MalformedSourceError(path, None, "file not found")
    try:
        with path.open(encoding=encoding, newline="") as fh:
            records = list(csv.reader(fh, delimiter=sep))
    except UnicodeDecodeError as exc:
        raise MalformedSourceError(path, None, f"not {encoding} ({exc})") from exc
    except csv.Error as exc:
        raise MalformedSourceError(path, None, f"unreadable CSV ({exc})") from exc
    if not records:
        raise MalformedSourceError(path, 1, "empty file, no header")
    header = [h.strip().lstrip("\ufeff") for h in records[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise MalformedSourceError(path, 1, f"missing columns {missing}")
    width = len(header)
    rows: list[list[str]] = []
    for number, values in enumerate(records[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != width:
            raise MalformedSourceError(path, number, f"expected {width} fields, got {len(values)}")
        rows.append([v.strip() for v in values] + [str(number)])
    names = _unique_names(header)
    frame = pd.DataFrame(rows, columns=[*names, "_row"], dtype=object)
    frame["_row"] = frame["_row"].astype(int)
    return frame


def _unique_names(header: list[str]) -> list[str]:
    """Header names made unique the pandas way ("Date", "Date.1")."""
    seen: dict[str, int] = {}
    out = []
    for name in header:
        if name in seen:
            seen[name] += 1
            out.append(f"{name}.{seen[name]}")
        else:
            seen[name] = 0
            out.append(name)
    return out


def is_missing(value: str) -> bool:
    """Whether a raw field means "no value" ("", "NA", ...)."""
    return value.strip().upper() in _MISSING


def text(value: str) -> str:
    """A free-text field with "NA" turned into "" and runs of whitespace kept as written."""
    return "" if is_missing(value) else value.strip()


def parse_decimal(value: str, path: Path, row: int, column: str) -> float | None:
    """A coordinate or amount written with a decimal comma ("3,412055") or point."""
    if is_missing(value):
        return None
    try:
        number = float(value.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except ValueError:
        raise MalformedSourceError(path, row, f"{column}: not a number: {value!r}") from None
    if math.isnan(number) or math.isinf(number):
        raise MalformedSourceError(path, row, f"{column}: not a finite number: {value!r}")
    return number


def parse_coordinates(
    lat: str, lon: str, path: Path, row: int
) -> tuple[float | None, float | None]:
    """Latitude and longitude, both or neither, checked against their ranges."""
    la = parse_decimal(lat, path, row, "latitude")
    lo = parse_decimal(lon, path, row, "longitude")
    if la is None or lo is None:
        return None, None
    if not (-90.0 <= la <= 90.0 and -180.0 <= lo <= 180.0):
        raise MalformedSourceError(path, row, f"coordinates out of range: {lat!r}, {lon!r}")
    return la, lo


def parse_year(value: str) -> int | None:
    """The first plausible year in a field ("2002-2006 - CIVITAS I" -> 2002), else None."""
    if is_missing(value):
        return None
    match = _YEAR.search(value)
    return int(match.group(1)) if match else None
