"""Finding partners: autocomplete, results with reason bars, the map, language switch."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.web.seed import ZAKOPANE

STRONGEST = 4  # reasons a card shows before "show all factors" (STRONGEST in components.js)

pytestmark = pytest.mark.browser


def pick_town(page: Page, label: str, typed: str, option: str) -> None:
    """Type into a town picker and choose an option from its list."""
    page.get_by_role("combobox", name=label).fill(typed)
    page.get_by_role("option", name=option).first.click()


def test_find_partners_shows_reasons_and_map(page: Page, shot: Any) -> None:
    page.goto("/")
    pick_town(page, "Town", "zakopa", "Zakopane")
    with page.expect_response(lambda r: "/suggestions" in r.url) as response:
        page.get_by_role("button", name="Find partners").click()
    data = response.value.json()

    cards = page.locator("article.suggestion")
    expect(cards.first).to_be_visible()
    assert len(data["suggestions"]) >= 3
    expect(cards).to_have_count(len(data["suggestions"]))
    expect(page.locator(f'.map .mark.source[data-id="{ZAKOPANE}"]')).to_have_count(1)
    expect(page.locator(".map .mark")).to_have_count(len(data["suggestions"]) + 1)
    expect(page.locator(".map svg .country").first).to_be_attached()
    for card, s in zip(cards.all(), data["suggestions"], strict=True):
        assert card.get_attribute("data-id") == s["id"]
        expect(card.locator(".reason")).to_have_count(len(s["reasons"]))
        expect(card.locator(".reason .bar")).to_have_count(len(s["reasons"]))
        negatives = sum(r["contribution"] < 0 for r in s["reasons"])
        expect(card.locator(".reason.neg")).to_have_count(negatives)
        factors = card.locator(".reason").evaluate_all("(els) => els.map((e) => e.dataset.factor)")
        assert sorted(factors) == sorted(r["factor"] for r in s["reasons"])
        sentences = card.locator(".why").evaluate_all("(els) => els.map((e) => e.textContent)")
        assert sorted(sentences) == sorted(r["text"] for r in s["reasons"])
    shot(page)


def test_reasons_add_up_to_the_score(page: Page) -> None:
    with page.expect_response(lambda r: "/suggestions" in r.url) as response:
        page.goto(f"/#/find/{ZAKOPANE}")
    for s in response.value.json()["suggestions"]:
        assert sum(r["contribution"] for r in s["reasons"]) == pytest.approx(s["score"], abs=1e-3)
    first = page.locator("article.suggestion").first
    points = first.locator(".reason .points").evaluate_all(
        "(els) => els.map((e) => e.firstChild.textContent)"
    )
    total = sum(float(p.replace("−", "-").replace("+", "")) for p in points)
    score = float(first.locator(".score strong").inner_text())
    assert total == pytest.approx(score, abs=0.01 * len(points))


def test_strongest_reasons_first_the_rest_folded(page: Page) -> None:
    page.goto(f"/#/find/{ZAKOPANE}")
    first = page.locator("article.suggestion").first
    expect(first).to_be_visible()
    reasons = first.locator(".reason")
    assert reasons.count() > STRONGEST
    sizes = first.locator(".reason .points").evaluate_all(
        "(els) => els.map((e) => Math.abs(parseFloat(e.firstChild.textContent.replace('−', '-'))))"
    )
    assert sizes == sorted(sizes, reverse=True)
    for i in range(reasons.count()):
        if i < STRONGEST:
            expect(reasons.nth(i)).to_be_visible()
        else:
            expect(reasons.nth(i)).to_be_hidden()
    toggle = first.get_by_text(f"Show all factors ({reasons.count() - STRONGEST} more)")
    toggle.focus()
    page.keyboard.press("Enter")
    for i in range(reasons.count()):
        expect(reasons.nth(i)).to_be_visible()
        expect(reasons.nth(i).locator(".why")).not_to_be_empty()


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
    with page.expect_response(lambda r: "/suggestions" in r.url) as response:
        page.get_by_role("button", name="Polski").click()  # the reasons are asked for anew
    assert response.value.headers["content-language"] == "pl"
    first = response.value.json()["suggestions"][0]
    expect(page.get_by_role("heading", name="Szukaj miast partnerskich")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    card = page.locator("article.suggestion").first
    population = card.locator('.reason[data-factor="population"]')
    expect(population.locator(".factor")).to_have_text("Liczba mieszkańców")
    by_factor = {r["factor"]: r for r in first["reasons"]}
    expect(population.locator(".why")).to_have_text(by_factor["population"]["text"])
    assert by_factor["population"]["text"] == by_factor["population"]["text_pl"]
    expect(card.locator(".more-reasons summary")).to_contain_text("Pokaż wszystkie czynniki")
    shot(page)
    page.reload()
    expect(page.get_by_role("heading", name="Szukaj miast partnerskich")).to_be_visible()


def test_api_errors_are_shown_in_the_chosen_language(page: Page) -> None:
    page.goto("/#/town/PL-0000000")
    expect(page.get_by_role("alert")).to_contain_text("Unknown town")
    page.get_by_role("button", name="Polski").click()
    expect(page.get_by_role("alert")).to_contain_text("Nieznana miejscowość")


def test_phone_width_has_no_horizontal_scroll(page: Page, shot: Any) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/#/find/{ZAKOPANE}")
    expect(page.locator("article.suggestion").first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    shot(page)
