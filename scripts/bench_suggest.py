"""Benchmark: in-process suggestion latency over the whole pool, beside a plain numpy dot.

Usage: python scripts/bench_suggest.py [--towns 200] [--seed 0] [--query "text"]
Needs a loaded database (`matcher db load`) and a trained ranker (shipped in data/).
Prints: service start-up time (with cached vectors), median/p95 latency of suggestions for
random towns, for towns without partners, with two countries, with a free-text query, and
the reference time of one query vector dotted with every stored vector, with the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--towns", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--query", default="małe miasto uzdrowiskowe nad morzem")
    args = parser.parse_args()

    from matcher.config import get_settings
    from matcher.db import make_engine
    from matcher.ranking.service import load_service
    from matcher.results import SuggestionQuery

    settings = get_settings()
    engine = make_engine(settings.database_url)
    t0 = time.perf_counter()
    service = load_service(settings, engine, progress=True)
    startup = time.perf_counter() - t0
    ctx = service.ctx
    rng = np.random.default_rng(args.seed)
    towns = [str(t) for t in rng.choice(ctx.pool.ids, size=args.towns, replace=False)]
    service.suggest(SuggestionQuery(town_id=towns[0]))  # warm-up

    def timed(queries: list[SuggestionQuery]) -> list[float]:
        out = []
        for q in queries:
            t = time.perf_counter()
            service.suggest(q)
            out.append((time.perf_counter() - t) * 1000)
        return out

    plain = timed([SuggestionQuery(town_id=t, limit=10) for t in towns])
    new = np.flatnonzero(ctx.pool.suggestible & (ctx.graph.degree == 0))
    new_towns = [str(t) for t in ctx.pool.ids[rng.choice(new, size=args.towns, replace=False)]]
    fresh = timed([SuggestionQuery(town_id=t, limit=10) for t in new_towns])
    filtered = timed(
        [SuggestionQuery(town_id=t, limit=10, target_countries=["DE", "FR"]) for t in towns]
    )
    text = timed([SuggestionQuery(town_id=t, query=args.query, limit=10) for t in towns[:20]])

    # the reference: one vector against every town's stored vector (one row per town)
    matrix = ctx.texts.matrix[ctx.texts.rows[ctx.texts.rows >= 0]]
    vector = matrix[0]
    dots = []
    for _ in range(args.towns):
        t = time.perf_counter()
        scores = matrix @ vector
        np.argpartition(-scores, min(10, len(scores) - 1))
        dots.append((time.perf_counter() - t) * 1000)

    med_dot = statistics.median(dots)
    print(
        f"pool: {ctx.pool.size} towns, {len(matrix)} text vectors, "
        f"{ctx.graph.edge_count} partnerships; model {service.model_id}"
    )
    print(f"start-up with cached vectors: {startup:.2f} s")
    rows = [
        ("suggest (town)", plain),
        ("suggest (town without partners)", fresh),
        ("suggest (town, 2 countries)", filtered),
        ("suggest (town + free text)", text),
        ("numpy dot, one query vs all vectors", dots),
    ]
    print(f"{'what':40s} {'n':>5s} {'median ms':>10s} {'p95 ms':>8s} {'x dot':>7s}")
    for name, values in rows:
        med = statistics.median(values)
        print(
            f"{name:40s} {len(values):5d} {med:10.2f} {percentile(values, 95):8.2f} "
            f"{med / med_dot:7.1f}"
        )


if __name__ == "__main__":
    main()
