"""Finding towns by name: diacritic-insensitive, exonym-aware, Polish case forms understood,
deterministic order.

Search runs on an in-memory index of folded names (a town's name, its alternate names and,
for Polish towns, the case forms of its name that the reasons use: "Ciechocinku", "Buska-
Zdroju"), built once per database and rebuilt when the number of towns changes. A prefix
lookup is a binary search on the sorted keys, so a query costs well under a millisecond
instead of a scan of every alternate name.
"""

from __future__ import annotations

import threading
import time
import weakref
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, select

from matcher.data.text import fold
from matcher.i18n.polish import decline
from matcher.models import Town, TownName

EXPORT_FIELDS = ("id", "name", "country_code", "latitude", "longitude", "population")
# Our own towns. "external" towns (places outside our countries that are only the far end
# of a twin-town pair) are left out of search and export unless asked for.
OWN_KINDS = ("gmina", "place")

# The cases a user types a Polish town name in ("w Ciechocinku", "do Buska-Zdroju").
POLISH_CASES = ("gen", "dat", "acc", "inst", "loc")
# Leading prepositions dropped from a query before it is looked up ("w Busku-Zdroju").
PREPOSITIONS = frozenset(
    {
        "w",
        "we",
        "z",
        "ze",
        "do",
        "dla",
        "na",
        "od",
        "ode",
        "ku",
        "o",
        "po",
        "przy",
        "pod",
        "nad",
        "za",
    }
)

# match strength, best first: the name as written, a case form, each as exact or prefix
EXACT, EXACT_FORM, PREFIX, PREFIX_FORM = range(4)
_END = "{"  # sorts after every folded character ([0-9a-z ])


