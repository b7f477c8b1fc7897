"""schemathesis against the app's OpenAPI schema: no 5xx, no response that breaks the schema.

In-process (ASGI), on a small seeded database (SQLite, and PostgreSQL when configured) with
the fake service and an admin key, so write routes are exercised past authentication; bounded
to 20 examples per operation.
The schema is read once at collection from an app without a database; each test then talks to
a fresh seeded app through :data:`TARGET` (schemathesis' lazy fixture loader does not work
with pytest 9).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.engine import Engine

from matcher.api.app import create_app
from matcher.config import Settings
from tests.api.fakes import FakeService
from tests.api.seed import KRAKOW, LYON, seed, town_refs

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]


class AppProxy:
    """An ASGI app forwarding to whichever app the current test set up."""

    def __init__(self) -> None:
        self.target: FastAPI | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        assert self.target is not None, "the fuzz_app fixture sets the target"
        await self.target(scope, receive, send)


TARGET = AppProxy()
schema = schemathesis.openapi.from_dict(create_app(Settings(), load_service=False).openapi())
schema.app = TARGET


@pytest.fixture
def admin_key(db_engine: Engine) -> Iterator[str]:
    """Seed the database, point TARGET at an app on it, and return the admin's key."""
    engine = db_engine
    keys = seed(engine)
    service = FakeService(towns=town_refs(), partnerships={frozenset((KRAKOW, LYON))})
    app = create_app(Settings(), engine=engine, service=service)
    with TestClient(app):  # runs the lifespan
        TARGET.target = app
        yield keys.admin
        TARGET.target = None


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: schemathesis.Case, admin_key: str) -> None:
    case.call_and_validate(headers={"X-API-Key": admin_key}, checks=CHECKS)
