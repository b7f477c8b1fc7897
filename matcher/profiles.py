"""A town's texts worth embedding, kept apart from the facts that structured features handle.

The profile text gathers themes with their evidence, network memberships (with the network's
description), URBACT networks and Interreg projects (titles and descriptions), and what the
town writes itself. Towns with none of these have no text and rank on their facts alone.

Keys of :func:`profile_texts`: ``<town_id>`` for the profile, ``offers:<town_id>`` and
``seeks:<town_id>`` for what a town offers and seeks (matched against each other).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Session

MAX_CHARS = 1500
SNIPPET_CHARS = 240
OFFERS_PREFIX = "offers:"
SEEKS_PREFIX = "seeks:"


@dataclass
class ProfileParts:
    """The pieces of one town's profile text, in the order they are written."""

    themes: list[str] = field(default_factory=list)
    networks: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    description: str = ""
    offers: str = ""
    seeks: str = ""


def compose_profile(parts: ProfileParts) -> str:
    """The text embedded for one town; empty when the town has nothing to say."""
    pieces: list[str] = []
    if parts.description.strip():
        pieces.append(parts.description.strip())
    if parts.offers.strip():
        pieces.append(f"We offer: {parts.offers.strip()}")
    if parts.seeks.strip():
        pieces.append(f"We seek: {parts.seeks.strip()}")
    if parts.themes:
        pieces.append("Themes: " + ", ".join(sorted(set(parts.themes))) + ".")
    pieces.extend(sorted(set(parts.networks)))
    pieces.extend(sorted(set(parts.projects)))
    return _clip(" ".join(pieces), MAX_CHARS)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _read(conn: Connection, sql: str, column: str, town_id: str | None) -> pd.DataFrame:
    if town_id is None:
        return pd.read_sql_query(text(sql), conn)
    where = " WHERE " if " WHERE " not in sql else " AND "
    return pd.read_sql_query(
        text(f"{sql}{where}{column} = :town_id"), conn, params={"town_id": town_id}
    )


def gather_parts(conn: Connection, town_id: str | None = None) -> dict[str, ProfileParts]:
    """Every town's profile pieces (or one town's), read from the database."""
    parts: dict[str, ProfileParts] = defaultdict(ProfileParts)
    themes = _read(
        conn,
        "SELECT DISTINCT tt.town_id, t.name_en FROM towntheme tt "
        "JOIN theme t ON t.code = tt.theme_code",
        "tt.town_id",
        town_id,
    )
    for tid, name in themes.itertuples(index=False):
        parts[tid].themes.append(str(name).lower())
    nets = _read(
        conn,
        "SELECT m.town_id, n.kind, n.name, n.description FROM membership m "
        "JOIN network n ON n.id = m.network_id",
        "m.town_id",
        town_id,
    )
    for tid, kind, name, description in nets.itertuples(index=False):
        label = "URBACT network" if kind == "urbact" else "Member of"
        parts[tid].networks.append(
            f"{label} {name}: {_clip(str(description or ''), SNIPPET_CHARS)}".rstrip(": ") + "."
        )
    projects = _read(
        conn,
        "SELECT pa.town_id, p.acronym, p.title, p.description FROM participation pa "
        "JOIN project p ON p.id = pa.project_id",
        "pa.town_id",
        town_id,
    )
    for tid, acronym, title, description in projects.itertuples(index=False):
        parts[tid].projects.append(
            f"Interreg project {acronym}: {title}. "
            f"{_clip(str(description or ''), SNIPPET_CHARS)}".strip()
        )
    profiles = _read(
        conn,
        "SELECT town_id, description, offers, seeks FROM townprofile",
        "town_id",
        town_id,
    )
    for tid, description, offers, seeks in profiles.itertuples(index=False):
        p = parts[tid]
        p.description, p.offers, p.seeks = description or "", offers or "", seeks or ""
    return dict(parts)


def texts_from_parts(parts: dict[str, ProfileParts]) -> dict[str, str]:
    """Profile, offers and seeks texts keyed as described in the module docstring."""
    out: dict[str, str] = {}
    for town_id in sorted(parts):
        p = parts[town_id]
        text = compose_profile(p)
        if text:
            out[town_id] = text
        if p.offers.strip():
            out[OFFERS_PREFIX + town_id] = _clip(p.offers, MAX_CHARS)
        if p.seeks.strip():
            out[SEEKS_PREFIX + town_id] = _clip(p.seeks, MAX_CHARS)
    return out


def profile_texts(session: Session) -> dict[str, str]:
    """Every text worth embedding, keyed by town id (see the module docstring)."""
    return texts_from_parts(gather_parts(session.connection()))


def town_texts(session: Session, town_id: str) -> dict[str, str]:
    """The texts of one town (after its profile was edited)."""
    texts = texts_from_parts(gather_parts(session.connection(), town_id))
    keys = (town_id, OFFERS_PREFIX + town_id, SEEKS_PREFIX + town_id)
    return {k: texts[k] for k in keys if k in texts}
