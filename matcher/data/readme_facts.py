# ruff: noqa: E501
"""data/README.md sections of the statistics and names: GUS indicators, NUTS 3, regions and
their names, Polish names of foreign towns. Every figure is measured by the build."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from matcher.data import exonyms, nuts
from matcher.data.bdl import MONEY_FLOOR, BdlReport
from matcher.data.exonyms import ExonymReport
from matcher.data.nuts import NutsReport
from matcher.data.regions import pycountry_version
from matcher.indicators import INDICATORS

SOURCES_ROWS = """\
| `gus_bdl` | GUS Local Data Bank (BDL) indicators of every gmina: unemployment, budget revenue and PIT share per inhabitant, net migration, natural increase, forest cover, water supply, sewerage | repository `XOOGKlastry/Miasta-pl`, commits `4626e59` (`baza.json`) and `2cc7a4d` (`karty-dane.json`); built from the BDL API | GUS data may be re-used with attribution: "Źródło: GUS, Bank Danych Lokalnych". No licence file in the repository. |
| `eurostat_nuts3` | Eurostat NUTS 2021 level-3 regions: outlines (GISCO), names, typology (mountain, coastal, urban-rural) and figures (population, population change, density, fertility, GDP per inhabitant as % of the EU average), edition 2021 | repository `puntofisso/data.europa.eu-eutwinnings`, commit `0dc0109`, folder `data_wrangling/` | © European Union, Eurostat (re-use with acknowledgement); boundaries © EuroGeographics (GISCO terms: attribution). No licence file in the repository. |
| `geonames` (regions) | GeoNames first-level divisions (`admin1CodesASCII.txt`): names of the `region_code`s | repository `openeventdata/es-geonames` (MIT), commit `341083f` | GeoNames data is CC BY 4.0 (geonames.org). |
| `pycountry`, `iso3166-2` | ISO 3166-2 subdivisions and their translations (Debian iso-codes) in the PyPI package `pycountry` {pycountry} | read from the installed package by the build | pycountry is LGPL-2.1; the iso-codes translations are LGPL-2.1. |
| `geonames+morfeusz` | Polish names of foreign towns: a GeoNames alternate name that the Morfeusz 2 dictionary (SGJP) knows as a Polish geographic name | PyPI package `morfeusz2` {morfeusz} with the SGJP dictionary | Morfeusz 2 and SGJP: licence at morfeusz.sgjp.pl/doc/license (2-clause BSD). |
"""


def sources_rows() -> str:
    from importlib.metadata import version

    return SOURCES_ROWS.format(pycountry=pycountry_version(), morfeusz=version("morfeusz2"))


def _pct(x: float) -> str:
    return f"{x:.1%}"


def indicators_section(report: BdlReport | None) -> list[str]:
    if report is None:
        return []
    lines = [
        "## GUS indicators of gminas (`gmina_indicators.csv.gz`)",
        "",
        "One row per gmina and indicator: `town_id`, `indicator`, `value`, `year` (empty where "
        "the source did not record it), `edition` (date of the data set) and `source` "
        "(`gus_bdl`). Definitions, groups and units are in `matcher/indicators.py`; "
        "`matcher.indicators.indicator_matrix(conn)` reads them as one column per indicator.",
        "",
        "| indicator | group | BDL variable | raw field | gminas | year | edition |",
        "|---|---|---|---|---:|---|---|",
    ]
    for ind in INDICATORS:
        lines.append(
            f"| `{ind.code}` | {ind.group} | {ind.bdl_variable or 'not named'} | "
            f"`{ind.raw_file}` `{ind.raw_field}` | {report.values.get(ind.code, 0):,} | "
            f"{report.years.get(ind.code) or 'not recorded'} | {report.editions.get(ind.code, '')} |"
        )
    not_in = ", ".join(f"{t} {n}" for t, n in report.not_in_gus) or "none"
    empty = ", ".join(f"{t} {n}" for t, n in report.empty) or "none"
    withheld = "; ".join(
        f"{w.name} (`{w.town_id}`) {w.indicator} {w.value:,.0f}: {w.reason}"
        for w in report.withheld
    )
    lines += [
        "",
        f"- Records: {report.records:,}; joined to our {report.gminas:,} gminas on TERYT6: "
        f"{report.matched:,} ({report.changed_type} of them under another 7th digit: the gmina "
        "changed type since the GUS 2024 table).",
        f"- Not in the GUS 2024 table (gminas created later), left out: {not_in}.",
        f"- Records without any value (their gminas have no indicators): {empty}. They are "
        "gminas that became urban-rural in 2025; the source has no values under the new code.",
        f"- Withheld as implausible (money per inhabitant below {MONEY_FLOOR:.0%} of the "
        f"national median, or a value outside its range): {withheld or 'none'}.",
        "- Area and population are not taken from this source (GUS 2024 has them). "
        f"Its Wikidata areas were compared with GUS 2024: {len(report.wikidata_off)} of "
        f"{report.wikidata_areas:,} are missing or differ by more than 10% (hectares for km², "
        "Białowieża matched to the forest). Its BDL 2025 areas agree with GUS 2024 within 1% "
        f"for {report.bdl_area_close:,} of {report.bdl_areas:,} gminas.",
        "- The Wikidata coats of arms and Wikipedia links of the source are not used: the "
        "Wikidata matches are not reliable enough to show (Białowieża is the forest, Ropczyce "
        "has another gmina's arms, and the areas above).",
    ]
    return lines


def nuts_section(report: NutsReport | None, towns: pd.DataFrame | None) -> list[str]:
    if report is None or report.placed is None or towns is None:
        return []
    placed = report.placed
    ours = placed[towns["kind"].to_numpy() != "external"]
    nuts_countries = sorted(set(ours.loc[ours["nuts3"].notna(), "country_code"]))
    in_nuts = ours[ours["country_code"].isin(nuts_countries)]
    methods = Counter(in_nuts["nuts3_method"].dropna())
    missing = "; ".join(
        f"`{col}` {c['empty']} empty, {c['-1.0']} `-1.0`, {c['fill']} fill"
        for col, c in report.missing.items()
    )
    fills = "; ".join(f"`{col}` {value}" for col, value in report.fills.items())
    too_far = ", ".join(f"{n} ({c}, {km:,.0f} km)" for _, n, c, km in report.too_far)
    agree_n = sum(n for n, _ in report.lau_agreement.values())
    agree_k = sum(k for _, k in report.lau_agreement.values())
    lines = [
        "## NUTS 3 regions (`nuts3_regions.csv.gz`; `nuts3`, `nuts3_method` in `towns.csv.gz`)",
        "",
        f"- {report.regions:,} NUTS 2021 level-3 regions in 37 countries, with names (national "
        "and Latin script, from `nuts0123-2021.csv`: the geojson's own names lost their "
        "non-Latin-1 letters to `?`), typology and figures (`basicdata-2021.tsv`, edition "
        f"{nuts.EDITION}). The outlines carry NUTS 2021 codes (equal to the 2021 tables'), "
        "not NUTS 2016.",
        f"- Missing figures, three markers: {missing}. The fill is an unrounded value the "
        f"source put in place of a missing figure ({fills}: all of the UK, Switzerland, "
        "Norway and Liechtenstein and a few others); a figure with more than "
        f"{nuts.MAX_DECIMALS} decimals is read as missing. `pop1` repeats `womenratio` in "
        "every row (a bug of the source) and is not read.",
        "- `gdp_index` is the source's `gdppps`, GDP per inhabitant as % of the EU average. "
        "The source calls it PPS, but its national values (PL 42, BG 25, RO 33, LU 325; "
        "Miasto Warszawa 123) are those of GDP in euro per inhabitant; in PPS Poland stood near "
        "70 and Luxembourg near 260. It is labelled without PPS.",
        "- Typology codes (Eurostat): `mountain` 1 more than half the area, 2 more than half "
        "the population, 3 both, in mountain areas; 4 not a mountain region. `coastal` 1 on "
        "the coast, 2 most people within 50 km of it, 3 not coastal. `urban_rural` 1 "
        "predominantly urban, 2 intermediate, 3 predominantly rural.",
        f"- Each town's region: Polish gminas take the NUTS 3 code of their LAU record "
        f"(`lau`, by TERYT); every other town the outline its point lies in, among its own "
        f"country's (`within`; {report.cross_border} points fell into a neighbour country's "
        f"generalised outline near a border and were placed in their own country), else the "
        f"nearest region of its country when it lies at most {nuts.MAX_KM:g} km outside "
        f"(`nearest`: coasts and small islands). Farther, no region: {too_far or 'none'}.",
        f"- In the {len(nuts_countries)} countries with NUTS regions: {len(in_nuts):,} towns, "
        f"{int(in_nuts['nuts3'].notna().sum()):,} with a NUTS 3 region "
        f"({in_nuts['nuts3'].notna().mean():.2%}; "
        f"lau {methods['lau']:,}, within {methods['within']:,}, nearest "
        f"{methods['nearest']:,}). Countries without NUTS regions in the source: "
        f"{', '.join(sorted(set(ours['country_code']) - set(nuts_countries)))}.",
        f"- Gmina seats checked against their own NUTS 3 region: {len(report.strays)} lay "
        f"more than {nuts.MAX_KM:g} km outside it (the GeoNames place taken for the seat is a "
        f"namesake elsewhere) and were moved to their powiat's centre: "
        + (", ".join(f"`{i}` ({km:,.0f} km)" for i, km in sorted(report.strays.items())) or "none")
        + ".",
        f"- Check against the LAU 2019 table, where it names a NUTS 3 code that still exists "
        f"in 2021 (Polish gminas by TERYT, other places by name): the outline test gives the "
        f"same region for {agree_k:,} of {agree_n:,} towns ({_pct(agree_k / max(agree_n, 1))}).",
        "",
        "| country | towns | with NUTS 3 | within | nearest | LAU check |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for cc, group in in_nuts.groupby("country_code"):
        m = Counter(group["nuts3_method"].dropna())
        n, k = report.lau_agreement.get(str(cc), (0, 0))
        check = f"{_pct(k / n)} of {n:,}" if n else "–"
        lines.append(
            f"| {cc} | {len(group):,} | {group['nuts3'].notna().mean():.2%} | "
            f"{m['within'] + m['lau']:,} | {m['nearest']:,} | {check} |"
        )
    return lines


def regions_section(
    regions: pd.DataFrame | None, names: pd.DataFrame | None, europe: set[str]
) -> list[str]:
    if regions is None or names is None:
        return []
    ours = regions[regions["country_code"].isin(europe)]
    rest = regions[~regions["country_code"].isin(europe)]
    methods = Counter(ours["iso_method"])
    unmapped = ours[ours["iso_method"] == ""]
    sources = names.groupby(["lang", "source"]).size()
    by_lang = "; ".join(
        f"{lang}: " + ", ".join(f"{src} {n:,}" for src, n in sources[lang].items())
        for lang in sorted(names["lang"].unique())
    )
    lines = [
        "## Regions (`regions.csv.gz`, `region_names.csv.gz`)",
        "",
        "- `regions.csv.gz`: every GeoNames first-level division (admin1) of a country with "
        "towns, keyed `<country>.<admin1>` (join towns on `country_code` + `region_code`), "
        "with its GeoNames name (English), its ISO 3166-2 code where one maps, how it mapped "
        "(`iso_method`) and, where none does, why (`note`). `region_name` in `towns.csv.gz` "
        "is that GeoNames name (a Polish gmina's is its voivodeship); no label is made up.",
        "- Mapping GeoNames admin1 to ISO 3166-2 (see `matcher/data/regions.py`): `name` (a "
        "name of the region equals an ISO name or a pycountry translation of one, compared "
        "as folded words without generic words), `nuts` (the region's places make up one NUTS "
        "region, whose name matches), `partial` (the name starts, or shares the words or a "
        "long stem of, exactly one ISO name); ties settled by what other regions left "
        "and by the country's usual subdivision type.",
        f"- European countries: {len(ours):,} regions, {len(ours) - len(unmapped):,} mapped "
        f"({_pct(1 - len(unmapped) / max(len(ours), 1))}): name {methods['name']:,}, nuts "
        f"{methods['nuts']:,}, partial {methods['partial']:,}. Outside Europe (external "
        f"towns): {len(rest):,} regions, {int((rest['iso_method'] != '').sum()):,} mapped.",
        f"- `region_names.csv.gz`: a name per region for every language with a catalogue "
        f"(`matcher.i18n.languages()`), in long form (`region_id`, `lang`, `form`, `name`, "
        f"`source`), so another language is more rows. English takes the GeoNames name; "
        f"other languages the pycountry translation, else the ISO name, else the GeoNames "
        f'name. Polish voivodeships also have `official` ("województwo podlaskie") and '
        f'`adjective` ("podlaskie", GUS), which sentences decline ("województwa '
        f'podlaskiego"). Rows by language and source: {by_lang}.',
        "",
        "Not mapped (European countries):",
        "",
        "| region | GeoNames name | why |",
        "|---|---|---|",
    ]
    lines += [
        f"| {rid} | {name} | {note} |"
        for rid, name, note in zip(unmapped["id"], unmapped["name"], unmapped["note"], strict=True)
    ]
    return lines


def exonyms_section(
    report: ExonymReport | None,
    names: pd.DataFrame | None,
    towns: pd.DataFrame | None,
    oracle: tuple[int, int, int] | None,
) -> list[str]:
    if report is None or names is None or towns is None:
        return []
    named = names.merge(
        towns[["id", "name", "population", "kind"]],
        left_on="town_id",
        right_on="id",
        suffixes=("", "_town"),
    )
    named = named.sort_values(["population", "town_id"], ascending=[False, True])
    examples = ", ".join(
        f"{a} → {b}"
        for a, b in zip(named["name_town"].head(12), named["name"].head(12), strict=True)
    )
    refused = ", ".join(
        f"{why} {n}" for why, n in sorted(report.refused.items(), key=lambda x: -x[1])
    )
    external = int((named["kind"] == "external").sum())
    lines = [
        "## Polish names of foreign towns (`town_names.csv.gz`)",
        "",
        f"- {len(names):,} towns outside Poland have a Polish name (`lang` pl, source "
        f"`geonames+morfeusz`), {external:,} of them external towns: {examples}, ...",
        f"- Looked for in towns of {exonyms.MIN_POPULATION:,}+ inhabitants ({report.towns:,}). "
        "A name is one of the town's GeoNames alternate names that the Morfeusz 2 dictionary "
        "knows as a Polish geographic name in the nominative (multi-word names: the head word; "
        'the others an adjective or "nad Odrą"). Refused: a form when the town\'s own name is '
        'already a Polish geographic name (Berlin, not "Belin"), a part of the town\'s own '
        "name, a Polish country or region name (unless the town is that region's largest: "
        "Wiedeń), a name of a more populous foreign town (Burgas is not Burgos). Several left: "
        "the fewest words, then the form the dictionary knows only as a place, then the one "
        "with letters only Polish uses (Wiedeń, not Dunaj).",
        f"- Towns with a candidate: {report.with_candidates:,}; named by the test: "
        f"{report.found:,}; refused candidates: {refused}.",
        f"- Reviewed by hand: {report.reviewed} of the {report.found:,} names the test chose "
        "were refused (`matcher/data/exonym_review.csv`, each with its reason): former names "
        "no longer in use (Leningrad, Stanisławów for Ivano-Frankivsk) and forms that the "
        'dictionary knows as another place or a word (Plovdiv "Julia", Ischia "Bagno", '
        f'Žilina "Solna"). The test alone was right for {_pct(1 - report.reviewed / max(report.found, 1))} '
        f"of its names; {report.chosen:,} are shipped.",
    ]
    if oracle is not None:
        total, same, none = oracle
        lines.append(
            f"- Check against CLDR's Polish names of time-zone cities (Babel), an independent "
            f"list of {total} European capitals and large cities that we cover: the same name "
            f"for {same}, another name for {total - same - none}, none for {none}."
        )
    return lines
