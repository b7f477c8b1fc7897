"""Bounded load against a matcher server on loopback: requests/s and latency percentiles.

Sends N requests from C worker threads (one keep-alive connection each) to the suggestions
endpoint for random Polish towns, and, in the same run, to /api/v1/health as a reference.
Stops by itself after the requests are sent; refuses any host that is not loopback.

    .venv/bin/matcher serve &            # in another terminal
    .venv/bin/python scripts/load_test.py --requests 2000 --concurrency 8
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

import httpx

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Summary:
    """Throughput and latency of one endpoint over one phase of the run."""

    name: str
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation; 0 for no values."""
    if not sorted_values:
        return 0.0
    pos = (len(sorted_values) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (pos - low)


def summarise(name: str, latencies: list[float], errors: int, seconds: float) -> Summary:
    """A Summary from per-request latencies in seconds."""
    ms = sorted(x * 1000 for x in latencies)
    return Summary(
        name=name,
        requests=len(latencies),
        errors=errors,
        seconds=round(seconds, 3),
        rps=round(len(latencies) / seconds, 1) if seconds > 0 else 0.0,
        p50_ms=round(percentile(ms, 50), 1),
        p95_ms=round(percentile(ms, 95), 1),
        p99_ms=round(percentile(ms, 99), 1),
        max_ms=round(ms[-1], 1) if ms else 0.0,
    )


def check_loopback(base_url: str) -> None:
    """Refuse to load anything but this machine."""
    host = urlsplit(base_url).hostname
    if host not in LOOPBACK:
        raise SystemExit(f"refusing to load {host!r}: only loopback ({', '.join(LOOPBACK)})")


def run_phase(
    name: str,
    base_url: str,
    paths: Callable[[int], str],
    n_requests: int,
    concurrency: int,
    timeout: float,
) -> Summary:
    """Send ``n_requests`` GETs (path i = ``paths(i)``) from ``concurrency`` threads."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(n_requests))

    def worker() -> None:
        nonlocal errors
        with httpx.Client(base_url=base_url, timeout=timeout) as client:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                start = time.perf_counter()
                try:
                    ok = client.get(paths(i)).status_code == 200
                except httpx.HTTPError:
                    ok = False
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    errors += 0 if ok else 1

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summarise(name, latencies, errors, time.perf_counter() - started)


def town_ids(base_url: str, country: str, limit: int) -> list[str]:
    """Ids of up to ``limit`` towns of ``country`` (largest first) to ask suggestions for."""
    response = httpx.get(
        f"{base_url}/api/v1/towns", params={"country": country, "limit": limit}, timeout=30
    )
    response.raise_for_status()
    return [town["id"] for town in response.json()["data"]]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--requests", type=int, default=2000, help="suggestion requests")
    parser.add_argument("--health-requests", type=int, default=500, help="reference requests")
    parser.add_argument("--concurrency", type=int, default=8, help="worker threads")
    parser.add_argument("--towns", type=int, default=100, help="distinct source towns")
    parser.add_argument("--country", default="PL", help="country of the source towns")
    parser.add_argument("--target", action="append", default=[], help="target country filter")
    parser.add_argument("--limit", type=int, default=10, help="suggestions per request")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured requests first")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    base = args.base_url.rstrip("/")
    check_loopback(base)

    ids = town_ids(base, args.country, args.towns)
    if not ids:
        print(f"no towns for country {args.country}: load the data first", file=sys.stderr)
        return 1
    rng = random.Random(args.seed)
    picks = [rng.choice(ids) for _ in range(args.requests + args.warmup)]
    extra = "".join(f"&country={c}" for c in args.target)

    def suggestion_path(i: int) -> str:
        return f"/api/v1/towns/{picks[i]}/suggestions?limit={args.limit}{extra}"

    run_phase("warmup", base, suggestion_path, args.warmup, args.concurrency, args.timeout)
    offset = args.warmup

    def measured_path(i: int) -> str:
        return suggestion_path(offset + i)

    results = [
        run_phase(
            "health",
            base,
            lambda i: "/api/v1/health",
            args.health_requests,
            args.concurrency,
            args.timeout,
        ),
        run_phase(
            "suggestions", base, measured_path, args.requests, args.concurrency, args.timeout
        ),
    ]
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    else:
        print(f"{args.concurrency} workers, {len(set(picks))} distinct towns, base {base}")
        print(
            f"{'endpoint':<12} {'n':>6} {'err':>4} {'req/s':>8} {'p50 ms':>8} "
            f"{'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}"
        )
        for r in results:
            print(
                f"{r.name:<12} {r.requests:>6} {r.errors:>4} {r.rps:>8.1f} {r.p50_ms:>8.1f} "
                f"{r.p95_ms:>8.1f} {r.p99_ms:>8.1f} {r.max_ms:>8.1f}"
            )
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
