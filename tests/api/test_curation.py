"""Shortlist routes: the happy path, history, export, and every 4xx answer."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from matcher.curation import declined_candidates
from matcher.models import Partnership
from tests.api.conftest import Api
from tests.api.seed import BERLIN, KRAKOW, MUNICH, PARIS, WARSZAWA

BASE = f"/api/v1/shortlists/{KRAKOW}"


def add(api: Api, candidate: str = BERLIN, key: str | None = None, note: str = "") -> dict:
    r = api.client.post(
        f"{BASE}/items",
        json={"candidate_id": candidate, "note": note},
        headers=api.auth(key or api.keys.curator),
    )
    assert r.status_code == 201, r.text
    return r.json()


def patch(api: Api, item: dict, status: str, note: str | None = None, key: str | None = None):
    body = {"status": status, "version": item["version"]}
    if note is not None:
        body["note"] = note
    return api.client.patch(
        f"{BASE}/items/{item['id']}", json=body, headers=api.auth(key or api.keys.curator)
    )


# --- happy paths -----------------------------------------------------------------------------


def test_add_item_returns_it_with_score_and_status(api: Api) -> None:
    item = add(api, note="good match")
    assert item["candidate"]["id"] == BERLIN and item["status"] == "suggested"
    assert item["version"] == 1 and item["created_by"] == "curator"
    assert item["score"] == pytest.approx(1.0)  # the fake service's explain()
    assert item["status_label_pl"] == "Sugerowany"
    assert item["allowed_next"] == ["proposed", "declined"]  # workflow order


def test_editor_manages_own_towns_shortlist(api: Api) -> None:
    item = add(api, key=api.keys.editor)
    r = patch(api, item, "proposed", "sent to the mayor", key=api.keys.editor)
    assert r.status_code == 200 and r.json()["status"] == "proposed"
    listing = api.client.get(BASE, headers=api.auth(api.keys.editor)).json()
    assert listing["town"]["id"] == KRAKOW
    assert [i["candidate"]["id"] for i in listing["items"]] == [BERLIN]


def test_status_path_and_history(api: Api) -> None:
    item = add(api, note="first")
    for status in ("proposed", "contacted"):
        r = patch(api, item, status, f"now {status}", key=api.keys.admin)
        assert r.status_code == 200
        item = r.json()
    assert item["version"] == 3 and item["note"] == "now contacted"
    r = api.client.get(f"{BASE}/items/{item['id']}/history", headers=api.auth(api.keys.editor))
    assert r.status_code == 200
    steps = [(h["from_status"], h["to_status"], h["user"], h["note"]) for h in r.json()]
    assert steps == [
        (None, "suggested", "curator", "first"),
        ("suggested", "proposed", "admin", "now proposed"),
        ("proposed", "contacted", "admin", "now contacted"),
    ]


def test_accepting_stores_a_partnership_and_tells_the_ranker(api: Api) -> None:
    item = add(api)
    for status in ("proposed", "contacted", "accepted"):
        item = patch(api, item, status).json()
    assert item["status"] == "accepted" and item["allowed_next"] == []
    with Session(api.engine) as s:
        rows = s.exec(select(Partnership).where(Partnership.source == "curation")).all()
        assert [(p.town_a_id, p.town_b_id) for p in rows] == [(BERLIN, KRAKOW)]
    assert frozenset((KRAKOW, BERLIN)) in api.service.partnerships


def test_declining_blocks_the_pair_both_ways(api: Api) -> None:
    item = add(api)
    assert patch(api, item, "declined", "not now").status_code == 200
    with Session(api.engine) as s:
        assert BERLIN in declined_candidates(s, KRAKOW)
        assert KRAKOW in declined_candidates(s, BERLIN)


def test_reopen_with_a_note(api: Api) -> None:
    item = patch(api, add(api), "declined").json()
    r = patch(api, item, "proposed", "new mayor, new chance")
    assert r.status_code == 200 and r.json()["status"] == "proposed"


def test_export_csv(api: Api) -> None:
    add(api, note="=cmd")
    r = api.client.get(f"{BASE}/export", headers=api.auth(api.keys.curator))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"] == f'attachment; filename="shortlist-{KRAKOW}.csv"'
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Town" and rows[1][2] == "Berlin" and rows[1][6] == "'=cmd"


def test_export_xlsx_in_polish(api: Api) -> None:
    add(api)
    r = api.client.get(
        f"{BASE}/export", params={"format": "xlsx", "lang": "pl"}, headers=api.auth(api.keys.editor)
    )
    assert r.status_code == 200
    assert r.headers["content-disposition"].endswith('.xlsx"')
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["Lista", "Historia"]
    assert wb["Lista"]["A1"].value == "Miejscowość"


# --- 401 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", BASE),
        ("post", f"{BASE}/items"),
        ("patch", f"{BASE}/items/1"),
        ("get", f"{BASE}/items/1/history"),
        ("get", f"{BASE}/export"),
    ],
)
def test_no_key_is_401(api: Api, method: str, path: str) -> None:
    body = {"candidate_id": BERLIN} if method == "post" else {"status": "proposed", "version": 1}
    kwargs = {"json": body} if method != "get" else {}
    r = getattr(api.client, method)(path, **kwargs)
    assert r.status_code == 401 and r.json()["detail"]


def test_invalid_key_is_401(api: Api) -> None:
    assert api.client.get(BASE, headers=api.auth("mk_nope")).status_code == 401


# --- 403 -------------------------------------------------------------------------------------


def test_other_towns_editor_cannot_read(api: Api) -> None:
    r = api.client.get(BASE, headers=api.auth(api.keys.other_editor))
    assert r.status_code == 403 and r.json()["detail_pl"]


def test_other_towns_editor_cannot_add(api: Api) -> None:
    r = api.client.post(
        f"{BASE}/items", json={"candidate_id": BERLIN}, headers=api.auth(api.keys.other_editor)
    )
    assert r.status_code == 403


def test_other_towns_editor_cannot_change(api: Api) -> None:
    item = add(api)
    assert patch(api, item, "proposed", key=api.keys.other_editor).status_code == 403


def test_other_towns_editor_cannot_read_history_or_export(api: Api) -> None:
    item = add(api)
    h = api.auth(api.keys.other_editor)
    assert api.client.get(f"{BASE}/items/{item['id']}/history", headers=h).status_code == 403
    assert api.client.get(f"{BASE}/export", headers=h).status_code == 403


# --- 404 -------------------------------------------------------------------------------------


def test_unknown_town_is_404(api: Api) -> None:
    r = api.client.get("/api/v1/shortlists/PL-9999999", headers=api.auth(api.keys.curator))
    assert r.status_code == 404


def test_unknown_candidate_is_404(api: Api) -> None:
    r = api.client.post(
        f"{BASE}/items", json={"candidate_id": "GN-1"}, headers=api.auth(api.keys.curator)
    )
    assert r.status_code == 404 and "GN-1" in r.json()["detail"]


def test_unknown_item_is_404(api: Api) -> None:
    r = patch(api, {"id": 4242, "version": 1}, "proposed")
    assert r.status_code == 404
    r = api.client.get(f"{BASE}/items/4242/history", headers=api.auth(api.keys.curator))
    assert r.status_code == 404


def test_item_of_another_town_is_404(api: Api) -> None:
    item = add(api)
    r = api.client.patch(
        f"/api/v1/shortlists/{WARSZAWA}/items/{item['id']}",
        json={"status": "proposed", "version": 1},
        headers=api.auth(api.keys.curator),
    )
    assert r.status_code == 404


# --- 409 -------------------------------------------------------------------------------------


def test_duplicate_item_is_409(api: Api) -> None:
    add(api)
    r = api.client.post(
        f"{BASE}/items", json={"candidate_id": BERLIN}, headers=api.auth(api.keys.editor)
    )
    assert r.status_code == 409


def test_stale_version_is_409_and_nothing_is_lost(api: Api) -> None:
    item = add(api)
    assert patch(api, item, "proposed", "first").status_code == 200
    r = patch(api, item, "declined", "second")  # still sends version 1
    assert r.status_code == 409
    assert r.json()["detail"] == (
        "Berlin changed since you read it: curator set it to “proposed” (version 2; you edited"
        " version 1). Reload to see it, or apply your change again on top."
    )
    current = api.client.get(f"{BASE}/items/{item['id']}", headers=api.auth(api.keys.curator))
    assert current.json()["version"] == 2 and current.json()["updated_by"] == "curator"
    listing = api.client.get(BASE, headers=api.auth(api.keys.curator)).json()
    assert listing["items"][0]["status"] == "proposed"
    assert listing["items"][0]["note"] == "first"


# --- 422 -------------------------------------------------------------------------------------


def test_same_town_is_422(api: Api) -> None:
    r = api.client.post(
        f"{BASE}/items", json={"candidate_id": KRAKOW}, headers=api.auth(api.keys.curator)
    )
    assert r.status_code == 422


def test_bad_status_is_422(api: Api) -> None:
    assert patch(api, add(api), "maybe").status_code == 422


def test_transition_not_allowed_is_422(api: Api) -> None:
    r = patch(api, add(api), "accepted")
    assert r.status_code == 422
    assert r.json()["detail"] == (
        "Berlin cannot move from “suggested” to “accepted”; allowed: proposed and declined."
    )


def test_reopen_without_note_is_422(api: Api) -> None:
    item = patch(api, add(api), "declined").json()
    r = patch(api, item, "proposed")
    assert r.status_code == 422 and "note" in r.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"candidate_id": ""},
        {"candidate_id": MUNICH, "extra": 1},
        {"candidate_id": MUNICH, "note": "x" * 2001},
        {"candidate_id": ["x"]},
        {"candidate_id": "GN-1\x00"},
        {"candidate_id": MUNICH, "note": "a\x00b"},
    ],
)
def test_bad_add_body_is_422(api: Api, body: dict) -> None:
    r = api.client.post(f"{BASE}/items", json=body, headers=api.auth(api.keys.curator))
    assert r.status_code == 422


@pytest.mark.parametrize(
    "body",
    [
        {"status": "proposed"},
        {"status": "proposed", "version": 0},
        {"status": "proposed", "version": "one"},
        {"status": "maybe", "version": 1},
        {"status": "proposed", "version": 1, "colour": "red"},
        {"status": "proposed", "version": 1, "note": "\x00"},
    ],
)
def test_bad_patch_body_is_422(api: Api, body: dict) -> None:
    item = add(api, PARIS)
    r = api.client.patch(
        f"{BASE}/items/{item['id']}", json=body, headers=api.auth(api.keys.curator)
    )
    assert r.status_code == 422


@pytest.mark.parametrize("item_id", ["abc", "0", str(2**40)])
def test_bad_item_id_is_422(api: Api, item_id: str) -> None:
    r = api.client.get(f"{BASE}/items/{item_id}/history", headers=api.auth(api.keys.curator))
    assert r.status_code == 422


def test_export_headers_come_in_every_catalogue_language(api: Api) -> None:
    def first_line(**params: str) -> str:
        r = api.client.get(f"{BASE}/export", params=params, headers=api.auth(api.keys.curator))
        assert r.status_code == 200
        return r.text.splitlines()[0]

    english, german = first_line(lang="en"), first_line(lang="de")
    assert german != english
    assert first_line(lang="pl") not in (english, german)
    assert first_line(lang="fr") == english  # no French catalogue: the reader's default


@pytest.mark.parametrize("params", [{"format": "pdf"}])
def test_bad_export_parameters_are_422(api: Api, params: dict) -> None:
    r = api.client.get(f"{BASE}/export", params=params, headers=api.auth(api.keys.curator))
    assert r.status_code == 422


# --- a note alone, bulk actions, the overview, permissions ------------------------------------


def test_a_note_alone_never_changes_the_status(api: Api) -> None:
    item = add(api)
    r = api.client.patch(
        f"{BASE}/items/{item['id']}",
        json={"note": "called, no answer", "version": 1},
        headers=api.auth(api.keys.curator),
    )
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["note"], r.json()["version"]) == (
        "suggested",
        "called, no answer",
        2,
    )


def test_conflict_in_polish_names_the_town(api: Api) -> None:
    item = add(api)
    patch(api, item, "proposed")
    r = api.client.patch(
        f"{BASE}/items/{item['id']}",
        json={"note": "x", "version": 1},
        headers={**api.auth(api.keys.curator), "Accept-Language": "pl"},
    )
    assert r.status_code == 409 and r.json()["detail"].startswith("Wpis dla Berlina zmienił się")


def test_bulk_add_and_bulk_move(api: Api) -> None:
    add(api)
    r = api.client.post(
        f"{BASE}/bulk",
        json={"candidate_ids": [BERLIN, PARIS, MUNICH]},
        headers=api.auth(api.keys.curator),
    )
    assert r.status_code == 201
    body = r.json()
    assert [i["candidate"]["id"] for i in body["added"]] == [PARIS, MUNICH]
    assert body["already"] == [BERLIN]
    items = api.client.get(BASE, headers=api.auth(api.keys.curator)).json()["items"]
    r = api.client.patch(
        f"{BASE}/items",
        json={
            "items": [{"id": i["id"], "version": i["version"]} for i in items],
            "status": "proposed",
        },
        headers=api.auth(api.keys.curator),
    )
    assert r.status_code == 200 and {i["status"] for i in r.json()} == {"proposed"}
    # the same versions again: every item changed since, nothing moves
    r = api.client.patch(
        f"{BASE}/items",
        json={
            "items": [{"id": i["id"], "version": i["version"]} for i in items],
            "status": "declined",
        },
        headers=api.auth(api.keys.curator),
    )
    assert r.status_code == 409 and "3 towns changed" in r.json()["detail"]


def test_bulk_add_of_an_unknown_town_is_404_and_adds_nothing(api: Api) -> None:
    r = api.client.post(
        f"{BASE}/bulk",
        json={"candidate_ids": [PARIS, "GN-404404"]},
        headers=api.auth(api.keys.curator),
    )
    assert r.status_code == 404
    assert api.client.get(BASE, headers=api.auth(api.keys.curator)).json()["items"] == []


def test_bulk_move_by_another_towns_editor_is_403(api: Api) -> None:
    item = add(api)
    r = api.client.patch(
        f"{BASE}/items",
        json={"items": [{"id": item["id"], "version": 1}], "status": "proposed"},
        headers=api.auth(api.keys.other_editor),
    )
    assert r.status_code == 403


def test_overview_lists_every_shortlist_with_counts(api: Api) -> None:
    add(api)
    patch(api, add(api, PARIS), "proposed")
    r = api.client.post(
        f"/api/v1/shortlists/{WARSZAWA}/items",
        json={"candidate_id": MUNICH},
        headers=api.auth(api.keys.curator),
    )
    assert r.status_code == 201
    data = api.client.get("/api/v1/shortlist-overview", headers=api.auth(api.keys.curator)).json()
    rows = {r["town"]["id"]: r for r in data["data"]}
    assert set(rows) == {KRAKOW, WARSZAWA} and data["count"] == 2
    assert rows[KRAKOW]["total"] == 2 and rows[KRAKOW]["counts"]["proposed"] == 1
    assert rows[KRAKOW]["counts"]["suggested"] == 1 and rows[KRAKOW]["last_user"] == "curator"
    only = api.client.get(
        "/api/v1/shortlist-overview",
        params={"status": "proposed", "sort": "town"},
        headers=api.auth(api.keys.curator),
    ).json()
    assert [r["town"]["id"] for r in only["data"]] == [KRAKOW]
    own = api.client.get("/api/v1/shortlist-overview", headers=api.auth(api.keys.editor)).json()
    assert [r["town"]["id"] for r in own["data"]] == [KRAKOW]
    export = api.client.get(
        "/api/v1/shortlist-overview/export",
        params={"format": "csv", "sort": "town"},
        headers={**api.auth(api.keys.curator), "Accept-Language": "de"},
    )
    assert export.status_code == 200
    rows_csv = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows_csv[0][:4] == ["Ort", "Land", "Einträge", "Empfohlen"]
    assert [r[0] for r in rows_csv[1:]] == ["Kraków", "Warszawa"]
    xlsx = api.client.get(
        "/api/v1/shortlist-overview/export",
        params={"format": "xlsx"},
        headers=api.auth(api.keys.curator),
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.max_row == 3


def test_overview_needs_a_key(api: Api) -> None:
    assert api.client.get("/api/v1/shortlist-overview").status_code == 401


def test_overview_bad_sort_is_422(api: Api) -> None:
    r = api.client.get(
        "/api/v1/shortlist-overview", params={"sort": "colour"}, headers=api.auth(api.keys.curator)
    )
    assert r.status_code == 422
