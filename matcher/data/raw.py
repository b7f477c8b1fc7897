"""Reading raw source files with errors that name the file and the row.

A malformed raw file must stop the build with a message a person can act on, not a
traceback: every loader reads through :func:`read_raw_csv` and raises :class:`RawDataError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd


class RawDataError(Exception):
    """A raw file is missing, unreadable or has a bad row."""

    def __init__(self, path: Path | str, message: str, row: int | None = None) -> None:
        self.path = Path(path)
        self.row = row
        where = f"{self.path}" + (f", row {row}" if row is not None else "")
        super().__init__(f"{where}: {message}")


def read_raw_csv(path: Path, required: Iterable[str], **kwargs: Any) -> pd.DataFrame:
    """Read a CSV as strings, checking it exists, parses, and has the ``required`` columns."""
    if not path.is_file():
        raise RawDataError(path, "file not found")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, **kwargs)
    except pd.errors.ParserError as exc:
        raise RawDataError(path, f"cannot parse CSV ({exc})", _row_of(str(exc))) from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise RawDataError(path, f"cannot read ({exc})") from exc
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise RawDataError(path, f"missing column(s) {', '.join(missing)}", 1)
    return frame


def _row_of(message: str) -> int | None:
    """The line number pandas names in a parser error ("... in line 12, saw 3")."""
    import re

    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


def to_number(path: Path, frame: pd.DataFrame, column: str, *, integer: bool = False) -> pd.Series:
    """``column`` as numbers; empty cells become NaN, anything else unparsable is an error."""
    text = frame[column].astype(str).str.strip().str.replace("\u00a0", "", regex=False)
    blank = text.isin(["", "x", "-"])
    values = pd.to_numeric(text.where(~blank, "nan"), errors="coerce")
    bad = values.isna() & ~blank
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise RawDataError(path, f"column {column!r} is not a number: {text.iloc[i]!r}", i + 2)
    if integer:
        return values.round().astype("Int64")
    return values.astype(float)
