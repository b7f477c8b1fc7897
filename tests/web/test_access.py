"""Keyboard use and visible focus (languages: test_languages.py; speed: scripts/bench_page.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_keyboard_only_search(page: Page) -> None:
    page.goto("/")
    box = page.get_by_role("combobox", name="Town")
    box.focus()
    page.keyboard.type("zakop")
    expect(page.get_by_role("option", name="Zakopane")).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("option", name="Zakopane")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")  # chooses the option
    expect(box).to_have_value("Zakopane (PL)")
    page.keyboard.press("Enter")  # submits the form
    expect(page.locator("article.suggestion").first).to_be_visible()


def test_focus_is_visible(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("combobox", name="Town")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    style = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert style not in ("", "none")
