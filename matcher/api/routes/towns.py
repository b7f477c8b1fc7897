"""Reading towns: the theme vocabulary, search, and one town's detail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlmodel import Session, col, select

from matcher.api.deps import OptionalUser, SessionDep, TownDep
from matcher.api.errors import error_responses
from matcher.api.messages import LangDep
from matcher.api.params import CountriesParam, normalise_countries
from matcher.api.schemas import ThemePublic, TownDetail
from matcher.api.town_detail import town_detail
from matcher.models import Theme, Town, TownPublic, TownsPublic
from matcher.towns import search_towns

router = APIRouter(tags=["towns"])


def search(session: Session, query: str, countries: list[str], limit: int) -> list[Town]:
    """Towns matching ``query`` (the CLI's search), or the largest ones when it is empty."""
    if query.strip():
        return search_towns(session, query, country_codes=countries or None, limit=limit)
    stmt = select(Town).where(col(Town.kind) != "external")  # partner-only places
    if countries:
        stmt = stmt.where(col(Town.country_code).in_(countries))
    order = (col(Town.population).desc().nulls_last(), col(Town.id))
    return list(session.exec(stmt.order_by(*order).limit(limit)).all())


@router.get("/themes")
def list_themes(*, session: SessionDep) -> list[ThemePublic]:
    """The theme vocabulary, with English and Polish names."""
    themes = session.exec(select(Theme).order_by(col(Theme.code))).all()
    return [ThemePublic(code=t.code, name_en=t.name_en, name_pl=t.name_pl) for t in themes]


@router.get("/towns")
def search_town_list(
    *,
    session: SessionDep,
    q: Annotated[
        str, Query(max_length=200, description="Name in any spelling: 'Lodz', 'Breslau'")
    ] = "",
    country: CountriesParam = [],  # noqa: B006  (FastAPI copies the default)
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> TownsPublic:
    """Search towns by name (diacritics and exonyms work), optionally within countries."""
    towns = search(session, q, normalise_countries(country), limit)
    data = [TownPublic.model_validate(t, from_attributes=True) for t in towns]
    return TownsPublic(data=data, count=len(data))


@router.get("/towns/{town_id}", responses=error_responses(401, 404))
def get_town_detail(
    *, session: SessionDep, town: TownDep, user: OptionalUser, lang: LangDep
) -> TownDetail:
    """One town: facts with sources, GUS indicators and its NUTS 3 region's Eurostat figures
    (each with year and source), its region's and its own name in the reader's language,
    themes with evidence, networks, projects, partners and its own profile (the contact for
    signed-in readers). Texts in the language of ``?lang=`` or ``Accept-Language``."""
    return town_detail(session, town, signed_in=user is not None, lang=lang)
