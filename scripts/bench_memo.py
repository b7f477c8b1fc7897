"""Benchmark: how long the memo of a result list takes as text, XLSX and PDF.

Usage: PYTHONPATH=. python scripts/bench_memo.py [--runs 6]
Runs on the browser tests' seed (sixteen towns, the real ranker fitted in-process, fake
vectors) in a temporary SQLite file, through the HTTP API. Prints per format the first call
(WeasyPrint loads its fonts then), the median of the following ones, and the size.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=6)
    args = parser.parse_args()

    from fastapi.testclient import TestClient
    from sqlmodel import create_engine

    from matcher.api.app import create_app
    from matcher.config import Settings
    from matcher.db import create_all
    from tests.support.real_service import real_service
    from tests.web import seed

    tmp = Path(tempfile.mkdtemp())
    engine = create_engine(
        f"sqlite:///{tmp / 'memo.sqlite'}", connect_args={"check_same_thread": False}
    )
    create_all(engine)
    seed.seed(engine)
    settings = Settings(var_dir=tmp)
    app = create_app(settings, engine=engine, service=real_service(engine, settings))
    params = {"town_id": seed.ZAKOPANE, "q": "uzdrowisko", "lang": "pl", "limit": 10}
    with TestClient(app) as client:
        for fmt in ("text", "xlsx", "pdf"):
            times, size = [], 0
            for _ in range(args.runs):
                started = time.perf_counter()
                response = client.get("/api/v1/memo", params={**params, "format": fmt})
                times.append(time.perf_counter() - started)
                response.raise_for_status()
                size = len(response.content)
            rest = statistics.median(times[1:]) if len(times) > 1 else times[0]
            print(
                f"{fmt:5} first {times[0] * 1000:6.0f} ms  "
                f"median of the next {len(times) - 1}: {rest * 1000:5.0f} ms  {size} bytes"
            )


if __name__ == "__main__":
    main()
