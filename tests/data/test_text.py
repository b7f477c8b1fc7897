from __future__ import annotations

import pytest

from matcher.data.text import country_code, fold


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Łódź", "lodz"),
        ("Straße", "strasse"),
        ("Bielsko-Biała", "bielsko biala"),
        ("  Gmina   X. ", "gmina x"),
        ("Київ", "kiyiv"),
        ("København", "kobenhavn"),
        ("", ""),
    ],
)
def test_fold(name: str, key: str) -> None:
    assert fold(name) == key


@pytest.mark.parametrize(
    ("country", "code"),
    [
        ("England, United Kingdom", "GB"),
        ("England", "GB"),
        ("Czech Republic", "CZ"),
        ("Kosovo", "XK"),
        ("Georgia (country)", "GE"),
        ("Republic of Ireland", "IE"),
        ("Netherlands", "NL"),
        ("Brandenburg, Germany", "DE"),
        ("Poland", "PL"),
        ("Nowhere Land", None),
        ("", None),
    ],
)
def test_country_code(country: str, code: str | None) -> None:
    assert country_code(country) == code
