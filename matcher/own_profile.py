"""A town's own profile: what it writes about itself, the rules of writing it, and how complete
it is.

Every write names the version it was based on (0: the town has none yet) and only succeeds if
that is still the stored version: the test is part of the UPDATE (or the primary key of the
INSERT), so of two concurrent writers exactly one wins and the other gets StaleProfile with
the version now stored; nothing is overwritten silently. Validation against the data (theme
vocabulary, ISO codes, dates) happens here, so the API, the CLI and the page share one rule.

The contact person is personal data: :func:`profile_public` leaves it out unless the reader is
signed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, Any

import pycountry
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from matcher.errors import DomainError
from matcher.i18n import msg, plural
from matcher.models import Theme, TownProfile, TownTheme, utcnow

PROFILE_EVIDENCE = "Named by the town in its own profile"
NO_NUL = r"^[^\x00]*$"
"""Text without NUL characters (PostgreSQL cannot store them)."""
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9 ()./-]{5,30}$")
ISO_639_1 = frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))
ISO_3166 = frozenset(c.alpha_2 for c in pycountry.countries)

Code = Annotated[str, StringConstraints(max_length=32, pattern=NO_NUL)]


# --- errors ---------------------------------------------------------------------------------


class ProfileError(DomainError):
    """A profile write that cannot be carried out; ``message`` says why in any language."""


class StaleProfile(ProfileError):
    """The profile changed since the client read it (HTTP 409)."""

    def __init__(self, town_id: str, sent: int, current: int) -> None:
        if current == 0:
            message = msg("profile.error.stale_none", town=town_id, sent=sent)
        else:
            message = msg("profile.error.stale", town=town_id, sent=sent, current=current)
        super().__init__(message)
        self.current = current


class InvalidProfile(ProfileError):
    """A value the rules do not accept (HTTP 422)."""


# --- input ----------------------------------------------------------------------------------


def _clean_codes(values: list[str], case: str) -> list[str]:
    """Stripped, de-duplicated codes in their given order, lower or upper case."""
    seen: dict[str, None] = {}
    for value in values:
        code = value.strip()
        code = code.lower() if case == "lower" else code.upper()
        if code:
            seen.setdefault(code, None)
    return list(seen)


class ProfileInput(BaseModel):
    """A whole new profile; ``version`` is the version you read (0 for a town without one).

    ``seeking_since`` may be left out: it is set to today when seeking turns on and kept while
    the town goes on seeking.
    """

    model_config = ConfigDict(extra="forbid")

    description: str = Field(default="", max_length=5000, pattern=NO_NUL)
    offers: str = Field(default="", max_length=3000, pattern=NO_NUL)
    seeks: str = Field(default="", max_length=3000, pattern=NO_NUL)
    themes: list[Code] = Field(default_factory=list, max_length=20, description="Theme codes")
    languages: list[Code] = Field(
        default_factory=list, max_length=20, description="ISO 639-1 codes, e.g. 'pl', 'en'"
    )
    preferred_countries: list[Code] = Field(
        default_factory=list, max_length=60, description="ISO 3166 alpha-2 codes, e.g. 'DE'"
    )
    seeking: bool = Field(default=False, description="Actively seeking partners")
    seeking_since: date | None = None
    seeking_until: date | None = Field(default=None, description="Seeking lapses after this day")
    contact_name: str = Field(default="", max_length=200, pattern=NO_NUL)
    contact_role: str = Field(default="", max_length=200, pattern=NO_NUL)
    contact_email: str = Field(default="", max_length=254, pattern=NO_NUL)
    contact_phone: str = Field(default="", max_length=50, pattern=NO_NUL)
    version: int = Field(ge=0, le=2_000_000_000)

    @field_validator("themes", "languages")
    @classmethod
    def _lower(cls, values: list[str]) -> list[str]:
        return _clean_codes(values, "lower")

    @field_validator("preferred_countries")
    @classmethod
    def _upper(cls, values: list[str]) -> list[str]:
        return _clean_codes(values, "upper")

    @field_validator(
        "description", "offers", "seeks", "contact_name", "contact_role", "contact_email"
    )
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @field_validator("contact_phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        return " ".join(value.split())


def check_profile(session: Session, data: ProfileInput, today: date) -> None:
    """Raise InvalidProfile naming the first value the rules refuse."""
    unknown = unknown_themes(session, data.themes)
    if unknown:
        raise InvalidProfile(plural("profile.error.themes", len(unknown), codes=unknown))
    bad = [c for c in data.languages if c not in ISO_639_1]
    if bad:
        raise InvalidProfile(plural("profile.error.languages", len(bad), codes=bad))
    bad = [c for c in data.preferred_countries if c not in ISO_3166]
    if bad:
        raise InvalidProfile(plural("profile.error.countries", len(bad), codes=bad))
    if data.contact_email and not EMAIL.match(data.contact_email):
        raise InvalidProfile(msg("profile.error.email", value=data.contact_email))
    if data.contact_phone and not PHONE.match(data.contact_phone):
        raise InvalidProfile(msg("profile.error.phone", value=data.contact_phone))
    if data.seeking:
        since, until = data.seeking_since, data.seeking_until
        if since is not None and since > today:
            raise InvalidProfile(msg("profile.error.since_future", since=since.isoformat()))
        if until is not None and until < today:
            raise InvalidProfile(msg("profile.error.until_past", until=until.isoformat()))


def unknown_themes(session: Session, codes: list[str]) -> list[str]:
    """The entries of ``codes`` that are not in the theme vocabulary."""
    if not codes:
        return []
    known = set(session.exec(select(Theme.code).where(col(Theme.code).in_(codes))).all())
    return [code for code in codes if code not in known]


# --- writing --------------------------------------------------------------------------------


def seeking_dates(
    data: ProfileInput, stored: TownProfile | None, today: date
) -> tuple[date | None, date | None]:
    """(since, until) to store: since is today when seeking turns on, kept while it goes on,
    and both are cleared when the town stops seeking."""
    if not data.seeking:
        return None, None
    if data.seeking_since is not None:
        return data.seeking_since, data.seeking_until
    if stored is not None and stored.seeking and stored.seeking_since is not None:
        return stored.seeking_since, data.seeking_until
    return today, data.seeking_until


def save_profile(
    session: Session, town_id: str, data: ProfileInput, user: str, today: date | None = None
) -> TownProfile:
    """Check and write ``data`` if ``data.version`` is the stored version; else StaleProfile.

    One transaction: the guarded INSERT or UPDATE and the town's 'profile' theme evidence.
    """
    day = today or utcnow().date()
    check_profile(session, data, day)
    stored = session.get(TownProfile, town_id)
    stored_version = stored.version if stored is not None else 0
    if data.version != stored_version:
        raise StaleProfile(town_id, data.version, stored_version)
    since, until = seeking_dates(data, stored, day)
    values: dict[str, Any] = {
        "description": data.description,
        "offers": data.offers,
        "seeks": data.seeks,
        "themes": ",".join(data.themes),
        "languages": ",".join(data.languages),
        "preferred_countries": ",".join(data.preferred_countries),
        "seeking": data.seeking,
        "seeking_since": since,
        "seeking_until": until,
        "contact_name": data.contact_name,
        "contact_role": data.contact_role,
        "contact_email": data.contact_email,
        "contact_phone": data.contact_phone,
        "updated_at": utcnow(),
        "updated_by": user,
    }
    try:
        if data.version == 0:
            session.add(TownProfile(town_id=town_id, version=1, **values))
            session.flush()
        else:
            result = session.execute(
                update(TownProfile)
                .where(
                    col(TownProfile.town_id) == town_id,
                    col(TownProfile.version) == data.version,
                )
                .values(version=data.version + 1, **values)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise _Lost
        sync_profile_themes(session, town_id, data.themes)
        session.commit()
    except (IntegrityError, _Lost) as exc:
        session.rollback()
        raise StaleProfile(town_id, data.version, stored_version_now(session, town_id)) from exc
    saved = session.get(TownProfile, town_id)
    assert saved is not None
    return saved


class _Lost(Exception):
    """Another writer changed the row between our read and our guarded write."""


def stored_version_now(session: Session, town_id: str) -> int:
    """The stored version of ``town_id``'s profile (0: none)."""
    version = session.exec(
        select(TownProfile.version).where(col(TownProfile.town_id) == town_id)
    ).first()
    return version or 0


