"""E-mail about interest threads, through an outbox: nothing is lost when SMTP is down.

Writing a message adds a :class:`~matcher.models.Notification` row in the same transaction
(so the e-mail exists exactly when the message does). A worker thread of the server sends
due rows: it claims one with a guarded UPDATE (so two server processes never send the same
e-mail), sends it, and marks it sent; a failure keeps it pending, records the error and
retries later (the wait doubles, at most a day). The thread itself is always in the inbox,
whatever happens to the e-mail. Off unless ``MATCHER_SMTP_HOST`` is set.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, or_, select

from matcher.config import Settings
from matcher.i18n import N_, Message, translator
from matcher.i18n.places import Town as TownName
from matcher.interest import Written
from matcher.models import Notification, Town, TownProfile, utcnow

log = logging.getLogger(__name__)
MAX_WAIT = timedelta(days=1)
CLAIM = timedelta(minutes=5)
LANGUAGE_OF_COUNTRY = {"PL": "pl", "DE": "de", "AT": "de", "CH": "de", "LI": "de"}
"""The language of an e-mail to a town: its country's, when we speak it; English otherwise."""

Sender = Callable[[EmailMessage, Settings], None]
SUBJECTS = {
    "interest": N_("notify.subject.interest"),
    "reply": N_("notify.subject.reply"),
    "answer": N_("notify.subject.answer"),
    "decline": N_("notify.subject.decline"),
}
"""The subject of the e-mail about each kind of message."""


def enqueue(session: Session, written: Written, settings: Settings) -> Notification | None:
    """Add the e-mail telling the other side of ``written`` about its new message (not
    committed: it goes with the message). None when e-mail is off or nobody is named."""
    if not settings.smtp_enabled:
        return None
    thread, message = written.thread, written.message
    other = thread.to_town_id if message.town_id == thread.from_town_id else thread.from_town_id
    profile = session.get(TownProfile, other)
    writer, reader = session.get(Town, message.town_id), session.get(Town, other)
    if profile is None or not profile.contact_email or writer is None or reader is None:
        return None
    t = translator(LANGUAGE_OF_COUNTRY.get(reader.country_code, "en"))
    name = TownName(writer.name, writer.country_code)
    subject = t.render(Message(SUBJECTS[message.kind], {"town": name}))
    params = {"town": name, "author": message.author, "message": message.body or "—"}
    body = t.render(Message(N_("notify.body"), params))
    assert message.id is not None
    note = Notification(
        message_id=message.id, recipient=profile.contact_email, subject=subject, body=body
    )
    session.add(note)
    return note


def smtp_send(email: EmailMessage, settings: Settings) -> None:
    """Hand ``email`` to the configured SMTP server (raises on any failure)."""
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout) as s:
        if settings.smtp_starttls:
            s.starttls()
        if settings.smtp_user:
            s.login(settings.smtp_user, settings.smtp_password)
        s.send_message(email)


def _email(note: Notification, settings: Settings) -> EmailMessage:
    email = EmailMessage()
    email["From"] = settings.smtp_from
    email["To"] = note.recipient
    email["Subject"] = note.subject
    email.set_content(note.body)
    return email


@dataclass(frozen=True)
class Delivery:
    """What one pass over the outbox did."""

    sent: int
    failed: int
    pending: int


def retry_wait(settings: Settings, attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure."""
    wait = timedelta(seconds=settings.smtp_retry_seconds * 2 ** max(attempts - 1, 0))
    return min(wait, MAX_WAIT)


def _claim(session: Session, note_id: int, now: datetime) -> bool:
    result = session.execute(
        update(Notification)
        .where(
            col(Notification.id) == note_id,
            col(Notification.status) == "pending",
            or_(col(Notification.claimed_until).is_(None), col(Notification.claimed_until) < now),
        )
        .values(claimed_until=now + CLAIM)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def deliver_due(
    engine: Engine, settings: Settings, *, now: datetime | None = None, send: Sender = smtp_send
) -> Delivery:
    """Send every pending e-mail that is due; failures stay pending for a later retry."""
    moment = now or utcnow()
    sent = failed = 0
    with Session(engine) as session:
        due = session.exec(
            select(Notification.id).where(
                col(Notification.status) == "pending", col(Notification.next_attempt_at) <= moment
            )
        ).all()
        for note_id in due:
            assert note_id is not None
            if not _claim(session, note_id, moment):
                continue  # another process has it
            note = session.get(Notification, note_id)
            assert note is not None
            try:
                send(_email(note, settings), settings)
            except (OSError, smtplib.SMTPException) as exc:
                note.attempts += 1
                note.last_error = f"{type(exc).__name__}: {exc}"[:500]
                note.next_attempt_at = moment + retry_wait(settings, note.attempts)
                failed += 1
                log.warning("e-mail %s to %s failed: %s", note.id, note.recipient, exc)
            else:
                note.status, note.sent_at, note.attempts = "sent", utcnow(), note.attempts + 1
                sent += 1
            note.claimed_until = None
            session.add(note)
            session.commit()
        pending = len(
            session.exec(select(Notification.id).where(col(Notification.status) == "pending")).all()
        )
    return Delivery(sent=sent, failed=failed, pending=pending)


class OutboxWorker:
    """A daemon thread that sends due e-mails every ``interval`` seconds, and at once after
    :meth:`kick` (a new message)."""

    def __init__(
        self, engine: Engine, settings: Settings, *, interval: float = 5.0, send: Sender = smtp_send
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.interval = interval
        self.send = send
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> OutboxWorker:
        self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)
        self._thread.start()
        return self

    def kick(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=self.settings.smtp_timeout + 5)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                deliver_due(self.engine, self.settings, send=self.send)
            except Exception:  # the database may be away for a moment: try again later
                log.exception("outbox pass failed")
            self._wake.wait(self.interval)
            self._wake.clear()
