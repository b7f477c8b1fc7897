"""Bounded load against a matcher server on loopback: requests/s and latency percentiles.

Sends N requests from C worker threads (one keep-alive connection each) and, in the same
run, the same number of threads to /api/v1/health as a reference. By default every request
asks suggestions for a random Polish town; ``--mix`` sends mixed traffic instead (see
:class:`Mix`): suggestions with varied filters and free text, free-text search, one pair
explained, town search by name and town detail. Stops by itself after the requests are sent;
refuses any host that is not loopback.

    .venv/bin/matcher serve &            # in another terminal
    .venv/bin/python scripts/load_test.py --requests 2000 --concurrency 8
    .venv/bin/python scripts/load_test.py --mix --requests 3000 --concurrency 8
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode, urlsplit

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


@dataclass(frozen=True)
class Sample:
    """One request: what was asked, how long it took, whether it answered 200."""

    path: str
    seconds: float
    ok: bool


def send(
    base_url: str,
    paths: Callable[[int], str],
    n_requests: int,
    concurrency: int,
    timeout: float,
    seconds: float | None = None,
) -> tuple[list[Sample], float]:
    """GET ``paths(i)`` for i < ``n_requests`` from ``concurrency`` threads, stopping early
    after ``seconds`` when given; the samples and the wall time taken."""
    samples: list[Sample] = []
    lock = threading.Lock()
    counter = iter(range(n_requests))
    started = time.perf_counter()
    deadline = started + seconds if seconds is not None else None

    def worker() -> None:
        with httpx.Client(base_url=base_url, timeout=timeout) as client:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None or (deadline is not None and time.perf_counter() > deadline):
                    return
                path = paths(i)
                start = time.perf_counter()
                try:
                    ok = client.get(path).status_code == 200
                except httpx.HTTPError:
                    ok = False
                sample = Sample(path, time.perf_counter() - start, ok)
                with lock:
                    samples.append(sample)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - started


def summarise_samples(name: str, samples: Sequence[Sample], seconds: float) -> Summary:
    """A Summary of ``samples`` that took ``seconds`` of wall time."""
    errors = sum(1 for s in samples if not s.ok)
    return summarise(name, [s.seconds for s in samples], errors, seconds)


def run_phase(
    name: str,
    base_url: str,
    paths: Callable[[int], str],
    n_requests: int,
    concurrency: int,
    timeout: float,
) -> Summary:
    """Send ``n_requests`` GETs (path i = ``paths(i)``) from ``concurrency`` threads."""
    samples, seconds = send(base_url, paths, n_requests, concurrency, timeout)
    return summarise_samples(name, samples, seconds)


def kind_of(path: str) -> str:
    """The endpoint a mixed-traffic path belongs to."""
    route = path.split("?", 1)[0]
    if route.endswith("/suggestions"):
        return "suggestions"
    if "/explain/" in route:
        return "explain"
    if route.endswith("/search"):
        return "search"
    if route.endswith("/towns"):
        return "town search"
    return "town detail"


def by_kind(samples: Sequence[Sample], seconds: float) -> list[Summary]:
    """One Summary per kind of request (rates are each kind's share of the wall time)."""
    kinds = sorted({kind_of(s.path) for s in samples})
    return [
        summarise_samples(kind, [s for s in samples if kind_of(s.path) == kind], seconds)
        for kind in kinds
    ]


def town_ids(base_url: str, country: str, limit: int) -> list[str]:
    """Ids of up to ``limit`` towns of ``country`` (largest first) to ask suggestions for."""
    response = httpx.get(
        f"{base_url}/api/v1/towns", params={"country": country, "limit": limit}, timeout=30
    )
    response.raise_for_status()
    return [town["id"] for town in response.json()["data"]]


FREE_TEXT: tuple[str, ...] = (
    "małe miasto uzdrowiskowe",
    "miasto nad morzem z portem",
    "gmina wiejska, rolnictwo i agroturystyka",
    "szukamy partnera we Francji do wymiany młodzieży",
    "dziedzictwo przemysłowe, górnictwo",
    "cittaslow",
    "wine and vineyards",
    "spa town with thermal springs",
    "university town, students and research",
    "coastal town with a fishing harbour",
    "mountain village, ski tourism",
    "climate neutral city, energy transition",
    "Kleinstadt mit Weinbau",
    "Hansestadt an der Ostsee",
    "Partnerstadt für Jugendaustausch und Sport",
    "ville jumelle, patrimoine médiéval",
    "città d'arte e turismo culturale",
    "renewable energy and smart mobility",
    "border town, cross-border cooperation",
    "festival of music and culture",
)
"""Free-text wishes as users type them; a finite list, as in real traffic people ask alike."""

THEMES = ("culture-heritage", "tourism", "climate-energy", "education-youth", "sport")
TARGETS = ("DE", "FR", "IT", "ES", "CZ", "LT", "UA", "SK", "NL", "AT")
LIMITS = (10, 10, 10, 20, 50)


@dataclass
class Mix:
    """Mixed traffic over real town ids and names; ``path(i)`` is the i-th request.

    Weights: 40 % suggestions for a town (0-2 target countries, sometimes a theme, a
    population band, a distance or a free-text wish; limits 10-50, ``--big`` adds 200),
    15 % free-text search, 15 % one pair explained, 20 % town search by name, 10 % detail.
    """

    towns: list[str]
    names: list[str]
    seed: int = 0
    big: bool = False
    _rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()

    def path(self, i: int) -> str:
        with self._lock:  # one generator shared by the worker threads
            rng = self._rng
            roll = rng.random()
            if roll < 0.40:
                return self._suggestions(rng)
            if roll < 0.55:
                return self._search(rng)
            if roll < 0.70:
                a, b = rng.sample(self.towns, 2)
                return f"/api/v1/towns/{a}/explain/{b}"
            if roll < 0.90:
                name = rng.choice(self.names)
                return "/api/v1/towns?" + urlencode({"q": name[: rng.randint(3, len(name))]})
            return f"/api/v1/towns/{rng.choice(self.towns)}"

    def _filters(self, rng: random.Random) -> list[tuple[str, str | int]]:
        params: list[tuple[str, str | int]] = [
            ("country", c) for c in rng.sample(TARGETS, rng.choice((0, 1, 1, 2)))
        ]
        if rng.random() < 0.2:
            params.append(("theme", rng.choice(THEMES)))
        if rng.random() < 0.2:
            low = rng.choice((1_000, 5_000, 20_000))
            params += [("min_population", low), ("max_population", low * rng.choice((5, 20)))]
        limits = (*LIMITS, 200) if self.big else LIMITS
        params.append(("limit", rng.choice(limits)))
        return params

    def _suggestions(self, rng: random.Random) -> str:
        params = self._filters(rng)
        if rng.random() < 0.3:
            params.append(("q", rng.choice(FREE_TEXT)))
        if rng.random() < 0.15:
            params.append(("max_distance_km", rng.choice((300, 800, 1500))))
        town = rng.choice(self.towns)
        return f"/api/v1/towns/{town}/suggestions?" + urlencode(params)

    def _search(self, rng: random.Random) -> str:
        params = [("q", rng.choice(FREE_TEXT)), *self._filters(rng)]
        return "/api/v1/search?" + urlencode(params)


def mix_towns(
    base_url: str, countries: Sequence[str], per_country: int
) -> tuple[list[str], list[str]]:
    """Ids and names of the largest towns of ``countries`` (the mix's sources and names)."""
    ids: list[str] = []
    names: list[str] = []
    for country in countries:
        response = httpx.get(
            f"{base_url}/api/v1/towns",
            params={"country": country, "limit": per_country},
            timeout=30,
        )
        response.raise_for_status()
        for town in response.json()["data"]:
            ids.append(town["id"])
            names.append(town["name"])
    return ids, names


def print_table(results: Sequence[Summary], header: str) -> None:
    """The summaries as an aligned table under ``header``."""
    print(header)
    print(
        f"{'endpoint':<12} {'n':>6} {'err':>4} {'req/s':>8} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    )
    for r in results:
        print(
            f"{r.name:<12} {r.requests:>6} {r.errors:>4} {r.rps:>8.1f} {r.p50_ms:>8.1f} "
            f"{r.p95_ms:>8.1f} {r.p99_ms:>8.1f} {r.max_ms:>8.1f}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--requests", type=int, default=2000, help="measured requests")
    parser.add_argument("--health-requests", type=int, default=500, help="reference requests")
    parser.add_argument("--concurrency", type=int, default=8, help="worker threads")
    parser.add_argument("--towns", type=int, default=100, help="distinct source towns")
    parser.add_argument("--country", default="PL", help="country of the source towns")
    parser.add_argument("--target", action="append", default=[], help="target country filter")
    parser.add_argument("--limit", type=int, default=10, help="suggestions per request")
    parser.add_argument("--mix", action="store_true", help="mixed traffic (see Mix)")
    parser.add_argument(
        "--mix-countries", default="PL,DE,FR,IT,CZ,LT", help="countries of the mix's towns"
    )
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured requests first")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    base = args.base_url.rstrip("/")
    check_loopback(base)

    if args.mix:
        ids, names = mix_towns(base, args.mix_countries.split(","), args.towns)
        mix = Mix(ids, names, seed=args.seed)
        path = mix.path
        what = f"mixed traffic over {len(ids)} towns"
    else:
        ids = town_ids(base, args.country, args.towns)
        rng = random.Random(args.seed)
        picks = [rng.choice(ids) for _ in range(args.requests + args.warmup)] if ids else []
        extra = "".join(f"&country={c}" for c in args.target)

        def path(i: int) -> str:
            return f"/api/v1/towns/{picks[i]}/suggestions?limit={args.limit}{extra}"

        what = f"suggestions for {len(set(picks))} distinct towns"
    if not ids:
        print(f"no towns for country {args.country}: load the data first", file=sys.stderr)
        return 1

    send(base, path, args.warmup, args.concurrency, args.timeout)
    offset = args.warmup
    health = run_phase(
        "health",
        base,
        lambda i: "/api/v1/health",
        args.health_requests,
        args.concurrency,
        args.timeout,
    )
    samples, seconds = send(
        base, lambda i: path(offset + i), args.requests, args.concurrency, args.timeout
    )
    name = "mixed" if args.mix else "suggestions"
    results = [health, summarise_samples(name, samples, seconds)]
    if args.mix:
        results += by_kind(samples, seconds)
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    else:
        print_table(results, f"{args.concurrency} threads, {what}, base {base}")
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
