"""Profiles, interest and the memo in real Chromium: an editor writes the profile (and meets
a stale edit), another town's editor says "we are interested" and the first answers, and a
result list leaves the screen (print to PDF, copy, XLSX, share link), the comparison keeping
the list's wish."""

from __future__ import annotations

import io
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.web.conftest import LiveServer
from tests.web.seed import LODZ, SOPOT, ZAKOPANE
from tests.web.test_curation import sign_in

pytestmark = pytest.mark.browser
REICHENHALL = "GN-2955224"
SLOW = 20_000
"""Milliseconds to wait for a ranked list (the machine is shared: answers can take seconds)."""


def test_an_editor_writes_the_profile_and_a_stale_edit_loses_nothing(
    page: Page, browser: Browser, live_server: LiveServer, base_url: str, shot: Any
) -> None:
    page.goto(f"/#/town/{LODZ}")
    profile = page.locator("section.profile")
    expect(profile).to_contain_text("Łódź has not written a profile yet.")
    expect(profile).to_contain_text("public sources")
    expect(
        profile.get_by_role("link", name="Working for Łódź? Sign in to write its profile.")
    ).to_be_visible()

    sign_in(page, live_server.editor_keys[LODZ])
    page.goto(f"/#/town/{LODZ}")
    expect(page.locator("#completeness")).to_contain_text("0%")
    page.get_by_role("button", name="Write the profile").click()
    form = page.locator("form.profile-form")
    form.get_by_label("About the town").fill("Textile city, film school, creative industries.")
    form.get_by_label("We offer").fill("Film and design know-how.")
    form.get_by_label("We seek").fill("Spa towns for health tourism.")
    form.get_by_label("Health and spa").check()
    form.get_by_label("Polish", exact=True).check()
    form.get_by_label("Germany").check()
    form.get_by_label("We are actively seeking partners").check()
    form.get_by_label("Name").fill("Anna Łęcka")
    form.get_by_label("E-mail").fill("partners@lodz.example")
    form.get_by_role("button", name="Save the profile").click()
    expect(profile.get_by_role("status")).to_contain_text("Profile saved (version 1)")
    expect(page.locator("#seeking")).to_contain_text("Actively seeking partners since")
    expect(page.locator("#contact")).to_contain_text("partners@lodz.example")
    expect(profile).to_contain_text("Germany")
    shot(page, "saved")

    # a second tab of the same editor still holds version 1
    other = browser.new_page(base_url=base_url)
    sign_in(other, live_server.editor_keys[LODZ])
    other.goto(f"/#/town/{LODZ}")
    other.get_by_role("button", name="Edit the profile").click()
    other.locator("form.profile-form").get_by_label("We offer").fill(
        "Film, design and textile heritage."
    )

    page.get_by_role("button", name="Edit the profile").click()
    page.locator("form.profile-form").get_by_label("About the town").fill("First writer.")
    page.get_by_role("button", name="Save the profile").click()
    expect(profile.get_by_role("status")).to_contain_text("version 2")

    other.get_by_role("button", name="Save the profile").click()
    conflict = other.locator(".conflict")
    expect(conflict).to_contain_text("version 2")
    # what was typed is still there
    expect(other.locator("form.profile-form").get_by_label("We offer")).to_have_value(
        "Film, design and textile heritage."
    )
    other.get_by_role("button", name="Save my changes over it").click()
    expect(other.locator("section.profile").get_by_role("status")).to_contain_text("version 3")
    expect(other.locator("section.profile")).to_contain_text("Film, design and textile heritage.")
    other.close()

    # anonymous readers do not see the contact
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"/#/town/{ZAKOPANE}")
    page.goto(f"/#/town/{LODZ}")  # quickly on: the slower first page must not win
    expect(page.get_by_role("heading", name="Łódź", level=1)).to_be_visible()
    expect(page.locator("#contact")).to_have_text("Sign in to see whom to contact.")
    expect(page.locator("section.profile")).not_to_contain_text("partners@lodz.example")


