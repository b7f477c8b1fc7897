"""Live `matcher serve` processes for tests: a seeded database, a ranker fitted on it with
the real packaged MiniLM model, and servers on free loopback ports, stopped afterwards."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy.engine import Engine
from sqlmodel import Session

from matcher.config import Settings
from matcher.embeddings.models import load_encoder
from matcher.models import TownProfile
from tests.api.seed import BERLIN, LYON, MUNICH, PARIS, Keys, seed
from tests.support.real_service import real_service

MATCHER = Path(sys.executable).with_name("matcher")


@dataclass
class World:
    """The environment that points `matcher serve` at the seeded database, and its keys."""

    env: dict[str, str]
    keys: Keys


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def make_world(engine: Engine, url: str, root: Path) -> World:
    """Seed ``engine`` (reachable at ``url``) and fit a MiniLM ranker on it under ``root``."""
    keys = seed(engine)
    with Session(engine) as session:
        for town_id in (LYON, PARIS, MUNICH, BERLIN):
            session.add(TownProfile(town_id=town_id, description=f"Historic town {town_id}"))
        session.commit()
    settings = Settings(var_dir=root / "var", embedding_model="minilm")
    service = real_service(engine, settings, load_encoder("minilm"))
    assert service.artifact is not None
    service.artifact.save(root / "ranker.json")
    env = {
        **os.environ,
        "MATCHER_DATABASE_URL": url,
        "MATCHER_VAR_DIR": str(root / "var"),
        "MATCHER_RANKER_PATH": str(root / "ranker.json"),
        "MATCHER_EMBEDDING_MODEL": "minilm",
    }
    return World(env, keys)


def wait_ready(process: subprocess.Popen[bytes], base: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"matcher serve exited with {process.returncode}"
        try:
            if httpx.get(f"{base}/api/v1/ready", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError("matcher serve did not become ready")


@contextmanager
def servers(world: World, *workers: int) -> Iterator[list[str]]:
    """One server per entry of ``workers`` (its process count), started together."""
    started: list[tuple[subprocess.Popen[bytes], str]] = []
    try:
        for count in workers:
            port = free_port()
            command = [str(MATCHER), "serve", "--host", "127.0.0.1", "--port", str(port)]
            process = subprocess.Popen(
                [*command, "--workers", str(count)],
                env=world.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            started.append((process, f"http://127.0.0.1:{port}"))
        for process, base in started:
            wait_ready(process, base)
        yield [base for _, base in started]
    finally:
        for process, _ in started:
            process.send_signal(signal.SIGINT)
        for process, _ in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
