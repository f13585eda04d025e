"""Appraisal: who rated an assessment, what it reviews, and its sign-off.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

Written out in full rather than from the models, so that it stays what it was when the
models change. The triggers refuse any change to a signed agreed assessment, its ratings
and its plan. A later migration that rebuilds one of these tables (batch mode on SQLite)
drops its triggers and must create them again.

On PostgreSQL each trigger is a ``BEFORE ... FOR EACH ROW`` trigger calling a plpgsql
function of the same name with the same condition (a trigger's ``WHEN`` cannot hold a
subquery there). The functions run as their owner, so that the check sees every appraisal
whatever the rows the login changing something may see.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

_MESSAGE = "signed records are read-only"


def _signed(assessment_id: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM appraisal WHERE appraisal.assessment_id = "
        f"{assessment_id} AND appraisal.signed_at IS NOT NULL)"
    )


def _signed_plan(plan_id: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM plan JOIN appraisal ON appraisal.assessment_id = "
        f"plan.assessment_id WHERE plan.id = {plan_id} AND appraisal.signed_at IS NOT NULL)"
    )


_TRIGGERS: tuple[tuple[str, str, str, str], ...] = (
    ("signed_rating_insert", "INSERT", "rating", _signed("NEW.assessment_id")),
    ("signed_rating_update", "UPDATE", "rating", _signed("OLD.assessment_id")),
    ("signed_rating_delete", "DELETE", "rating", _signed("OLD.assessment_id")),
    ("signed_assessment_update", "UPDATE", "assessment", _signed("OLD.id")),
    ("signed_assessment_delete", "DELETE", "assessment", _signed("OLD.id")),
    ("signed_appraisal_update", "UPDATE", "appraisal", "OLD.signed_at IS NOT NULL"),
    ("signed_appraisal_delete", "DELETE", "appraisal", "OLD.signed_at IS NOT NULL"),
    ("signed_plan_insert", "INSERT", "plan", _signed("NEW.assessment_id")),
    ("signed_plan_update", "UPDATE", "plan", _signed("OLD.assessment_id")),
    ("signed_plan_delete", "DELETE", "plan", _signed("OLD.assessment_id")),
    ("signed_objective_insert", "INSERT", "objective", _signed_plan("NEW.plan_id")),
    ("signed_objective_update", "UPDATE", "objective", _signed_plan("OLD.plan_id")),
    ("signed_objective_delete", "DELETE", "objective", _signed_plan("OLD.plan_id")),
)


def postgresql_trigger(name: str, event: str, table: str, when: str) -> tuple[str, str]:
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
    op.create_table(
        "appraisal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("reviews_uid", sa.String(length=36), nullable=False),
        sa.Column("rated_by", sa.String(length=200), nullable=False),
        sa.Column("replaces_uid", sa.String(length=36), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("signed_by_appraisee", sa.String(length=200), nullable=False),
        sa.Column("signed_by_appraiser", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_appraisal_assessment_id_assessment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal")),
    )
    with op.batch_alter_table("appraisal") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appraisal_assessment_id"), ["assessment_id"], unique=True
        )
    if op.get_bind().dialect.name == "sqlite":
        for name, event, table, when in _TRIGGERS:
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {event} ON {table} WHEN {when} "
                f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
            )
    elif op.get_bind().dialect.name == "postgresql":
        for name, event, table, when in _TRIGGERS:
            for statement in postgresql_trigger(name, event, table, when):
                op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name, _event, _table, _when in _TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif op.get_bind().dialect.name == "postgresql":
        for name, _event, table, _when in _TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_table("appraisal")
