"""GET /api/v1/i18n: the page's catalogue per language, cacheable, negotiated."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api


@pytest.mark.parametrize(
    ("lang", "title", "germany"),
    [
        ("en", "Partner towns", "Germany"),
        ("pl", "Miasta partnerskie", "Niemcy"),
        ("de", "Partnerstädte", "Deutschland"),
    ],
)
def test_catalogue_per_language(api: Api, lang: str, title: str, germany: str) -> None:
    r = api.client.get(f"/api/v1/i18n/{lang}")
    assert r.status_code == 200
    assert r.headers["content-language"] == lang
    body = r.json()
    assert body["lang"] == lang
    assert body["messages"]["page.app.title"] == title
    assert body["countries"]["DE"] == germany  # CLDR, not a table of ours
    assert {"PL", "DE", "UA", "XK"} <= set(body["universe"])
    assert [x["code"] for x in body["languages"]] == ["en", "de", "pl"]
    assert all(
        k.startswith(("page.", "reason.factor.", "ordinal.", "role.")) for k in body["messages"]
    )


def test_plural_messages_carry_every_cldr_category(api: Api) -> None:
    pl = api.client.get("/api/v1/i18n/pl").json()["messages"]["page.find.took"]
    assert set(pl) == {"one", "few", "many", "other"}
    assert pl["few"].startswith("{count} propozycje")
    en = api.client.get("/api/v1/i18n/en").json()["messages"]["page.find.took"]
    assert set(en) == {"one", "other"}


def test_etag_answers_not_modified(api: Api) -> None:
    first = api.client.get("/api/v1/i18n/de")
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    again = api.client.get("/api/v1/i18n/de", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert api.client.get("/api/v1/i18n/pl").headers["etag"] != etag


def test_without_a_language_the_header_decides(api: Api) -> None:
    r = api.client.get("/api/v1/i18n", headers={"Accept-Language": "de-CH, en;q=0.5"})
    assert r.json()["lang"] == "de"
    assert r.headers["vary"] == "Accept-Language"
    assert r.headers["content-location"] == "/api/v1/i18n/de"
    assert api.client.get("/api/v1/i18n", params={"lang": "pl"}).json()["lang"] == "pl"
    assert api.client.get("/api/v1/i18n", headers={"Accept-Language": "fr"}).json()["lang"] == "en"


@pytest.mark.parametrize("lang", ["xx", "PL", "pl-PL"])
def test_unknown_language_is_404(api: Api, lang: str) -> None:
    r = api.client.get(f"/api/v1/i18n/{lang}")
    assert r.status_code == 404
    assert lang in r.json()["detail"]
