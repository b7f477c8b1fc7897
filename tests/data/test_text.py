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
        ("United States", "US"),
        ("People's Republic of China", "CN"),
        ("China", "CN"),
        ("Japan", "JP"),
        ("Russia", "RU"),
        ("Israel", "IL"),
        ("South Korea", "KR"),
        ("Taiwan", "TW"),
        ("Palestine", "PS"),
        ("Belarus", "BY"),
        ("Brazil", "BR"),
        ("Nowhere Land", None),
        ("", None),
    ],
)
def test_country_code(country: str, code: str | None) -> None:
    assert country_code(country) == code
