"""Query parameters shared by several routes, and the checks they need against the data."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic import StringConstraints
from sqlmodel import Session, col, select

from matcher.i18n import msg
from matcher.models import Theme
from matcher.service import BadQuery

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")]
ThemeCode = Annotated[str, StringConstraints(min_length=1, max_length=32)]

CountriesParam = Annotated[
    list[CountryCode],
    Query(description="ISO 3166 alpha-2 country code; repeat for several", max_length=50),
]
ThemesParam = Annotated[
    list[ThemeCode],
    Query(description="Theme code (see /themes); repeat for several", max_length=20),
]


def normalise_countries(codes: list[str]) -> list[str]:
    """Upper-cased, de-duplicated country codes in their given order."""
    return list(dict.fromkeys(code.upper() for code in codes))


def check_themes(session: Session, themes: list[str]) -> list[str]:
    """``themes`` de-duplicated; 422 naming any code that is not in the vocabulary."""
    wanted = list(dict.fromkeys(themes))
    if not wanted:
        return wanted
    known = set(session.exec(select(Theme.code).where(col(Theme.code).in_(wanted))).all())
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise BadQuery(msg("error.query.unknown_themes", themes=unknown))
    return wanted
