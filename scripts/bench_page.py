"""Time the find-partners page in headless Chromium against a real server on loopback.

Starts `matcher serve` on a free loopback port over the local database (var/matcher.sqlite,
written by the data pipeline) and the trained ranker, then, for N Polish towns with partners:
loads ``/#/find/<town>`` afresh (a returning user: the scripts are cached) and measures the
time from navigation start to the first suggestion drawn on the map. In the same run, as a
reference, it times the bare API call the page makes, for N other towns (the service keeps
recent results, so a town the page already asked for would be answered from memory), and
once more for the page's towns (that cached case). Prints median and p95 of each.

    .venv/bin/python scripts/bench_page.py --towns 30

Speed is measured here, not asserted in the tests: figures on a shared machine vary.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
DATABASE = REPO / "var" / "matcher.sqlite"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
PAGE_LIMIT = 10  # what the page asks for by default (find.js)


@dataclass(frozen=True)
class Figures:
    name: str
    n: int
    median_ms: float
    p95_ms: float
    max_ms: float

    def line(self) -> str:
        return (
            f"{self.name:<28} n={self.n:<4} median {self.median_ms:7.1f} ms   "
            f"p95 {self.p95_ms:7.1f} ms   max {self.max_ms:7.1f} ms"
        )


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation."""
    s = sorted(values)
    pos = (len(s) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(s) - 1)
    return s[low] + (s[high] - s[low]) * (pos - low)


def figures(name: str, ms: Sequence[float]) -> Figures:
    return Figures(name, len(ms), statistics.median(ms), percentile(ms, 95), max(ms) if ms else 0.0)


def sample_towns(database: Path, n: int, seed: int) -> list[str]:
    """``n`` Polish gminas that have at least one partnership, drawn with a fixed seed."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT DISTINCT t.id FROM town t JOIN partnership p"
            " ON t.id IN (p.town_a_id, p.town_b_id) WHERE t.country_code = 'PL' ORDER BY t.id"
        ).fetchall()
    ids = [r[0] for r in rows]
    if not ids:
        raise SystemExit(f"{database}: no Polish town with partners")
    return random.Random(seed).sample(ids, min(n, len(ids)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def server(database: Path, timeout: float = 300) -> Iterator[str]:
    """`matcher serve` on a free loopback port until the ranker is loaded; stopped on exit."""
    port = free_port()
    env = {**os.environ, "MATCHER_DATABASE_URL": f"sqlite:///{database}"}
    proc = subprocess.Popen(
        [
            str(REPO / ".venv" / "bin" / "matcher"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"the server exited:\n{proc.stderr.read() if proc.stderr else ''}")
            try:
                health = httpx.get(f"{url}/api/v1/health", timeout=5).json()
                if health.get("ranker"):
                    break
                if health.get("status") == "degraded" and health.get("database"):
                    raise SystemExit(f"the server runs without a ranker: {health}")
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not come up in time")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def time_api(url: str, towns: Sequence[str]) -> list[float]:
    """Milliseconds of the bare suggestions call the page makes, per town."""
    out = []
    with httpx.Client(base_url=url, timeout=30) as client:
        client.get("/api/v1/health").raise_for_status()  # open the connection
        for town in towns:
            started = time.perf_counter()
            res = client.get(f"/api/v1/towns/{town}/suggestions", params={"limit": PAGE_LIMIT})
            out.append((time.perf_counter() - started) * 1000)
            res.raise_for_status()
    return out


def time_page(url: str, towns: Sequence[str]) -> tuple[list[float], list[str]]:
    """Milliseconds from navigation start to the first suggestion on the map, per town."""
    from playwright.sync_api import sync_playwright

    out: list[float] = []
    empty: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page.goto(f"{url}/")  # a returning user: scripts and outline in the cache
        page.wait_for_load_state("networkidle")
        for i, town in enumerate(towns):
            page.goto(f"{url}/?bench={i}#/find/{town}")
            page.wait_for_selector(
                ".map .mark.suggestion, .notice", state="attached", timeout=30_000
            )
            if page.locator(".map .mark.suggestion").count() == 0:
                empty.append(town)
                continue
            out.append(float(page.evaluate("performance.now()")))
        browser.close()
    return out, empty


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--towns", type=int, default=30, help="how many towns to load")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--database", type=Path, default=DATABASE)
    args = parser.parse_args(argv)
    if not args.database.exists():
        print(f"{args.database} is missing: run the data pipeline first", file=sys.stderr)
        return 1
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: run `make chromium`", file=sys.stderr)
        return 1
    towns = sample_towns(args.database, 2 * args.towns, args.seed)
    half = len(towns) // 2
    page_towns, api_towns = towns[:half], towns[half:]
    print(f"{half} + {len(towns) - half} Polish towns with partners from {args.database}")
    with server(args.database) as url:
        page_ms, empty = time_page(url, page_towns)
        api_ms = time_api(url, api_towns)
        cached_ms = time_api(url, page_towns)
    print(figures("page: load to results", page_ms).line())
    print(figures("api: suggestions, new town", api_ms).line())
    print(figures("api: same, answered again", cached_ms).line())
    if empty:
        print(f"no suggestions drawn for {len(empty)} towns: {', '.join(empty[:10])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
