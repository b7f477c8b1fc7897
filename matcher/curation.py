"""Curation of shortlists: statuses, allowed transitions, history, and the partnerships they make.

A shortlist item is one candidate partner on one town's list. Its status moves along
TRANSITIONS (data, not code); every move, and the item's creation, is appended to the
StatusChange history with who, when and a note, and nothing is ever overwritten silently:
each write names the version it was based on and the UPDATE only succeeds if that is still
the stored version (optimistic concurrency), so of two concurrent writers exactly one wins
and the other gets StaleVersion. An accepted item becomes a Partnership; a declined pair is
never suggested again, in either direction (see declined_candidates).

A note alone never changes the status (``update_item`` with no status keeps it); several items
move in one transaction with the same guard (``move_items``: all or nothing), several
candidates are added at once (``add_items``: those already listed are reported, not added
twice); ``overview`` counts every shortlist per status with its last change and who made it.
Errors are :class:`~matcher.errors.DomainError` values whose sentences name the town.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

from pydantic import BaseModel, Field
from sqlalchemy import func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from matcher.documents.xlsx import Cell
from matcher.errors import DomainError
from matcher.i18n import N_, Message, msg, plural, render
from matcher.i18n.context import reader_language
from matcher.i18n.message import listed
from matcher.i18n.places import Town as Place
from matcher.i18n.translator import Translator
from matcher.models import Partnership, ShortlistItem, StatusChange, Town, utcnow
from matcher.results import TownRef, town_ref

Status = Literal["suggested", "proposed", "contacted", "accepted", "declined"]
STATUSES: tuple[str, ...] = get_args(Status)

STATUS_NAMES: dict[str, str] = {
    "suggested": N_("page.status.suggested"),
    "proposed": N_("page.status.proposed"),
    "contacted": N_("page.status.contacted"),
    "accepted": N_("page.status.accepted"),
    "declined": N_("page.status.declined"),
}
"""Each status named in words (the same keys the page shows)."""

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


def status_name(status: str) -> Message:
    """The status in words, in whatever language it is rendered."""
    return Message(STATUS_NAMES.get(status, N_("page.status.suggested")))


def label(status: str, lang: str = "en") -> str:
    """The status's name in ``lang``, capitalised (a label: "Proposed", "Zaproponowany")."""
    name = render(status_name(status), lang)
    return name[:1].upper() + name[1:]


def _place(town: Town | TownRef) -> Place:
    return Place(town.name, town.country_code)


# --- errors ---------------------------------------------------------------------------------


class CurationError(DomainError):
    """A curation request that cannot be carried out."""


class UnknownItem(CurationError):
    """No such item on this town's shortlist (HTTP 404)."""


class UnknownCandidate(CurationError):
    """The candidate town does not exist (HTTP 404)."""


class DuplicateItem(CurationError):
    """The candidate is already on the shortlist (HTTP 409)."""


class StaleVersion(CurationError):
    """The item changed since the client read it (HTTP 409)."""

    def __init__(self, message: Message, item_ids: Sequence[int] = ()) -> None:
        super().__init__(message)
        self.item_ids = list(item_ids)


class InvalidChange(CurationError):
    """A change the rules do not allow (HTTP 422)."""


class SameTown(InvalidChange):
    """A town cannot be its own candidate."""


class UnknownStatus(InvalidChange):
    """A status that is not one of STATUSES."""


class TransitionNotAllowed(InvalidChange):
    """A move TRANSITIONS does not allow, or one that needs a note and has none."""


# --- the pure rule --------------------------------------------------------------------------


def allowed_next(status: str) -> list[str]:
    """The statuses an item in ``status`` may move to, in the order of STATUSES."""
    return [s for s in STATUSES if s in TRANSITIONS.get(status, frozenset())]


def note_required(status: str) -> list[str]:
    """The statuses that, from ``status``, need a note saying why."""
    return [to for frm, to in sorted(NOTE_REQUIRED) if frm == status]


