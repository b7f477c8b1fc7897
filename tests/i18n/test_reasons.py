"""The reasons read as a person writes them, row by row of issue #9's table, in Polish and,
where the row applies, English and German; place names as the shipped data gives them."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest

from matcher.explain import SIMILAR_SIZE_RATIO, WRITERS, PairEvidence
from matcher.i18n import languages, translator
from matcher.i18n.catalog import translations
from matcher.i18n.places import Country, PlaceNames, Region, Town
from matcher.i18n.vocabulary import THEME_KEYS, theme_term
from matcher.reasons_sheet import place_names


@cache
def places() -> PlaceNames:
    return place_names()


def pair(**figures: object) -> PairEvidence:
    """Białystok (podlaskie) and Kiel (Schleswig-Holstein), with ``figures``."""
    p = places()
    base = PairEvidence(
        source_name="Białystok",
        source_country="PL",
        candidate_name="Kiel",
        candidate_country="DE",
        source_region=p.region("PL", "81", "podlaskie"),
        candidate_region=p.region("DE", "10", "Schleswig-Holstein"),
    )
    return replace(base, **figures)  # type: ignore[arg-type]


def say(factor: str, lang: str, evidence: PairEvidence, contribution: float = 0.5) -> str:
    """The factor's sentence, with the no-break spaces of CLDR numbers as plain spaces."""
    text = translator(lang).render(WRITERS[factor](evidence, contribution))
    return text.replace("\xa0", " ").replace("\u202f", " ")


OPENNESS = {
    "pl": {
        0: "Nie ma jeszcze znanych miast partnerskich",
        1: "Otwarte na współpracę: 1 miasto partnerskie",
        2: "Otwarte na współpracę: 2 miasta partnerskie",
        5: "Otwarte na współpracę: 5 miast partnerskich",
        12: "Otwarte na współpracę: 12 miast partnerskich",
        22: "Otwarte na współpracę: 22 miasta partnerskie",
        101: "Otwarte na współpracę: 101 miast partnerskich",
    },
    "en": {
        0: "No known partner towns yet",
        1: "Open to partnerships: 1 partner town",
        2: "Open to partnerships: 2 partner towns",
        101: "Open to partnerships: 101 partner towns",
    },
    "de": {
        1: "Offen für Partnerschaften: 1 Partnerstadt",
        22: "Offen für Partnerschaften: 22 Partnerstädte",
        101: "Offen für Partnerschaften: 101 Partnerstädte",
    },
}


@pytest.mark.parametrize(
    ("lang", "n"), [(lang, n) for lang, table in OPENNESS.items() for n in table]
)
def test_row_1_partner_towns_take_the_plural_of_their_number(lang: str, n: int) -> None:
    assert say("openness", lang, pair(candidate_partners=n)) == OPENNESS[lang][n]


TIES = {
    "pl": {
        0: "Nie ma jeszcze miast partnerskich w Polsce",
        1: "Ma już 1 miasto partnerskie w Polsce",
        2: "Ma już 2 miasta partnerskie w Polsce",
        5: "Ma już 5 miast partnerskich w Polsce",
        12: "Ma już 12 miast partnerskich w Polsce",
        22: "Ma już 22 miasta partnerskie w Polsce",
        101: "Ma już 101 miast partnerskich w Polsce",
    },
    "en": {1: "Already twinned with 1 town in Poland", 2: "Already twinned with 2 towns in Poland"},
    "de": {0: "Noch keine Partnerstädte in Polen", 1: "Hat bereits 1 Partnerstadt in Polen"},
}


