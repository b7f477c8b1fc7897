"""Curation of shortlists: statuses, allowed transitions, history, and the partnerships they make.

A shortlist item is one candidate partner on one town's list. Its status moves along
TRANSITIONS (data, not code); every move, and the item's creation, is appended to the
StatusChange history with who, when and a note, and nothing is ever overwritten silently:
each write names the version it was based on and the UPDATE only succeeds if that is still
the stored version (optimistic concurrency), so of two concurrent writers exactly one wins
and the other gets StaleVersion. An accepted item becomes a Partnership; a declined pair is
never suggested again, in either direction (see declined_candidates).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal, get_args

from pydantic import BaseModel, Field
from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from matcher.models import Partnership, ShortlistItem, StatusChange, Town, utcnow
from matcher.results import TownRef, town_ref

Status = Literal["suggested", "proposed", "contacted", "accepted", "declined"]
STATUSES: tuple[str, ...] = get_args(Status)

LABELS: dict[str, tuple[str, str]] = {
    "suggested": ("Suggested", "Sugerowany"),
    "proposed": ("Proposed", "Zaproponowany"),
    "contacted": ("Contacted", "Nawiązano kontakt"),
    "accepted": ("Accepted", "Przyjęty"),
    "declined": ("Declined", "Odrzucony"),
}
"""Status labels in English and Polish."""

TRANSITIONS: dict[str, frozenset[str]] = {
    "suggested": frozenset({"proposed", "declined"}),
    "proposed": frozenset({"contacted", "declined"}),
    "contacted": frozenset({"accepted", "declined"}),
    "accepted": frozenset(),
    "declined": frozenset({"proposed"}),
}
"""Where each status may move. Accepted is final: it has become a partnership. Keeping the
same status is always allowed and records a note."""

NOTE_REQUIRED: frozenset[tuple[str, str]] = frozenset({("declined", "proposed")})
"""Moves that must say why (reopening a declined pair)."""


def label(status: str, lang: str = "en") -> str:
    """The status's label in ``lang`` ('en' or 'pl')."""
    en, pl = LABELS[status]
    return pl if lang == "pl" else en


# --- errors ---------------------------------------------------------------------------------


class CurationError(Exception):
    """A curation request that cannot be carried out; messages in English and Polish."""

    def __init__(self, message_en: str, message_pl: str) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_pl = message_pl


class UnknownItem(CurationError):
    """No such item on this town's shortlist (HTTP 404)."""


class UnknownCandidate(CurationError):
    """The candidate town does not exist (HTTP 404)."""


class DuplicateItem(CurationError):
    """The candidate is already on the shortlist (HTTP 409)."""


class StaleVersion(CurationError):
    """The item changed since the client read it (HTTP 409)."""

    def __init__(self, item_id: int, expected: int, current: int) -> None:
        super().__init__(
            f"Item {item_id} changed since you read it (you sent version {expected}, it is now"
            f" at version {current}). Reload it and apply your change again.",
            f"Pozycja {item_id} zmieniła się od odczytu (wysłano wersję {expected}, obecnie"
            f" wersja {current}). Wczytaj ją ponownie i powtórz zmianę.",
        )
        self.current = current


class InvalidChange(CurationError):
    """A change the rules do not allow (HTTP 422)."""


class SameTown(InvalidChange):
    """A town cannot be its own candidate."""


class UnknownStatus(InvalidChange):
    """A status that is not one of STATUSES."""


class TransitionNotAllowed(InvalidChange):
    """A move TRANSITIONS does not allow, or one that needs a note and has none."""


# --- the pure rule --------------------------------------------------------------------------


