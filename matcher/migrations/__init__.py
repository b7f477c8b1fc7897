"""Schema migrations (Alembic): upgrade a database to the models' schema.

``matcher db upgrade`` calls :func:`upgrade`; ``alembic`` with the repo's alembic.ini works too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class UpgradeResult:
    """What :func:`upgrade` did: the revision before and after, and whether it only stamped."""

    before: str | None
    after: str | None
    stamped: bool


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config for the packaged migrations, optionally bound to ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    """The newest migration's revision id."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (None: never migrated)."""
    return MigrationContext.configure(connection).get_current_revision()


FIRST_RELEASE = "0001"
"""The schema of the first release, whose ``db load`` made tables with ``create_all`` and
recorded no Alembic version."""


def upgrade(engine: Engine, revision: str = "head") -> UpgradeResult:
    """Migrate the database to ``revision``.

    A database with tables but no Alembic version was made by ``create_all``: when it holds
    exactly today's models it is stamped at head; otherwise it is the first release's schema,
    stamped at :data:`FIRST_RELEASE` and upgraded from there (new columns added, rows kept).
    """
    from alembic.autogenerate import compare_metadata
    from sqlmodel import SQLModel

    import matcher.models  # noqa: F401  (registers every table on the metadata)

    with engine.begin() as connection:
        before = current_revision(connection)
        config = alembic_config(connection)
        stamped = before is None and inspect(connection).has_table("town")
        if stamped:
            drift = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
            command.stamp(config, FIRST_RELEASE if drift else revision)
            if drift:
                command.upgrade(config, revision)
        else:
            command.upgrade(config, revision)
        after = current_revision(connection)
    return UpgradeResult(before=before, after=after, stamped=stamped)