@pytest.mark.parametrize(("lang", "n"), [(lang, n) for lang, table in TIES.items() for n in table])
def test_row_4_a_country_is_named_in_its_case(lang: str, n: int) -> None:
    """'w kraju Polska' -> 'w Polsce' (and the counted noun agrees with its number)."""
    assert say("ties", lang, pair(ties_with_source_country=n)) == TIES[lang][n]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "pl",
            "Gminy województwa podlaskiego mają 4 z 66 partnerstw (6%) z miastami w Niemczech "
            "(3. kraj pod tym względem)",
        ),
        (
            "en",
            "Towns in Podlaskie Voivodeship have 4 of their 66 partnerships (6%) with towns in "
            "Germany (3rd country by this measure)",
        ),
        (
            "de",
            "Gemeinden in der Woiwodschaft Podlaskie haben 4 ihrer 66 Partnerschaften (6 %) mit "
            "Orten in Deutschland (3. Platz unter den Ländern)",
        ),
    ],
)
def test_row_2_country_affinity_declines_the_voivodeship_and_ranks_as_ordinal(
    lang: str, expected: str
) -> None:
    evidence = pair(region_links_total=66, region_links_to_country=4, region_country_rank=3)
    assert say("country_affinity", lang, evidence) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("pl", "Brak partnerstw między województwem podlaskim a Szlezwikiem-Holsztynem"),
        ("en", "No partnerships between Podlaskie Voivodeship and Schleswig-Holstein yet"),
        (
            "de",
            "Noch keine Partnerschaften zwischen der Woiwodschaft Podlaskie und Schleswig-Holstein",
        ),
    ],
)
def test_row_3_no_partnerships_between_two_real_regions(lang: str, expected: str) -> None:
    """The region is Schleswig-Holstein from the data, not a synthetic 'Kiel region'."""
    text = say("regional_affinity", lang, pair())
    assert text == expected
    assert "region" not in text.lower().replace("regional", "")


def test_row_3_the_preposition_before_a_consonant_cluster() -> None:
    text = say("regional_affinity", "pl", pair(region_links_to_region=2))
    assert text == "2 partnerstwa łączą województwo podlaskie ze Szlezwikiem-Holsztynem"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("pl", "Partner jednego z Twoich miast partnerskich (Budakeszi)"),
        ("en", "Partner of one of your partner towns (Budakeszi)"),
        ("de", "Partner einer Ihrer Partnerstädte (Budakeszi)"),
    ],
)
def test_row_5_one_common_partner_is_named_in_words(lang: str, expected: str) -> None:
    budakeszi = places().town("GN-3054648", "Budakeszi", "HU")
    assert say("partners_of_partners", lang, pair(common_partners=(budakeszi,))) == expected


def test_row_5_partners_take_their_polish_exonyms() -> None:
    p = places()
    towns = (p.town("GN-2935022", "Dresden", "DE"), p.town("GN-2891122", "Kiel", "DE"))
    evidence = pair(common_partners=towns)
    assert say("partners_of_partners", "pl", evidence) == (
        "Partner 2 Twoich miast partnerskich (Drezno i Kilonia)"
    )
    assert say("partners_of_partners", "de", evidence).endswith("(Dresden und Kiel)")


@pytest.mark.parametrize(("lang", "decimal"), [("pl", "0,23"), ("de", "0,23"), ("en", "0.23")])
def test_row_6_decimals_use_the_language_separator(lang: str, decimal: str) -> None:
    assert f"{decimal})" in say("text", lang, pair(text_similarity=0.2301))
    assert translator(lang).number(1.58, "0.00") == decimal.replace("0", "1", 1).replace("23", "58")


def test_row_6_cli_scores_and_contributions_use_the_separator() -> None:
    from matcher.cli.rank_cmd import SIGNED

    t = translator("pl")
    assert (t.number(1.58, "0.00"), t.number(0.23, SIGNED), t.number(-0.27, SIGNED)) == (
        "1,58",
        "+0,23",
        "-0,27",
    )


@pytest.mark.parametrize(
    ("name", "genitive"),
    [
        ("Busko-Zdrój", "Buska-Zdroju"),
        ("Jelenia Góra", "Jeleniej Góry"),
        ("Ciechocinek", "Ciechocinka"),
        ("Supraśl", "Supraśla"),  # SGJP also reads it feminine: the data file settles it
    ],
)
def test_row_7_a_polish_town_is_declined_after_dla(name: str, genitive: str) -> None:
    t = translator("pl")
    assert t("cli.rank.title.town", town=Town(name, "PL"), country="PL") == (
        f"Propozycje dla {genitive} (PL)"
    )


