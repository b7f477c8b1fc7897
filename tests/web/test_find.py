"""Finding partners: autocomplete, results with reason bars, the map, language switch."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.web.seed import ZAKOPANE

pytestmark = pytest.mark.browser


def pick_town(page: Page, label: str, typed: str, option: str) -> None:
    """Type into a town picker and choose an option from its list."""
    page.get_by_role("combobox", name=label).fill(typed)
    page.get_by_role("option", name=option).first.click()


def test_find_partners_shows_reasons_and_map(page: Page, shot: Any) -> None:
    page.goto("/")
    pick_town(page, "Town", "zakopa", "Zakopane")
    page.get_by_role("button", name="Find partners").click()

    cards = page.locator("article.suggestion")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 3
    first = cards.first
    expect(first.locator(".reason")).to_have_count(3)
    expect(first.locator(".reason .why").first).not_to_be_empty()
    expect(page.locator(".reason.neg").first).to_be_visible()  # some factor speaks against
    expect(page.locator(".map svg .country").first).to_be_attached()
    expect(page.locator(f'.map .mark.source[data-id="{ZAKOPANE}"]')).to_have_count(1)
    expect(page.locator(".map .mark.suggestion")).to_have_count(cards.count())
    shot(page)


def test_town_search_ignores_diacritics(page: Page) -> None:
    page.goto("/")
    page.get_by_role("combobox", name="Town").fill("lodz")
    expect(page.get_by_role("option", name="Łódź")).to_be_visible()


def test_filters_narrow_the_results(page: Page) -> None:
    page.goto(f"/#/find/{ZAKOPANE}")
    expect(page.locator("article.suggestion").first).to_be_visible()
    page.get_by_text("Filters").click()
    page.get_by_label("France").check()
    page.get_by_role("button", name="Find partners").click()
    expect(page.locator("article.suggestion")).to_have_count(1)
    expect(page.locator("article.suggestion .meta")).to_contain_text("France")


def test_free_text_without_a_town(page: Page) -> None:
    page.goto("/")
    page.get_by_label("What are you looking for?").fill("uzdrowisko we Francji")
    page.get_by_role("button", name="Find partners").click()
    expect(page.get_by_role("heading", name="Towns matching your description")).to_be_visible()
    expect(page.locator('.reason[data-factor="query"]').first).to_be_visible()


def test_nothing_to_search_for_is_explained(page: Page) -> None:
    page.goto("/")
    page.get_by_role("button", name="Find partners").click()
    expect(page.get_by_role("alert")).to_contain_text("Pick a town or write")


def test_language_switch_translates_and_is_remembered(page: Page, shot: Any) -> None:
    page.goto(f"/#/find/{ZAKOPANE}")
    expect(page.locator("article.suggestion").first).to_be_visible()
    page.get_by_role("button", name="Przełącz na język polski").click()
    expect(page.get_by_role("heading", name="Szukaj miast partnerskich")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator(".reason .factor").first).to_have_text("Liczba mieszkańców")
    expect(page.locator(".reason .why").first).to_contain_text("mieszkańców")
    shot(page)
    page.reload()
    expect(page.get_by_role("heading", name="Szukaj miast partnerskich")).to_be_visible()


def test_api_errors_are_shown_in_the_chosen_language(page: Page) -> None:
    page.goto("/#/town/PL-0000000")
    expect(page.get_by_role("alert")).to_contain_text("Unknown town")
    page.get_by_role("button", name="Przełącz na język polski").click()
    expect(page.get_by_role("alert")).to_contain_text("Nieznana miejscowość")


def test_phone_width_has_no_horizontal_scroll(page: Page, shot: Any) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/#/find/{ZAKOPANE}")
    expect(page.locator("article.suggestion").first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    shot(page)
