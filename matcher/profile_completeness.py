"""How complete a town's own profile is, and what each missing part would change.

The score is the weighted share of the parts filled in (weights below: what the ranking and
the other towns use most weighs most). Each missing part comes with its effect, counted on the
data: how many towns state what they seek, offer, ... so the advice is never a fixed text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, Field
from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from matcher.i18n import Message, msg, plural
from matcher.models import TownProfile, TownTheme, utcnow
from matcher.own_profile import seeking_now


@dataclass(frozen=True)
class Part:
    """One part of a profile: its weight, whether a profile has it, and what it would change."""

    key: str
    weight: int
    filled: Callable[[TownProfile, date], bool]
    effect: Callable[[Session, date], Message]


def _count(session: Session, *where: object) -> int:
    stmt = select(func.count()).select_from(TownProfile).where(*where)  # type: ignore[arg-type]
    return int(session.exec(stmt).one())


def _description(session: Session, today: date) -> Message:
    n = _count(session, col(TownProfile.description) != "")
    return plural("profile.advice.description", n)


def _offers(session: Session, today: date) -> Message:
    return plural("profile.advice.offers", _count(session, col(TownProfile.seeks) != ""))


def _seeks(session: Session, today: date) -> Message:
    return plural("profile.advice.seeks", _count(session, col(TownProfile.offers) != ""))


def _themes(session: Session, today: date) -> Message:
    n = int(session.exec(select(func.count(func.distinct(TownTheme.town_id)))).one())
    return plural("profile.advice.themes", n)


def _languages(session: Session, today: date) -> Message:
    return plural("profile.advice.languages", _count(session, col(TownProfile.languages) != ""))


def _countries(session: Session, today: date) -> Message:
    n = _count(session, col(TownProfile.preferred_countries) != "")
    return plural("profile.advice.countries", n)


def _seeking(session: Session, today: date) -> Message:
    n = _count(
        session,
        col(TownProfile.seeking).is_(True),
        or_(col(TownProfile.seeking_until).is_(None), col(TownProfile.seeking_until) >= today),
    )
    return plural("profile.advice.seeking", n)


def _contact(session: Session, today: date) -> Message:
    return msg("profile.advice.contact")


PARTS: tuple[Part, ...] = (
    Part("description", 3, lambda p, _: bool(p.description.strip()), _description),
    Part("offers", 2, lambda p, _: bool(p.offers.strip()), _offers),
    Part("seeks", 2, lambda p, _: bool(p.seeks.strip()), _seeks),
    Part("themes", 2, lambda p, _: bool(p.themes.strip()), _themes),
    Part("seeking", 2, seeking_now, _seeking),
    Part("preferred_countries", 1, lambda p, _: bool(p.preferred_countries.strip()), _countries),
    Part("languages", 1, lambda p, _: bool(p.languages.strip()), _languages),
    Part(
        "contact",
        2,
        lambda p, _: bool(p.contact_name.strip() and (p.contact_email or p.contact_phone).strip()),
        _contact,
    ),
)
"""The parts of a profile in the order the page lists them."""


class Missing(BaseModel):
    """A part the profile lacks, and what filling it in would change."""

    part: str
    weight: int
    effect: str


class Completeness(BaseModel):
    """How complete a profile is: ``score`` from 0 to 1, filled parts, and missing ones
    (heaviest first) with their effect in the reader's language."""

    score: float = Field(ge=0, le=1)
    filled: list[str]
    missing: list[Missing]


def completeness(
    session: Session,
    profile: TownProfile | None,
    render: Callable[[Message], str],
    today: date | None = None,
) -> Completeness:
    """The completeness of ``profile`` (None: nothing written), effects rendered with
    ``render``."""
    day = today or utcnow().date()
    empty = TownProfile(town_id="", version=0)
    current = profile or empty
    total = sum(p.weight for p in PARTS)
    filled = [p for p in PARTS if p.filled(current, day)]
    missing = sorted((p for p in PARTS if not p.filled(current, day)), key=lambda p: -p.weight)
    return Completeness(
        score=round(sum(p.weight for p in filled) / total, 4),
        filled=[p.key for p in filled],
        missing=[
            Missing(part=p.key, weight=p.weight, effect=render(p.effect(session, day)))
            for p in missing
        ],
    )