def test_row_7_an_unknown_name_keeps_its_nominative_in_a_construction() -> None:
    t = translator("pl")
    text = t("cli.rank.title.town", town=Town("Bad Reichenhall", "DE"), country="DE")
    assert text == "Propozycje dla miejscowości Bad Reichenhall (DE)"


@pytest.mark.parametrize(
    ("lang", "field", "value", "expected"),
    [
        ("pl", "gmina_type", "urban", "gmina miejska"),
        ("pl", "gmina_type", "rural", "gmina wiejska"),
        ("pl", "gmina_type", "urban-rural", "gmina miejsko-wiejska"),
        ("de", "gmina_type", "urban-rural", "Stadt-und-Land-Gemeinde"),
        ("en", "gmina_type", "rural", "rural gmina"),
        ("pl", "degurba", 1, "miasto"),
        ("pl", "degurba", 2, "małe miasto lub przedmieście"),
        ("pl", "degurba", 3, "obszar wiejski"),
        ("en", "degurba", 2, "town or suburb"),
        ("de", "degurba", 3, "ländlicher Raum"),
        ("pl", "coastal", True, "tak"),
        ("pl", "voivodeship", "podlaskie", "województwo podlaskie"),
        ("de", "voivodeship", "podlaskie", "Woiwodschaft Podlaskie"),
        ("pl", "area_km2", 22.85, "22,85"),
        ("pl", "population", 37055, "37 055"),
    ],
)
def test_row_8_facts_are_told_in_words(lang: str, field: str, value: object, expected: str) -> None:
    from matcher.api.town_detail import fact_text

    assert fact_text(field, value, translator(lang)).replace("\xa0", " ") == expected


@pytest.mark.parametrize(
    ("source", "label"),
    [("gus", "GUS"), ("geonames", "GeoNames"), ("lau", "Eurostat")],
)
def test_row_8_sources_are_named_in_words(source: str, label: str) -> None:
    from matcher.api.town_detail import _source_label

    assert label in _source_label(translator("pl"), source)


@pytest.mark.parametrize(
    ("lang", "name"), [("pl", "kurator"), ("en", "curator"), ("de", "Kuration")]
)
def test_row_9_roles_are_named_in_words(lang: str, name: str) -> None:
    from matcher.users import role_name

    t = translator(lang)
    assert t.render(role_name("curator")) == name
    if lang == "pl":
        assert t("page.auth.signedInAs", name="curator1", role=role_name("curator")) == (
            "Zalogowano jako curator1 (kurator)"
        )


def test_row_10_a_sevenfold_difference_is_not_similar_and_says_how_many_times() -> None:
    evidence = pair(source_population=3114, candidate_population=21393)
    assert say("population", "pl", evidence) == "7 razy większa: 21 393 mieszkańców wobec 3 114"
    assert say("population", "en", evidence) == "7 times bigger: 21,393 inhabitants against 3,114"
    assert say("population", "de", evidence).startswith("7-mal so groß")
    smaller = pair(source_population=21393, candidate_population=3114)
    assert say("population", "pl", smaller).startswith("7 razy mniejsza")


@pytest.mark.parametrize(
    ("ratio", "word"),
    [(1.0, "Podobna"), (SIMILAR_SIZE_RATIO - 0.01, "Podobna"), (1.3, "Nieco"), (1.99, "Nieco")],
)
def test_row_10_similar_only_within_the_stated_ratio(ratio: float, word: str) -> None:
    evidence = pair(source_population=10000, candidate_population=10000 * ratio)
    assert say("population", "pl", evidence).startswith(word)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("pl", "Saksonia"), ("de", "Sachsen"), ("en", "Saxony")],
)
def test_row_11_a_region_is_its_real_name_in_each_language(lang: str, expected: str) -> None:
    """'Dresden region' -> Saksonia / Sachsen; Desborough is in England, Kiel in S.-H."""
    p = places()
    t = translator(lang)
    assert p.region("DE", "13", "Saxony").localize(t, "") == expected
    england = {"pl": "Anglia", "de": "England", "en": "England"}[lang]
    assert p.region("GB", "ENG", "England").localize(t, "") == england
    sh = {"pl": "Szlezwik-Holsztyn", "de": "Schleswig-Holstein", "en": "Schleswig-Holstein"}
    assert p.region("DE", "10", "Schleswig-Holstein").localize(t, "") == sh[lang]


