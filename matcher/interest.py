"""Interest between towns: town A says "we are interested" in town B, and B answers or
declines; both sides read the thread.

One thread per ordered pair (A, B). Its status moves sent -> seen (B opened it) -> answered
(B wrote back) or declined (B said no; final). Messages are never changed or deleted. Every
message after the first names the thread version it was based on and only goes in if that
is still the stored one (the test is part of the UPDATE), so two people answering at once
never overwrite each other: the second gets StaleInterest (HTTP 409) and can read what the
first wrote. Being read ('seen') is no decision and leaves the version alone.

A declined thread hides A from B's suggestions and B from A's, like a declined shortlist
item (:func:`declined_towns`, read by the ranking service with the curation declines).
Which side a user may act for is the API's one rule (``can_edit_town``); here a call names
the side it acts for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from matcher.errors import DomainError
from matcher.i18n import N_, Message, msg
from matcher.models import Interest, InterestMessage, Town, utcnow
from matcher.own_profile import NO_NUL
from matcher.results import TownRef, town_ref
from matcher.service import UnknownTown

STATUSES: tuple[str, ...] = ("sent", "seen", "answered", "declined")
STATUS_LABELS = {
    "sent": N_("interest.status.sent"),
    "seen": N_("interest.status.seen"),
    "answered": N_("interest.status.answered"),
    "declined": N_("interest.status.declined"),
}
Render = Callable[[Message], str]
Kind = Literal["reply", "answer", "decline"]
"""What a message after the first one does: 'reply' (either side, no status change),
'answer' (B: status answered), 'decline' (B: status declined, the thread closes)."""


# --- errors ---------------------------------------------------------------------------------


class InterestError(DomainError):
    """An interest action the rules refuse (HTTP 422)."""


class InterestExists(DomainError):
    """A thread for this pair exists already (HTTP 409): write in it instead."""

    def __init__(self, interest_id: int, to_town: str) -> None:
        super().__init__(msg("interest.error.exists", town=to_town, id=str(interest_id)))
        self.interest_id = interest_id


class StaleInterest(DomainError):
    """The thread changed since the client read it (HTTP 409)."""

    def __init__(self, interest_id: int, sent: int, current: int) -> None:
        super().__init__(
            msg("interest.error.stale", id=str(interest_id), sent=sent, current=current)
        )
        self.current = current


class UnknownInterest(DomainError):
    """No such thread for this town (HTTP 404)."""

    def __init__(self, interest_id: int) -> None:
        super().__init__(msg("interest.error.unknown", id=str(interest_id)))


# --- input ----------------------------------------------------------------------------------

MessageText = Field(default="", max_length=2000, pattern=NO_NUL)


class InterestInput(BaseModel):
    """Town A's first message to town B."""

    model_config = ConfigDict(extra="forbid")

    to_town_id: str = Field(max_length=16, pattern=NO_NUL)
    message: str = MessageText


