"""Benchmark: town search by name (what the town field asks while a user types), beside the
SQL scan it replaced (a LIKE over every alternate name), on the same queries in one run.

Usage: python scripts/bench_towns.py [--queries 300] [--seed 0]
Needs a loaded database (`matcher db load`). Prints the index build time, then median/p95
latency of :func:`matcher.towns.search_towns` and of the reference scan, for prefixes of real
town names (3 letters up to the whole name) and for Polish case forms ("w Busku-Zdroju").
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

import numpy as np
from sqlalchemy import func, or_
from sqlmodel import Session, col, select


def scan(session: Session, query: str, limit: int = 20) -> list[str]:
    """The reference: the SQL search of the first release (no case forms)."""
    from matcher.data.text import fold
    from matcher.models import Town
    from matcher.towns import OWN_KINDS

    key = fold(query)
    stmt = select(Town).where(
        or_(
            col(Town.name_ascii).startswith(key),
            func.lower(col(Town.alt_names)).contains(key),
        ),
        col(Town.kind).in_(OWN_KINDS),
    )
    found = []
    for town in session.exec(stmt):
        names = [town.name_ascii, *(fold(a) for a in (town.alt_names or "").split("|") if a)]
        if key in names:
            found.append((0, -(town.population or 0), town.id))
        elif any(n.startswith(key) for n in names):
            found.append((1, -(town.population or 0), town.id))
    return [f[2] for f in sorted(found)[:limit]]


def timed(run: Callable[[str], object], queries: list[str]) -> tuple[float, float]:
    times = []
    for q in queries:
        t = time.perf_counter()
        run(q)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), float(np.percentile(times, 95))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from matcher.config import get_settings
    from matcher.db import make_engine
    from matcher.i18n.polish import decline
    from matcher.models import Town
    from matcher.towns import name_index, search_towns

    engine = make_engine(get_settings().database_url)
    t = time.perf_counter()
    index = name_index(engine)
    print(
        f"index: {len(index.keys):,} keys of {index.size:,} towns built in "
        f"{time.perf_counter() - t:.1f} s"
    )
    rng = random.Random(args.seed)
    with Session(engine) as session:
        names = [n for n in session.exec(select(Town.name).where(Town.kind != "external"))]
        polish = list(session.exec(select(Town.name).where(Town.country_code == "PL")))
        typed = [n[: rng.randint(3, max(3, len(n)))] for n in rng.sample(names, args.queries)]
        cases = [
            f"w {form}"
            for n in rng.sample(polish, min(args.queries, len(polish)))
            if (form := decline(n, "loc"))
        ]
        for label, queries in (("typed prefixes", typed), ("Polish locative", cases)):
            ours = timed(lambda q: search_towns(session, q), queries)
            ref = timed(lambda q: scan(session, q), queries)
            print(
                f"{label:16s} n={len(queries):4d}  index: median {ours[0]:6.2f} ms, p95 "
                f"{ours[1]:6.2f} ms | SQL scan: median {ref[0]:6.1f} ms, p95 {ref[1]:6.1f} ms "
                f"| {ref[0] / ours[0]:.0f}x"
            )
        found = sum(bool(search_towns(session, q, limit=1)) for q in cases)
        print(
            f"Polish locatives found by the index: {found}/{len(cases)} "
            f"(by the SQL scan: {sum(bool(scan(session, q, 1)) for q in cases)}/{len(cases)})"
        )


if __name__ == "__main__":
    main()