def test_row_11_no_shipped_region_is_named_after_its_largest_town() -> None:
    """Every region name users read comes from GeoNames / ISO 3166-2, none is '<town> region'
    made up by us (GeoNames' own 'Lima region' is a real name)."""
    import pandas as pd

    from matcher.config import REPO_ROOT

    names = pd.read_csv(REPO_ROOT / "data" / "region_names.csv.gz", dtype=str)
    made_up = names[names["source"].isin(["largest_town", "synthetic"])]
    assert made_up.empty
    assert set(names["source"]) <= {"geonames", "iso3166-2", "pycountry", "gus"}


def test_english_plural_slips_are_gone() -> None:
    """'1 existing partnerships link…', 'All 2 towns…': one form per CLDR category."""
    one = say("regional_affinity", "en", pair(region_links_to_region=1))
    assert one == "One partnership links Podlaskie Voivodeship with Schleswig-Holstein"
    assert say("ties", "en", pair(ties_with_source_country=1)).endswith("1 town in Poland")
    assert say("themes", "en", pair(shared_themes=(theme_term("sport"),))) == (
        "Shared theme: Sport and recreation"
    )


def test_german_readers_read_german_theme_names() -> None:
    themes = tuple(theme_term(code) for code in ("climate-energy", "tourism"))
    assert say("themes", "de", pair(shared_themes=themes)) == (
        "Gemeinsame Themen: Klima und Energie · Tourismus"
    )


def test_every_shipped_theme_has_a_name_in_every_language() -> None:
    import csv

    from matcher.config import REPO_ROOT

    with (REPO_ROOT / "data" / "themes.csv").open(encoding="utf-8") as fh:
        codes = {row["code"] for row in csv.DictReader(fh)}
    assert codes == set(THEME_KEYS)
    for lang in languages():
        for code in codes:
            assert translator(lang).has(THEME_KEYS[code]), (lang, code)


def test_a_zero_contribution_is_shown_without_for_or_against() -> None:
    """The page marks the side only for a non-zero contribution ('za' / 'przeciw')."""
    from matcher.config import REPO_ROOT

    components = (REPO_ROOT / "matcher/api/web/js/components.js").read_text(encoding="utf-8")
    assert (
        'r.contribution > 0 ? t("page.reason.positive") : r.contribution < 0 ? '
        't("page.reason.negative") : ""'
    ) in components


@pytest.mark.parametrize("lang", list(languages()))
def test_the_catalogue_plural_forms_follow_cldr(lang: str) -> None:
    """Each CLDR plural category of the language maps to one gettext form (0..1000), so
    '2 miasta', '5 miast', '22 miasta' come from the right msgstr."""
    t, catalogue = translator(lang), translations(lang)
    seen: dict[str, int] = {}
    for n in range(0, 1001):
        form = int(catalogue.plural(n))
        assert seen.setdefault(t.plural_category(n), form) == form, (lang, n)


def test_country_and_region_objects_compare_by_value() -> None:
    """The regional writer says 'within' when both towns share a region."""
    a = Region("PL", "podlaskie")
    assert a == Region("PL", "podlaskie") and Country("PL") == Country("PL")
    within = pair(candidate_region=a, region_links_to_region=0)
    assert (
        say("regional_affinity", "pl", within)
        == "Brak partnerstw w obrębie województwa podlaskiego"
    )


def test_the_candidate_is_named_by_its_exonym_and_declined() -> None:
    kiel = places().town("GN-2891122", "Kiel", "DE")
    evidence = pair(candidate_town=kiel, partner_size=1001.0, candidate_partners=3)
    assert say("partner_profile", "pl", evidence) == (
        "Miasta partnerskie Kilonii: mediana 1 001 mieszkańców"
    )
    assert say("partner_profile", "de", evidence).startswith("Partnerorte von Kiel")