def change_status(
    item: ShortlistItem,
    to_status: str,
    note: str | None,
    user: str,
    expected_version: int,
    at: datetime | None = None,
) -> StatusChange:
    """The history entry for moving ``item`` to ``to_status``, if the rules allow it.

    Pure: checks the status, the transition, the note and the version the client read
    against ``item`` as loaded, and raises UnknownStatus, TransitionNotAllowed or
    StaleVersion. Writing it (with the version guard that makes it safe against concurrent
    writers) is apply_change's job.
    """
    if item.id is None:
        raise ValueError("item must be saved before its status changes")
    if to_status not in STATUSES:
        raise UnknownStatus(
            f"Unknown status {to_status!r}; use one of: {', '.join(STATUSES)}.",
            f"Nieznany status {to_status!r}; dozwolone: {', '.join(STATUSES)}.",
        )
    if expected_version != item.version:
        raise StaleVersion(item.id, expected_version, item.version)
    current = item.status
    if to_status != current and to_status not in TRANSITIONS[current]:
        allowed = sorted(TRANSITIONS[current])
        en_allowed = ", ".join(allowed) or "none (final)"
        pl_allowed = ", ".join(allowed) or "żaden (status końcowy)"
        raise TransitionNotAllowed(
            f"Cannot move from {current} to {to_status}; allowed: {en_allowed}.",
            f"Nie można zmienić statusu z {label(current, 'pl')} na {label(to_status, 'pl')};"
            f" dozwolone: {pl_allowed}.",
        )
    text = (note or "").strip()
    if (current, to_status) in NOTE_REQUIRED and not text:
        raise TransitionNotAllowed(
            f"Moving from {current} to {to_status} needs a note saying why.",
            f"Zmiana z {label(current, 'pl')} na {label(to_status, 'pl')} wymaga notatki"
            " z uzasadnieniem.",
        )
    return StatusChange(
        item_id=item.id,
        from_status=current,
        to_status=to_status,
        note=text,
        user=user,
        at=at or utcnow(),
    )


# --- writing --------------------------------------------------------------------------------


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def add_item(
    session: Session,
    town_id: str,
    candidate_id: str,
    user: str,
    note: str = "",
    score: float | None = None,
) -> ShortlistItem:
    """Put ``candidate_id`` on ``town_id``'s shortlist as 'suggested', recording its creation.

    The caller has checked that ``town_id`` exists. Raises SameTown, UnknownCandidate,
    DuplicateItem (also when a concurrent request added it first).
    """
    if candidate_id == town_id:
        raise SameTown(
            "A town cannot be on its own shortlist.",
            "Miejscowość nie może być na własnej liście.",
        )
    if session.get(Town, candidate_id) is None:
        raise UnknownCandidate(
            f"Unknown candidate town: {candidate_id}", f"Nieznana miejscowość: {candidate_id}"
        )
    duplicate = DuplicateItem(
        f"{candidate_id} is already on the shortlist of {town_id}.",
        f"{candidate_id} jest już na liście {town_id}.",
    )
    if _find(session, town_id, candidate_id) is not None:
        raise duplicate
    now = utcnow()
    text = note.strip()
    item = ShortlistItem(
        town_id=town_id,
        candidate_id=candidate_id,
        status="suggested",
        note=text,
        score=score,
        version=1,
        created_at=now,
        updated_at=now,
        created_by=user,
    )
    session.add(item)
    try:
        session.flush()
        assert item.id is not None
        session.add(
            StatusChange(
                item_id=item.id,
                from_status=None,
                to_status="suggested",
                note=text,
                user=user,
                at=now,
            )
        )
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise duplicate from exc
    session.refresh(item)
    return item


def _find(session: Session, town_id: str, candidate_id: str) -> ShortlistItem | None:
    return session.exec(
        select(ShortlistItem).where(
            col(ShortlistItem.town_id) == town_id, col(ShortlistItem.candidate_id) == candidate_id
        )
    ).first()


def _current_version(session: Session, item_id: int) -> int:
    version = session.exec(
        select(ShortlistItem.version).where(col(ShortlistItem.id) == item_id)
    ).first()
    return version if version is not None else 0


