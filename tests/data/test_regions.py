"""First-level regions: GeoNames admin1 mapped to ISO 3166-2 as data, names per language
in long form (a new language is rows, not columns), Polish voivodeship forms."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from matcher.data.nuts import read_names
from matcher.data.regions import (
    build_regions,
    display_name,
    iso_variants,
    map_to_iso,
    name_towns,
    nuts_names_of,
    region_names,
    translated,
    words_key,
)
from matcher.i18n import morfeusz


def admin1(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(rid, rid.split(".")[0], rid.split(".")[1], name, name) for rid, name in rows],
        columns=["id", "country_code", "admin1_code", "name", "ascii_name"],
    )


def test_words_key_drops_generic_words_and_order() -> None:
    assert words_key("wallonne, Région") == words_key("Région wallonne") == "wallonne"
    assert words_key("County of Sisak-Moslavina") == "moslavina sisak"
    assert words_key("Sankt Gallen") == words_key("Saint Gallen")


def test_iso_names_and_their_display_form() -> None:
    assert iso_variants("Catalunya [Cataluña]") == ["Catalunya", "Cataluña"]
    assert iso_variants("Koper/Capodistria") == ["Koper", "Capodistria"]
    assert display_name("wallonne, Région") == "Région wallonne"
    assert display_name("Catalunya [Cataluña]") == "Catalunya"


def test_pycountry_translations() -> None:
    assert translated("Sachsen", "pl") == "Saksonia"
    assert translated("Sachsen", "xx") is None
    assert translated("Saxony, not an ISO name", "pl") is None


def test_mapped_by_name_nuts_and_partial_name() -> None:
    frame = admin1(
        [
            ("DE.02", "Bavaria"),  # a translation of Bayern
            ("DE.13", "Saxony"),
            ("PL.77", "Lesser Poland"),
            ("UA.27", "Zhytomyr"),
            ("XK.1", "Pristina"),
            ("RS.SE", "Central Serbia"),
        ]
    )
    nuts = {"PL.77": [["Miasto Kraków"], ["Małopolskie"]], "DE.13": [["Sachsen"]]}
    result = map_to_iso(frame, nuts)
    assert result.iso == {"DE.02": "DE-BY", "DE.13": "DE-SN", "PL.77": "PL-12", "UA.27": "UA-18"}
    assert result.method["PL.77"] == "nuts"  # the level-2 name matched, not the city's
    assert result.method["UA.27"] == "partial"  # "Zhytomyrska oblast"
    assert result.note["XK.1"] == "ISO 3166-2 lists no subdivisions of XK"
    assert "no ISO 3166-2 subdivision" in result.note["RS.SE"]


def test_a_subdivision_claimed_twice_goes_to_neither() -> None:
    result = map_to_iso(admin1([("DE.13", "Sachsen"), ("DE.98", "Saxe")]), {})
    assert result.iso == {}
    assert result.note["DE.13"] == "DE-SN also matches DE.98"


def test_ties_settled_by_what_is_left_and_the_usual_type() -> None:
    # Veszprém is a county (HU-VE) and a city with county rights (HU-VM); GeoNames regions of
    # Hungary are counties, so the county.
    frame = admin1([("HU.23", "Veszprém"), ("HU.16", "Pest"), ("HU.11", "Heves")])
    result = map_to_iso(frame, {})
    assert result.iso["HU.23"] == "HU-VE"


def test_nuts_regions_that_hold_a_regions_places() -> None:
    places = pd.DataFrame(
        {
            "region_id": ["PL.77"] * 3 + ["PL.72"],
            "nuts3": ["PL213", "PL214", "PL217", "PL514"],
        }
    )
    names = {"PL213": ["Miasto Kraków"], "PL21": ["Małopolskie"], "PL2": ["Makroregion"]}
    names |= {"PL514": ["Miasto Wrocław"], "PL51": ["Dolnośląskie"], "PL5": ["Zachód"]}
    found = nuts_names_of(places, names)
    # Kraków's NUTS 3 holds only a third of the region's places: levels 2 and 1 stand for it.
    assert found["PL.77"] == [["Małopolskie"], ["Makroregion"]]
    assert found["PL.72"] == [["Miasto Wrocław"], ["Dolnośląskie"], ["Zachód"]]


@pytest.fixture(scope="module")
def built(raw_dir: Path, fixture_towns: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    from matcher.data.nuts import NutsReport, assign_nuts3, read_regions

    placed = assign_nuts3(fixture_towns, raw_dir, read_regions(raw_dir), NutsReport())
    return build_regions(raw_dir, placed, read_names(raw_dir), ["en", "pl", "de"])


def test_regions_table_maps_and_explains(built: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    regions, _ = built
    by_id = regions.set_index("id")
    assert by_id.at["PL.72", "iso_code"] == "PL-02"  # Lower Silesia -> Dolnośląskie
    assert by_id.at["DE.13", "iso_code"] == "DE-SN"
    assert by_id.at["CZ.52", "iso_code"] == "CZ-10"
    assert pd.isna(by_id.at["DE.99", "iso_code"]) and by_id.at["DE.99", "note"]
    assert (by_id["iso_method"] == "").sum() == 1


def test_names_in_long_form_with_sources(built: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    _, names = built
    assert list(names.columns) == ["region_id", "lang", "form", "name", "source"]
    got = {(r, lang, form): (n, s) for r, lang, form, n, s in names.itertuples(index=False)}
    assert got[("DE.13", "en", "name")] == ("Saxony", "geonames")
    assert got[("DE.13", "pl", "name")] == ("Saksonia", "pycountry")
    assert got[("DE.13", "de", "name")] == ("Sachsen", "iso3166-2")
    assert got[("DE.99", "pl", "name")] == ("Nowhere", "geonames")
    assert got[("PL.72", "pl", "official")] == ("województwo dolnośląskie", "gus")
    assert got[("PL.72", "pl", "adjective")] == ("dolnośląskie", "gus")
    assert got[("PL.72", "de", "name")] == ("Niederschlesien", "pycountry")
    assert not names.duplicated(["region_id", "lang", "form"]).any()


def test_a_fourth_language_is_rows_not_columns(built: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    regions, names = built
    more = region_names(regions, ["en", "pl", "de", "lt"], {})
    assert list(more.columns) == list(names.columns)
    lithuanian = more[more["lang"] == "lt"].set_index("region_id")["name"]
    assert lithuanian["DE.13"] == "Saksonija"
    assert lithuanian["PL.72"] == "Žemutinės Silezijos vaivadija"


def test_the_adjective_declines_for_sentences(built: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    # What the sentence writer needs for "województwa podlaskiego": the adjective's forms.
    _, names = built
    adjective = names[(names["form"] == "adjective")].set_index("region_id")["name"]["PL.72"]
    lemma = adjective[:-2] + "i"  # dolnośląskie -> dolnośląski
    forms = {form for form, tag in morfeusz.generate(lemma) if tag.startswith("adj:sg:gen:n")}
    assert "dolnośląskiego" in forms


def test_towns_named_from_geonames_never_a_made_up_label(
    built: tuple[pd.DataFrame, pd.DataFrame], fixture_towns: pd.DataFrame
) -> None:
    regions, _ = built
    named = name_towns(fixture_towns, regions).set_index("id")["region_name"]
    assert named["GN-2921232"] == "Saxony"  # Görlitz
    assert named["PL-0201011"] == "dolnośląskie"  # gminas keep their voivodeship
    assert not named.dropna().str.endswith(" region").any()