def change_status(
    item: ShortlistItem,
    to_status: str | None,
    note: str | None,
    user: str,
    expected_version: int | None = None,
    at: datetime | None = None,
    candidate: Town | TownRef | None = None,
) -> StatusChange:
    """The history entry for moving ``item`` to ``to_status`` (None: keep the status and
    record the note), if the rules allow it.

    Pure: checks the status, the transition, the note and (when given) the version the client
    read against ``item`` as loaded, and raises UnknownStatus, TransitionNotAllowed or
    StaleVersion naming ``candidate`` (its id when not given). Writing it, with the version
    guard that makes it safe against concurrent writers, is apply_change's job.
    """
    if item.id is None:
        raise ValueError("item must be saved before its status changes")
    current = item.status
    target = current if to_status is None else to_status
    if target not in STATUSES:
        raise UnknownStatus(msg("error.curation.unknown_status", status=target, statuses=STATUSES))
    name = _place(candidate) if candidate is not None else Place(item.candidate_id)
    if expected_version is not None and expected_version != item.version:
        raise StaleVersion(
            msg(
                "error.curation.stale_plain",
                town=name,
                current=str(item.version),
                yours=str(expected_version),
            ),
            [item.id],
        )
    if target != current and target not in TRANSITIONS[current]:
        allowed = [status_name(s) for s in allowed_next(current)]
        if not allowed:
            raise TransitionNotAllowed(
                msg("error.curation.final", town=name, status=status_name(current))
            )
        raise TransitionNotAllowed(
            msg(
                "error.curation.transition",
                town=name,
                current=status_name(current),
                target=status_name(target),
                allowed=allowed,
            )
        )
    text = (note or "").strip()
    if (current, target) in NOTE_REQUIRED and not text:
        raise TransitionNotAllowed(
            msg(
                "error.curation.note_required",
                town=name,
                current=status_name(current),
                target=status_name(target),
            )
        )
    return StatusChange(
        item_id=item.id,
        from_status=current,
        to_status=target,
        note=text,
        user=user,
        at=at or utcnow(),
    )


# --- writing --------------------------------------------------------------------------------


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _names(session: Session, *ids: str) -> dict[str, Town]:
    rows = session.exec(select(Town).where(col(Town.id).in_(set(ids)))).all()
    return {t.id: t for t in rows}


def _new_item(
    session: Session, town: Town, candidate: Town, user: str, note: str, score: float | None
) -> ShortlistItem:
    """Add (not commit) a 'suggested' item and its creation in the history."""
    now = utcnow()
    text = note.strip()
    item = ShortlistItem(
        town_id=town.id,
        candidate_id=candidate.id,
        status="suggested",
        note=text,
        score=score,
        version=1,
        created_at=now,
        updated_at=now,
        created_by=user,
    )
    session.add(item)
    session.flush()
    assert item.id is not None
    session.add(
        StatusChange(
            item_id=item.id, from_status=None, to_status="suggested", note=text, user=user, at=now
        )
    )
    return item


def _check_candidate(town: Town, candidate_id: str, known: dict[str, Town]) -> Town:
    if candidate_id == town.id:
        raise SameTown(msg("error.curation.same_town", town=_place(town)))
    candidate = known.get(candidate_id)
    if candidate is None:
        raise UnknownCandidate(msg("error.town.unknown", town=candidate_id))
    return candidate


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
    town = session.get(Town, town_id)
    assert town is not None, town_id
    candidate = _check_candidate(town, candidate_id, _names(session, candidate_id))
    duplicate = DuplicateItem(
        msg("error.curation.duplicate", candidate=_place(candidate), town=_place(town))
    )
    if _find(session, town.id, candidate_id) is not None:
        raise duplicate
    try:
        item = _new_item(session, town, candidate, user, note, score)
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise duplicate from exc
    session.refresh(item)
    return item


@dataclass(frozen=True)
class Added:
    """What a bulk add did: the new items, and the candidates already on the list."""

    items: list[ShortlistItem]
    already: list[Town]


def add_items(
    session: Session,
    town: Town,
    candidate_ids: Sequence[str],
    user: str,
    note: str = "",
    scores: dict[str, float | None] | None = None,
) -> Added:
    """Put several candidates on ``town``'s shortlist in one transaction; candidates already
    on it are reported, not added twice. Raises SameTown or UnknownCandidate (nothing added)."""
    wanted = list(dict.fromkeys(candidate_ids))
    known = _names(session, *wanted)
    candidates = [_check_candidate(town, c, known) for c in wanted]
    listed_ids = set(
        session.exec(
            select(ShortlistItem.candidate_id).where(
                col(ShortlistItem.town_id) == town.id,
                col(ShortlistItem.candidate_id).in_(wanted),
            )
        ).all()
    )
    new = [c for c in candidates if c.id not in listed_ids]
    try:
        items = [_new_item(session, town, c, user, note, (scores or {}).get(c.id)) for c in new]
        session.commit()
    except IntegrityError as exc:  # a concurrent add of the same candidate
        session.rollback()
        raise DuplicateItem(
            msg(
                "error.curation.duplicate_many",
                town=_place(town),
                candidates=[_place(c) for c in new],
            )
        ) from exc
    for item in items:
        session.refresh(item)
    return Added(items=items, already=[c for c in candidates if c.id in listed_ids])