def sync_profile_themes(session: Session, town_id: str, themes: Iterable[str]) -> None:
    """Make the town's 'profile' theme evidence equal to the themes its profile names."""
    session.execute(
        delete(TownTheme).where(
            col(TownTheme.town_id) == town_id, col(TownTheme.source_kind) == "profile"
        )
    )
    for code in themes:
        session.add(
            TownTheme(
                town_id=town_id,
                theme_code=code,
                source_kind="profile",
                source_id=town_id,
                evidence=PROFILE_EVIDENCE,
            )
        )


# --- reading --------------------------------------------------------------------------------


def split_codes(text: str) -> list[str]:
    """A comma-separated column as a list, blanks dropped."""
    return [part.strip() for part in text.split(",") if part.strip()]


def seeking_now(profile: TownProfile | None, today: date) -> bool:
    """Whether the town is actively seeking partners on ``today`` (a lapsed flag is not)."""
    if profile is None or not profile.seeking:
        return False
    return profile.seeking_until is None or profile.seeking_until >= today


class Contact(BaseModel):
    """Whom to write to; only ever shown to signed-in readers."""

    name: str
    role: str
    email: str
    phone: str


class ProfilePublic(BaseModel):
    """What a town wrote about itself; ``version`` 0 means nothing was written yet.

    ``contact`` is None for anonymous readers (and when the town names no one);
    ``contact_hidden`` says a contact exists but the reader must sign in to see it.
    """

    town_id: str
    description: str
    offers: str
    seeks: str
    themes: list[str]
    languages: list[str]
    preferred_countries: list[str]
    seeking: bool = Field(description="The flag as stored")
    seeking_now: bool = Field(description="Seeking today (the until-date has not passed)")
    seeking_since: date | None
    seeking_until: date | None
    contact: Contact | None
    contact_hidden: bool
    version: int
    updated_at: datetime | None
    updated_by: str


