"""`matcher serve` as a real process on a free loopback port, against a temporary SQLite DB."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

MATCHER = Path(sys.executable).with_name("matcher")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(base: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"matcher serve exited with {process.returncode}")
        try:
            httpx.get(f"{base}/api/v1/health", timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("matcher serve did not start in time")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live server on a migrated, empty SQLite file, without a trained ranker."""
    tmp_path = tmp_path_factory.mktemp("serve")
    env = {
        **os.environ,
        "MATCHER_DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite'}",
        "MATCHER_VAR_DIR": str(tmp_path / "var"),
        "MATCHER_RANKER_PATH": str(tmp_path / "no-ranker.joblib"),
    }
    subprocess.run([MATCHER, "db", "upgrade"], env=env, check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen(
        [MATCHER, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_live_server_answers_health_and_docs(server: str) -> None:
    health = httpx.get(f"{server}/api/v1/health")
    assert health.status_code == 200
    body = health.json()
    assert body["database"] is True
    assert body["status"] == "degraded"
    assert any("ranker" in missing or "service" in missing for missing in body["missing"])
    docs = httpx.get(f"{server}/docs")
    assert docs.status_code == 200
    assert "swagger-ui" in docs.text


def test_live_server_answers_503_for_suggestions_without_a_ranker(server: str) -> None:
    response = httpx.get(f"{server}/api/v1/towns/PL-1261011/suggestions")
    assert response.status_code == 503
    assert "health" in response.json()["detail"]