def _find(session: Session, town_id: str, candidate_id: str) -> ShortlistItem | None:
    return session.exec(
        select(ShortlistItem).where(
            col(ShortlistItem.town_id) == town_id, col(ShortlistItem.candidate_id) == candidate_id
        )
    ).first()


def last_change(session: Session, item_id: int) -> StatusChange | None:
    """The item's latest history entry."""
    return session.exec(
        select(StatusChange)
        .where(col(StatusChange.item_id) == item_id)
        .order_by(col(StatusChange.at).desc(), col(StatusChange.id).desc())
    ).first()


def stale(session: Session, item_id: int, yours: int) -> StaleVersion:
    """The 409 for an item that moved on since version ``yours``: it names the town, who
    changed it, to what, and both versions."""
    row = session.exec(
        select(ShortlistItem, Town)
        .join(Town, col(Town.id) == col(ShortlistItem.candidate_id))
        .where(col(ShortlistItem.id) == item_id)
    ).first()
    if row is None:
        return StaleVersion(msg("error.curation.gone"), [item_id])
    item, candidate = row
    change = last_change(session, item_id)
    return StaleVersion(
        msg(
            "error.curation.stale",
            town=_place(candidate),
            user=change.user if change else item.created_by,
            status=status_name(item.status),
            current=str(item.version),
            yours=str(yours),
        ),
        [item_id],
    )


