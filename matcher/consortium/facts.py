"""What the builder needs to know about towns beyond their rank: kind, themes with evidence,
networks, projects and partner towns, read from the database in one query per table."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import or_
from sqlmodel import Session, col, select

from matcher.consortium.model import CandidateTown, ThemeEvidence
from matcher.models import (
    Membership,
    Network,
    Participation,
    Partnership,
    Project,
    Theme,
    Town,
    TownTheme,
)


def enrich(session: Session, candidates: Iterable[CandidateTown]) -> list[CandidateTown]:
    """``candidates`` with kind, themes, networks, projects and partners from the data."""
    items = list(candidates)
    ids = list({c.id for c in items})
    if not ids:
        return items
    kinds = dict(session.exec(select(Town.id, Town.kind).where(col(Town.id).in_(ids))).all())

    themes: dict[str, dict[str, ThemeEvidence]] = defaultdict(dict)
    rows = session.exec(
        select(TownTheme, Theme)
        .join(Theme, col(Theme.code) == col(TownTheme.theme_code))
        .where(col(TownTheme.town_id).in_(ids))
        .order_by(col(TownTheme.id))
    ).all()
    for tt, theme in rows:
        entry = themes[tt.town_id].setdefault(
            theme.code,
            ThemeEvidence(code=theme.code, names={"en": theme.name_en, "pl": theme.name_pl}),
        )
        label = tt.evidence or tt.source_id
        if label and label not in entry.evidence:
            entry.evidence.append(label)

    networks: dict[str, dict[str, str]] = defaultdict(dict)
    for m, n in session.exec(
        select(Membership, Network)
        .join(Network, col(Network.id) == col(Membership.network_id))
        .where(col(Membership.town_id).in_(ids))
    ).all():
        networks[m.town_id][n.id] = n.acronym or n.name

    projects: dict[str, dict[str, str]] = defaultdict(dict)
    for p, pr in session.exec(
        select(Participation, Project)
        .join(Project, col(Project.id) == col(Participation.project_id))
        .where(col(Participation.town_id).in_(ids))
    ).all():
        projects[p.town_id][pr.id] = pr.acronym or pr.title

    partners: dict[str, dict[str, str]] = defaultdict(dict)
    pairs = session.exec(
        select(Partnership.town_a_id, Partnership.town_b_id).where(
            or_(col(Partnership.town_a_id).in_(ids), col(Partnership.town_b_id).in_(ids))
        )
    ).all()
    other_ids = {x for pair in pairs for x in pair}
    names = dict(session.exec(select(Town.id, Town.name).where(col(Town.id).in_(other_ids))).all())
    wanted = set(ids)
    for a, b in pairs:
        if a in wanted:
            partners[a][b] = names.get(b, b)
        if b in wanted:
            partners[b][a] = names.get(a, a)

    return [
        c.model_copy(
            update={
                "kind": kinds.get(c.id, c.kind),
                "themes": list(themes[c.id].values()),
                "networks": networks[c.id],
                "projects": projects[c.id],
                "partners": partners[c.id],
            }
        )
        for c in items
    ]
