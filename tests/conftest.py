"""Shared fixtures: an in-memory SQLite engine per test, and a PostgreSQL engine when asked."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
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


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    """The local PostgreSQL server, emptied before and after; skipped where it is not set."""
    url = os.environ.get("MATCHER_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("MATCHER_TEST_POSTGRES_URL is not set")
    eng = create_engine(url)
    SQLModel.metadata.drop_all(eng)
    create_all(eng)
    yield eng
    SQLModel.metadata.drop_all(eng)
    eng.dispose()


@pytest.fixture
def fake_encoder() -> FakeEncoder:
    """The deterministic 32-dimensional fake encoder (exact and fast; no model files)."""
    return FakeEncoder(dimension=32)
