"""Signatures of signed appraisals, and the public keys a library has come to trust.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

- ``appraisal_signature``: a signature over the canonical form of a signed appraisal,
  one per role (the appraisee's and the appraiser's), with the public key it verifies
  with. Append-only: no signature is ever changed or taken away (triggers refuse it).
- ``known_key``: for a person (by uid), each public key this library has been told to
  trust for files about them (the fingerprint confirmed once, as SSH's known hosts).

Written out in full, not from the models, so that it stays what it was.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

_MESSAGE = "signed records are read-only"

_TRIGGERS: tuple[tuple[str, str, str, str], ...] = (
    ("signature_kept_update", "UPDATE", "appraisal_signature", "TRUE"),
    ("signature_kept_delete", "DELETE", "appraisal_signature", "TRUE"),
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
        "appraisal_signature",
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
            name="fk_appraisal_signature_appraisal_id_appraisal",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_appraisal_signature"),
        sa.UniqueConstraint("appraisal_id", "role", name="uq_appraisal_signature_appraisal_role"),
    )
    op.create_index(
        "ix_appraisal_signature_appraisal_id",
        "appraisal_signature",
        ["appraisal_id"],
        unique=False,
    )
    op.create_table(
        "known_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_uid", sa.String(length=36), nullable=False),
        sa.Column("public_key", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=128), nullable=False),
        sa.Column("trusted_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_known_key"),
        sa.UniqueConstraint("person_uid", "fingerprint", name="uq_known_key_person_fingerprint"),
    )
    op.create_index("ix_known_key_person_uid", "known_key", ["person_uid"], unique=False)
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
