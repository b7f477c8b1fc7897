"""Two server processes' worth of state on one database: changes made through one app reach
the other through the database alone (its change watcher), within 2 seconds.

Each app has its own real ranking service (fitted on the API seed, fake vectors) and shares
nothing with the other but the database: a SQLite file in WAL mode, and PostgreSQL.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from matcher.api.app import create_app
from matcher.config import Settings
from matcher.db import create_all, make_engine
from matcher.models import TownProfile
from matcher.sync import ChangeWatcher
from tests.api.fakes import FakeService
from tests.api.seed import BERLIN, KRAKOW, LYON, MUNICH, PARIS, WARSZAWA, Keys, seed, town_refs
from tests.support.real_service import real_service

V1 = "/api/v1"
PROPAGATION_SECONDS = 2.0


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database two processes could share: a SQLite file (WAL) or PostgreSQL."""
    if request.param == "postgres":
        engine: Engine = request.getfixturevalue("pg_engine")
        yield engine
        return
    engine = make_engine(f"sqlite:///{tmp_path / 'shared.sqlite'}")
    create_all(engine)
    yield engine
    engine.dispose()


@dataclass
class Pair:
    writer: TestClient
    reader: TestClient
    keys: Keys

    def ids(self, client: TestClient, town_id: str) -> list[str]:
        res = client.get(f"{V1}/towns/{town_id}/suggestions", params={"limit": 50})
        assert res.status_code == 200, res.text
        return [s["id"] for s in res.json()["suggestions"]]

    def write(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        res = self.writer.request(
            method, f"{V1}{path}", json=body, headers={"X-API-Key": self.keys.curator}
        )
        assert res.status_code in (200, 201), res.text
        data: dict[str, Any] = res.json()
        return data


@pytest.fixture
def pair(shared_engine: Engine, tmp_path: Path) -> Iterator[Pair]:
    keys = seed(shared_engine)
    with Session(shared_engine) as session:
        for town_id in (LYON, PARIS, MUNICH, BERLIN):
            session.add(TownProfile(town_id=town_id, description=f"Town {town_id} heritage"))
        session.commit()
    settings = Settings(var_dir=tmp_path / "var", sync_interval=0.1)
    apps = [
        create_app(
            settings,
            engine=shared_engine,
            service=real_service(shared_engine, settings),
            watch_changes=True,
        )
        for _ in range(2)
    ]
    with TestClient(apps[0]) as writer, TestClient(apps[1]) as reader:
        yield Pair(writer, reader, keys)


def within(seconds: float, condition: Callable[[], bool]) -> float:
    """How long until ``condition`` held; fails after ``seconds``."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > seconds:
            pytest.fail(f"not seen within {seconds} s")
        time.sleep(0.05)
    return time.monotonic() - start


def test_an_accepted_pair_reaches_the_other_worker(pair: Pair) -> None:
    assert PARIS in pair.ids(pair.reader, KRAKOW)
    item = pair.write("POST", f"/shortlists/{KRAKOW}/items", {"candidate_id": PARIS})
    for status in ("proposed", "contacted", "accepted"):
        body = {"status": status, "version": item["version"]}
        item = pair.write("PATCH", f"/shortlists/{KRAKOW}/items/{item['id']}", body)
    within(PROPAGATION_SECONDS, lambda: PARIS not in pair.ids(pair.reader, KRAKOW))
    assert KRAKOW not in pair.ids(pair.reader, PARIS)


def test_a_declined_pair_is_gone_on_the_other_worker_at_once(pair: Pair) -> None:
    assert BERLIN in pair.ids(pair.reader, KRAKOW)  # the reader has it cached now
    item = pair.write("POST", f"/shortlists/{KRAKOW}/items", {"candidate_id": BERLIN})
    body = {"status": "declined", "version": item["version"]}
    pair.write("PATCH", f"/shortlists/{KRAKOW}/items/{item['id']}", body)
    assert BERLIN not in pair.ids(pair.reader, KRAKOW)


def test_an_edited_profile_reaches_the_other_worker(pair: Pair) -> None:
    def vectors() -> int:
        value: int = pair.reader.get(f"{V1}/health").json()["vectors"]
        return value

    before = vectors()
    body = {"description": "Capital on the Vistula, startups", "version": 0}
    pair.write("PUT", f"/towns/{WARSZAWA}/profile", body)
    within(PROPAGATION_SECONDS, lambda: vectors() == before + 1)


def test_a_revoked_key_is_refused_by_the_other_worker_at_once(pair: Pair) -> None:
    from matcher.users import revoke_user

    headers = {"X-API-Key": pair.keys.editor}
    assert pair.reader.get(f"{V1}/me", headers=headers).status_code == 200
    with Session(pair.writer.app.state.engine) as session:  # type: ignore[attr-defined]
        revoke_user(session, "krakow-editor")
    assert pair.reader.get(f"{V1}/me", headers=headers).status_code == 401


def test_the_watcher_reports_what_it_refreshed(engine: Engine) -> None:
    seed(engine)
    service = FakeService(towns=town_refs())
    watcher = ChangeWatcher(engine, service)
    assert watcher.check() == []
    with Session(engine) as session:
        session.add(TownProfile(town_id=KRAKOW, description="x"))
        session.commit()
    assert watcher.check() == [f"profile:{KRAKOW}"]
    assert service.refreshed == [KRAKOW]
    assert watcher.check() == []