class InterestReply(BaseModel):
    """A message in a thread; ``version`` is the thread version you read."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind = "reply"
    body: str = MessageText
    version: int = Field(ge=1, le=2_000_000_000)


# --- results --------------------------------------------------------------------------------


class MessagePublic(BaseModel):
    id: int
    town_id: str = Field(description="The side that wrote it")
    kind: str
    body: str
    author: str
    at: datetime


class ThreadSummary(BaseModel):
    """A thread as the inbox lists it."""

    id: int
    from_town: TownRef
    to_town: TownRef
    status: str
    status_label: str = Field(description="The status in the reader's language")
    version: int
    created_by: str
    created_at: datetime
    updated_at: datetime
    last_message: str


class ThreadPublic(ThreadSummary):
    """A whole thread, read by one side (``side``), with what that side may do next."""

    side: str = Field(description="The town the reader acts for")
    actions: list[str] = Field(description="Message kinds this side may send now")
    messages: list[MessagePublic]


class Inbox(BaseModel):
    """The threads of one town: those others started (incoming) and its own (outgoing)."""

    town_id: str
    incoming: list[ThreadSummary]
    outgoing: list[ThreadSummary]
    unread: int = Field(description="Incoming threads not opened yet")


class ThreadList(BaseModel):
    data: list[ThreadSummary]
    count: int


# --- rules ----------------------------------------------------------------------------------


def allowed_kinds(thread: Interest, side: str) -> list[str]:
    """Message kinds ``side`` may send in ``thread`` now (none once it is declined)."""
    if thread.status == "declined":
        return []
    if side == thread.to_town_id:
        return (
            ["answer", "reply", "decline"] if thread.status != "answered" else ["reply", "decline"]
        )
    if side == thread.from_town_id:
        return ["reply"]
    return []


def _check_kind(thread: Interest, side: str, kind: str) -> None:
    if thread.status == "declined":
        raise InterestError(msg("interest.error.closed"))
    if kind not in allowed_kinds(thread, side):
        raise InterestError(msg("interest.error.kind", kind=kind))


def _next_status(thread: Interest, side: str, kind: str) -> str:
    if kind == "decline":
        return "declined"
    if kind == "answer" or (kind == "reply" and side == thread.to_town_id):
        return "answered"
    return thread.status


# --- writing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    """A thread after a write, and the message that was added (for notifications)."""

    thread: Interest
    message: InterestMessage


def express_interest(session: Session, from_town: str, data: InterestInput, user: str) -> Written:
    """Open the thread from ``from_town`` to ``data.to_town_id`` (not committed); InterestExists
    when there is one already, InterestError for the town itself, UnknownTown."""
    to_town = data.to_town_id
    if to_town == from_town:
        raise InterestError(msg("interest.error.self"))
    if session.get(Town, to_town) is None:
        raise UnknownTown(to_town)
    existing = _pair(session, from_town, to_town)
    if existing is not None:
        raise InterestExists(_id(existing), to_town)
    now = utcnow()
    thread = Interest(
        from_town_id=from_town, to_town_id=to_town, created_by=user, created_at=now, updated_at=now
    )
    try:
        session.add(thread)
        session.flush()
        message = InterestMessage(
            interest_id=_id(thread),
            town_id=from_town,
            kind="interest",
            body=data.message.strip(),
            author=user,
            at=now,
        )
        session.add(message)
        session.flush()
    except IntegrityError as exc:  # another writer opened it a moment ago
        session.rollback()
        other = _pair(session, from_town, to_town)
        if other is None:
            raise
        raise InterestExists(_id(other), to_town) from exc
    return Written(thread, message)


def add_message(
    session: Session, interest_id: int, side: str, data: InterestReply, user: str
) -> Written:
    """Write ``data`` into the thread as ``side``; StaleInterest when its version moved on."""
    thread = get_thread(session, interest_id, side)
    if data.version != thread.version:
        raise StaleInterest(interest_id, data.version, thread.version)
    _check_kind(thread, side, data.kind)
    now = utcnow()
    status = _next_status(thread, side, data.kind)
    # a reply that changes no status leaves it alone (a concurrent 'seen' stays)
    change = {"status": status} if status != thread.status else {}
    result = session.execute(
        update(Interest)
        .where(col(Interest.id) == interest_id, col(Interest.version) == data.version)
        .values(version=data.version + 1, updated_at=now, **change)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise StaleInterest(interest_id, data.version, _version_now(session, interest_id))
    message = InterestMessage(
        interest_id=interest_id,
        town_id=side,
        kind=data.kind,
        body=data.body.strip(),
        author=user,
        at=now,
    )
    session.add(message)
    session.flush()
    session.expire(thread)
    return Written(thread, message)


def mark_seen(session: Session, thread: Interest, side: str) -> None:
    """B opened a thread it had not seen: sent -> seen. Reading is no decision: the version
    stays, so a message written against the version before still goes in."""
    if side != thread.to_town_id or thread.status != "sent":
        return
    session.execute(
        update(Interest)
        .where(col(Interest.id) == thread.id, col(Interest.status) == "sent")
        .values(status="seen")
        .execution_options(synchronize_session=False)
    )
    session.commit()
    session.refresh(thread)


# --- reading --------------------------------------------------------------------------------


def _id(thread: Interest) -> int:
    assert thread.id is not None
    return thread.id


def _pair(session: Session, from_town: str, to_town: str) -> Interest | None:
    return session.exec(
        select(Interest).where(
            col(Interest.from_town_id) == from_town, col(Interest.to_town_id) == to_town
        )
    ).first()


def _version_now(session: Session, interest_id: int) -> int:
    version = session.exec(select(Interest.version).where(col(Interest.id) == interest_id)).first()
    return version or 0


def get_thread(session: Session, interest_id: int, side: str | None = None) -> Interest:
    """The thread ``interest_id`` (of ``side``, when given); UnknownInterest otherwise."""
    thread = session.get(Interest, interest_id)
    if thread is None or (
        side is not None and side not in (thread.from_town_id, thread.to_town_id)
    ):
        raise UnknownInterest(interest_id)
    return thread


def declined_towns(session: Session, town_id: str) -> set[str]:
    """Towns whose thread with ``town_id`` was declined, either way round (never suggested
    to each other again)."""
    rows = session.exec(
        select(Interest.from_town_id, Interest.to_town_id).where(
            col(Interest.status) == "declined",
            or_(col(Interest.from_town_id) == town_id, col(Interest.to_town_id) == town_id),
        )
    ).all()
    return {b if a == town_id else a for a, b in rows}


def _refs(session: Session, threads: Sequence[Interest]) -> dict[str, TownRef]:
    ids = {t.from_town_id for t in threads} | {t.to_town_id for t in threads}
    if not ids:
        return {}
    towns = session.exec(select(Town).where(col(Town.id).in_(ids))).all()
    return {t.id: town_ref(t) for t in towns}


def _last_messages(session: Session, threads: Sequence[Interest]) -> dict[int, str]:
    ids = [_id(t) for t in threads]
    if not ids:
        return {}
    rows = session.exec(
        select(InterestMessage)
        .where(col(InterestMessage.interest_id).in_(ids))
        .order_by(col(InterestMessage.id))
    ).all()
    return {m.interest_id: m.body for m in rows}


def _summaries(
    session: Session, threads: Sequence[Interest], render: Render
) -> list[ThreadSummary]:
    refs = _refs(session, threads)
    last = _last_messages(session, threads)
    return [_summary(t, refs, last.get(_id(t), ""), render) for t in threads]


def _summary(
    thread: Interest, refs: dict[str, TownRef], last: str, render: Render
) -> ThreadSummary:
    return ThreadSummary(
        id=_id(thread),
        from_town=refs[thread.from_town_id],
        to_town=refs[thread.to_town_id],
        status=thread.status,
        status_label=render(Message(STATUS_LABELS[thread.status])),
        version=thread.version,
        created_by=thread.created_by,
        created_at=thread.created_at,
        updated_at=thread.updated_at,
        last_message=last,
    )


def inbox(session: Session, town_id: str, render: Render) -> Inbox:
    """The threads of ``town_id``, newest activity first."""
    threads = session.exec(
        select(Interest)
        .where(or_(col(Interest.from_town_id) == town_id, col(Interest.to_town_id) == town_id))
        .order_by(col(Interest.updated_at).desc(), col(Interest.id).desc())
    ).all()
    summaries = _summaries(session, threads, render)
    incoming = [s for s in summaries if s.to_town.id == town_id]
    return Inbox(
        town_id=town_id,
        incoming=incoming,
        outgoing=[s for s in summaries if s.from_town.id == town_id],
        unread=sum(1 for s in incoming if s.status == "sent"),
    )


def all_threads(
    session: Session, render: Render, *, limit: int = 200, offset: int = 0
) -> ThreadList:
    """Every thread (for curators, who act for every member town), newest activity first."""
    from sqlalchemy import func

    count = int(session.exec(select(func.count()).select_from(Interest)).one())
    threads = session.exec(
        select(Interest)
        .order_by(col(Interest.updated_at).desc(), col(Interest.id).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return ThreadList(data=_summaries(session, threads, render), count=count)


def thread_public(session: Session, thread: Interest, side: str, render: Render) -> ThreadPublic:
    """The whole thread as ``side`` reads it."""
    messages = session.exec(
        select(InterestMessage)
        .where(col(InterestMessage.interest_id) == _id(thread))
        .order_by(col(InterestMessage.id))
    ).all()
    summary = _summaries(session, [thread], render)[0]
    return ThreadPublic(
        **summary.model_dump(),
        side=side,
        actions=allowed_kinds(thread, side),
        messages=[MessagePublic.model_validate(m, from_attributes=True) for m in messages],
    )
