"""Switching PL/EN/DE: every view speaks the chosen language, with no raw keys and no text
left in another language (the catalogue comes from the server; the page holds none)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from matcher.i18n.catalog import languages
from matcher.i18n.translator import catalogue_entries
from tests.web.seed import KRAKOW, ZAKOPANE

pytestmark = pytest.mark.browser

VIEWS = (
    f"#/find/{ZAKOPANE}",
    f"#/town/{ZAKOPANE}",
    f"#/compare/{ZAKOPANE}/{KRAKOW}",
    "#/consortium",
    "#/shortlist",
    "#/shortlists",
    "#/signin",
    "#/inbox",
    "#/no-such-view",
)
NAMES = {"en": "English", "pl": "Polski", "de": "Deutsch"}
RAW_KEY = re.compile(r"\b(?:page|reason|ordinal|error|cli)\.[A-Za-z_]+(?:\.[A-Za-z_]+)*\b")


def _fragments(lang: str) -> set[str]:
    """Literal pieces (two words or more) of every message in ``lang`` (the page's, the
    reasons and errors the API writes): if one of them shows in another language's page,
    that text was not translated."""
    pieces: set[str] = set()
    for value in catalogue_entries(lang).values():
        for form in (value,) if isinstance(value, str) else value:
            for piece in re.split(r"\{[^}]*\}", form):
                piece = piece.strip(" .,:;()–—“”„\"'")
                if len(piece.split()) >= 2:
                    pieces.add(piece)
    return pieces


def _visible_text(page: Page) -> str:
    text: str = page.evaluate(
        "() => document.body.innerText + ' ' + [...document.querySelectorAll('[aria-label],"
        " [placeholder], title')].map((e) => e.getAttribute('aria-label') ||"
        " e.getAttribute('placeholder') || e.textContent).join(' ')"
    )
    return text


def _untranslated(text: str, lang: str) -> list[str]:
    ours = _fragments(lang)
    found = []
    for other in languages():
        if other == lang:
            continue
        found += [p for p in _fragments(other) - ours if p in text]
    return found


@pytest.mark.parametrize("lang", ["pl", "en", "de"])
def test_every_view_speaks_the_chosen_language(page: Page, lang: str) -> None:
    page.goto("/")
    expect(page.locator("body[data-ready]")).to_be_attached()
    if lang != "en":
        page.get_by_role("button", name=NAMES[lang]).click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    for view in VIEWS:
        page.goto(f"/{view}")
        name = "not-found" if "no-such" in view else view.split("/")[1]
        expect(page.locator(f'body[data-ready="{name}"]')).to_be_attached()
        expect(page.locator("main .loading")).to_have_count(0)
        text = _visible_text(page)
        assert RAW_KEY.findall(text) == [], f"{lang} {view}: raw keys"
        assert _untranslated(text, lang) == [], f"{lang} {view}: text of another language"
        if view == VIEWS[0]:  # the detector itself works: this page is not in the others
            assert all(_untranslated(text, other) for other in NAMES if other != lang)


def test_switcher_offers_each_language_in_its_own_name(page: Page) -> None:
    page.goto("/")
    group = page.get_by_role("group", name="Language")
    for code, name in NAMES.items():
        button = group.get_by_role("button", name=name)
        expect(button).to_have_attribute("lang", code)
    expect(group.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    group.get_by_role("button", name="Deutsch").click()
    expect(page.get_by_role("group", name="Sprache")).to_be_visible()
    expect(page.get_by_role("button", name="Deutsch")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="Deutsch")).to_be_focused()
    page.reload()  # remembered
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_first_visit_follows_the_browser_language(page: Page) -> None:
    page.set_extra_http_headers({"Accept-Language": "de-AT,de;q=0.9"})
    page.goto("/")
    page.evaluate("localStorage.clear()")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name="Partnerstädte finden")).to_be_visible()


def test_plurals_and_numbers_follow_the_language(page: Page) -> None:
    page.goto("/")
    page.get_by_role("button", name="Polski").click()
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    page.goto(f"/#/find/{ZAKOPANE}")
    meta = page.locator("article.suggestion .meta").first
    expect(meta).to_contain_text("mieszkańców")
    took = page.locator(".results-head .muted")
    expect(took).to_have_text(re.compile(r"^\d+ propozycj(a|e|i) w \d+ ms$"))
    page.get_by_role("button", name="Deutsch").click()
    expect(page.locator(".results-head .muted")).to_have_text(
        re.compile(r"^\d+ Vorschl(ag|äge) in \d+ ms$")
    )
    assert page.evaluate("import('/js/i18n.js').then((m) => m.fmtNum(1234.5, 1))") == "1.234,5"


@pytest.mark.parametrize(
    ("lang", "ours", "theirs"),
    [
        ("de", "Kultur und Kulturerbe", "Culture and heritage"),
        ("pl", "Kultura i dziedzictwo", "Kultur und Kulturerbe"),
        ("en", "Culture and heritage", "Kultura i dziedzictwo"),
    ],
)
def test_theme_names_follow_the_language(page: Page, lang: str, ours: str, theirs: str) -> None:
    """Theme names come from the catalogue (the data names them only in en/pl)."""
    page.goto("/")
    expect(page.locator("body[data-ready]")).to_be_attached()
    page.get_by_role("button", name=NAMES[lang]).click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.goto(f"/#/find/{ZAKOPANE}")
    expect(page.locator('body[data-ready="find"]')).to_be_attached()
    expect(page.get_by_label(ours)).to_be_attached()
    expect(page.get_by_label(theirs)).to_have_count(0)


def test_german_reasons_name_regions_and_numbers_in_german(page: Page) -> None:
    page.goto("/")
    page.get_by_role("button", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.goto(f"/#/find/{ZAKOPANE}")
    expect(page.locator('body[data-ready="find"]')).to_be_attached()
    reasons = page.locator("article.suggestion").first.inner_text()
    assert "Woiwodschaft" in reasons or "Partnerst" in reasons or "Einwohner" in reasons
    assert not re.search(r"\b\d+\.\d{2}\b", reasons), "a decimal point in German text"