def test_interest_is_sent_seen_and_answered(
    page: Page, browser: Browser, live_server: LiveServer, base_url: str, shot: Any
) -> None:
    sign_in(page, live_server.editor_keys[REICHENHALL])
    page.goto(f"/#/find/{REICHENHALL}")
    cards = page.locator("article.suggestion")
    expect(cards.first).to_be_visible(timeout=SLOW)
    ids = [c.get_attribute("data-id") for c in cards.all()]
    target = next(i for i in ids if i in live_server.editor_keys and i != REICHENHALL)
    card = page.locator(f'article.suggestion[data-id="{target}"]')
    name = card.locator("h3").inner_text()
    card.get_by_role("button", name="We are interested").click()
    card.get_by_label("A short message").fill("Salt baths meet mineral springs: shall we talk?")
    card.get_by_role("button", name="Send").click()
    expect(card.get_by_role("link", name="Open the thread")).to_be_visible()
    expect(card.locator(".interest-action [role=status]")).to_contain_text(
        f"{name} will see your interest"
    )

    them = browser.new_page(base_url=base_url)
    sign_in(them, live_server.editor_keys[target])
    them.goto(f"/#/town/{target}")
    them.get_by_role("link", name="Interest inbox").click()
    incoming = them.locator("section.threads.incoming li.thread")
    expect(incoming).to_have_count(1)
    expect(incoming.first).to_contain_text("Bad Reichenhall")
    expect(incoming.first.locator(".status")).to_have_text("sent")
    incoming.first.get_by_role("link", name="Bad Reichenhall").click()
    thread = them.locator("#thread")
    expect(thread).to_contain_text("Salt baths meet mineral springs")
    expect(them.locator("#thread-status")).to_have_text("seen")
    thread.get_by_label("Your message").fill("Yes, gladly. Our mayor visits in May.")
    thread.get_by_role("button", name="Answer").click()
    expect(them.locator("#thread-status")).to_have_text("answered")
    shot(them, "answered")
    them.close()

    card.get_by_role("link", name="Open the thread").click()
    expect(page.locator("#thread")).to_contain_text("Our mayor visits in May.")
    expect(page.locator("#thread-status")).to_have_text("answered")
    # the sender may write on, never answer or decline for the other side
    expect(page.locator("#thread [data-action]")).to_have_count(1)

    # the header's inbox link: an editor lands in the own town's inbox, a curator sees all
    page.locator("#inbox-nav").click()
    expect(page.get_by_role("heading", name="Interest inbox of Bad Reichenhall")).to_be_visible()
    curator = browser.new_page(base_url=base_url)
    sign_in(curator, live_server.curator_key)
    curator.locator("#inbox-nav").click()
    expect(curator.get_by_role("heading", name="Every interest thread")).to_be_visible()
    expect(curator.locator("li.thread", has_text=f"Bad Reichenhall → {name}")).to_contain_text(
        "answered"
    )
    curator.close()


def search_with_wish(page: Page, wish: str) -> None:
    page.goto(f"/#/find/{ZAKOPANE}")
    expect(page.locator("article.suggestion").first).to_be_visible(timeout=SLOW)
    box = page.get_by_label("What are you looking for? (optional)")
    box.fill(wish)
    box.press("Shift+Enter")  # a new line, not a search
    box.type("mineral")
    with page.expect_response(lambda r: "/suggestions" in r.url and "q=" in r.url):
        box.press("Enter")  # Enter sends the wish
    expect(page.locator("article.suggestion").first).to_be_visible(timeout=SLOW)


def test_the_memo_leaves_the_screen(page: Page, base_url: str, browser: Browser, shot: Any) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    search_with_wish(page, "spa")
    assert "q%3Dspa" in page.url  # the share link holds the wish
    names = page.locator("article.suggestion h3").all_inner_texts()
    first_reason = page.locator("article.suggestion").first.locator(".why").first.inner_text()

    page.get_by_role("button", name="Copy the list").click()
    expect(page.locator("#memo-msg")).to_have_text("The list is on the clipboard.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Partner suggestions for Zakopane")
    assert "Wish: spa\nmineral" in copied
    assert f"1. {names[0]} (" in copied and first_reason in copied
    assert "#/find/" in copied  # the link back to this list

    for fmt in ("xlsx", "pdf"):
        with page.expect_download() as info:
            page.locator(f"#memo-{fmt}").click()
        assert info.value.suggested_filename.endswith(f".{fmt}")
        assert info.value.path().stat().st_size > 1000

    shared = browser.new_page(base_url=base_url)
    shared.goto(page.url)
    expect(shared.locator("article.suggestion").first).to_be_visible(timeout=SLOW)
    assert shared.locator("article.suggestion h3").all_inner_texts() == names
    expect(shared.get_by_label("What are you looking for? (optional)")).to_have_value(
        "spa\nmineral"
    )
    shared.close()

    # the printed page, in Polish: no menus, forms or buttons; the list and its reasons
    page.locator('#lang-switch [data-lang="pl"]').click()
    expect(page.locator("article.suggestion").first).to_be_visible(timeout=SLOW)
    expect(page.get_by_role("button", name="Kopiuj listę")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("header.site-header")).to_be_hidden()
    expect(page.locator("form.find-form")).to_be_hidden()
    expect(page.locator(".memo-head")).to_be_visible()
    shot(page, "print")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Propozycje partnerów" in text or "Partnerzy dla" in text or names[0] in text
    assert names[0] in text
    assert "Życzenie" in text  # Polish letters intact
    for absent in ("Kopiuj listę", "Szukaj partnerów", "Zaloguj się"):
        assert absent not in text
    polish_reason = page.locator("article.suggestion").first.locator(".why").first.inner_text()
    assert polish_reason[:25] in text.replace("\n", " ")


