"""Build consortia on the real data with the real ranker and print what the builder did.

    .venv/bin/python scripts/consortium_real.py PL-1217011:cerv-nt-2025:6 GN-2846939:cerv-nt-2025:6

Each argument is LEAD:CALL:SIZE. Prints, per consortium, the members (country, population,
pinned), each rule's verdict, the counts of candidates each filter left out, and the time.
Needs a loaded database (`matcher db load`) and the packaged model.
"""

from __future__ import annotations

import sys
import time

from fastapi.testclient import TestClient

from matcher.api.app import create_app
from matcher.config import get_settings


def main(args: list[str]) -> None:
    app = create_app(get_settings())
    with TestClient(app) as client:
        deadline = time.monotonic() + 600
        while getattr(app.state, "service", None) is None and time.monotonic() < deadline:
            time.sleep(1)  # the ranker loads in the background
        for arg in args:
            lead, call, size = arg.split(":")
            start = time.perf_counter()
            r = client.post(
                "/api/v1/consortia", json={"lead_town_id": lead, "call": call, "size": int(size)}
            )
            took = time.perf_counter() - start
            if r.status_code != 200:
                print(arg, r.status_code, r.json()["detail"])
                continue
            result = r.json()
            lead_town = result["lead"]
            print(
                f"\n{lead_town['name']} ({lead_town['country_code']}, {lead_town['population']})"
                f" {result['call']} size {size}: passed={result['passed']}"
                f" warnings={result['warnings']} ({took:.1f} s)"
            )
            for m in result["members"][1:]:
                t = m["town"]
                print(
                    f"  {t['name']:<28} {t['country_code']} {t['population'] or '-':>9}"
                    f"  score {m['score']:.2f}  themes {[th['code'] for th in m['themes']]}"
                )
            for c in result["checks"]:
                print(f"  [{c['verdict']:>7}] {c['text']}")
            print("  left out:", result["left_out"])


if __name__ == "__main__":
    main(sys.argv[1:])
