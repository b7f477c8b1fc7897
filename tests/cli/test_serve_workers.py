"""Several `matcher serve` processes on one PostgreSQL database: a change made through one
server is read through the other within 2 seconds, through the database alone; the other
runs `--workers 2`, two processes whose metrics add up. Real processes on loopback, the real
packaged MiniLM model (each process loads it), a ranker fitted on the API seed with it.
(The same propagation on SQLite and PostgreSQL, in one process: tests/test_sync.py.)
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import Engine

from tests.api.seed import KRAKOW, PARIS
from tests.support.live import MATCHER, World, make_world, servers

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
V1 = "/api/v1"


@pytest.fixture
def world(pg_engine: Engine, tmp_path: Path) -> World:
    """A seeded PostgreSQL database and a MiniLM ranker fitted on it."""
    return make_world(pg_engine, pg_engine.url.render_as_string(hide_password=False), tmp_path)


@pytest.fixture
def two(world: World) -> Iterator[list[str]]:
    """A one-process server and a two-process one on the same database."""
    with servers(world, 1, 2) as bases:
        yield bases


def ids(base: str, town_id: str) -> list[str]:
    res = httpx.get(f"{base}{V1}/towns/{town_id}/suggestions", params={"limit": 50}, timeout=30)
    assert res.status_code == 200, res.text
    return [s["id"] for s in res.json()["suggestions"]]


def test_a_write_through_one_server_is_read_through_the_other(world: World, two: list[str]) -> None:
    writer, reader = two
    for _ in range(4):  # both reader processes have answered (and cached) it
        assert PARIS in ids(reader, KRAKOW)
    headers = {"X-API-Key": world.keys.curator}
    res = httpx.post(
        f"{writer}{V1}/shortlists/{KRAKOW}/items", json={"candidate_id": PARIS}, headers=headers
    )
    assert res.status_code == 201, res.text
    item = res.json()
    for status in ("proposed", "contacted", "accepted"):
        res = httpx.patch(
            f"{writer}{V1}/shortlists/{KRAKOW}/items/{item['id']}",
            json={"status": status, "version": item["version"]},
            headers=headers,
        )
        assert res.status_code == 200, res.text
        item = res.json()
    accepted = time.monotonic()
    seen = 0
    while seen < 4:  # four answers in a row without it: every reader process knows
        if PARIS in ids(reader, KRAKOW):
            seen = 0
            assert time.monotonic() - accepted < 2.0, "the reader still suggests the partner"
        else:
            seen += 1
        time.sleep(0.02)

    editor = {"X-API-Key": world.keys.editor}
    assert httpx.get(f"{reader}{V1}/me", headers=editor).status_code == 200
    subprocess.run([str(MATCHER), "users", "revoke", "krakow-editor"], env=world.env, check=True)
    for _ in range(4):
        assert httpx.get(f"{reader}{V1}/me", headers=editor).status_code == 401

    for _ in range(20):
        assert httpx.get(f"{reader}{V1}/themes").status_code == 200
    text = httpx.get(f"{reader}/metrics").text
    line = next(
        x
        for x in text.splitlines()
        if x.startswith("matcher_requests_total") and 'route="/api/v1/themes"' in x
    )
    assert float(line.rsplit(" ", 1)[1]) == 20  # both processes' counts added up
    ready = next(x for x in text.splitlines() if x.startswith("matcher_ready "))
    assert float(ready.rsplit(" ", 1)[1]) == 2