def _write(
    session: Session, item: ShortlistItem, change: StatusChange, expected_version: int
) -> bool:
    """The guarded UPDATE and the history entry (no commit); True if it made a partnership.
    Raises StaleVersion when the stored version is no longer ``expected_version``."""
    assert item.id is not None
    note = change.note if change.note else item.note
    result = session.execute(
        update(ShortlistItem)
        .where(col(ShortlistItem.id) == item.id, col(ShortlistItem.version) == expected_version)
        .values(
            status=change.to_status, note=note, version=expected_version + 1, updated_at=change.at
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise stale(session, item.id, expected_version)
    session.add(
        StatusChange(
            item_id=item.id,
            from_status=change.from_status,
            to_status=change.to_status,
            note=change.note,
            user=change.user,
            at=change.at,
        )
    )
    accepted = change.to_status == "accepted" and change.from_status != "accepted"
    pair = _pair(item.town_id, item.candidate_id)
    if accepted and not _partnership_exists(session, *pair):
        session.add(Partnership(town_a_id=pair[0], town_b_id=pair[1], source="curation"))
    return accepted


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
    applied = _commit_all(session, [(item, change, expected_version)])
    session.refresh(item)
    if applied and on_partnership is not None:
        on_partnership(*_pair(item.town_id, item.candidate_id))
    return item


def _commit_all(
    session: Session, writes: Sequence[tuple[ShortlistItem, StatusChange, int]]
) -> bool:
    """Every write in one transaction; True if one of them made a partnership."""
    for attempt in range(2):
        accepted = False
        for item, change, version in writes:
            accepted = _write(session, item, change, version) or accepted
        try:
            session.commit()
            return accepted
        except IntegrityError:
            # The same partnership was stored concurrently (from the other town's list):
            # retry once; the second attempt finds it and only writes the status change.
            session.rollback()
            if attempt == 1:
                raise
    return False


def update_item(
    session: Session,
    town: Town,
    item_id: int,
    to_status: str | None,
    note: str | None,
    user: str,
    version: int,
    on_partnership: Callable[[str, str], None] | None = None,
) -> ShortlistItem:
    """Move one item (or, with no status, record a note) based on the version read."""
    item = get_item(session, town.id, item_id)
    if version != item.version:
        raise stale(session, item_id, version)
    candidate = session.get(Town, item.candidate_id)
    assert candidate is not None  # foreign key
    change = change_status(item, to_status, note, user, candidate=candidate)
    return apply_change(session, item, change, version, on_partnership)


def move_items(
    session: Session,
    town: Town,
    items: Sequence[tuple[int, int]],
    to_status: str | None,
    note: str | None,
    user: str,
    on_partnership: Callable[[str, str], None] | None = None,
) -> list[ShortlistItem]:
    """Move several items (``(item_id, version read)`` pairs) to one status in one
    transaction: all or nothing. Any item that changed since it was read makes it a 409
    naming every such town; a move the rules forbid a 422 naming the town."""
    loaded = [(get_item(session, town.id, i), v) for i, v in dict(items).items()]
    moved = [i for i, v in loaded if i.version != v]
    if moved:
        names = _names(session, *(i.candidate_id for i in moved))
        raise StaleVersion(
            plural(
                "error.curation.stale_many",
                len(moved),
                towns=listed([_place(names[i.candidate_id]) for i in moved], 5),
            ),
            [i.id for i in moved if i.id is not None],
        )
    names = _names(session, *(i.candidate_id for i, _ in loaded))
    writes = [
        (item, change_status(item, to_status, note, user, candidate=names[item.candidate_id]), v)
        for item, v in loaded
    ]
    _commit_all(session, writes)  # StaleVersion if one changed since the read above
    for item, _ in loaded:
        session.refresh(item)
    if on_partnership is not None:
        for item, change, _ in writes:
            if change.to_status == "accepted" and change.from_status != "accepted":
                on_partnership(*_pair(item.town_id, item.candidate_id))
    return [i for i, _ in loaded]


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
        raise UnknownItem(msg("error.curation.unknown_item", item=str(item_id), town=town_id))
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
    status_label: str = Field(description="The status in the language of the request")
    status_label_en: str = Field(deprecated=True)
    status_label_pl: str = Field(deprecated=True)
    allowed_next: list[str] = Field(description="Statuses this item may move to next")
    note_required: list[str] = Field(description="Of those, the ones that need a note")
    note: str
    score: float | None
    version: int
    created_at: datetime
    updated_at: datetime
    created_by: str
    updated_by: str = Field(description="Who made the last change")


class ShortlistPublic(BaseModel):
    town: TownRef
    items: list[ShortlistItemPublic]
    statuses: list[str] = Field(description="Every status, in workflow order")


class HistoryEntry(BaseModel):
    from_status: str | None
    to_status: str
    note: str
    user: str
    at: datetime


def item_public(
    item: ShortlistItem, candidate: Town, updated_by: str | None = None
) -> ShortlistItemPublic:
    assert item.id is not None
    return ShortlistItemPublic(
        id=item.id,
        candidate=town_ref(candidate),
        status=item.status,
        status_label=label(item.status, reader_language()),
        status_label_en=label(item.status, "en"),
        status_label_pl=label(item.status, "pl"),
        allowed_next=allowed_next(item.status),
        note_required=note_required(item.status),
        note=item.note,
        score=item.score,
        version=item.version,
        created_at=item.created_at,
        updated_at=item.updated_at,
        created_by=item.created_by,
        updated_by=updated_by or item.created_by,
    )


def _last_users(session: Session, item_ids: Sequence[int]) -> dict[int, str]:
    """Who made the latest change of each item."""
    if not item_ids:
        return {}
    rows = session.exec(
        select(StatusChange.item_id, StatusChange.user, StatusChange.at, StatusChange.id)
        .where(col(StatusChange.item_id).in_(list(item_ids)))
        .order_by(col(StatusChange.at), col(StatusChange.id))
    ).all()
    return {item_id: user for item_id, user, _, _ in rows}


def public(session: Session, item: ShortlistItem) -> ShortlistItemPublic:
    """One item as the API shows it."""
    assert item.id is not None
    candidate = session.get(Town, item.candidate_id)
    assert candidate is not None  # foreign key
    return item_public(item, candidate, _last_users(session, [item.id]).get(item.id))


def shortlist(session: Session, town: Town) -> ShortlistPublic:
    """``town``'s shortlist, oldest item first."""
    rows = session.exec(
        select(ShortlistItem, Town)
        .join(Town, col(Town.id) == col(ShortlistItem.candidate_id))
        .where(col(ShortlistItem.town_id) == town.id)
        .order_by(col(ShortlistItem.id))
    ).all()
    users = _last_users(session, [i.id for i, _ in rows if i.id is not None])
    return ShortlistPublic(
        town=town_ref(town),
        items=[item_public(i, c, users.get(i.id or 0)) for i, c in rows],
        statuses=list(STATUSES),
    )


def history_public(changes: list[StatusChange]) -> list[HistoryEntry]:
    return [
        HistoryEntry(
            from_status=c.from_status, to_status=c.to_status, note=c.note, user=c.user, at=c.at
        )
        for c in changes
    ]


# --- the overview of every shortlist ----------------------------------------------------------


class ShortlistSummary(BaseModel):
    """One town's shortlist in the overview."""

    town: TownRef
    total: int
    counts: dict[str, int] = Field(description="Items per status (every status, zeros too)")
    last_change: datetime | None
    last_user: str | None


class ShortlistOverview(BaseModel):
    data: list[ShortlistSummary]
    count: int
    statuses: list[str]


def overview(
    session: Session,
    *,
    q: str = "",
    country: str | None = None,
    status: str | None = None,
    towns: Sequence[str] | None = None,
    sort: str = "last_change",
    descending: bool | None = None,
) -> ShortlistOverview:
    """Every town with a shortlist: counts per status, last change and who made it.

    ``q`` filters by town name (case-insensitive substring), ``country`` by ISO code,
    ``status`` keeps towns with at least one item in it, ``towns`` limits to those ids (an
    editor sees their own); ``sort`` is 'town', 'total', 'last_change' or a status (its
    count); newest / largest first unless ``descending`` is False (towns A to Z).
    """
    counts = session.exec(
        select(ShortlistItem.town_id, ShortlistItem.status, func.count()).group_by(
            col(ShortlistItem.town_id), col(ShortlistItem.status)
        )
    ).all()
    per_town: dict[str, Counter[str]] = {}
    for town_id, st, n in counts:
        per_town.setdefault(town_id, Counter())[st] = n
    last = session.exec(
        select(ShortlistItem.town_id, StatusChange.at, StatusChange.user, StatusChange.id)
        .join(ShortlistItem, col(ShortlistItem.id) == col(StatusChange.item_id))
        .order_by(col(StatusChange.at), col(StatusChange.id))
    ).all()
    latest = {town_id: (at, user) for town_id, at, user, _ in last}
    records = _names(session, *per_town)
    needle = q.strip().casefold()
    rows: list[ShortlistSummary] = []
    for town_id, c in per_town.items():
        town = records[town_id]
        if needle and needle not in town.name.casefold() and needle not in town.name_ascii:
            continue
        if country and town.country_code != country.upper():
            continue
        if status and not c[status]:
            continue
        if towns is not None and town_id not in towns:
            continue
        at, user = latest.get(town_id, (None, None))
        rows.append(
            ShortlistSummary(
                town=town_ref(town),
                total=sum(c.values()),
                counts={st: c[st] for st in STATUSES},
                last_change=at,
                last_user=user,
            )
        )
    by_name = sorted(rows, key=lambda r: (r.town.name.casefold(), r.town.id))
    if sort == "town":
        rows = by_name[::-1] if descending else by_name
    else:
        sign = 1 if descending is False else -1
        rows = sorted(by_name, key=lambda r: sign * _sort_value(r, sort))
    return ShortlistOverview(data=rows, count=len(rows), statuses=list(STATUSES))


def _sort_value(row: ShortlistSummary, sort: str) -> float:
    if sort == "total":
        return row.total
    if sort == "last_change":
        return row.last_change.timestamp() if row.last_change else float("-inf")
    return row.counts.get(sort, 0)


def overview_table(data: ShortlistOverview, t: Translator) -> tuple[list[str], list[list[Cell]]]:
    """The overview as a header row and data rows in ``t``'s language (for CSV and XLSX)."""
    headers = [
        t("curation.overview.town"),
        t("curation.overview.country"),
        t("curation.overview.total"),
        *(label(s, t.lang) for s in data.statuses),
        t("curation.overview.last_change"),
        t("curation.overview.last_user"),
    ]
    rows: list[list[Cell]] = [
        [
            r.town.name,
            r.town.country_code,
            r.total,
            *(r.counts[s] for s in data.statuses),
            r.last_change.replace(tzinfo=None) if r.last_change else None,
            r.last_user or "",
        ]
        for r in data.data
    ]
    return headers, rows
