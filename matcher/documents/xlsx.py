"""XLSX workbooks from typed sheets: bold frozen header, sensible widths, text kept as text.

A cell that starts like a formula (= + - @) is stored as a text cell, so a note or a town's
self-description is never run by the spreadsheet (formula injection).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

Cell = str | int | float | bool | date | datetime | None

MAX_WIDTH = 60
SHEET_NAME_MAX = 31
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a name, a header row and data rows (each as long as the header)."""

    name: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]] = field(default_factory=list)
    wrap: Sequence[int] = field(default_factory=tuple)
    """Indices of columns whose long text wraps instead of widening the column."""


def inert(value: str) -> str:
    """``value`` with an apostrophe in front if a spreadsheet would run it (CSV export)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def sheet_title(name: str) -> str:
    """A valid worksheet title: at most 31 characters, none of []:*?/\\."""
    clean = _BAD_SHEET_CHARS.sub(" ", name).strip() or "Sheet"
    return clean[:SHEET_NAME_MAX]


def write_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """The workbook of ``sheets``, in order, as bytes."""
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    used: set[str] = set()
    for sheet in sheets:
        title = _unique(sheet_title(sheet.name), used)
        _fill(wb.create_sheet(title), sheet)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _unique(title: str, used: set[str]) -> str:
    candidate, n = title, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = title[: SHEET_NAME_MAX - len(suffix)] + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


def _fill(ws: Worksheet, sheet: Sheet) -> None:
    width = len(sheet.headers)
    ws.append(list(sheet.headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in sheet.rows:
        if len(row) != width:
            raise ValueError(f"sheet {sheet.name!r}: a row has {len(row)} cells, not {width}")
        ws.append(list(row))
    wrap = set(sheet.wrap)
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even if it starts with '='
                if cell.column - 1 in wrap:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    for i, header in enumerate(sheet.headers):
        longest = max([len(str(header)), *(_length(r[i]) for r in sheet.rows)])
        ws.column_dimensions[get_column_letter(i + 1)].width = min(MAX_WIDTH, longest + 2)


def _length(value: Cell) -> int:
    if value is None:
        return 0
    return max(len(line) for line in str(value).splitlines() or [""])
