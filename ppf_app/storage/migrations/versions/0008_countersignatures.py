"""Countersignatures: each party's own key on a signed appraisal.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29

- ``appraisal_countersignature``: a signature added to a signed appraisal on the other
  party's own computer, over the same canonical form as the sign-off's (which the
  computer of the meeting signs for both roles), one per role and key, with the public
  key it verifies with. Append-only: triggers refuse any change or removal.

Written out in full, not from the models, so that it stays what it was.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None

_MESSAGE = "signed records are read-only"

_TRIGGERS: tuple[tuple[str, str, str, str], ...] = (
    ("countersignature_kept_update", "UPDATE", "appraisal_countersignature", "TRUE"),
    ("countersignature_kept_delete", "DELETE", "appraisal_countersignature", "TRUE"),
)


def _postgresql_trigger(name: str, event: str, table: str, when: str) -> tuple[str, str]:
    """The plpgsql function and the trigger equal to SQLite's ``... WHEN when ... RAISE``."""
    row = "OLD" if event == "DELETE" else "NEW"
    function = (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
        "SECURITY DEFINER SET search_path FROM CURRENT AS $ppf$ BEGIN "
        f"IF {when} THEN RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'P0001'; "
        f"END IF; RETURN {row}; END $ppf$"
    )
    trigger = (
        f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()"
    )
    return function, trigger


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "appraisal_countersignature",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appraisal_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("signer", sa.String(length=200), nullable=False),
        sa.Column("public_key", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=128), nullable=False),
        sa.Column("signature", sa.String(length=200), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appraisal_id"],
            ["appraisal.id"],
            name="fk_appraisal_countersignature_appraisal_id_appraisal",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_appraisal_countersignature"),
        sa.UniqueConstraint(
            "appraisal_id",
            "role",
            "fingerprint",
            name="uq_appraisal_countersignature_appraisal_role_fingerprint",
        ),
    )
    op.create_index(
        "ix_appraisal_countersignature_appraisal_id",
        "appraisal_countersignature",
        ["appraisal_id"],
        unique=False,
    )
    for name, event, table, when in _TRIGGERS:
        if dialect == "sqlite":
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {event} ON {table} "
                f"WHEN {when} BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
            )
        elif dialect == "postgresql":
            for statement in _postgresql_trigger(name, event, table, when):
                op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("signatures are never taken away")
