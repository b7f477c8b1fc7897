"""Town detail: GUS indicators, the NUTS 3 region, the region and the town's own name, in
the reader's language, each figure with its year and source."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api
from tests.api.seed import BERLIN, KRAKOW, MUNICH


def _detail(api: Api, town_id: str, lang: str) -> dict[str, Any]:
    response = api.client.get(f"/api/v1/towns/{town_id}", params={"lang": lang})
    assert response.status_code == 200
    return response.json()


def test_indicators_in_groups_with_year_and_source(api: Api) -> None:
    body = _detail(api, KRAKOW, "en")
    groups = {g["code"]: g for g in body["indicators"]}
    # Only groups with a value, in the officer's order.
    assert list(groups) == ["labour_market", "finances", "demography"]
    assert groups["labour_market"]["label"] == "Labour market"
    unemployment = groups["labour_market"]["indicators"][0]
    assert unemployment["code"] == "unemployment"
    assert unemployment["value"] == 2.1
    assert unemployment["text"] == "2.1% of the working-age population"
    assert unemployment["year"] is None
    assert unemployment["period"] == "year not recorded by the source (data set of October 3, 2026)"
    assert unemployment["source"] == "gus_bdl"
    assert unemployment["source_label"] == "GUS (Statistics Poland), Local Data Bank"
    pit = groups["finances"]["indicators"][0]
    assert (pit["year"], pit["period"], pit["text"]) == (2025, "2025", "PLN 3,659 per inhabitant")
    migration = groups["demography"]["indicators"][0]
    assert migration["text"] == "-0.5 per 1,000 inhabitants"


def test_indicators_in_polish_and_german(api: Api) -> None:
    pl = {g["code"]: g for g in _detail(api, KRAKOW, "pl")["indicators"]}
    assert pl["labour_market"]["label"] == "Rynek pracy"
    assert pl["labour_market"]["indicators"][0]["text"] == "2,1% ludności w wieku produkcyjnym"
    assert pl["finances"]["indicators"][0]["text"] == "3\xa0659 zł na mieszkańca"
    assert pl["finances"]["indicators"][0]["source_label"] == "GUS, Bank Danych Lokalnych"
    assert pl["labour_market"]["indicators"][0]["period"] == (
        "rok niepodany w źródle (zestaw danych z 3 października 2026)"
    )
    de = {g["code"]: g for g in _detail(api, KRAKOW, "de")["indicators"]}
    assert de["finances"]["label"] == "Gemeindefinanzen"
    assert de["finances"]["indicators"][0]["text"] == "3.659 PLN je Einwohner"


def test_accept_language_chooses_the_language(api: Api) -> None:
    response = api.client.get(f"/api/v1/towns/{KRAKOW}", headers={"Accept-Language": "de"})
    labels = [g["label"] for g in response.json()["indicators"]]
    assert labels == ["Arbeitsmarkt", "Gemeindefinanzen", "Demografie"]


def test_a_town_outside_poland_has_no_indicators(api: Api) -> None:
    assert _detail(api, MUNICH, "en")["indicators"] == []


def test_nuts3_region_with_figures_typology_and_source(api: Api) -> None:
    nuts = _detail(api, KRAKOW, "pl")["nuts3_region"]
    assert (nuts["code"], nuts["name"], nuts["method"]) == ("PL213", "Miasto Kraków", "lau")
    assert nuts["method_text"] == "Według rekordu LAU gminy (Eurostat)"
    figures = {f["code"]: f for f in nuts["figures"]}
    assert figures["gdp_index"]["text"] == "68% średniej UE"
    assert figures["gdp_index"]["label"] == "PKB na mieszkańca"
    assert figures["population"]["text"] == "779\xa0115 mieszkańców"
    assert figures["population_change"]["text"] == "+4\xa0000 osób"
    assert figures["fertility"]["text"] == "1,41 dziecka na kobietę"
    typology = {x["code"]: x for x in nuts["typology"]}
    assert typology["urban_rural"] == {
        "code": "urban_rural",
        "value": 1,
        "label": "Charakter miejski lub wiejski",
        "text": "Region przeważająco miejski",
    }
    assert typology["mountain"]["text"] == "Region niegórski"
    assert nuts["source"] == "eurostat_nuts3" and nuts["edition"] == "2021"
    assert "Eurostat" in nuts["source_label"]


def test_nuts3_missing_figures_are_left_out(api: Api) -> None:
    nuts = _detail(api, MUNICH, "en")["nuts3_region"]
    assert nuts["method"] == "nearest"
    assert "just outside" in nuts["method_text"]
    figures = {f["code"]: f for f in nuts["figures"]}
    assert "gdp_index" not in figures and "fertility" not in figures
    assert figures["population_change"]["text"] == "-1 person"


def test_no_nuts3_region_is_null(api: Api) -> None:
    assert _detail(api, BERLIN, "en")["nuts3_region"] is None


def test_region_named_in_the_readers_language(api: Api) -> None:
    assert _detail(api, MUNICH, "pl")["region_name"] == "Bawaria"
    assert _detail(api, MUNICH, "de")["region"] == {
        "id": "DE.02",
        "iso_code": "DE-BY",
        "name": "Bayern",
        "name_source": "iso3166-2",
        "official_name": None,
        "adjective": None,
    }
    krakow = _detail(api, KRAKOW, "pl")["region"]
    assert krakow["name"] == "województwo małopolskie"
    assert (krakow["official_name"], krakow["adjective"]) == (
        "województwo małopolskie",
        "małopolskie",
    )


def test_a_town_without_a_region_has_none(api: Api) -> None:
    assert _detail(api, BERLIN, "en")["region"] is None
    assert _detail(api, BERLIN, "en")["region_name"] is None


def test_local_name_only_where_the_language_has_one(api: Api) -> None:
    assert _detail(api, MUNICH, "pl")["local_name"] == "Monachium"
    assert _detail(api, MUNICH, "de")["local_name"] is None
    assert _detail(api, MUNICH, "pl")["name"] == "Munich"


def test_fact_labels_and_sources_in_the_readers_language(api: Api) -> None:
    facts = {f["code"]: f for f in _detail(api, KRAKOW, "de")["facts"]}
    assert facts["population"]["label"] == "Einwohnerzahl"
    assert facts["population"]["label_en"] == "Population"
    assert facts["population"]["label_pl"] == "Liczba ludności"
    assert (
        facts["population"]["source_label"] == "GUS (Statistik Polen), Fläche und Bevölkerung 2024"
    )
    assert facts["nuts3"]["source"] == "lau"
    munich = {f["code"]: f for f in _detail(api, MUNICH, "en")["facts"]}
    assert munich["nuts3"]["source"] == "eurostat_nuts3"
