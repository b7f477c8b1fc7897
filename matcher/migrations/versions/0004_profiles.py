"""Profiles: willingness, preferred countries and a structured contact; interest threads and
their e-mail outbox.

The old free-text ``contact`` moves into ``contact_name`` (nothing is lost); the downgrade
moves it back.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Str = sqlmodel.sql.sqltypes.AutoString
When = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("townprofile", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("preferred_countries", Str(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("seeking", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("seeking_since", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("seeking_until", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("contact_name", Str(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("contact_role", Str(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("contact_email", Str(length=254), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("contact_phone", Str(length=50), nullable=False, server_default="")
        )
    op.execute("UPDATE townprofile SET contact_name = substr(contact, 1, 200)")
    with op.batch_alter_table("townprofile", schema=None) as batch_op:
        batch_op.drop_column("contact")

    op.create_table(
        "interest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_town_id", Str(), nullable=False),
        sa.Column("to_town_id", Str(), nullable=False),
        sa.Column("status", Str(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", Str(), nullable=False),
        sa.Column("created_at", When(), nullable=False),
        sa.Column("updated_at", When(), nullable=False),
        sa.ForeignKeyConstraint(["from_town_id"], ["town.id"]),
        sa.ForeignKeyConstraint(["to_town_id"], ["town.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("from_town_id", "to_town_id"),
    )
    with op.batch_alter_table("interest", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interest_from_town_id"), ["from_town_id"])
        batch_op.create_index(batch_op.f("ix_interest_to_town_id"), ["to_town_id"])

    op.create_table(
        "interestmessage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interest_id", sa.Integer(), nullable=False),
        sa.Column("town_id", Str(), nullable=False),
        sa.Column("kind", Str(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author", Str(), nullable=False),
        sa.Column("at", When(), nullable=False),
        sa.ForeignKeyConstraint(["interest_id"], ["interest.id"]),
        sa.ForeignKeyConstraint(["town_id"], ["town.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("interestmessage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interestmessage_interest_id"), ["interest_id"])

    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("recipient", Str(length=254), nullable=False),
        sa.Column("subject", Str(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", Str(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", When(), nullable=False),
        sa.Column("claimed_until", When(), nullable=True),
        sa.Column("last_error", Str(), nullable=False),
        sa.Column("created_at", When(), nullable=False),
        sa.Column("sent_at", When(), nullable=True),
        sa.ForeignKeyConstraint(["message_id"], ["interestmessage.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_message_id"), ["message_id"])
        batch_op.create_index(batch_op.f("ix_notification_status"), ["status"])


def downgrade() -> None:
    op.drop_table("notification")
    op.drop_table("interestmessage")
    op.drop_table("interest")
    with op.batch_alter_table("townprofile", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("contact", Str(length=500), nullable=False, server_default="")
        )
    op.execute("UPDATE townprofile SET contact = contact_name")
    with op.batch_alter_table("townprofile", schema=None) as batch_op:
        for name in (
            "contact_phone",
            "contact_email",
            "contact_role",
            "contact_name",
            "seeking_until",
            "seeking_since",
            "seeking",
            "preferred_countries",
        ):
            batch_op.drop_column(name)
