"""Coordinators: build a consortium, pin towns, swap one, see every rule pass, export."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.web.test_find import pick_town

pytestmark = pytest.mark.browser

KARLOVY_VARY, BARDEJOV = "GN-3067696", "GN-3060972"


def build(page: Page) -> None:
    with page.expect_response(lambda r: r.url.endswith("/api/v1/consortia")):
        page.get_by_role("button", name="Build consortium").click()


def test_build_a_consortium_and_see_the_rule_checks(page: Page, shot: Any) -> None:
    page.goto("/#/consortium")
    pick_town(page, "Lead town", "zakop", "Zakopane")
    page.get_by_label("Call").select_option("cerv-nt-2025")
    page.get_by_label("Number of towns").fill("4")
    build(page)

    checks = page.locator(".rule-checks .rule")
    expect(checks.first).to_be_visible()
    assert checks.count() >= 3
    for i in range(checks.count()):
        rule = checks.nth(i)
        verdict = rule.get_attribute("data-verdict")
        word = {"pass": "passed", "warning": "check", "fail": "failed"}[verdict or ""]
        expect(rule.locator(".verdict")).to_have_text(word)
        expect(rule.locator(".detail")).not_to_be_empty()
    expect(page.locator(".members article")).to_have_count(4)
    expect(page.locator(".members article").first).to_contain_text("lead")
    expect(page.locator(".map .mark.suggestion")).to_have_count(3)
    shot(page)


def test_pin_two_towns_swap_one_every_rule_passes_and_export(page: Page, shot: Any) -> None:
    page.goto("/#/consortium")
    pick_town(page, "Lead town", "zakop", "Zakopane")
    page.get_by_label("Call").select_option("cerv-nt-2025")
    page.get_by_label("Number of towns").fill("5")
    for typed, name in (("karlo", "Karlovy Vary"), ("bardej", "Bardejov")):
        pick_town(page, "Pin a town", typed, name)
        with page.expect_response(lambda r: r.url.endswith("/api/v1/consortia")):
            page.get_by_role("button", name="Pin this town").click()
    members = page.locator(".members article")
    expect(members).to_have_count(5)
    for town_id in (KARLOVY_VARY, BARDEJOV):
        card = page.locator(f'.members article[data-id="{town_id}"]')
        expect(card).to_have_attribute("data-pinned", "true")
        expect(card.locator(".fit")).to_contain_text("Pinned by you")
    expect(page.locator("#pinned .chip")).to_have_count(2)

    # swap the first partner that is not pinned
    free = page.locator('.members article[data-pinned="false"]').nth(1)  # 0 is the lead
    out = free.get_attribute("data-id")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/consortia")) as answer:
        free.get_by_role("button", name="Swap for the next best").click()
    after = answer.value.json()
    ids = [m["town"]["id"] for m in after["members"]]
    assert out not in ids and {KARLOVY_VARY, BARDEJOV} <= set(ids) and len(ids) == 5
    expect(page.locator(f'.members article[data-id="{out}"]')).to_have_count(0)
    expect(page.locator('.members article[data-swapped-in="true"]')).to_have_count(1)
    expect(page.locator("#excluded .chip")).to_have_count(1)

    rules = page.locator(".rule-checks .rule")
    expect(rules.first).to_be_visible()
    assert rules.count() == len(after["checks"]) >= 8
    expect(page.locator(".rule-checks .rule.fail")).to_have_count(0)
    expect(page.locator(".rule-checks .rule.warning")).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="passes every rule")).to_be_visible()
    shot(page)

    for fmt in ("xlsx", "pdf"):
        with page.expect_download() as info:
            page.locator(f'button[data-format="{fmt}"]').click()
        download = info.value
        assert download.suggested_filename.endswith(f".{fmt}")
        content = download.path().read_bytes()
        assert content[:2] == b"PK" if fmt == "xlsx" else content[:5] == b"%PDF-"


def test_size_out_of_range_reads_as_a_sentence(page: Page) -> None:
    page.goto("/#/consortium")
    pick_town(page, "Lead town", "zakop", "Zakopane")
    page.get_by_label("Call").select_option("cerv-nt-2025")
    page.get_by_label("Number of towns").fill("40")
    page.get_by_role("button", name="Build consortium").click()
    expect(page.get_by_role("alert")).to_have_text(
        "A consortium for CERV Networks of Towns 2025 has 4 to 30 towns, lead included;"
        " you asked for 40."
    )


def test_consortium_without_a_lead_is_explained(page: Page) -> None:
    page.goto("/#/consortium")
    page.get_by_role("button", name="Build consortium").click()
    expect(page.get_by_role("alert")).to_contain_text("Pick a town")


def test_the_check_reads_in_polish(page: Page) -> None:
    page.goto("/#/consortium")
    page.get_by_role("button", name="Polski").click()
    pick_town(page, "Miasto wiodące", "zakop", "Zakopane")
    page.get_by_label("Nabór").select_option("cerv-nt-2025")
    page.get_by_label("Liczba miejscowości (z wiodącą)").fill("5")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/consortia")):
        page.get_by_role("button", name="Zbuduj konsorcjum").click()
    expect(page.get_by_role("status").filter(has_text="Konsorcjum")).to_be_visible()
    rule = page.locator('.rule[data-rule="min_eu_countries"]')
    expect(rule.locator(".detail")).to_contain_text("państw")
    expect(rule.locator(".verdict")).to_have_text("spełniona")
    expect(page.locator(".members .fit").first).to_contain_text("Miasto wiodące (koordynator)")
    expect(page.get_by_role("button", name="Zamień na następne najlepsze").first).to_be_visible()
