"""The memo of a result list (text, XLSX, PDF) in the reader's language, contacts only for
signed-in readers, every 4xx; and the pair explained with the list's wish."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import Session

from matcher.models import TownProfile
from matcher.results import SuggestionQuery
from tests.api.conftest import Api
from tests.api.seed import BERLIN, KRAKOW

MEMO = "/api/v1/memo"


def with_contact(api: Api) -> None:
    with Session(api.engine) as s:
        s.add(
            TownProfile(
                town_id=BERLIN,
                version=1,
                updated_by="t",
                contact_name="Jörg Łęcki",
                contact_email="partner@berlin.example",
            )
        )
        s.commit()


def test_text_memo_names_town_filters_and_reasons_in_polish(api: Api) -> None:
    params = {"format": "text", "town_id": KRAKOW, "q": "uzdrowiska", "country": "DE", "lang": "pl"}
    response = api.client.get(MEMO, params=params)
    assert response.status_code == 200, response.text
    text = response.text
    assert text.startswith("Propozycje partnerów dla gminy Kraków\n")
    assert "Życzenie: uzdrowiska" in text
    assert "Kraje: Niemcy" in text
    first = api.client.get(
        f"/api/v1/towns/{KRAKOW}/suggestions",
        params={"q": "uzdrowiska", "country": "DE", "lang": "pl"},
    ).json()["suggestions"][0]
    assert f"1. {first['name']} (Niemcy)" in text
    assert first["reasons"][0]["text"] in text


def test_contacts_only_for_signed_in_readers(api: Api) -> None:
    with_contact(api)
    params = {"format": "text", "town_id": KRAKOW, "country": "DE"}
    anonymous = api.client.get(MEMO, params=params).text
    assert "partner@berlin.example" not in anonymous
    signed_in = api.client.get(MEMO, params=params, headers=api.auth(api.keys.editor)).text
    assert "partner@berlin.example" in signed_in


def test_xlsx_memo_has_the_list_and_its_reasons(api: Api) -> None:
    with_contact(api)
    params = {"format": "xlsx", "town_id": KRAKOW, "lang": "de"}
    response = api.client.get(MEMO, params=params)
    assert response.status_code == 200
    assert response.headers["content-disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Nr.", "Ort")
    assert "Kontakt" not in rows[0]  # anonymous export: no contact column
    assert rows[1][0] == 1 and rows[1][5]
    query = load_workbook(io.BytesIO(response.content)).worksheets[1]
    assert query.title == "Anfrage"
    assert [c.value for c in query[1]] == ["Was", "Wert"]


def test_pdf_memo_keeps_polish_letters(api: Api) -> None:
    params = {"format": "pdf", "town_id": KRAKOW, "q": "źródła mineralne", "lang": "pl"}
    response = api.client.get(MEMO, params=params)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Propozycje partnerów dla gminy Kraków" in text
    assert "źródła mineralne" in text


def test_memo_errors_are_4xx(api: Api) -> None:
    assert api.client.get(MEMO, params={"format": "text"}).status_code == 422
    assert api.client.get(MEMO, params={"format": "doc", "town_id": KRAKOW}).status_code == 422
    assert api.client.get(MEMO, params={"town_id": KRAKOW}).status_code == 422
    unknown = api.client.get(MEMO, params={"format": "text", "town_id": "PL-0000000"})
    assert unknown.status_code == 404
    bad = api.client.get(
        MEMO, params={"format": "text", "town_id": KRAKOW, "min_population": 9, "max_population": 1}
    )
    assert bad.status_code == 422


def test_explain_passes_the_lists_wish_to_the_service(api: Api) -> None:
    response = api.client.get(
        f"/api/v1/towns/{KRAKOW}/explain/{BERLIN}", params={"q": "spa", "country": "de"}
    )
    assert response.status_code == 200
    assert api.service.explained[-1] == SuggestionQuery(
        town_id=KRAKOW, query="spa", target_countries=["DE"]
    )
    api.client.get(f"/api/v1/towns/{KRAKOW}/explain/{BERLIN}")
    assert api.service.explained[-1] is None
