"""Shortlist export: CSV and XLSX in every language of the catalogue, history sheet, no formula
injection."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlmodel import Session

from matcher.curation import add_item, apply_change, change_status
from matcher.export import ITEM_HEADERS, headers, load_export, to_csv, to_xlsx
from matcher.models import Town

A, B, C = "PL-0000001", "GN-1", "GN-2"


@pytest.fixture
def town(session: Session) -> Town:
    a = Town(id=A, name="Łódź", name_ascii="lodz", country_code="PL", kind="gmina")
    session.add_all(
        [
            a,
            Town(id=B, name="Berlin", name_ascii="berlin", country_code="DE", kind="place"),
            Town(id=C, name="Lyon", name_ascii="lyon", country_code="FR", kind="place"),
        ]
    )
    session.commit()
    item = add_item(session, A, B, "ann", note='=HYPERLINK("http://x")', score=0.81234)
    apply_change(session, item, change_status(item, "proposed", "sent", "bob", 1), 1)
    add_item(session, A, C, "ann", note="=1+1")
    return a


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_has_one_row_per_item_with_english_headers(session: Session, town: Town) -> None:
    rows = read_csv(to_csv(load_export(session, town)))
    assert rows[0] == headers(ITEM_HEADERS, "en")
    assert [r[2] for r in rows[1:]] == ["Berlin", "Lyon"]
    berlin = dict(zip(rows[0], rows[1], strict=True))
    assert berlin["Town"] == "Łódź" and berlin["Candidate country"] == "DE"
    assert berlin["Status"] == "Proposed" and berlin["Score"] == "0.8123"
    assert berlin["Changed by"] == "bob" and berlin["Note"] == "sent"


def test_csv_in_polish(session: Session, town: Town) -> None:
    rows = read_csv(to_csv(load_export(session, town), "pl"))
    assert rows[0][:3] == ["Miejscowość", "Kraj miejscowości", "Kandydat"]
    assert rows[1][5] == "Zaproponowany"


def test_csv_in_german(session: Session, town: Town) -> None:
    rows = read_csv(to_csv(load_export(session, town), "de"))
    assert rows[0][:3] == ["Ort", "Land des Orts", "Kandidat"]
    assert rows[1][5] == "Vorgeschlagen"


def test_xlsx_in_german_names_its_sheets(session: Session, town: Town) -> None:
    wb = load_workbook(io.BytesIO(to_xlsx(load_export(session, town), "de")))
    assert wb.sheetnames == ["Auswahlliste", "Verlauf"]
    assert next(iter(wb["Verlauf"].values))[2:4] == ("Von", "Nach")


def test_an_unknown_language_gets_english_headers(session: Session, town: Town) -> None:
    assert read_csv(to_csv(load_export(session, town), "xx"))[0][0] == "Town"


def test_csv_neutralises_formulas(session: Session, town: Town) -> None:
    rows = read_csv(to_csv(load_export(session, town)))
    assert rows[2][6] == "'=1+1"


def test_xlsx_has_items_and_history_sheets(session: Session, town: Town) -> None:
    wb = load_workbook(io.BytesIO(to_xlsx(load_export(session, town))))
    assert wb.sheetnames == ["Shortlist", "History"]
    items = list(wb["Shortlist"].values)
    assert list(items[0]) == headers(ITEM_HEADERS, "en") and len(items) == 3
    history = list(wb["History"].values)
    steps = [(r[0], r[2], r[3], r[5]) for r in history[1:]]
    assert steps == [
        ("Berlin", None, "Suggested", "ann"),
        ("Berlin", "Suggested", "Proposed", "bob"),
        ("Lyon", None, "Suggested", "ann"),
    ]


def test_xlsx_stores_formula_like_notes_as_text(session: Session, town: Town) -> None:
    wb = load_workbook(io.BytesIO(to_xlsx(load_export(session, town))))
    cell = wb["History"]["E2"]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
    assert wb["Shortlist"]["G3"].value == "=1+1" and wb["Shortlist"]["G3"].data_type == "s"


def test_xlsx_in_polish(session: Session, town: Town) -> None:
    wb = load_workbook(io.BytesIO(to_xlsx(load_export(session, town), "pl")))
    assert wb.sheetnames == ["Lista", "Historia"]
    assert wb["Lista"]["F2"].value == "Zaproponowany"


def test_empty_shortlist_exports_headers_only(session: Session) -> None:
    t = Town(id=A, name="Łódź", name_ascii="lodz", country_code="PL", kind="gmina")
    session.add(t)
    session.commit()
    assert read_csv(to_csv(load_export(session, t))) == [headers(ITEM_HEADERS, "en")]
