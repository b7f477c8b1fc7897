"""KEEP: closed Interreg 2014-2020 projects and their partner organisations.

``keep_closed_1420_Projects_sheet.csv`` (comma-separated, one row per project *lead partner*)
carries names, Thematic1-3 and descriptions; ``keep_closed_1420_Partnership.csv`` (``;``) has
one row per partner organisation with its address town. The two join on (Programme, Acronym).
Some programmes (Sweden-Norway) list one project twice, once per national lead partner: those
rows are one project. Project ids are slugs of programme and acronym (see :func:`project_id`).

Partners are organisations of every kind, so only municipalities count as town evidence; the
rule is :func:`municipal_rule`.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd

from matcher.data.coop_io import MalformedSourceError, read_source_csv, text
from matcher.data.text import country_code, fold

PROJECTS_FILE = "keep_closed_1420_Projects_sheet.csv"
PARTNERS_FILE = "keep_closed_1420_Partnership.csv"
ID_MAX = 64

PROJECT_COLUMNS = [
    "id",
    "programme",
    "acronym",
    "title",
    "description",
    "thematics",
    "start",
    "end",
    "row",
]
PARTNER_COLUMNS = [
    "project_id",
    "programme",
    "acronym",
    "organisation",
    "lead",
    "town",
    "country",
    "country_code",
    "legal_status",
    "row",
]

_PROGRAMME_NOISE = {"2014", "2020", "interreg"}
_DATE = re.compile(r"^(\d{4})[/-](\d{2})[/-](\d{2})$")

# Words (folded, whole words) that name a municipality as an organisation, in the languages
# of the KEEP partners. "Gmina Paczków", "City of Venice", "Ayuntamiento Camprodon", "Obec X".
_MUNICIPAL_MARKERS = re.compile(
    r"\b("
    r"municipality|municipalities of|municipal council|municipal authority|"
    r"city of|town of|city council|town council|borough council|district council|"
    r"city hall|town hall|city government|city administration|municipal administration|"
    r"gmina|gminy|miasto|miasta|urzad miasta|urzad gminy|"
    r"stadt|gemeinde|stadtgemeinde|marktgemeinde|kreisstadt|stadtverwaltung|"
    r"magistrat|comune|citta di|ayuntamiento|ajuntament|concello|municipio|camara municipal|"
    r"mairie|ville de|commune|community|gemeente|kommun|kommune|kunta|kaupunki|linn|vald|"
    r"savivaldybe|savivaldybes|pasvaldiba|novada dome|pilsetas dome|obec|mesto|mestna obcina|"
    r"obcina|opcina|opstina|obshtina|grad|primaria|municipiul|comuna|oras|orasul|"
    r"onkormanyzat|varos|varosi|dimos|dimou|bashkia|belediyesi|belediye"
    r")\b"
)
# Words that make an organisation something other than the municipality itself, even when it
# carries a municipal word or the town's name: associations, companies, public institutions,
# and authorities of other levels (county, region, state).
_NON_MUNICIPAL = re.compile(
    r"\b("
    r"association|associazione|asociacion|verein|stowarzyszenie|zwiazek|union|network|"
    r"euroregion|euroregionu|egtc|ewtc|ugrupowanie|consortium|consorzio|federation|"
    r"agency|agencja|agencia|agenzia|agentur|company|enterprise|ltd|gmbh|spa|s p a|sp z o o|"
    r"d o o|doo|oy|ab|as|sa|srl|s r l|plc|inc|kft|nonprofit|"
    r"hospital|szpital|clinic|school|szkola|university|uniwersytet|universita|universitat|"
    r"universidad|universite|college|academy|faculty|museum|muzeum|library|biblioteka|"
    r"theatre|theater|teatr|philharmonic|orchestra|centre|center|centrum|centro|"
    r"institute|instytut|istituto|institut|instituto|foundation|fundacja|fondazione|"
    r"stiftung|fundacion|club|klub|police|policja|fire|chamber|camera di commercio|izba|"
    r"port|county|powiat|powiatu|starostwo|landkreis|kreis|province|provincia|provincial|"
    r"region|regional|regione|wojewodztwo|voivodeship|ministry|state|church|parish|"
    r"cooperative|utility|metropolitan|kanton|canton|diocese|diocesi"
    r")\b"
)


_GENERIC_WORDS = frozenset(
    {"the", "of", "de", "di", "city", "town", "government", "administration", "council", "hall"}
)
# Country names that text.country_code does not know (yet).
_COUNTRY_FALLBACK = {"netherlands": "NL"}


def _slug(value: str) -> str:
    return "-".join(fold(value).split())


def programme_slug(programme: str) -> str:
    """Short slug of a programme name: "2014 - 2020 INTERREG V-A Sweden - Norway" ->
    "v-a-sweden-norway"."""
    words = [w for w in fold(programme).split() if w not in _PROGRAMME_NOISE]
    return "-".join(words) or "programme"


def _base_id(programme: str, acronym: str) -> str:
    return f"{programme_slug(programme)}--{_slug(acronym) or 'project'}"


def _hashed_id(programme: str, acronym: str) -> str:
    digest = hashlib.sha1(f"{programme}\x1f{acronym}".encode()).hexdigest()[:8]
    return f"{_base_id(programme, acronym)[: ID_MAX - 9].rstrip('-')}-{digest}"


def project_ids(keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Stable unique ids for (programme, acronym) keys.

    The id is ``<programme slug>--<acronym slug>``. Where that is longer than 64 characters or
    two different keys fold to the same slug, every key concerned gets a truncated slug plus
    8 hex digits of a hash of its exact (programme, acronym), so the id depends only on the
    key and on which other keys collide with it, never on row order.
    """
    distinct = sorted(set(keys))
    by_base: dict[str, list[tuple[str, str]]] = {}
    for key in distinct:
        by_base.setdefault(_base_id(*key), []).append(key)
    ids: dict[tuple[str, str], str] = {}
    for base, group in by_base.items():
        for key in group:
            plain = len(group) == 1 and len(base) <= ID_MAX
            ids[key] = base if plain else _hashed_id(*key)
    if len(set(ids.values())) != len(ids):  # a hash collision: vanishingly rare, but fatal
        raise ValueError("project ids are not unique")
    return ids


