"""A town's shortlist as a spreadsheet: CSV (items), or XLSX (items, plus the history sheet).

Headers, sheet names and status labels in the reader's language (the catalogue). A note is
never run as a formula: in CSV, text starting with = + - @ gets an apostrophe in front; in
XLSX every text cell is stored as text.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel
from sqlmodel import Session

from matcher import curation
from matcher.curation import HistoryEntry, ShortlistPublic
from matcher.i18n import N_, translator
from matcher.models import Town

ITEM_HEADERS: tuple[str, ...] = (
    N_("export.item.town"),
    N_("export.item.town_country"),
    N_("export.item.candidate"),
    N_("export.item.candidate_id"),
    N_("export.item.candidate_country"),
    N_("export.item.status"),
    N_("export.item.note"),
    N_("export.item.score"),
    N_("export.item.last_change"),
    N_("export.item.changed_by"),
)
"""The items sheet's columns (catalogue keys)."""
HISTORY_HEADERS: tuple[str, ...] = (
    N_("export.history.candidate"),
    N_("export.history.candidate_id"),
    N_("export.history.from"),
    N_("export.history.to"),
    N_("export.history.note"),
    N_("export.history.user"),
    N_("export.history.at"),
)
SHEET_NAMES = (N_("export.sheet.items"), N_("export.sheet.history"))
STATUS_NAMES = {
    "suggested": N_("page.status.suggested"),
    "proposed": N_("page.status.proposed"),
    "contacted": N_("page.status.contacted"),
    "accepted": N_("page.status.accepted"),
    "declined": N_("page.status.declined"),
}
"""Each status in words: the page's own keys, so the file says what the page says."""


def headers(keys: tuple[str, ...], lang: str) -> list[str]:
    """Column headers in ``lang`` (any language of the catalogue; English otherwise)."""
    t = translator(lang)
    return [t(key) for key in keys]


def status_name(status: str, lang: str) -> str:
    """``status`` in words, capitalised as a cell ("Zaproponowany")."""
    key = STATUS_NAMES.get(status)
    text = translator(lang)(key) if key else status
    return text[:1].upper() + text[1:]


Cell = str | float | None


class ShortlistExport(BaseModel):
    """Everything a spreadsheet of one shortlist shows."""

    shortlist: ShortlistPublic
    history: dict[int, list[HistoryEntry]]


def load_export(session: Session, town: Town) -> ShortlistExport:
    """``town``'s shortlist and every item's history, read in one go."""
    sl = curation.shortlist(session, town)
    return ShortlistExport(
        shortlist=sl,
        history={i.id: curation.history_public(curation.history(session, i.id)) for i in sl.items},
    )


def safe(value: str) -> str:
    """``value`` made inert for spreadsheets (no formula injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _when(at: datetime) -> str:
    return at.replace(microsecond=0).isoformat(sep=" ")


def item_rows(export: ShortlistExport, lang: str = "en") -> list[list[Cell]]:
    """One row per item, in ITEM_HEADERS order."""
    town = export.shortlist.town
    rows: list[list[Cell]] = []
    for item in export.shortlist.items:
        changes = export.history.get(item.id, [])
        rows.append(
            [
                town.name,
                town.country_code,
                item.candidate.name,
                item.candidate.id,
                item.candidate.country_code,
                status_name(item.status, lang),
                item.note,
                None if item.score is None else round(item.score, 4),
                _when(item.updated_at),
                changes[-1].user if changes else item.created_by,
            ]
        )
    return rows


def history_rows(export: ShortlistExport, lang: str = "en") -> list[list[Cell]]:
    """One row per status change, item by item, oldest first."""
    rows: list[list[Cell]] = []
    for item in export.shortlist.items:
        for change in export.history.get(item.id, []):
            rows.append(
                [
                    item.candidate.name,
                    item.candidate.id,
                    status_name(change.from_status, lang) if change.from_status else "",
                    status_name(change.to_status, lang),
                    change.note,
                    change.user,
                    _when(change.at),
                ]
            )
    return rows


def to_csv(export: ShortlistExport, lang: str = "en") -> bytes:
    """The items as CSV, UTF-8 with a byte-order mark so spreadsheets read Polish letters."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers(ITEM_HEADERS, lang))
    for row in item_rows(export, lang):
        writer.writerow(["" if c is None else safe(c) if isinstance(c, str) else c for c in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(export: ShortlistExport, lang: str = "en") -> bytes:
    """A workbook: the items on the first sheet, the full history on the second."""
    wb = Workbook()
    items = wb.active
    assert items is not None
    items_name, history_name = headers(SHEET_NAMES, lang)
    items.title = items_name
    _fill(items, headers(ITEM_HEADERS, lang), item_rows(export, lang))
    history = wb.create_sheet(history_name)
    _fill(history, headers(HISTORY_HEADERS, lang), history_rows(export, lang))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _fill(sheet: Worksheet, headers: list[str], rows: list[list[Cell]]) -> None:
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even if it starts with '='
    sheet.freeze_panes = "A2"
    for i, header in enumerate(headers, start=1):
        width = max([len(header), *(len(str(r[i - 1] or "")) for r in rows)])
        sheet.column_dimensions[get_column_letter(i)].width = min(60, width + 2)


def filename(export: ShortlistExport, fmt: str) -> str:
    """A download name like ``shortlist-PL-1261011.xlsx``."""
    return f"shortlist-{export.shortlist.town.id}.{fmt}"
