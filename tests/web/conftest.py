"""Browser-test fixtures: a real server on a free port over a seeded SQLite file, and
Debian's headless Chromium driven by Playwright.

The page runs on the real ranking service (``make_service``), fitted on the seed.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy.engine import Engine
from sqlmodel import create_engine

from matcher.config import REPO_ROOT, Settings
from matcher.db import create_all
from matcher.service import MatchService
from tests.support.real_service import real_service
from tests.web import seed

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"


@dataclass(frozen=True)
class LiveServer:
    url: str
    curator_key: str
    editor_keys: dict[str, str]


def make_service(engine: Engine, settings: Settings) -> MatchService:
    """The real ranking service behind the page: fitted on the seed, with fake vectors."""
    return real_service(engine, settings)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app, served by uvicorn in a thread, on a seeded SQLite file, real ranker."""
    from matcher.api.app import create_app

    tmp = tmp_path_factory.mktemp("web")
    engine = create_engine(
        f"sqlite:///{tmp / 'web.sqlite'}", connect_args={"check_same_thread": False}
    )
    create_all(engine)
    seeded = seed.seed(engine)
    settings = Settings(database_url=f"sqlite:///{tmp / 'web.sqlite'}", var_dir=tmp)
    app = create_app(settings, engine=engine, service=make_service(engine, settings))
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield LiveServer(
        url=f"http://127.0.0.1:{port}",
        curator_key=seeded.curator_key,
        editor_keys=seeded.editor_keys,
    )
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


@pytest.fixture(scope="session")
def base_url(live_server: LiveServer) -> str:
    """pytest-playwright opens relative URLs against this."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium, headless, with nothing reaching out to the network."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run `make chromium`")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """English browser, desktop width, downloads allowed."""
    return {
        **browser_context_args,
        "locale": "en-GB",
        "viewport": {"width": 1280, "height": 900},
        "accept_downloads": True,
    }


@pytest.fixture
def shot(request: pytest.FixtureRequest) -> Any:
    """``shot(page, name)`` saves a full-page screenshot under test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str = "") -> Path:
        path = SCREENSHOTS / f"{request.node.name}{'-' + name if name else ''}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
