"""XLSX workbooks: sheets in order, header bold and frozen, formulas kept as text."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from matcher.documents import Sheet, inert, write_xlsx


def test_sheets_rows_and_types_round_trip() -> None:
    data = write_xlsx(
        [
            Sheet("Lista", ["Miejscowość", "Wynik", "Od"], [["Łódź", 8.26, date(2026, 11, 1)]]),
            Sheet("Powody", ["Powód"], [["Wspólne tematy: turystyka"]]),
        ]
    )
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Lista", "Powody"]
    ws = wb["Lista"]
    assert [c.value for c in ws[1]] == ["Miejscowość", "Wynik", "Od"]
    assert ws["A2"].value == "Łódź"
    assert ws["B2"].value == pytest.approx(8.26)
    assert ws["C2"].value.date() == date(2026, 11, 1)
    assert ws["A1"].font.bold
    assert ws.freeze_panes == "A2"


def test_text_that_looks_like_a_formula_stays_text() -> None:
    data = write_xlsx([Sheet("S", ["Note"], [['=HYPERLINK("http://x")'], ["+48 12 345"]])])
    ws = load_workbook(io.BytesIO(data))["S"]
    assert ws["A2"].data_type == "s"
    assert ws["A2"].value == '=HYPERLINK("http://x")'
    assert ws["A3"].data_type == "s"


def test_sheet_names_are_made_valid_and_unique() -> None:
    long = "Suggestions for Kędzierzyn-Koźle: all of them"
    data = write_xlsx([Sheet(long, ["a"]), Sheet(long, ["a"])])
    names = load_workbook(io.BytesIO(data)).sheetnames
    assert len(names) == 2
    assert all(len(n) <= 31 and ":" not in n for n in names)
    assert names[0] != names[1]


def test_a_row_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="2 cells"):
        write_xlsx([Sheet("S", ["a", "b", "c"], [["x", "y"]])])


def test_an_empty_workbook_is_refused() -> None:
    with pytest.raises(ValueError):
        write_xlsx([])


def test_wrapped_columns_wrap() -> None:
    data = write_xlsx([Sheet("S", ["a", "b"], [["short", "long " * 40]], wrap=[1])])
    ws = load_workbook(io.BytesIO(data))["S"]
    assert ws["B2"].alignment.wrap_text
    assert ws.column_dimensions["B"].width <= 60


def test_inert_prefixes_formula_starts_only() -> None:
    assert inert("=1+1") == "'=1+1"
    assert inert("-5") == "'-5"
    assert inert("Łódź") == "Łódź"
