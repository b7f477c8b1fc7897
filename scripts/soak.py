"""Soak a matcher server with mixed traffic on loopback and watch its memory.

Starts ``matcher serve`` (same virtualenv, same environment: database, var dir, settings)
on a loopback port, waits until it is ready, sends the mixed traffic of
``scripts/load_test.py --mix`` with large answers (limit up to 200) for ``--seconds`` or
``--max-requests``, whichever comes first, and samples the resident memory of the server
(its processes added up) every few seconds. Prints RSS at start, middle and end, the peak,
and whether it levelled off under ``--rss-limit-mb``; then stops the server.

    .venv/bin/python scripts/soak.py --seconds 180 --port 8401
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from load_test import Mix, check_loopback, mix_towns, send, summarise_samples

MATCHER = Path(sys.executable).with_name("matcher")


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (Linux /proc)."""
    found = [pid]
    for current in found:
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            found += [int(c) for c in children if int(c) not in found]
    return found


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its descendants, in MiB."""
    total = 0
    for process in descendants(pid):
        try:
            for line in Path(f"/proc/{process}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def wait_ready(base: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    """Until /api/v1/ready answers 200 (or /health says ok on servers without it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"matcher serve exited with {process.returncode}")
        try:
            ready = httpx.get(f"{base}/api/v1/ready", timeout=2)
            if ready.status_code == 200:
                return
            if ready.status_code == 404:
                health = httpx.get(f"{base}/api/v1/health", timeout=2)
                if health.json().get("status") == "ok":
                    return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not become ready in time")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8401)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=180.0, help="how long to send")
    parser.add_argument("--max-requests", type=int, default=100_000, help="at most this many")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--towns", type=int, default=100, help="towns per mix country")
    parser.add_argument("--sample-every", type=float, default=5.0, help="seconds")
    parser.add_argument("--rss-limit-mb", type=float, default=2048.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    check_loopback(base)

    command = [
        str(MATCHER),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(args.port),
        "--workers",
        str(args.workers),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(base, process, timeout=180)
        ids, names = mix_towns(base, ["PL", "DE", "FR", "IT", "CZ", "LT"], args.towns)
        mix = Mix(ids, names, seed=args.seed, big=True)
        samples: list[tuple[float, float]] = []
        done = threading.Event()

        def watch() -> None:
            start = time.monotonic()
            while True:
                samples.append((time.monotonic() - start, rss_mb(process.pid)))
                if done.wait(args.sample_every):
                    samples.append((time.monotonic() - start, rss_mb(process.pid)))
                    return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        results, wall = send(
            base, mix.path, args.max_requests, args.concurrency, 30.0, seconds=args.seconds
        )
        done.set()
        watcher.join()
        metrics = httpx.get(f"{base}/metrics", timeout=10)
        cache_lines = [
            line
            for line in metrics.text.splitlines()
            if line.startswith("matcher_answer_cache_bytes") and metrics.status_code == 200
        ]
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()

    summary = summarise_samples("mixed", results, wall)
    start_mb, end_mb = samples[0][1], samples[-1][1]
    middle_mb = min(samples, key=lambda s: abs(s[0] - samples[-1][0] / 2))[1]
    peak_mb = max(mb for _, mb in samples)
    second_half = [mb for t, mb in samples if t >= samples[-1][0] / 2]
    growth = (max(second_half) - middle_mb) / middle_mb if middle_mb else 0.0
    print(f"soak: {summary.requests} requests in {wall:.0f} s, {summary.rps} req/s, ")
    print(f"      errors {summary.errors}, p50 {summary.p50_ms} ms, p95 {summary.p95_ms} ms")
    print(f"      workers {args.workers}, concurrency {args.concurrency}, pid {process.pid}")
    print(
        f"RSS MiB: start {start_mb:.0f}, middle {middle_mb:.0f}, end {end_mb:.0f}, "
        f"peak {peak_mb:.0f} (limit {args.rss_limit_mb:.0f})"
    )
    print(f"second half grew {growth:.1%} over the middle")
    for line in cache_lines:
        print(line)
    levelled = peak_mb < args.rss_limit_mb and growth < 0.05
    print("levelled off under the limit" if levelled else "DID NOT level off under the limit")
    return 0 if levelled and summary.errors == 0 else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
