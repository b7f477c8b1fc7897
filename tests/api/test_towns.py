from __future__ import annotations

from tests.api.conftest import Api
from tests.api.seed import BERLIN, KRAKOW, LYON, MUNICH


def test_themes_lists_the_vocabulary(api: Api) -> None:
    body = api.client.get("/api/v1/themes").json()
    assert [t["code"] for t in body] == ["climate-energy", "culture-heritage"]
    assert body[1]["name_pl"] == "Kultura"


def test_search_without_diacritics_finds_krakow(api: Api) -> None:
    body = api.client.get("/api/v1/towns", params={"q": "Krakow"}).json()
    assert KRAKOW in [t["id"] for t in body["data"]]
    assert body["count"] == len(body["data"])


def test_search_understands_polish_case_forms(api: Api) -> None:
    # what a user types in the town field: "w Krakowie", "z Krakowa" (Morfeusz's forms)
    for typed in ("w Krakowie", "z Krakowa", "Krakowem"):
        body = api.client.get("/api/v1/towns", params={"q": typed}).json()
        assert [t["id"] for t in body["data"]][:1] == [KRAKOW], typed


def test_search_filters_by_country(api: Api) -> None:
    body = api.client.get("/api/v1/towns", params={"q": "", "country": ["de"]}).json()
    assert {t["id"] for t in body["data"]} == {BERLIN, MUNICH}


def test_search_respects_limit(api: Api) -> None:
    body = api.client.get("/api/v1/towns", params={"limit": 2}).json()
    assert body["count"] == 2


def test_search_rejects_a_bad_country_code(api: Api) -> None:
    response = api.client.get("/api/v1/towns", params={"country": "Germany"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][-2:] == ["country", 0]


def test_search_rejects_a_limit_out_of_range(api: Api) -> None:
    assert api.client.get("/api/v1/towns", params={"limit": 0}).status_code == 422
    assert api.client.get("/api/v1/towns", params={"limit": 101}).status_code == 422


def test_detail_has_facts_with_sources(api: Api) -> None:
    body = api.client.get(f"/api/v1/towns/{KRAKOW}").json()
    facts = {f["label_en"]: f for f in body["facts"]}
    assert facts["Population"]["value"] == 804_237
    assert facts["Population"]["source"] == "gus"
    assert facts["Population"]["label_pl"] == "Liczba ludności"
    assert facts["Latitude"]["source"] == "geonames_powiat_centre"
    assert facts["Coastal area"]["source"] == "lau"


def test_detail_facts_of_a_place_come_from_geonames(api: Api) -> None:
    facts = api.client.get(f"/api/v1/towns/{BERLIN}").json()["facts"]
    assert {f["source"] for f in facts} == {"geonames"}
    assert "Coastal area" not in {f["label_en"] for f in facts}


def test_detail_has_themes_networks_projects_partners(api: Api) -> None:
    body = api.client.get(f"/api/v1/towns/{KRAKOW}").json()
    assert body["themes"][0]["code"] == "culture-heritage"
    assert body["themes"][0]["evidence"][0]["source_id"] == "cittaslow"
    assert body["networks"] == [
        {"id": "cittaslow", "name": "Cittaslow", "kind": "etmun", "role": "member", "year": 2012}
    ]
    assert body["projects"][0]["acronym"] == "HERIT"
    assert body["projects"][0]["role"] == "lead"
    assert [p["id"] for p in body["partners"]] == [LYON]
    assert body["profile"] is None


def test_partners_are_listed_from_both_ends(api: Api) -> None:
    body = api.client.get(f"/api/v1/towns/{LYON}").json()
    assert [p["id"] for p in body["partners"]] == [KRAKOW]


def test_detail_of_unknown_town_is_404(api: Api) -> None:
    response = api.client.get("/api/v1/towns/PL-0000000")
    assert response.status_code == 404
    assert "PL-0000000" in response.json()["detail"]


def test_themes_are_named_in_the_reader_language(api: Api) -> None:
    """The vocabulary's names come from the catalogue (German too); name_en/name_pl stay
    for one release."""
    names = {
        lang: api.client.get("/api/v1/themes", headers={"Accept-Language": lang}).json()[0]
        for lang in ("en", "pl", "de")
    }
    assert names["en"]["code"] == "climate-energy"
    assert [names[lang]["name"] for lang in ("en", "pl", "de")] == [
        "Climate and energy",
        "Klimat i energia",
        "Klima und Energie",
    ]
    assert names["de"]["name_en"] == "Climate and energy"
