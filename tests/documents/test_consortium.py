"""The consortium export: XLSX and PDF hold the members, countries, EU status, population,
theme evidence and the rule check item by item, in the reader's language."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from matcher.calls import default_calls
from matcher.consortium import ConsortiumResult, Constraints, build_consortium
from matcher.documents.consortium import consortium_pdf, consortium_xlsx
from matcher.i18n import translator
from matcher.i18n.context import reading
from tests.test_consortium import LEAD, POOL, make_call


@pytest.fixture
def result() -> ConsortiumResult:
    return build_consortium(make_call(), LEAD, POOL, 6, Constraints(pinned=("T-it1",)))


def test_xlsx_has_members_checks_and_sources(result: ConsortiumResult) -> None:
    book = load_workbook(io.BytesIO(consortium_xlsx(result, make_call(), translator("en"))))
    assert book.sheetnames == ["Members", "Rule check", "Sources"]
    members = list(book["Members"].values)
    assert members[0] == (
        "Role",
        "Town",
        "Country",
        "EU status",
        "Population",
        "Themes in common (evidence)",
        "Why it fits",
    )
    assert [r[1] for r in members[1:]] == [m.town.name for m in result.members]
    italy = next(r for r in members if r[1] == "Town it1")
    assert italy[0] == "Partner · pinned" and italy[2] == "Italy" and italy[3] == "EU Member State"
    assert italy[4] == 20_000 and italy[5] == "Health and spa (EHTTA)"
    assert "Pinned by you" in italy[6]
    ukraine = next(r for r in members if r[2] == "Ukraine")
    assert ukraine[3] == "Associated: announced, not confirmed"
    checks = list(book["Rule check"].values)
    assert len(checks) - 1 == len(result.checks)
    by_rule = dict(zip([c.rule for c in result.checks], checks[1:], strict=True))
    assert by_rule["country_sources"][0] == "Passes, check before applying"
    assert by_rule["min_countries"][0] == "Passes"
    assert by_rule["country_sources"][1].startswith("Ukraine: association announced")
    sources = list(book["Sources"].values)
    assert sources[1][0] == "Ukraine" and sources[1][4] == "UA and BA are close to joining."


def test_xlsx_in_polish(result: ConsortiumResult) -> None:
    book = load_workbook(io.BytesIO(consortium_xlsx(result, make_call(), translator("pl"))))
    assert book.sheetnames == ["Członkowie", "Sprawdzenie zasad", "Źródła"]
    rows = list(book["Członkowie"].values)
    assert rows[0][0] == "Rola" and any(r[2] == "Włochy" for r in rows)


def test_pdf_reads_the_same_in_german(result: ConsortiumResult) -> None:
    with reading("de"):
        pdf = consortium_pdf(result, make_call(), translator("de"))
    assert pdf.startswith(b"%PDF-")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert "Konsortium für Test call" in flat or "Konsortium für Testausschreibung" in flat
    assert "Regelprüfung" in flat and "Mitglieder" in flat and "Italien" in flat
    assert "EHTTA" in flat


def test_shipped_call_exports() -> None:
    call = default_calls()["cerv-nt-2025"]
    result = build_consortium(call, LEAD, POOL, 5)
    assert consortium_xlsx(result, call, translator("en"))[:2] == b"PK"
