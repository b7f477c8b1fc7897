"""schemathesis against a live `matcher serve` (loopback) on SQLite and on PostgreSQL: no
5xx, no answer outside the schema, no schema-valid request refused (ST202), the API's 405
with `Allow` for undeclared methods and `Allow` as the schema says (ST205).

Bounded: at most 5 examples per operation through the examples, coverage and fuzzing
phases (about a minute per database). The real packaged MiniLM model serves a ranker
fitted on the API seed; an admin key takes writes past authentication.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from matcher.db import create_all, make_engine
from tests.support.live import MATCHER, World, make_world, servers

pytestmark = pytest.mark.slow
SCHEMATHESIS = MATCHER.with_name("schemathesis")
CONFIG = Path(__file__).with_name("schemathesis.toml")
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "positive_data_acceptance",
        "unsupported_method",
        "allow_header_conformance",
    ]
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    if request.param == "postgres":
        engine: Engine = request.getfixturevalue("pg_engine")
        yield make_world(engine, engine.url.render_as_string(hide_password=False), tmp_path)
        return
    url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    engine = make_engine(url)
    create_all(engine)
    yield make_world(engine, url, tmp_path)
    engine.dispose()


def test_the_live_api_keeps_to_its_schema(world: World, tmp_path: Path) -> None:
    with servers(world, 1) as (base,):
        result = subprocess.run(
            [
                str(SCHEMATHESIS),
                "--config-file",
                str(CONFIG),
                "run",
                f"{base}/openapi.json",
                "--checks",
                CHECKS,
                "--phases",
                "examples,coverage,fuzzing",
                "--max-examples",
                "5",
                "--seed",
                "1",
                "--request-timeout",
                "30",
                "-H",
                f"X-API-Key: {world.keys.admin}",
                "--no-color",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "No issues found" in result.stdout or " passed" in result.stdout
