"""Statistics and names from the data: GUS gmina indicators, NUTS 3 regions (and how each
town was placed in one), first-level regions with their names per language, towns' own
names in other languages (exonyms).

Revision ID: 0002
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0002"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "nuts3region",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("country_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name_latn", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("mountain", sa.Integer(), nullable=True),
        sa.Column("urban_rural", sa.Integer(), nullable=True),
        sa.Column("coastal", sa.Integer(), nullable=True),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("population_change", sa.Integer(), nullable=True),
        sa.Column("density", sa.Float(), nullable=True),
        sa.Column("fertility", sa.Float(), nullable=True),
        sa.Column("gdp_index", sa.Float(), nullable=True),
        sa.Column("edition", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("nuts3region", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_nuts3region_country_code"), ["country_code"], unique=False
        )

    op.create_table(
        "region",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("country_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("admin1_code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("iso_code", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("iso_method", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("region", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_region_country_code"), ["country_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_region_iso_code"), ["iso_code"], unique=False)

    op.create_table(
        "gminaindicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("town_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("indicator", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("edition", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["town_id"],
            ["town.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("town_id", "indicator"),
    )
    with op.batch_alter_table("gminaindicator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gminaindicator_town_id"), ["town_id"], unique=False)

    op.create_table(
        "regionname",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("lang", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("form", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("region_id", "lang", "form"),
    )
    with op.batch_alter_table("regionname", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_regionname_region_id"), ["region_id"], unique=False)

    op.create_table(
        "townname",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("town_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("lang", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["town_id"],
            ["town.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("town_id", "lang"),
    )
    with op.batch_alter_table("townname", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_townname_town_id"), ["town_id"], unique=False)

    with op.batch_alter_table("town", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("nuts3_method", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("town", schema=None) as batch_op:
        batch_op.drop_column("nuts3_method")

    with op.batch_alter_table("townname", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_townname_town_id"))

    op.drop_table("townname")
    with op.batch_alter_table("regionname", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_regionname_region_id"))

    op.drop_table("regionname")
    with op.batch_alter_table("gminaindicator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gminaindicator_town_id"))

    op.drop_table("gminaindicator")
    with op.batch_alter_table("region", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_region_iso_code"))
        batch_op.drop_index(batch_op.f("ix_region_country_code"))

    op.drop_table("region")
    with op.batch_alter_table("nuts3region", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nuts3region_country_code"))

    op.drop_table("nuts3region")