@dataclass(frozen=True)
class NameIndex:
    """Sorted folded keys, each pointing at a town (row of the town arrays)."""

    keys: list[str]
    town: np.ndarray  # per key: row of the town
    form: np.ndarray  # per key: True when the key is a case form, not a name
    ids: list[str]  # per town row
    country: np.ndarray  # per town row, ISO code
    own: np.ndarray  # per town row: not an external town
    population: np.ndarray  # per town row, 0 when unknown
    size: int  # towns in the table when the index was built

    def lookup(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """(town rows, strength) of every key equal to or starting with ``key``."""
        lo = bisect_left(self.keys, key)
        hi = bisect_left(self.keys, key + _END, lo)
        rows = self.town[lo:hi]
        exact = np.fromiter((k == key for k in self.keys[lo:hi]), bool, hi - lo)
        strength = np.where(exact, EXACT, PREFIX) + self.form[lo:hi]
        return rows, strength


def _keys(name: str, alt_names: str | None, polish: bool) -> Iterable[tuple[str, bool]]:
    for written in (name, *(a for a in (alt_names or "").split("|") if a)):
        yield fold(written), False
    if polish:
        for case in POLISH_CASES:
            form = decline(name, case)
            if form:
                yield fold(form), True


def build_index(conn: Connection) -> NameIndex:
    """The index of every town in the database (Polish exonyms of foreign towns and the
    case forms of Polish names included)."""
    rows = conn.execute(
        sa_select(
            col(Town.id),
            col(Town.name),
            col(Town.alt_names),
            col(Town.country_code),
            col(Town.kind),
            col(Town.population),
        ).order_by(col(Town.id))
    ).all()
    exonyms: dict[str, list[str]] = {}
    for town_id, name in conn.execute(
        sa_select(col(TownName.town_id), col(TownName.name)).where(col(TownName.lang) == "pl")
    ):
        exonyms.setdefault(str(town_id), []).append(str(name))
    entries: set[tuple[str, int, bool]] = set()
    for row, (town_id, name, alt_names, country, _kind, _pop) in enumerate(rows):
        spellings: list[tuple[str, str | None, bool]] = [(name, alt_names, country == "PL")]
        spellings += [(exonym, None, True) for exonym in exonyms.get(town_id, ())]  # Drezno
        for written, alternates, polish in spellings:
            entries.update(
                (key, row, form) for key, form in _keys(written, alternates, polish) if key
            )
    ordered = sorted(entries)
    return NameIndex(
        keys=[e[0] for e in ordered],
        town=np.fromiter((e[1] for e in ordered), np.int32, len(ordered)),
        form=np.fromiter((e[2] for e in ordered), np.int8, len(ordered)),
        ids=[str(r[0]) for r in rows],
        country=np.array([r[3] or "" for r in rows], dtype="U2"),
        own=np.array([r[4] in OWN_KINDS for r in rows], dtype=bool),
        population=np.array([r[5] or 0 for r in rows], dtype=np.int64),
        size=len(rows),
    )


RECHECK_SECONDS = 2.0
"""How long an index is trusted before the number of towns is counted again (a count costs
about 7 ms on PostgreSQL); a ``db load`` reaches search within this time, on every worker."""

_indexes: weakref.WeakKeyDictionary[Engine, tuple[NameIndex, float]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def name_index(engine: Engine) -> NameIndex:
    """The index of ``engine``'s towns, rebuilt when the number of towns has changed."""
    with _lock:
        index, checked = _indexes.get(engine, (None, 0.0))
        if index is not None and time.monotonic() - checked < RECHECK_SECONDS:
            return index
        with engine.connect() as conn:
            size = int(conn.execute(select(func.count()).select_from(Town)).scalar_one())
            if index is None or index.size != size:
                index = build_index(conn)
        _indexes[engine] = (index, time.monotonic())
        return index


def _query_keys(query: str) -> list[str]:
    """The folded query, and without a leading Polish preposition ("w busku zdroju")."""
    key = fold(query)
    words = key.split(" ")
    if len(words) > 1 and words[0] in PREPOSITIONS:
        return [key, " ".join(words[1:])]
    return [key] if key else []


def rank_matches(
    index: NameIndex,
    query: str,
    country_codes: Sequence[str] | None = None,
    limit: int = 20,
    include_external: bool = False,
) -> list[str]:
    """Ids of the towns matching ``query``, best first: names as written before case forms,
    exact before prefix; within each, population desc, then id."""
    found_rows, found_strength = [], []
    for key in _query_keys(query):
        rows, strength = index.lookup(key)
        found_rows.append(rows)
        found_strength.append(strength)
    if not found_rows:
        return []
    rows = np.concatenate(found_rows)
    strength = np.concatenate(found_strength)
    keep = np.ones(len(rows), bool) if include_external else index.own[rows]
    if country_codes:
        keep &= np.isin(index.country[rows], [c.upper() for c in country_codes])
    rows, strength = rows[keep], strength[keep]
    # best first (rows are in id order, so the row breaks ties by id); a town once, at its best
    order = np.lexsort((rows, -index.population[rows], strength))
    rows = rows[order]
    _, first = np.unique(rows, return_index=True)
    return [index.ids[r] for r in rows[np.sort(first)[:limit]].tolist()]


def search_towns(
    session: Session,
    query: str,
    country_codes: Sequence[str] | None = None,
    limit: int = 20,
    include_external: bool = False,
) -> list[Town]:
    """Towns whose name, alternate name or Polish case form matches ``query`` ("Lodz" ->
    Łódź, "Breslau" -> Wrocław, "w Ciechocinku" -> Ciechocinek). External towns only with
    ``include_external``."""
    if limit <= 0:
        return []
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    ids = rank_matches(name_index(engine), query, country_codes, limit, include_external)
    if not ids:
        return []
    towns = {t.id: t for t in session.exec(select(Town).where(col(Town.id).in_(ids)))}
    return [towns[i] for i in ids if i in towns]


def export_towns(
    session: Session,
    country_codes: Sequence[str] | None = None,
    include_external: bool = False,
) -> list[Town]:
    """Every town (of the given countries), by id; external towns only with
    ``include_external``."""
    stmt = select(Town).order_by(col(Town.id))
    if not include_external:
        stmt = stmt.where(col(Town.kind).in_(OWN_KINDS))
    if country_codes:
        stmt = stmt.where(col(Town.country_code).in_([c.upper() for c in country_codes]))
    return list(session.exec(stmt))


def count_towns(session: Session) -> int:
    """Number of towns loaded (0 when the database is empty)."""
    return int(session.exec(select(func.count()).select_from(Town)).one())