def _contact(profile: TownProfile) -> Contact | None:
    contact = Contact(
        name=profile.contact_name,
        role=profile.contact_role,
        email=profile.contact_email,
        phone=profile.contact_phone,
    )
    return contact if any(contact.model_dump().values()) else None


def profile_public(
    town_id: str, profile: TownProfile | None, *, signed_in: bool, today: date | None = None
) -> ProfilePublic:
    """The public form of a stored profile (an empty version 0 when there is none); the
    contact only for ``signed_in`` readers."""
    if profile is None:
        profile = TownProfile(town_id=town_id, version=0, updated_by="")
        updated_at = None
    else:
        updated_at = profile.updated_at
    contact = _contact(profile)
    return ProfilePublic(
        town_id=town_id,
        description=profile.description,
        offers=profile.offers,
        seeks=profile.seeks,
        themes=split_codes(profile.themes),
        languages=split_codes(profile.languages),
        preferred_countries=split_codes(profile.preferred_countries),
        seeking=profile.seeking,
        seeking_now=seeking_now(profile, today or utcnow().date()),
        seeking_since=profile.seeking_since,
        seeking_until=profile.seeking_until,
        contact=contact if signed_in else None,
        contact_hidden=contact is not None and not signed_in,
        version=profile.version,
        updated_at=updated_at,
        updated_by=profile.updated_by,
    )


def read_profile(session: Session, town_id: str) -> TownProfile | None:
    """The stored profile of ``town_id`` (None: it has written none)."""
    return session.get(TownProfile, town_id)


def has_profile(profile: TownProfile | None) -> bool:
    """Whether the town has written anything about itself."""
    return profile is not None and profile.version > 0
