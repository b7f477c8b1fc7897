"""Curators: sign in with a key, shortlist a suggestion, move it on, see its history, export."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import LiveServer
from tests.web.seed import ZAKOPANE

pytestmark = pytest.mark.browser


def sign_in(page: Page, key: str) -> None:
    page.goto("/#/signin")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_shortlist_status_history_export(
    page: Page, live_server: LiveServer, shot: Any
) -> None:
    sign_in(page, live_server.curator_key)
    expect(page.locator("#signed-in")).to_contain_text("web-curator")

    page.goto(f"/#/find/{ZAKOPANE}")
    first = page.locator("article.suggestion").first
    name = first.locator("h3").inner_text()
    first.get_by_role("button", name="Add to shortlist").click()
    expect(first.get_by_role("button", name="On the shortlist")).to_be_disabled()

    page.goto(f"/#/shortlist/{ZAKOPANE}")
    item = page.locator("article.item", has_text=name)
    expect(item.locator(".status")).to_have_text("suggested")
    item.get_by_label("New status").select_option("proposed")
    item.get_by_label("Note").fill("Sent to the mayor")
    item.get_by_role("button", name="Change").click()
    expect(page.get_by_role("status").filter(has_text="Status saved")).to_be_visible()
    item = page.locator("article.item", has_text=name)
    expect(item.locator(".status")).to_have_text("proposed")

    item.get_by_role("button", name="History").click()
    steps = item.locator(".timeline li")
    expect(steps).to_have_count(2)
    expect(steps.last).to_contain_text("Sent to the mayor")
    shot(page)

    for fmt in ("csv", "xlsx"):
        with page.expect_download() as info:
            page.locator(f'button[data-format="{fmt}"]').click()
        download = info.value
        assert download.suggested_filename.endswith(f".{fmt}")
        assert download.path().stat().st_size > 0


def test_a_wrong_key_is_refused_with_a_message(page: Page) -> None:
    sign_in(page, "not-a-key")
    expect(page.get_by_role("alert")).to_contain_text("API key")
    expect(page.locator("#signed-in")).to_have_count(0)


def test_shortlists_ask_to_sign_in(page: Page) -> None:
    page.goto(f"/#/shortlist/{ZAKOPANE}")
    expect(page.get_by_text("Sign in as a curator")).to_be_visible()
