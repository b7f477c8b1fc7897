"""Towns' cooperation record: network memberships, URBACT networks, Interreg projects, themes.

:func:`build_cooperation` turns the pgourdongeo files (ETMUN, URBACT, KEEP) into frames whose
columns are the fields of the ``Theme``, ``Network``, ``Membership``, ``Project``,
``Participation`` and ``TownTheme`` tables (without the autoincrement ``id``). Members and
partners are matched to our towns with :class:`~matcher.data.resolve.TownIndex`; which of them
count as a town at all:

- ETMUN: members whose ``EntitySimplified`` is City or Municipality (regions, counties,
  intermunicipal bodies, associations and state bodies are skipped);
- URBACT: every member (all are cities), by GeoNames id when it is one of our towns, else by
  name, country and coordinates;
- KEEP: partners that :func:`matcher.data.keep.municipal_rule` takes for a municipality,
  by their address town (or, failing that, their name without municipal words).

Themes come from ``data/theme_keywords.csv`` (keywords -> theme codes), never from code.
Source texts (network aims and activities, URBACT descriptions, project descriptions) go into
the ``description`` columns so that profiles can embed them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from matcher.data import etmun, keep, urbact
from matcher.data.coop_io import MalformedSourceError
from matcher.data.resolve import TownIndex
from matcher.data.themes import (
    KEYWORDS_FILE,
    THEMES_FILE,
    KeywordMap,
    load_keyword_map,
    load_themes,
    split_keywords,
)

FRAME_COLUMNS: dict[str, list[str]] = {
    "themes": ["code", "name_en", "name_pl"],
    "networks": [
        "id",
        "kind",
        "name",
        "acronym",
        "keywords",
        "description",
        "start_year",
        "end_year",
    ],
    "memberships": ["town_id", "network_id", "role", "year"],
    "projects": ["id", "programme", "acronym", "title", "description", "themes", "start", "end"],
    "participations": ["town_id", "project_id", "role", "organisation"],
    "town_themes": ["town_id", "theme_code", "source_kind", "source_id", "evidence"],
}
SORT_KEYS: dict[str, list[str]] = {
    "themes": ["code"],
    "networks": ["id"],
    "memberships": ["town_id", "network_id"],
    "projects": ["id"],
    "participations": ["town_id", "project_id"],
    "town_themes": ["town_id", "theme_code", "source_kind", "source_id"],
}
COOP_DIR = "pgourdongeo_city_cooperation"
EVIDENCE_MAX = 200
# Members are often villages below GeoNames' 1,000 inhabitants: only a town this close to the
# given point stands in for them (10 km attached too many neighbours to the nearest town).
GEOCODE_KM = 5.0


@dataclass(frozen=True)
class MatchRate:
    """How many of a source's town-like rows (in our countries) resolved to one of our towns."""

    source: str
    scope: str
    candidates: int
    resolved: int

    @property
    def rate(self) -> float:
        return self.resolved / self.candidates if self.candidates else 0.0


class CooperationFrames(dict[str, pd.DataFrame]):
    """The frames keyed by table, plus the match rates and counts measured while building."""

    def __init__(
        self,
        frames: Mapping[str, pd.DataFrame],
        rates: Iterable[MatchRate] = (),
        notes: Iterable[str] = (),
    ) -> None:
        super().__init__(frames)
        self.rates: tuple[MatchRate, ...] = tuple(rates)
        self.notes: tuple[str, ...] = tuple(notes)


@dataclass
class _Towns:
    """What the build needs to know about our towns besides the resolver."""

    index: TownIndex
    ids: set[str]
    countries: set[str]
    by_geonameid: dict[int, str] = field(default_factory=dict)

    @classmethod
    def of(cls, towns: pd.DataFrame, index: TownIndex) -> _Towns:
        ids = set(towns["id"].astype(str))
        by_gn: dict[int, str] = {}
        if "geonameid" in towns.columns:
            gn = pd.to_numeric(towns["geonameid"], errors="coerce")
            for tid, g in sorted(zip(towns["id"].astype(str), gn, strict=True)):
                if pd.notna(g):
                    by_gn.setdefault(int(g), tid)
        return cls(index, ids, set(towns["country_code"].astype(str)), by_gn)

    def resolve(
        self,
        names: Iterable[str],
        cc: str,
        lat: float | None = None,
        lon: float | None = None,
        methods: Counter[str] | None = None,
    ) -> str | None:
        """The first name that resolves (coordinates help each try), as a town id we have;
        ``methods`` counts the resolver rule that found it."""
        tried: set[str] = set()
        for name in names:
            if not name or name in tried:
                continue
            tried.add(name)
            hit = self.index.resolve(name, cc, _num(lat), _num(lon), max_km=GEOCODE_KM)
            if hit is not None and hit.town_id in self.ids:
                if methods is not None:
                    methods[hit.method] += 1
                return hit.town_id
        return None

    def by_geonames(self, geonameid: object) -> str | None:
        """Our town with this GeoNames id: the towns' ``geonameid`` column, else ``GN-<id>``."""
        if geonameid is None or pd.isna(geonameid):  # type: ignore[call-overload]
            return None
        gid = int(geonameid)  # type: ignore[call-overload]
        if gid in self.by_geonameid:
            return self.by_geonameid[gid]
        tid = f"GN-{gid}"
        return tid if tid in self.ids else None


