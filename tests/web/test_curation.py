"""Curators: sign in, shortlist, save a note without moving the status, meet a conflict and
re-apply, move on, see the history, export; the overview lists every shortlist."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import LiveServer
from tests.web.seed import GDANSK, KRAKOW, SOPOT, ZAKOPANE

pytestmark = pytest.mark.browser


def try_sign_in(page: Page, key: str) -> None:
    page.goto("/#/signin")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()


def sign_in(page: Page, key: str) -> None:
    try_sign_in(page, key)
    expect(page.locator("#signed-in")).to_be_visible()
    # signing in lands on the shortlists: let that page finish before going elsewhere (a
    # test navigating at once could see its next page replaced by the late shortlist page)
    expect(page.locator("body")).to_have_attribute("data-ready", "shortlist")


def api(live_server: LiveServer) -> httpx.Client:
    return httpx.Client(
        base_url=f"{live_server.url}/api/v1", headers={"X-API-Key": live_server.curator_key}
    )


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
    item.get_by_label("Note", exact=True).fill("Sent to the mayor")
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


def test_a_note_alone_keeps_the_status_and_a_conflict_is_reapplied(
    page: Page, live_server: LiveServer, shot: Any
) -> None:
    with api(live_server) as client:
        r = client.post(f"/shortlists/{GDANSK}/items", json={"candidate_id": SOPOT})
        assert r.status_code == 201, r.text
        item_id = r.json()["id"]
    sign_in(page, live_server.curator_key)
    expect(page.locator("#signed-in")).to_be_visible()
    page.goto(f"/#/shortlist/{GDANSK}")
    card = page.locator(f'article.item[data-id="{item_id}"]')
    menu = card.get_by_label("New status")
    expect(menu).to_have_value("")  # "no change" is preselected
    expect(menu.locator("option").first).to_have_text("No change (stays “suggested”)")
    # the statuses offered are the API's allowed_next, in its order
    options = menu.locator("option").all_inner_texts()[1:]
    assert options == ["proposed", "declined"]

    card.get_by_label("Note", exact=True).fill("Called, will write back")
    card.get_by_role("button", name="Change").click()
    expect(page.get_by_role("status").filter(has_text="Status saved")).to_be_visible()
    card = page.locator(f'article.item[data-id="{item_id}"]')
    expect(card.locator(".status")).to_have_text("suggested")
    expect(card.locator(".note")).to_contain_text("Called, will write back")

    # someone else moves it while this card is open
    with api(live_server) as client:
        version = client.get(f"/shortlists/{GDANSK}/items/{item_id}").json()["version"]
        r = client.patch(
            f"/shortlists/{GDANSK}/items/{item_id}",
            json={"status": "proposed", "note": "Mayor agreed", "version": version},
        )
        assert r.status_code == 200
    card.get_by_label("Note", exact=True).fill("Sending the brochure")
    card.get_by_role("button", name="Change").click()
    conflict = card.locator(".conflict")
    expect(conflict).to_contain_text("Sopot changed since you read it")
    expect(conflict.locator(".yours")).to_contain_text("Sending the brochure")
    expect(conflict.locator(".theirs")).to_contain_text("proposed")
    expect(conflict.locator(".theirs")).to_contain_text("Mayor agreed")
    shot(page)
    conflict.get_by_role("button", name="Apply my change again").click()
    expect(page.get_by_role("status").filter(has_text="Status saved")).to_be_visible()
    card = page.locator(f'article.item[data-id="{item_id}"]')
    expect(card.locator(".status")).to_have_text("proposed")  # their move stands
    expect(card.locator(".note")).to_contain_text("Sending the brochure")  # and our note
    with api(live_server) as client:
        steps = client.get(f"/shortlists/{GDANSK}/items/{item_id}/history").json()
    assert [s["to_status"] for s in steps] == ["suggested", "suggested", "proposed", "proposed"]


def test_bulk_add_and_move(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server.curator_key)
    expect(page.locator("#signed-in")).to_be_visible()
    page.goto(f"/#/shortlist/{KRAKOW}")
    page.get_by_role("button", name="Show the best suggestions").click()
    boxes = page.locator(".add-suggestions input[type=checkbox]")
    expect(boxes.first).to_be_visible()
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="Add the selected").click()
    expect(page.get_by_role("status").filter(has_text="Added to the shortlist: 2")).to_be_visible()
    items = page.locator("article.item")
    expect(items).to_have_count(2)
    for i in range(2):
        items.nth(i).locator('input[name="select"]').check()
    page.get_by_label("New status for the selected").select_option("proposed")
    page.get_by_role("button", name="Apply to selected").click()
    expect(page.get_by_role("status").filter(has_text="Saved (2 items)")).to_be_visible()
    expect(page.locator("article.item .status")).to_have_text(["proposed", "proposed"])


def test_the_overview_lists_every_shortlist_with_correct_counts(
    page: Page, live_server: LiveServer, shot: Any
) -> None:
    with api(live_server) as client:
        client.post(f"/shortlists/{SOPOT}/bulk", json={"candidate_ids": [GDANSK, KRAKOW]})
        expected = {}
        for row in client.get("/shortlist-overview").json()["data"]:
            town = row["town"]["id"]
            items = client.get(f"/shortlists/{town}").json()["items"]  # counted independently
            counts = {s: sum(1 for i in items if i["status"] == s) for s in row["counts"]}
            expected[town] = (len(items), counts)
    assert SOPOT in expected and len(expected) >= 2
    sign_in(page, live_server.curator_key)
    expect(page.locator("#signed-in")).to_be_visible()
    page.goto("/#/shortlists")
    rows = page.locator(".overview-table tbody tr")
    expect(rows).to_have_count(len(expected))
    for town, (total, counts) in expected.items():
        row = page.locator(f'.overview-table tr[data-town="{town}"]')
        expect(row.locator('[data-count="total"]')).to_have_text(str(total))
        for status, n in counts.items():
            expect(row.locator(f'[data-count="{status}"]')).to_have_text(str(n))
    shot(page)
    page.get_by_label("Town").fill("sopot")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Sopot")
    with page.expect_download() as info:
        page.locator('button[data-format="csv"]').click()
    assert "Sopot" in info.value.path().read_text(encoding="utf-8-sig")


def test_shortlists_ask_to_sign_in(page: Page) -> None:
    page.goto(f"/#/shortlist/{ZAKOPANE}")
    expect(page.get_by_text("Sign in as a curator")).to_be_visible()


def test_a_wrong_key_is_refused_with_a_message(page: Page) -> None:
    try_sign_in(page, "not-a-key")
    expect(page.get_by_role("alert")).to_contain_text("API key")
    expect(page.locator("#signed-in")).to_have_count(0)
