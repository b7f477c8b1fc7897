"""The ``api`` fixture: the app on a seeded database (SQLite, and PostgreSQL when configured)
with a fake match service, and the seeded users' keys."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from matcher.api.app import create_app
from matcher.config import Settings
from tests.api.fakes import FakeService
from tests.api.seed import KRAKOW, LYON, Keys, seed, town_refs

ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@dataclass
class Api:
    """What a test needs: a client, the fake service behind it, the keys, the database."""

    client: TestClient
    service: FakeService
    keys: Keys
    engine: Engine

    def auth(self, key: str) -> dict[str, str]:
        """Headers carrying ``key``."""
        return {"X-API-Key": key}


@pytest.fixture(params=ENGINES)
def db_engine(request: pytest.FixtureRequest) -> Engine:
    """An empty database with every table: in-memory SQLite, or the local PostgreSQL."""
    name = "engine" if request.param == "sqlite" else "pg_engine"
    engine: Engine = request.getfixturevalue(name)
    return engine


@pytest.fixture
def api(db_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The app on a seeded database with a fake service."""
    keys = seed(db_engine)
    service = FakeService(towns=town_refs(), partnerships={frozenset((KRAKOW, LYON))})
    settings = Settings(var_dir=tmp_path_factory.mktemp("var"))
    app = create_app(settings, engine=db_engine, service=service)
    with TestClient(app) as client:
        yield Api(client=client, service=service, keys=keys, engine=db_engine)


@pytest.fixture
def api_without_service(engine: Engine) -> Iterator[Api]:
    """The app on a seeded SQLite database whose match service failed to load."""
    keys = seed(engine)
    app = create_app(Settings(), engine=engine, load_service=False)
    app.state.service_error = "ranker file missing"
    with TestClient(app) as client:
        yield Api(client=client, service=FakeService(towns={}), keys=keys, engine=engine)
