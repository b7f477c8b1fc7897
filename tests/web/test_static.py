"""The page's static files: served at /, self-contained, nothing fetched from the internet."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from matcher.api.app import WEB_DIR, create_app
from matcher.config import Settings

WEB_FILES = sorted(
    p for p in WEB_DIR.rglob("*") if p.suffix in {".html", ".js", ".css", ".json"} and p.is_file()
)


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    app = create_app(Settings(), engine=engine, load_service=False)
    with TestClient(app) as c:
        yield c


def test_index_is_served_at_root(client: TestClient) -> None:
    res = client.get("/")
    assert res.status_code == 200
    assert 'src="js/app.js"' in res.text


def test_every_local_reference_in_the_page_exists(client: TestClient) -> None:
    html = (WEB_DIR / "index.html").read_text()
    refs = re.findall(r'(?:href|src)="((?:js/|styles|europe)[^"]*)"', html)
    imports = [
        (p.parent / m).resolve().relative_to(WEB_DIR.resolve()).as_posix()
        for p in WEB_DIR.rglob("*.js")
        for m in re.findall(r'from "(\.{1,2}/[^"]+)"', p.read_text())
    ]
    assert refs
    for ref in {*refs, *imports}:
        assert client.get(f"/{ref}").status_code == 200, ref


@pytest.mark.parametrize("path", WEB_FILES, ids=lambda p: p.name)
def test_no_file_reaches_the_internet(path: Path) -> None:
    text = path.read_text()
    urls = set(re.findall(r"https?://[^\s\"'`)]+", text)) - {"http://www.w3.org/2000/svg"}
    assert not urls


def test_outline_is_small_and_attributed() -> None:
    path = WEB_DIR / "europe.json"
    data = json.loads(path.read_text())
    assert "Natural Earth" in data["attribution"]
    assert {"PL", "DE", "FR", "UA"} <= {c["code"] for c in data["countries"]}
    assert path.stat().st_size < 150_000
