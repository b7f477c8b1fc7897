"""The town page and the side-by-side comparison."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.web.seed import KRAKOW, ZAKOPANE

pytestmark = pytest.mark.browser


def test_town_page_shows_facts_themes_networks_projects_partners(page: Page, shot: Any) -> None:
    page.goto(f"/#/town/{ZAKOPANE}")
    expect(page.get_by_role("heading", name="Zakopane", level=1)).to_be_visible()
    facts = page.locator("section.facts tbody tr")
    expect(facts.first).to_be_visible()
    expect(page.locator("section.facts td.source").first).not_to_be_empty()
    expect(page.locator("section.themes")).to_contain_text("Health and spa")
    expect(page.locator("section.themes .evidence").first).to_contain_text("European Spa Towns")
    expect(page.locator("section.networks")).to_contain_text("European Spa Towns")
    expect(page.locator("section.projects")).to_contain_text("TATRY")
    expect(page.locator("section.partners li")).to_have_count(2)
    expect(page.locator(".map .mark.partner")).to_have_count(2)
    shot(page)


def test_town_page_links_to_find_partners(page: Page) -> None:
    page.goto(f"/#/town/{ZAKOPANE}")
    page.get_by_role("link", name="Find partners for Zakopane").click()
    expect(page.locator("article.suggestion").first).to_be_visible()


def test_compare_two_towns(page: Page, shot: Any) -> None:
    with page.expect_response(lambda r: "/explain/" in r.url) as response:
        page.goto(f"/#/compare/{ZAKOPANE}/{KRAKOW}")
    reasons = response.value.json()["reasons"]
    expect(page.get_by_role("heading", name="How well Zakopane and Kraków match")).to_be_visible()
    expect(page.locator(".compare-col")).to_have_count(2)
    bars = page.locator("section.match .reason")
    expect(bars).to_have_count(len(reasons))
    for i in range(len(reasons)):  # the detailed view folds nothing away
        expect(bars.nth(i)).to_be_visible()
    shot(page)


def test_compare_the_same_town_is_refused(page: Page) -> None:
    page.goto(f"/#/compare/{ZAKOPANE}/{ZAKOPANE}")
    expect(page.get_by_role("alert")).to_contain_text("must differ")
