"""Prometheus metrics: requests and latencies per route, the answer cache, readiness.

With several server processes ``matcher serve`` sets ``PROMETHEUS_MULTIPROC_DIR`` before
they start; each process then writes its figures there and ``/metrics`` adds them up
(prometheus-client's multiprocess mode), so one scrape sees the whole server.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass(frozen=True)
class Metrics:
    requests: Counter
    latency: Histogram
    cache_bytes: Gauge
    cache_entries: Gauge
    ready: Gauge


@cache
def metrics() -> Metrics:
    """The process's metrics, made on first use (never at import)."""
    return Metrics(
        requests=Counter(
            "matcher_requests",
            "HTTP requests answered, by method, route template and status",
            ["method", "route", "status"],
        ),
        latency=Histogram(
            "matcher_request_seconds",
            "Time to answer a request, by method and route template",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
        ),
        cache_bytes=Gauge(
            "matcher_answer_cache_bytes",
            "Bytes held by the answer cache (all processes added up)",
            multiprocess_mode="livesum",
        ),
        cache_entries=Gauge(
            "matcher_answer_cache_entries",
            "Answers held by the answer cache (all processes added up)",
            multiprocess_mode="livesum",
        ),
        ready=Gauge(
            "matcher_ready",
            "1 when the ranker and vectors are loaded (processes ready)",
            multiprocess_mode="livesum",
        ),
    )


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    m = metrics()
    m.requests.labels(method, route, str(status)).inc()
    m.latency.labels(method, route).observe(seconds)


def set_cache(entries: int, size: int) -> None:
    m = metrics()
    m.cache_entries.set(entries)
    m.cache_bytes.set(size)


def set_ready(ready: bool) -> None:
    metrics().ready.set(1 if ready else 0)


def exposition() -> tuple[bytes, str]:
    """The text a scrape gets, and its content type."""
    if os.environ.get(MULTIPROCESS_ENV):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    metrics()
    return generate_latest(), CONTENT_TYPE_LATEST
