"""Free-text query understanding and spa names: pure functions over the lexicon data."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.countries import countries
from matcher.query_parse import (
    ParsedQuery,
    country_meaning,
    lexicon,
    parse_query,
    spa_marker,
    spa_markers,
)


def test_product_sentence() -> None:
    parsed = parse_query("małe miasto uzdrowiskowe, szukamy partnera we Francji")
    assert parsed.countries == ("FR",)
    assert (parsed.min_population, parsed.max_population) == (None, 20_000)
    assert parsed.spa is True
    assert parsed.coastal is None
    assert [(m.kind, m.phrase) for m in parsed.matched] == [
        ("size", "małe miasto"),
        ("spa", "uzdrowiskowe"),
        ("country", "Francji"),
    ]
    country = parsed.matched[2]
    assert (country.meaning_en, country.meaning_pl) == ("in France", "we Francji")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("we Francji", "FR"),
        ("z Francją", "FR"),
        ("partner z Niemiec", "DE"),
        ("miasto w Niemczech", "DE"),
        ("Niemcy", "DE"),
        ("do Włoch", "IT"),
        ("we Włoszech", "IT"),
        ("na Litwie", "LT"),
        ("Litwa", "LT"),
        ("na Węgrzech", "HU"),
        ("w Czechach", "CZ"),
        ("na Słowacji", "SK"),
        ("w Hiszpanii", "ES"),
        ("na Ukrainie", "UA"),
        ("w Wielkiej Brytanii", "GB"),
        ("a town in Germany", "DE"),
        ("Italian town", "IT"),
        ("the Netherlands", "NL"),
        ("eine Stadt in Österreich", "AT"),
        ("Partnerstadt in Frankreich", "FR"),
        ("une ville en Espagne", "ES"),
        ("jumelage avec l'Allemagne", "DE"),
        ("Bosnia and Herzegovina", "BA"),
        ("w Polsce", "PL"),
    ],
)
def test_country_names_in_many_forms(text: str, code: str) -> None:
    assert parse_query(text).countries == (code,)


def test_several_countries_in_order_of_mention() -> None:
    assert parse_query("partner z Niemiec, do Włoch albo na Litwie").countries == (
        "DE",
        "IT",
        "LT",
    )


def test_polish_adjective_is_not_poland() -> None:
    assert parse_query("polskie miasto szuka partnera").countries == ()


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("małe miasto", None, 20_000),
        ("small town", None, 20_000),
        ("eine kleine Stadt", None, 20_000),
        ("Kleinstadt", None, 20_000),
        ("petite ville", None, 20_000),
        ("wieś", None, 5_000),
        ("a village", None, 5_000),
        ("ein Dorf", None, 5_000),
        ("duże miasto", 100_000, None),
        ("large city", 100_000, None),
        ("Großstadt", 100_000, None),
        ("grande ville", 100_000, None),
        ("średnie miasto", 20_000, 100_000),
        ("medium-sized town", 20_000, 100_000),
    ],
)
def test_size_words(text: str, low: int | None, high: int | None) -> None:
    parsed = parse_query(text)
    assert (parsed.min_population, parsed.max_population) == (low, high)


def test_two_size_words_widen_the_range() -> None:
    parsed = parse_query("wieś albo średnie miasto")
    assert (parsed.min_population, parsed.max_population) == (None, 100_000)


@pytest.mark.parametrize(
    "text",
    [
        "nad morzem",
        "miasto nadmorskie",
        "by the sea",
        "coastal town",
        "a port",
        "am Meer",
        "au bord de la mer",
        "miasto portowe",
    ],
)
def test_coastal_words(text: str) -> None:
    assert parse_query(text).coastal is True


@pytest.mark.parametrize(
    "text",
    [
        "uzdrowisko",
        "miejscowość uzdrowiskowa",
        "spa town",
        "Kurort",
        "thermal springs",
        "station thermale",
        "les thermes",
        "Heilbad",
    ],
)
def test_spa_words(text: str) -> None:
    assert parse_query(text).spa is True


def test_combined_english_query() -> None:
    parsed = parse_query("small spa town by the sea in Italy")
    assert parsed == ParsedQuery(
        countries=("IT",),
        max_population=20_000,
        coastal=True,
        spa=True,
        matched=parsed.matched,
    )
    assert [m.kind for m in parsed.matched] == ["size", "spa", "coastal", "country"]


@pytest.mark.parametrize(
    "text", ["", "   ", "heritage festival", "culture, sport, youth", "Portugalete"]
)
def test_unrecognised_text_gives_empty_facets(text: str) -> None:
    parsed = parse_query(text)
    assert parsed.empty
    assert parsed == ParsedQuery()


def test_words_inside_other_words_do_not_match() -> None:
    # "port" in "sport" / "Portugal", "spa" in "space", "sea" in "season"
    parsed = parse_query("sport and space for the season")
    assert parsed.empty


def test_diacritics_and_case_do_not_matter() -> None:
    a = parse_query("MAŁE MIASTO UZDROWISKOWE WE FRANCJI")
    b = parse_query("male miasto uzdrowiskowe we francji")
    assert (a.countries, a.max_population, a.spa) == (b.countries, b.max_population, b.spa)
    assert parse_query("Osterreich").countries == parse_query("Österreich").countries == ("AT",)


def test_every_country_of_the_data_universe_is_recognised() -> None:
    for code, country in countries().items():
        assert parse_query(country.name_en).countries == (code,), country.name_en
        assert parse_query(country.name_pl).countries == (code,), country.name_pl
        assert country_meaning(code)[0].startswith("in ")


def test_lexicon_rows_are_well_formed() -> None:
    kinds = {"country", "size", "coastal", "spa", "spa_name", "spa_own_name"}
    codes = set(countries())
    for entry in lexicon():
        assert entry.kind in kinds
        assert entry.meaning_en and entry.meaning_pl
        if entry.kind == "country":
            assert entry.value in codes


def test_lexicon_comments_and_header(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.csv"
    path.write_text(
        "# a comment, with commas\nkind,pattern,value,meaning_en,meaning_pl\n"
        "spa,zdroj\\w*,true,spa town,uzdrowisko\n",
        encoding="utf-8",
    )
    rows = [e for e in lexicon(path) if e.kind == "spa"]
    assert len(rows) == 1
    assert rows[0].pattern.search("zdrojowe")


@pytest.mark.parametrize(
    "name",
    [
        "Bad Kissingen",
        "Busko-Zdrój",
        "Krynica-Zdroj",
        "Aix-les-Bains",
        "Montecatini Terme",
        "Mariánské Lázně",
        "Bardejovské Kúpele",
        "Vrnjačka Banja",
        "Băile Herculane",
        "Spa",
        "Royal Leamington Spa",
        "Kurort Oberwiesenthal",
        "Leukerbad",
        "Dolenjske Toplice",
        "Caldas da Rainha",
        "Baden",
    ],
)
def test_spa_names(name: str) -> None:
    assert spa_marker(name) == name


@pytest.mark.parametrize(
    "name", ["Kraków", "Badajoz", "Islamabad", "Baden-Württemberg", "Larmor-Baden", "Spalt"]
)
def test_names_that_are_not_spas(name: str) -> None:
    assert spa_marker(name) is None


def test_alternative_names_mark_a_spa_except_ambiguous_ones() -> None:
    assert spa_marker("Karlovy Vary", ["Carlsbad", "Karlsbad"]) == "Carlsbad"
    assert spa_marker("Buxton", ["Aquae Arnemetiae"]) == "Aquae Arnemetiae"
    assert spa_marker("Milltown", ["Baile an Mhuilinn"]) is None  # Irish: "town"


def test_spa_markers_for_a_column() -> None:
    names = ["Bad Ems", "Karlovy Vary", "Milltown", "Łódź"]
    alts = ["", "Karlsbad|Karlovy Vari", "Baile an Mhuilinn", ""]
    assert spa_markers(names, alts) == ["Bad Ems", "Karlsbad", "", ""]
