"""One truth for several server processes: each watches the database for changes the others
made and brings its in-memory ranking context up to date.

The database is the only channel. Every worker polls two cheap fingerprints (twice a second
by default): partnerships ``(count, max id)`` and town profiles ``(count, sum of versions)``
(a profile's version only grows). When one moves, it reads what changed: the partnership
graph is rebuilt from the table (an accepted pair has become a row there), and each profile
whose version differs from the one last seen is re-read and re-embedded. The rest is read
from the database on every request already, so it needs no watching: declined pairs (read
per suggestion request, part of the answer cache key) and API keys (a revoked or expired key
is refused on the next request, on every worker).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import col

from matcher.models import Partnership, TownProfile

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5
"""How often a worker looks for changes; with the rebuild, well within 2 seconds."""


class Refreshable(Protocol):
    """What the watcher asks of the match service."""

    def refresh_profile(self, town_id: str) -> None: ...

    def reload_partnerships(self) -> None: ...


@dataclass(frozen=True)
class Fingerprint:
    """Figures that change whenever partnerships or profiles do."""

    partnerships: tuple[int, int]
    profiles: tuple[int, int]


def fingerprint(engine: Engine) -> Fingerprint:
    """The current fingerprint (two aggregate queries)."""
    with engine.connect() as conn:
        links = conn.execute(
            select(func.count(), func.coalesce(func.max(col(Partnership.id)), 0))
        ).one()
        profiles = conn.execute(
            select(func.count(), func.coalesce(func.sum(col(TownProfile.version)), 0))
        ).one()
    return Fingerprint(
        (int(links[0]), int(links[1] or 0)), (int(profiles[0]), int(profiles[1] or 0))
    )


def profile_versions(engine: Engine) -> dict[str, int]:
    """Town id -> stored profile version."""
    with engine.connect() as conn:
        rows = conn.execute(select(col(TownProfile.town_id), col(TownProfile.version))).all()
    return {str(town_id): int(version) for town_id, version in rows}


class ChangeWatcher:
    """Polls the database and applies other processes' changes to ``service``."""

    def __init__(
        self,
        engine: Engine,
        service: Refreshable,
        interval: float = POLL_SECONDS,
        stop: threading.Event | None = None,
    ) -> None:
        """``stop`` (e.g. the app's shutdown event) ends the watching when it is set."""
        self.engine = engine
        self.service = service
        self.interval = interval
        self._seen = fingerprint(engine)
        self._versions = profile_versions(engine)
        self._stop = stop or threading.Event()
        self._thread: threading.Thread | None = None

    def check(self) -> list[str]:
        """Apply what changed since the last check; returns what was refreshed."""
        now = fingerprint(self.engine)
        applied: list[str] = []
        if now.partnerships != self._seen.partnerships:
            self.service.reload_partnerships()
            applied.append("partnerships")
        if now.profiles != self._seen.profiles:
            versions = profile_versions(self.engine)
            changed = {
                town_id
                for town_id in versions.keys() | self._versions.keys()
                if versions.get(town_id) != self._versions.get(town_id)
            }
            for town_id in sorted(changed):
                try:
                    self.service.refresh_profile(town_id)
                except Exception:  # e.g. a town the data does not know; the rest go on
                    log.exception("refresh_profile(%s) failed", town_id)
                applied.append(f"profile:{town_id}")
            self._versions = versions
        self._seen = now
        return applied

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.check()
            except Exception:  # the database may be briefly away; try again next time
                log.exception("change check failed")

    def start(self) -> ChangeWatcher:
        self._thread = threading.Thread(target=self._run, name="change-watcher", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
