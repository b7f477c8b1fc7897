"""Shared fixtures: an in-memory SQLite engine per test, and a PostgreSQL engine when asked."""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import cache

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

from matcher.db import create_all
from matcher.embeddings.fake import FakeEncoder


@pytest.fixture
def engine() -> Iterator[Engine]:
    """A fresh in-memory SQLite database with every table."""
    eng = create_engine(
        "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
    )
    create_all(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as s:
        yield s


DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@cache
def postgres_url() -> str | None:
    """``MATCHER_TEST_POSTGRES_URL``, else the local server when it answers (README: the
    PostgreSQL tests run wherever that server runs); None when there is none."""
    url = os.environ.get("MATCHER_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL
    try:
        probe = create_engine(url, connect_args={"connect_timeout": 3})
        with probe.connect():
            pass
        probe.dispose()
    except Exception:
        if os.environ.get("MATCHER_TEST_POSTGRES_URL"):
            raise  # asked for explicitly: a dead server is a failure, not a skip
        return None
    return url


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    """The local PostgreSQL server, emptied before and after; skipped where there is none."""
    url = postgres_url()
    if url is None:
        pytest.skip(f"no PostgreSQL server answers at {DEFAULT_POSTGRES_URL}")
    eng = create_engine(url)
    _drop_everything(eng)
    create_all(eng)
    yield eng
    _drop_everything(eng)
    eng.dispose()


def _drop_everything(engine: Engine) -> None:
    """Drop every table, first closing other sessions on the test database (a server thread
    of an earlier test still polling it would otherwise deadlock the DROP)."""
    engine.dispose()  # our own pooled connections are among those closed
    with engine.begin() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    engine.dispose()
    SQLModel.metadata.drop_all(engine)


@pytest.fixture
def fake_encoder() -> FakeEncoder:
    """The deterministic 32-dimensional fake encoder (exact and fast; no model files)."""
    return FakeEncoder(dimension=32)
