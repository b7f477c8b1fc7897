"""Finding towns by name: diacritic-insensitive, exonym-aware, deterministic order."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from matcher.data.text import fold
from matcher.models import Town

EXPORT_FIELDS = ("id", "name", "country_code", "latitude", "longitude", "population")
# Our own towns. "external" towns (places outside our countries that are only the far end
# of a twin-town pair) are left out of search and export unless asked for.
OWN_KINDS = ("gmina", "place")


def _rank(town: Town, key: str) -> int | None:
    """0 exact, 1 prefix, None no match (on the folded name and alternate names)."""
    names = [town.name_ascii, *(fold(a) for a in (town.alt_names or "").split("|") if a)]
    if key in names:
        return 0
    if any(n.startswith(key) for n in names):
        return 1
    return None


def search_towns(
    session: Session,
    query: str,
    country_codes: Sequence[str] | None = None,
    limit: int = 20,
    include_external: bool = False,
) -> list[Town]:
    """Towns whose name or alternate name matches ``query`` ("Lodz" -> Łódź, "Breslau" ->
    Wrocław): exact matches first, then prefixes; within each, population desc, then id.
    External towns only with ``include_external``."""
    key = fold(query)
    if not key or limit <= 0:
        return []
    stmt = select(Town).where(
        or_(
            col(Town.name_ascii).startswith(key),
            func.lower(col(Town.alt_names)).contains(key),
            func.lower(col(Town.alt_names)).contains(query.strip().lower()),
        )
    )
    if country_codes:
        stmt = stmt.where(col(Town.country_code).in_([c.upper() for c in country_codes]))
    if not include_external:
        stmt = stmt.where(col(Town.kind).in_(OWN_KINDS))
    ranked: list[tuple[int, int, str, Town]] = []
    for town in session.exec(stmt):
        rank = _rank(town, key)
        if rank is not None:
            ranked.append((rank, -(town.population or 0), town.id, town))
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked[:limit]]


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