def apply_change(
    session: Session,
    item: ShortlistItem,
    change: StatusChange,
    expected_version: int,
    on_partnership: Callable[[str, str], None] | None = None,
) -> ShortlistItem:
    """Write ``change`` (from change_status) if the item is still at ``expected_version``.

    One transaction: the guarded UPDATE (``WHERE id = ? AND version = ?``; no row updated
    means someone else wrote first: StaleVersion), the history entry, and on acceptance a
    Partnership(source='curation'). ``on_partnership(a, b)`` runs after the commit, so the
    in-memory ranker only learns of partnerships that are stored.
    """
    assert item.id is not None
    item_id = item.id
    note = change.note if change.note else item.note
    accepted = change.to_status == "accepted" and change.from_status != "accepted"
    pair = _pair(item.town_id, item.candidate_id)
    for attempt in range(2):
        result = session.execute(
            update(ShortlistItem)
            .where(col(ShortlistItem.id) == item_id, col(ShortlistItem.version) == expected_version)
            .values(
                status=change.to_status,
                note=note,
                version=expected_version + 1,
                updated_at=change.at,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            session.rollback()
            raise StaleVersion(item_id, expected_version, _current_version(session, item_id))
        session.add(
            StatusChange(
                item_id=item_id,
                from_status=change.from_status,
                to_status=change.to_status,
                note=change.note,
                user=change.user,
                at=change.at,
            )
        )
        if accepted and not _partnership_exists(session, *pair):
            session.add(Partnership(town_a_id=pair[0], town_b_id=pair[1], source="curation"))
        try:
            session.commit()
            break
        except IntegrityError:
            # The same partnership was stored concurrently (from the other town's list):
            # retry once; the second attempt finds it and only writes the status change.
            session.rollback()
            if attempt == 1:
                raise
    session.refresh(item)
    if accepted and on_partnership is not None:
        on_partnership(*pair)
    return item


def _partnership_exists(session: Session, a: str, b: str) -> bool:
    found = session.exec(
        select(Partnership.id).where(
            col(Partnership.town_a_id) == a, col(Partnership.town_b_id) == b
        )
    ).first()
    return found is not None


# --- reading --------------------------------------------------------------------------------


def get_item(session: Session, town_id: str, item_id: int) -> ShortlistItem:
    """The item ``item_id`` of ``town_id``'s shortlist; UnknownItem otherwise."""
    item = session.get(ShortlistItem, item_id)
    if item is None or item.town_id != town_id:
        raise UnknownItem(
            f"No item {item_id} on the shortlist of {town_id}.",
            f"Brak pozycji {item_id} na liście {town_id}.",
        )
    return item


def history(session: Session, item_id: int) -> list[StatusChange]:
    """Every change of an item, oldest first, its creation included."""
    return list(
        session.exec(
            select(StatusChange)
            .where(col(StatusChange.item_id) == item_id)
            .order_by(col(StatusChange.at), col(StatusChange.id))
        ).all()
    )


def declined_candidates(session: Session, town_id: str) -> set[str]:
    """Towns never to suggest to ``town_id``: declined on its list or it on theirs."""
    rows = session.exec(
        select(ShortlistItem.town_id, ShortlistItem.candidate_id).where(
            col(ShortlistItem.status) == "declined",
            or_(col(ShortlistItem.town_id) == town_id, col(ShortlistItem.candidate_id) == town_id),
        )
    ).all()
    return {b if a == town_id else a for a, b in rows}


def declined_pairs(session: Session) -> set[frozenset[str]]:
    """Every declined pair, unordered (for a ranker that loads them all at start-up)."""
    rows = session.exec(
        select(ShortlistItem.town_id, ShortlistItem.candidate_id).where(
            col(ShortlistItem.status) == "declined"
        )
    ).all()
    return {frozenset((a, b)) for a, b in rows}


# --- public views ---------------------------------------------------------------------------


class ShortlistItemPublic(BaseModel):
    id: int
    candidate: TownRef
    status: str
    status_label_en: str
    status_label_pl: str
    allowed_next: list[str] = Field(description="Statuses this item may move to next")
    note: str
    score: float | None
    version: int
    created_at: datetime
    updated_at: datetime
    created_by: str


class ShortlistPublic(BaseModel):
    town: TownRef
    items: list[ShortlistItemPublic]


class HistoryEntry(BaseModel):
    from_status: str | None
    to_status: str
    note: str
    user: str
    at: datetime


def item_public(item: ShortlistItem, candidate: Town) -> ShortlistItemPublic:
    assert item.id is not None
    return ShortlistItemPublic(
        id=item.id,
        candidate=town_ref(candidate),
        status=item.status,
        status_label_en=label(item.status, "en"),
        status_label_pl=label(item.status, "pl"),
        allowed_next=sorted(TRANSITIONS.get(item.status, frozenset())),
        note=item.note,
        score=item.score,
        version=item.version,
        created_at=item.created_at,
        updated_at=item.updated_at,
        created_by=item.created_by,
    )


def shortlist(session: Session, town: Town) -> ShortlistPublic:
    """``town``'s shortlist, oldest item first."""
    rows = session.exec(
        select(ShortlistItem, Town)
        .join(Town, col(Town.id) == col(ShortlistItem.candidate_id))
        .where(col(ShortlistItem.town_id) == town.id)
        .order_by(col(ShortlistItem.id))
    ).all()
    return ShortlistPublic(town=town_ref(town), items=[item_public(i, c) for i, c in rows])


def history_public(changes: list[StatusChange]) -> list[HistoryEntry]:
    return [
        HistoryEntry(
            from_status=c.from_status, to_status=c.to_status, note=c.note, user=c.user, at=c.at
        )
        for c in changes
    ]
