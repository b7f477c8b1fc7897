"""Coordinators: build a consortium for a call and see every rule checked."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.web.test_find import pick_town

pytestmark = pytest.mark.browser


def test_build_a_consortium_and_see_the_rule_checks(page: Page, shot: Any) -> None:
    page.goto("/#/consortium")
    pick_town(page, "Lead town", "zakop", "Zakopane")
    page.get_by_label("Call").select_option("cerv-nt-2025")
    page.get_by_label("Number of towns").fill("4")
    page.get_by_role("button", name="Build consortium").click()

    checks = page.locator(".rule-checks .rule")
    expect(checks.first).to_be_visible()
    assert checks.count() >= 3
    for i in range(checks.count()):
        rule = checks.nth(i)
        passed = "pass" in (rule.get_attribute("class") or "").split()
        expect(rule.locator(".verdict")).to_have_text("passed" if passed else "failed")
        expect(rule.locator(".detail")).not_to_be_empty()
    expect(page.locator(".members article")).to_have_count(4)
    expect(page.locator(".members article").first).to_contain_text("lead")
    expect(page.locator(".map .mark.suggestion")).to_have_count(3)
    shot(page)


def test_consortium_without_a_lead_is_explained(page: Page) -> None:
    page.goto("/#/consortium")
    page.get_by_role("button", name="Build consortium").click()
    expect(page.get_by_role("alert")).to_contain_text("Pick a town")