def _date(value: str, path: Path, row: int, column: str) -> str:
    """ISO date from KEEP's "2015/02/21"; "" when missing."""
    value = text(value)
    if not value:
        return ""
    match = _DATE.match(value)
    if not match:
        raise MalformedSourceError(path, row, f"{column}: not a date: {value!r}")
    return "-".join(match.groups())


def parse_projects(path: Path) -> pd.DataFrame:
    """One row per project (duplicate lead-partner rows merged), sorted by id."""
    raw = read_source_csv(
        path,
        [
            "Programme",
            "Acronym",
            "Project Name",
            "Thematic1",
            "Thematic2",
            "Thematic3",
            "Description 1",
            "Description EN",
            "Project start",
            "Project end",
        ],
        sep=",",
    )
    records = raw.to_dict("records")
    for r in records:
        if not r["Programme"] or not r["Acronym"]:
            raise MalformedSourceError(
                path, int(r["_row"]), "a project needs Programme and Acronym"
            )
    ids = project_ids([(r["Programme"], r["Acronym"]) for r in records])
    rows: dict[str, dict[str, object]] = {}
    for r in records:
        row = int(r["_row"])
        pid = ids[(r["Programme"], r["Acronym"])]
        start = _date(r["Project start"], path, row, "Project start")
        end = _date(r["Project end"], path, row, "Project end")
        if pid in rows:
            continue  # the same project under its second national lead partner
        title = next(
            (
                text(r.get(c, ""))
                for c in ("Project Name", "Project Name language 2", "Project Name language 3")
                if text(r.get(c, ""))
            ),
            r["Acronym"],
        )
        thematics = [text(r[c]) for c in ("Thematic1", "Thematic2", "Thematic3")]
        rows[pid] = {
            "id": pid,
            "programme": r["Programme"],
            "acronym": r["Acronym"],
            "title": title,
            "description": text(r["Description EN"]) or text(r["Description 1"]),
            "thematics": "; ".join(t for t in thematics if t),
            "start": start,
            "end": end,
            "row": row,
        }
    frame = pd.DataFrame(list(rows.values()), columns=PROJECT_COLUMNS)
    return frame.sort_values("id", kind="stable").reset_index(drop=True)


def parse_partners(path: Path, ids: dict[tuple[str, str], str]) -> pd.DataFrame:
    """One row per partner organisation, linked to its project id by (Programme, Acronym)."""
    raw = read_source_csv(
        path,
        [
            "Programme",
            "Acronym",
            "Project Partner",
            "Lead Partner",
            "Town",
            "Country",
            "Legal Status",
        ],
    )
    rows = []
    for r in raw.to_dict("records"):
        row = int(r["_row"])
        key = (r["Programme"], r["Acronym"])
        if key not in ids:
            raise MalformedSourceError(path, row, f"no project {key[1]!r} in {key[0]!r}")
        lead = r["Lead Partner"].strip().lower()
        if lead not in {"yes", "no"}:
            raise MalformedSourceError(path, row, f"Lead Partner must be Yes/No: {lead!r}")
        rows.append(
            {
                "project_id": ids[key],
                "programme": key[0],
                "acronym": key[1],
                "organisation": text(r["Project Partner"]),
                "lead": lead == "yes",
                "town": text(r["Town"]),
                "country": text(r["Country"]),
                "country_code": country_code(r["Country"])
                or _COUNTRY_FALLBACK.get(fold(r["Country"]), ""),
                "legal_status": text(r["Legal Status"]).lower(),
                "row": row,
            }
        )
    return pd.DataFrame(rows, columns=PARTNER_COLUMNS)


def municipal_rule(organisation: str, town: str, legal_status: str) -> str | None:
    """Why a partner counts as its town's municipality ('marker' or 'town-name'), or None.

    - ``marker``: the name holds a municipal word ("Gmina", "City of", "Stadt", "Comune",
      "Ayuntamiento", "Obec", ...) and the legal status is not private;
    - ``town-name``: the legal status is public and the name *is* the address town's name,
      give or take generic words ("Katowice", "Tallinn City Government"). A name that merely
      contains the town ("Fachhochschule Kiel", "Diocesi di Vicenza") is not enough;
    and, for both, the name holds no word of another kind of body (association, agency,
      company, school, museum, centre, county, region, metropolitan city, ...).
    """
    org = fold(organisation)
    if not org or legal_status == "private" or _NON_MUNICIPAL.search(org):
        return None
    if _MUNICIPAL_MARKERS.search(org):
        return "marker"
    place = fold(town)
    if legal_status != "public" or not place:
        return None
    match = re.search(rf"\b{re.escape(place)}\b", org)
    if match is None:
        return None
    rest = (org[: match.start()] + " " + org[match.end() :]).split()
    return "town-name" if all(w in _GENERIC_WORDS for w in rest) else None


def strip_markers(organisation: str) -> str:
    """The organisation's folded name without municipal words ("Miasto Cieszyn" -> "cieszyn"),
    a second guess at the town when the address does not resolve."""
    rest = _MUNICIPAL_MARKERS.sub(" ", fold(organisation))
    return " ".join(w for w in rest.split() if w not in {"of", "de", "di", "the", "city", "town"})
