"""Several `matcher serve` processes on one PostgreSQL database: a change made through one
server is read through the other within 2 seconds, through the database alone; the other
runs `--workers 2`, two processes whose metrics add up. Real processes on loopback, the real
packaged MiniLM model (each process loads it), a ranker fitted on the API seed with it.
(The same propagation on SQLite and PostgreSQL, in one process: tests/test_sync.py.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from matcher.config import Settings
from matcher.embeddings.models import load_encoder
from matcher.models import TownProfile
from tests.api.seed import BERLIN, KRAKOW, LYON, MUNICH, PARIS, Keys, seed
from tests.cli.test_serve_cmd import free_port
from tests.support.real_service import real_service

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
MATCHER = Path(sys.executable).with_name("matcher")
V1 = "/api/v1"


@dataclass
class World:
    env: dict[str, str]
    keys: Keys


@pytest.fixture
def world(pg_engine: Engine, tmp_path: Path) -> Iterator[World]:
    """A seeded PostgreSQL database, a ranker file fitted on it with the MiniLM vectors, and
    the environment that points `matcher serve` at them."""
    engine = pg_engine
    url = engine.url.render_as_string(hide_password=False)
    keys = seed(engine)
    with Session(engine) as session:
        for town_id in (LYON, PARIS, MUNICH, BERLIN):
            session.add(TownProfile(town_id=town_id, description=f"Historic town {town_id}"))
        session.commit()
    settings = Settings(var_dir=tmp_path / "var", embedding_model="minilm")
    service = real_service(engine, settings, load_encoder("minilm"))
    assert service.artifact is not None
    service.artifact.save(tmp_path / "ranker.json")
    env = {
        **os.environ,
        "MATCHER_DATABASE_URL": url,
        "MATCHER_VAR_DIR": str(tmp_path / "var"),
        "MATCHER_RANKER_PATH": str(tmp_path / "ranker.json"),
        "MATCHER_EMBEDDING_MODEL": "minilm",
    }
    yield World(env, keys)


@pytest.fixture
def servers(world: World) -> Iterator[tuple[str, str]]:
    """Two servers started together: one process, and `--workers 2`; stopped after."""
    started: list[tuple[subprocess.Popen[bytes], str]] = []
    for workers in ("1", "2"):
        port = free_port()
        command = [str(MATCHER), "serve", "--host", "127.0.0.1", "--port", str(port)]
        process = subprocess.Popen(
            [*command, "--workers", workers],
            env=world.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append((process, f"http://127.0.0.1:{port}"))
    try:
        for process, base in started:
            wait_ready(process, base)
        yield started[0][1], started[1][1]
    finally:
        for process, _ in started:
            process.send_signal(signal.SIGINT)
        for process, _ in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_ready(process: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert process.poll() is None, f"matcher serve exited with {process.returncode}"
        try:
            if httpx.get(f"{base}{V1}/ready", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError("matcher serve did not become ready")


def ids(base: str, town_id: str) -> list[str]:
    res = httpx.get(f"{base}{V1}/towns/{town_id}/suggestions", params={"limit": 50}, timeout=30)
    assert res.status_code == 200, res.text
    return [s["id"] for s in res.json()["suggestions"]]


def test_a_write_through_one_server_is_read_through_the_other(
    world: World, servers: tuple[str, str]
) -> None:
    writer, reader = servers
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