def _num(value: float | None) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _paragraphs(*texts: str) -> str:
    return "\n\n".join(t.strip() for t in texts if t and t.strip())


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= EVIDENCE_MAX else value[: EVIDENCE_MAX - 1].rstrip() + "…"


def _methods_note(source: str, methods: Counter[str]) -> str:
    listed = ", ".join(f"{m} {n}" for m, n in sorted(methods.items(), key=lambda x: (-x[1], x[0])))
    return f"{source}: resolved by {listed}."


def _rates(source: str, rows: list[tuple[str, str | None]], countries: set[str]) -> list[MatchRate]:
    """Match rates over (country, town id or None) rows of our countries: all and PL."""
    ours = [(cc, tid) for cc, tid in rows if cc in countries]
    pl = [(cc, tid) for cc, tid in ours if cc == "PL"]
    return [
        MatchRate(source, scope, len(sub), sum(tid is not None for _, tid in sub))
        for scope, sub in (("all", ours), ("PL", pl))
    ]


# --- ETMUN -------------------------------------------------------------------------------------


@dataclass
class _Part:
    """One source's contribution to the frames."""

    networks: list[dict[str, object]] = field(default_factory=list)
    memberships: list[dict[str, object]] = field(default_factory=list)
    projects: list[dict[str, object]] = field(default_factory=list)
    participations: list[dict[str, object]] = field(default_factory=list)
    town_themes: list[dict[str, object]] = field(default_factory=list)
    rates: list[MatchRate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _etmun(raw_dir: Path, towns: _Towns, kmap: KeywordMap) -> _Part:
    members = etmun.parse_members(raw_dir / etmun.MEMBERS_FILE)
    meta = etmun.parse_networks(raw_dir / etmun.NETWORKS_FILE).set_index("code")
    part = _Part()
    themes_of: dict[str, tuple[str, ...]] = {}
    label_of: dict[str, str] = {}
    first = members.drop_duplicates("network_code").sort_values("network_code")
    for code, short in zip(first["network_code"], first["network_name"], strict=True):
        nid = f"etmun-{code.lower()}"
        info = meta.loc[code] if code in meta.index else None
        name = str(info["name"]) if info is not None and info["name"] else short
        main = str(info["main_keyword"]) if info is not None else ""
        extra = str(info["additional_keyword"]) if info is not None else ""
        founded = info["founded"] if info is not None else None
        part.networks.append(
            {
                "id": nid,
                "kind": "etmun",
                "name": name,
                "acronym": short,
                "keywords": "; ".join(k for k in (main, extra) if k),
                "description": _paragraphs(
                    str(info["aims"]) if info is not None else "",
                    str(info["activities"]) if info is not None else "",
                ),
                "start_year": None if founded is None or pd.isna(founded) else int(founded),
                "end_year": None,
            }
        )
        themes_of[nid] = tuple(
            sorted(
                set(kmap.themes("etmun", "network", [short]))
                | set(kmap.themes("etmun", "keyword", [main, extra]))
            )
        )
        label_of[nid] = short if short == name else f"{name} ({short})"
    resolved: list[tuple[str, str | None]] = []
    methods: Counter[str] = Counter()
    municipal = members[members["municipal"]]
    for m in municipal.to_dict("records"):
        cc = str(m["country_code"])
        tid = None
        if cc in towns.countries:
            tid = towns.resolve(
                [m["locality"], m["full_name"]], cc, m["latitude"], m["longitude"], methods
            )
        resolved.append((cc, tid))
        if tid is None:
            continue
        nid = f"etmun-{str(m['network_code']).lower()}"
        year = m["year"]
        part.memberships.append(
            {
                "town_id": tid,
                "network_id": nid,
                "role": str(m["status"]),
                "year": None if year is None or pd.isna(year) else int(year),
                "_order": int(m["row"]),
            }
        )
        for code in themes_of[nid]:
            part.town_themes.append(
                {
                    "town_id": tid,
                    "theme_code": code,
                    "source_kind": "network",
                    "source_id": nid,
                    "evidence": _short(label_of[nid]),
                }
            )
    part.rates = _rates("etmun", resolved, towns.countries)
    part.notes.append(_methods_note("ETMUN", methods))
    part.notes.append(
        f"ETMUN: {len(municipal)} of {len(members)} member rows are municipal "
        "(EntitySimplified City or Municipality)."
    )
    return part


# --- URBACT ------------------------------------------------------------------------------------


def _urbact(raw_dir: Path, towns: _Towns, kmap: KeywordMap) -> _Part:
    networks = urbact.parse_networks(raw_dir / urbact.NETWORKS_FILE)
    members = urbact.parse_members(raw_dir / urbact.MEMBERS_FILE)
    part = _Part()
    themes_of: dict[str, tuple[str, ...]] = {}
    name_of: dict[str, str] = {}
    for n in networks.to_dict("records"):
        nid = f"urbact-{n['code']}"
        atoms = list(
            dict.fromkeys(
                split_keywords(str(n["main_keyword"]))
                + split_keywords(str(n["additional_keywords"]))
            )
        )
        part.networks.append(
            {
                "id": nid,
                "kind": "urbact",
                "name": str(n["name"]),
                "acronym": "",
                "keywords": "; ".join(atoms),
                "description": _paragraphs(
                    str(n["description"]), str(n["aims"]), str(n["activities"])
                ),
                "start_year": None if pd.isna(n["start_year"]) else int(n["start_year"]),
                "end_year": None if pd.isna(n["end_year"]) else int(n["end_year"]),
            }
        )
        themes_of[nid] = kmap.themes("urbact", "keyword", atoms)
        name_of[nid] = str(n["name"])
    unknown = sorted(set(members["network_code"]) - set(networks["code"]))
    if unknown:
        raise MalformedSourceError(
            raw_dir / urbact.MEMBERS_FILE, None, f"members of unknown networks {unknown}"
        )
    resolved: list[tuple[str, str | None]] = []
    methods: Counter[str] = Counter()
    for m in members.to_dict("records"):
        cc = str(m["country_code"])
        tid = None
        if cc in towns.countries:
            tid = towns.by_geonames(m["geonameid"])
            if tid is not None:
                methods["geonameid"] += 1
            else:
                tid = towns.resolve(
                    [m["ascii_name"], m["name"]], cc, m["latitude"], m["longitude"], methods
                )
        resolved.append((cc, tid))
        if tid is None:
            continue
        nid = f"urbact-{m['network_code']}"
        year = m["start_year"]
        part.memberships.append(
            {
                "town_id": tid,
                "network_id": nid,
                "role": str(m["role"]),
                "year": None if pd.isna(year) else int(year),
                "_order": (0 if m["role"] == "lead" else 1) * 10**7 + int(m["row"]),
            }
        )
        for code in themes_of[nid]:
            part.town_themes.append(
                {
                    "town_id": tid,
                    "theme_code": code,
                    "source_kind": "urbact",
                    "source_id": nid,
                    "evidence": _short(f"URBACT network {name_of[nid]}"),
                }
            )
    part.rates = _rates("urbact", resolved, towns.countries)
    part.notes.append(_methods_note("URBACT", methods))
    return part


# --- KEEP --------------------------------------------------------------------------------------


def _keep(raw_dir: Path, towns: _Towns, kmap: KeywordMap) -> _Part:
    projects = keep.parse_projects(raw_dir / keep.PROJECTS_FILE)
    ids = {
        (p, a): i
        for p, a, i in zip(projects["programme"], projects["acronym"], projects["id"], strict=True)
    }
    partners = keep.parse_partners(raw_dir / keep.PARTNERS_FILE, ids)
    part = _Part()
    themes_of: dict[str, tuple[str, ...]] = {}
    label_of: dict[str, str] = {}
    for p in projects.to_dict("records"):
        pid = str(p["id"])
        part.projects.append(
            {
                "id": pid,
                "programme": p["programme"],
                "acronym": p["acronym"],
                "title": p["title"],
                "description": p["description"],
                "themes": p["thematics"],
                "start": p["start"],
                "end": p["end"],
            }
        )
        themes_of[pid] = kmap.themes("keep", "thematic", str(p["thematics"]).split("; "))
        label_of[pid] = f"{p['acronym']}: {p['title']}"
    rules = [
        keep.municipal_rule(o, t, s)
        for o, t, s in zip(
            partners["organisation"], partners["town"], partners["legal_status"], strict=True
        )
    ]
    municipal = partners[[r is not None for r in rules]]
    resolved: list[tuple[str, str | None]] = []
    methods: Counter[str] = Counter()
    for m in municipal.to_dict("records"):
        cc = str(m["country_code"])
        tid = None
        if cc in towns.countries:
            names = [m["town"], keep.strip_markers(str(m["organisation"]))]
            tid = towns.resolve(names, cc, methods=methods)
        resolved.append((cc, tid))
        if tid is None:
            continue
        pid = str(m["project_id"])
        part.participations.append(
            {
                "town_id": tid,
                "project_id": pid,
                "role": "lead" if m["lead"] else "partner",
                "organisation": m["organisation"],
                "_order": (0 if m["lead"] else 1) * 10**7 + int(m["row"]),
            }
        )
        for code in themes_of[pid]:
            part.town_themes.append(
                {
                    "town_id": tid,
                    "theme_code": code,
                    "source_kind": "project",
                    "source_id": pid,
                    "evidence": _short(label_of[pid]),
                }
            )
    part.rates = _rates("keep", resolved, towns.countries)
    part.notes.append(_methods_note("KEEP", methods))
    by_rule = pd.Series([r for r in rules if r is not None]).value_counts()
    part.notes.append(
        f"KEEP: {len(municipal)} of {len(partners)} partner rows taken for municipalities "
        f"({int(by_rule.get('marker', 0))} by a municipal word in the name, "
        f"{int(by_rule.get('town-name', 0))} by the town's own name)."
    )
    return part


# --- assembly ----------------------------------------------------------------------------------


def _frame(name: str, rows: list[dict[str, object]]) -> pd.DataFrame:
    """Rows as a frame with the table's columns, one row per unique key, sorted."""
    cols = FRAME_COLUMNS[name]
    frame = pd.DataFrame(rows, columns=[*cols, "_order"] if rows and "_order" in rows[0] else cols)
    keys = SORT_KEYS[name]
    if "_order" in frame.columns:
        frame = frame.sort_values([*keys, "_order"], kind="stable").drop(columns="_order")
    frame = frame.drop_duplicates(keys, keep="first")
    frame = frame.sort_values(keys, kind="stable").reset_index(drop=True)
    for col in ("start_year", "end_year", "year"):
        if col in frame.columns:
            frame[col] = frame[col].astype("Int64")
    return frame


def build_cooperation(
    raw_dir: Path,
    towns: pd.DataFrame,
    index: TownIndex,
    *,
    themes_file: Path = THEMES_FILE,
    keywords_file: Path = KEYWORDS_FILE,
) -> dict[str, pd.DataFrame]:
    """Themes, networks, memberships, projects, participations and town themes.

    ``raw_dir`` is the raw data root (the pgourdongeo files are in its
    ``pgourdongeo_city_cooperation`` folder). The result is a
    :class:`CooperationFrames`, whose ``rates`` feed :func:`cooperation_report`.
    """
    src = raw_dir / COOP_DIR
    themes = load_themes(themes_file)
    kmap = load_keyword_map(keywords_file, themes["code"])
    ours = _Towns.of(towns, index)
    parts = [_etmun(src, ours, kmap), _urbact(src, ours, kmap), _keep(src, ours, kmap)]

    def rows(attr: str) -> list[dict[str, object]]:
        return [row for p in parts for row in getattr(p, attr)]

    frames = {
        "themes": _frame(
            "themes", [{str(k): v for k, v in r.items()} for r in themes.to_dict("records")]
        ),
        "networks": _frame("networks", rows("networks")),
        "memberships": _frame("memberships", rows("memberships")),
        "projects": _frame("projects", rows("projects")),
        "participations": _frame("participations", rows("participations")),
        "town_themes": _frame("town_themes", rows("town_themes")),
    }
    return CooperationFrames(
        frames, [r for p in parts for r in p.rates], [n for p in parts for n in p.notes]
    )


def cooperation_report(frames: Mapping[str, pd.DataFrame]) -> str:
    """Markdown for data/README.md: row counts, match rates, towns per theme."""
    lines = ["| table | rows |", "|---|---:|"]
    lines += [f"| {name} | {len(frame):,} |" for name, frame in frames.items()]
    rates: tuple[MatchRate, ...] = getattr(frames, "rates", ())
    if rates:
        lines += [
            "",
            "Towns resolved (rows in our countries; ETMUN municipal members, URBACT members, "
            "KEEP municipal partners):",
            "",
            "| source | scope | rows | resolved | rate |",
            "|---|---|---:|---:|---:|",
        ]
        lines += [
            f"| {r.source} | {r.scope} | {r.candidates:,} | {r.resolved:,} | {r.rate:.1%} |"
            for r in rates
        ]
    notes: tuple[str, ...] = getattr(frames, "notes", ())
    if notes:
        lines += ["", *[f"- {n}" for n in notes]]
    tt = frames.get("town_themes")
    themes = frames.get("themes")
    if tt is not None and themes is not None and len(themes):
        counts = tt.groupby("theme_code")["town_id"].nunique()
        lines += ["", "| theme | towns with evidence |", "|---|---:|"]
        lines += [
            f"| {code} ({name}) | {int(counts.get(code, 0)):,} |"
            for code, name in zip(themes["code"], themes["name_en"], strict=True)
        ]
    return "\n".join(lines) + "\n"