def test_compare_keeps_the_wish_of_the_list(page: Page) -> None:
    search_with_wish(page, "spa")
    card = page.locator("article.suggestion").nth(1)
    score = card.locator(".score strong").inner_text()
    reasons = card.locator(".reason").count()
    card.get_by_role("link", name="Compare").click()
    match = page.locator("section.match")
    expect(match.locator(".score strong")).to_have_text(score)
    expect(page.locator("#compare-wish")).to_contain_text("spa")
    expect(match.locator(".reason")).to_have_count(reasons)


def test_partners_outside_europe_are_listed_by_name_not_drawn(page: Page) -> None:
    far = {
        "id": "GN-5128581",
        "name": "New York City",
        "country_code": "US",
        "latitude": 40.71,
        "longitude": -74.0,
        "population": 8_000_000,
    }

    def add_far_partner(route: Any) -> None:
        response = route.fetch()
        town = response.json()
        town["partners"] = [*town["partners"], far]
        route.fulfill(response=response, json=town)

    page.route(f"**/api/v1/towns/{ZAKOPANE}", add_far_partner)
    page.goto(f"/#/town/{ZAKOPANE}")
    listed = page.locator("section.far-partners")
    expect(listed).to_contain_text("New York City")
    expect(listed).to_contain_text("United States")
    expect(page.locator(".map .mark.partner")).to_have_count(2)  # the European two only
    box = page.locator(".map-svg").get_attribute("viewBox")
    assert (
        box is not None and float(box.split()[2]) < 800
    )  # the frame stays on Europe (New York: 1308)


def test_a_shared_link_restores_town_wish_and_filters(page: Page) -> None:
    shared = "country=DE&country=FR&q=spa&limit=5"
    with page.expect_response(lambda r: "/suggestions" in r.url) as response:
        page.goto(f"/#/find/{ZAKOPANE}/{shared.replace('&', '%26').replace('=', '%3D')}")
    asked = response.value.url
    assert (
        "country=DE" in asked and "country=FR" in asked and "q=spa" in asked and "limit=5" in asked
    )
    expect(page.locator("article.suggestion").first).to_be_visible(timeout=SLOW)
    expect(page.get_by_label("What are you looking for? (optional)")).to_have_value("spa")
    expect(page.locator('input[name="country"][value="DE"]')).to_be_checked()
    expect(page.locator('input[name="country"][value="FR"]')).to_be_checked()
    expect(page.locator('select[name="limit"]')).to_have_value("5")
    metas = page.locator("article.suggestion .meta").all_inner_texts()
    assert metas and all(m.startswith(("Germany", "France")) for m in metas)


def test_a_town_that_seeks_partners_rises_for_a_seeker_with_its_reason(
    page: Page, live_server: LiveServer
) -> None:
    munich = "GN-2867714"
    poland = f"/#/find/{munich}/country%3DPL%26limit%3D20"

    def sopot_card() -> tuple[int, Any, float]:
        page.goto(poland)
        with page.expect_response(lambda r: "/suggestions" in r.url):
            page.reload()  # a fresh page: the list of this link, not the one kept in memory
        expect(page.locator("article.suggestion").first).to_be_visible(timeout=SLOW)
        ids = [c.get_attribute("data-id") for c in page.locator("article.suggestion").all()]
        card = page.locator(f'article.suggestion[data-id="{SOPOT}"]')
        return (
            ids.index(SOPOT) + 1,
            card,
            float(card.locator(".score strong").inner_text().replace("−", "-")),
        )

    before, card, score_before = sopot_card()
    texts = card.locator('.reason[data-factor="seeking"]').all_inner_texts()
    assert not any("Looking for a partner" in text for text in texts)

    sign_in(page, live_server.editor_keys[SOPOT])
    page.goto(f"/#/town/{SOPOT}")
    page.get_by_role("button", name="Edit the profile").click()
    form = page.locator("form.profile-form")
    form.get_by_label("We are actively seeking partners").check()
    form.get_by_label("Germany").check()
    form.get_by_role("button", name="Save the profile").click()
    expect(page.locator("#seeking")).to_be_visible()

    after, card, score_after = sopot_card()
    assert after <= before and score_after > score_before
    seeking = card.locator('.reason[data-factor="seeking"]')
    expect(seeking).to_contain_text("Looking for a partner in Germany since")
    expect(seeking.locator(".points")).to_contain_text("+")  # it adds points
