"""Answers that format 2 frameworks need, and where people work.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

- ``rating.not_applicable``: an answer of the framework's ``[not_applicable]``, which is
  not a level (existing ratings are levels or unanswered: false);
- ``assessment.group_id``: the framework group an assessment is made for, chosen per
  assessment (existing ones were made for their person's group: it is filled in);
- ``prompt_answer``: answers in words to a framework's narrative prompts, frozen with a
  signed appraisal like its ratings;
- ``person.department``: where in the organisation a person works (empty for everyone
  so far), for the training-needs analysis.

Written out in full, not from the models, so that it stays what it was.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

_MESSAGE = "signed records are read-only"


def _frozen(assessment_id: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM appraisal WHERE appraisal.signed_at IS NOT NULL AND "
        f"{assessment_id} IN (appraisal.self_assessment_id, "
        "appraisal.appraiser_assessment_id, appraisal.agreed_assessment_id))"
    )


_TRIGGERS: tuple[tuple[str, str, str, str], ...] = (
    ("signed_prompt_answer_insert", "INSERT", "prompt_answer", _frozen("NEW.assessment_id")),
    ("signed_prompt_answer_update", "UPDATE", "prompt_answer", _frozen("OLD.assessment_id")),
    ("signed_prompt_answer_delete", "DELETE", "prompt_answer", _frozen("OLD.assessment_id")),
)


def _postgresql_trigger(name: str, event: str, table: str, when: str) -> tuple[str, str]:
    """The plpgsql function and the trigger equal to SQLite's ``... WHEN when ... RAISE``."""
    row = "OLD" if event == "DELETE" else "NEW"
    function = (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
        "SECURITY DEFINER SET search_path FROM CURRENT AS $ppf$ BEGIN "
        f"IF {when} THEN RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'P0001'; END IF; "
        f"RETURN {row}; END $ppf$"
    )
    trigger = (
        f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()"
    )
    return function, trigger


def upgrade() -> None:
    connection = op.get_bind()
    dialect = connection.dialect.name
    # Added columns only: on SQLite a plain ALTER TABLE ADD COLUMN, so the tables (and
    # their sign-off triggers) are not rebuilt.
    op.add_column(
        "rating",
        sa.Column("not_applicable", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "assessment",
        sa.Column("group_id", sa.String(length=64), nullable=False, server_default=""),
    )
    op.add_column(
        "person",
        sa.Column("department", sa.String(length=200), nullable=False, server_default=""),
    )
    # The group an existing assessment was made for: its person's, as the targets were.
    # (Signed records are frozen by triggers; the fill-in happens with them set aside.)
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS signed_assessment_update")
        op.execute(
            "UPDATE assessment SET group_id = (SELECT professional_group FROM person "
            "WHERE person.id = assessment.person_id)"
        )
        op.execute(
            "CREATE TRIGGER IF NOT EXISTS signed_assessment_update BEFORE UPDATE ON assessment "
            f"WHEN {_frozen('OLD.id')} BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
        )
    else:
        op.execute("ALTER TABLE assessment DISABLE TRIGGER signed_assessment_update")
        op.execute(
            "UPDATE assessment SET group_id = (SELECT professional_group FROM person "
            "WHERE person.id = assessment.person_id)"
        )
        op.execute("ALTER TABLE assessment ENABLE TRIGGER signed_assessment_update")
    op.create_table(
        "prompt_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("prompt_id", sa.String(length=128), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name="fk_prompt_answer_assessment_id_assessment",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_prompt_answer"),
        sa.UniqueConstraint(
            "assessment_id", "prompt_id", name="uq_prompt_answer_assessment_prompt"
        ),
    )
    op.create_index(
        "ix_prompt_answer_assessment_id", "prompt_answer", ["assessment_id"], unique=False
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
    raise NotImplementedError("answers of format 2 frameworks cannot be taken back out")
