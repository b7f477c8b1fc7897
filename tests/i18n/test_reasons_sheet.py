"""docs/reasons.md is what the code writes (regenerate with ``make reasons``), and it shows
every reason template of the catalogue."""

from __future__ import annotations

import difflib

from matcher.explain import WRITERS
from matcher.i18n.translator import catalogue_entries
from matcher.reasons_sheet import SHEET, cases, place_names, render_sheet, used_keys

NOT_SENTENCES = ("reason.factor.",)
"""Keys under reason.* that are labels, not sentences (the sheet uses them as headings)."""


def test_the_committed_sheet_matches_the_code() -> None:
    committed = SHEET.read_text(encoding="utf-8")
    generated = render_sheet()
    diff = "".join(
        difflib.unified_diff(
            committed.splitlines(keepends=True),
            generated.splitlines(keepends=True),
            "docs/reasons.md (committed)",
            "docs/reasons.md (make reasons)",
            n=1,
        )
    )
    assert committed == generated, f"docs/reasons.md is stale: run `make reasons`\n{diff[:3000]}"


def test_the_sheet_shows_every_reason_template() -> None:
    templates = {
        key
        for key in catalogue_entries("en")
        if key.startswith("reason.") and not key.startswith(NOT_SENTENCES)
    }
    assert sorted(templates - used_keys()) == []
    assert {case.factor for case in cases(place_names())} == set(WRITERS), "a factor lacks a case"


def test_the_sheet_has_every_language_and_figure() -> None:
    sheet = render_sheet()
    assert "| n | en | de | pl |" in sheet
    for n in (0, 1, 2, 5, 12, 22):
        assert f"\n| {n} | " in sheet
    assert "Szlezwikiem-Holsztynem" in sheet and "Drezno" in sheet
