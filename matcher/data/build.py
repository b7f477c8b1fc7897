"""`matcher data build`: raw sources -> the processed files under data/ and data/README.md.

Deterministic: rows are sorted, floats printed the same way, and gzip headers carry no
timestamp or file name, so the same input gives byte-identical files. Steps report
themselves through ``step`` (a catalogue message naming the step) and long loops through
``tick(done, total)``, so the command line can show progress.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from matcher.data import bdl, cooperation, exonyms, external, nuts, regions
from matcher.data.geonames import CITIES_FILE, GN_DIR, TARGET_COUNTRIES, read_places
from matcher.data.partnerships import build_partnerships
from matcher.data.raw import read_raw_csv
from matcher.data.readme import render_readme
from matcher.data.resolve import TownIndex
from matcher.data.result import BuildResult
from matcher.data.towns import build_towns, to_powiat_centre
from matcher.i18n import Message, languages, msg

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
    "gmina_indicators": ["town_id", "indicator"],
    "nuts3_regions": ["code"],
    "regions": ["id"],
    "region_names": ["region_id", "lang", "form"],
    "town_names": ["town_id", "lang"],
}
# Hand-written by the themes owner; the build never overwrites them.
NOT_WRITTEN = {"themes"}

Step = Callable[[Message], None]
Tick = Callable[[int, int], None]


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


def build(
    raw_dir: Path, data_dir: Path, step: Step | None = None, tick: Tick | None = None
) -> BuildResult:
    """Run towns -> partnerships (with external ends) -> cooperation -> NUTS 3 -> regions
    -> exonyms -> gmina indicators and write every output under ``data_dir``. Cooperation
    sees only our own towns (external ones are partnership ends only)."""
    say = step or (lambda _msg: None)
    result = BuildResult()

    say(msg("cli.data.step.towns"))
    towns = build_towns(raw_dir)
    covered = set(TARGET_COUNTRIES) | set(towns["country_code"].astype(str))

    say(msg("cli.data.step.external"))
    candidates = external.external_candidates(covered)
    # One index over both: lookups are per country, and the two sets share no country, so a
    # name in one of our countries never resolves to an external place and vice versa.
    index = TownIndex.from_frame(pd.concat([towns, candidates], ignore_index=True))

    say(msg("cli.data.step.partnerships"))
    pairs, unresolved, report = build_partnerships(raw_dir, towns, index, covered=covered)
    result.partnerships = report
    outside = external.used_external(candidates, pairs)
    result.external = outside
    everything = external.with_external(towns, outside)
    _write(result, data_dir, "partnerships", pairs)
    _write(result, data_dir, "partnerships_unresolved", unresolved)

    say(msg("cli.data.step.cooperation"))
    frames = cooperation.build_cooperation(raw_dir, towns, index)
    for name, frame in frames.items():
        if name in NOT_WRITTEN:
            result.rows[name] = len(frame)
            continue
        _write(result, data_dir, name, frame)
    result.cooperation_md = cooperation.cooperation_report(frames)

    say(msg("cli.data.step.nuts3"))
    result.nuts = nuts.NutsReport()
    nuts_regions = nuts.read_regions(raw_dir, result.nuts)
    everything = nuts.assign_nuts3(everything, raw_dir, nuts_regions, result.nuts, tick)
    everything = to_powiat_centre(everything, result.nuts.strays)
    _write(result, data_dir, "nuts3_regions", nuts_regions)

    say(msg("cli.data.step.regions"))
    region_table, region_names = regions.build_regions(
        raw_dir, everything, nuts.read_names(raw_dir), languages()
    )
    everything = regions.name_towns(everything, region_table)
    result.regions = region_table
    result.region_names = region_names
    _write(result, data_dir, "regions", region_table)
    _write(result, data_dir, "region_names", region_names)

    say(msg("cli.data.step.exonyms"))
    names, result.exonyms = exonyms.build_exonyms(
        _foreign_towns(raw_dir, everything),
        _polish_country_names(),
        _polish_region_names(region_names),
        tick,
    )
    result.town_names = names
    result.exonym_check = exonyms.cldr_check(_places_with_zones(raw_dir), names)
    _write(result, data_dir, "town_names", names)

    say(msg("cli.data.step.indicators"))
    gminas = everything[everything["kind"] == "gmina"]
    indicators, result.indicators = bdl.build_indicators(raw_dir, gminas)
    _write(result, data_dir, "gmina_indicators", indicators)

    result.towns = everything
    _write(result, data_dir, "towns", everything)

    say(msg("cli.data.step.readme"))
    (data_dir / "README.md").write_text(render_readme(result), encoding="utf-8")
    return result


def _foreign_towns(raw_dir: Path, towns: pd.DataFrame) -> pd.DataFrame:
    """Towns outside Poland with every GeoNames alternate name (the raw European extract;
    external towns have the Latin names kept in ``alt_names``)."""
    places = read_places(raw_dir)
    full = dict(zip("GN-" + places["geonameid"].astype(str), places["alternatenames"], strict=True))
    foreign = towns[towns["country_code"] != "PL"]
    return pd.DataFrame(
        {
            "id": foreign["id"],
            "name": foreign["name"],
            "population": foreign["population"],
            "region_id": foreign["country_code"] + "." + foreign["region_code"].fillna(""),
            "alternatenames": [
                full.get(i, alts)
                for i, alts in zip(foreign["id"], foreign["alt_names"].fillna(""), strict=True)
            ],
        }
    )


def _places_with_zones(raw_dir: Path) -> pd.DataFrame:
    path = raw_dir / GN_DIR / CITIES_FILE
    frame = read_raw_csv(
        path, ["geonameid", "name", "timezone"], usecols=["geonameid", "name", "timezone"]
    )
    return frame.assign(geonameid=pd.to_numeric(frame["geonameid"]))


def _polish_country_names() -> list[str]:
    from babel import Locale

    return sorted(str(name) for name in Locale("pl").territories.values())


def _polish_region_names(names: pd.DataFrame) -> dict[str, str]:
    polish = names[(names["lang"] == exonyms.LANG) & (names["form"] == "name")]
    return dict(zip(polish["region_id"], polish["name"], strict=True))


def _write(result: BuildResult, data_dir: Path, name: str, frame: pd.DataFrame) -> None:
    path = data_dir / f"{name}.csv.gz"
    write_csv_gz(frame, path, SORT_KEYS.get(name))
    result.files[name] = path
    result.rows[name] = len(frame)
