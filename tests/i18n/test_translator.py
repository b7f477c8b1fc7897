"""Rendering with Babel: numbers, percentages, lists and ordinals in each language."""

from __future__ import annotations

import pytest

from matcher.i18n import Message, MissingMessage, negotiate, translator


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "1,234.5"), ("pl", "1\u00a0234,5"), ("de", "1.234,5")],
)
def test_numbers_use_the_locale_separators(lang: str, expected: str) -> None:
    assert translator(lang).format_value(1234.5) == expected


@pytest.mark.parametrize(("lang", "expected"), [("en", "0.23"), ("pl", "0,23"), ("de", "0,23")])
def test_decimal_pattern(lang: str, expected: str) -> None:
    assert translator(lang).format_value(0.2345, "0.00") == expected


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "A, B, and C"), ("pl", "A, B i C"), ("de", "A, B und C")]
)
def test_lists_follow_cldr(lang: str, expected: str) -> None:
    assert translator(lang).format_value(["A", "B", "C"]) == expected


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [("en", 1, "1st"), ("en", 2, "2nd"), ("en", 3, "3rd"), ("en", 11, "11th"), ("en", 22, "22nd")]
    + [("pl", n, f"{n}.") for n in (1, 2, 3, 22)]
    + [("de", n, f"{n}.") for n in (1, 2, 3, 22)],
)
def test_ordinals(lang: str, n: int, expected: str) -> None:
    assert translator(lang).ordinal(n) == expected


def test_unknown_key_is_an_error_not_a_key_shown_to_users() -> None:
    with pytest.raises(MissingMessage):
        translator("pl").render(Message("no.such.key"))


@pytest.mark.parametrize(
    ("explicit", "header", "expected"),
    [
        ("pl", "de-DE,de;q=0.9", "pl"),
        ("PL-pl", None, "pl"),
        (None, "de-DE,de;q=0.9,en;q=0.8", "de"),
        (None, "fr-FR, pl;q=0.5", "pl"),
        (None, "fr", "en"),
        ("xx", "en-GB", "en"),
        (None, "pl;q=0.1, de;q=0.9", "de"),
        (None, "pl;q=0", "en"),
    ],
)
def test_negotiation(explicit: str | None, header: str | None, expected: str) -> None:
    assert negotiate(explicit, header) == expected
