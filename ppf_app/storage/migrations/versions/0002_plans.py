"""Development plans: one plan per assessment, and its objectives.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

Written out in full rather than from the models, so that it stays what it was when the
models change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_plan_assessment_id_assessment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan")),
    )
    with op.batch_alter_table("plan") as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_assessment_id"), ["assessment_id"], unique=True)
        batch_op.create_index(batch_op.f("ix_plan_uid"), ["uid"], unique=True)

    op.create_table(
        "objective",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("behaviour_ids", sa.String(), nullable=False),
        sa.Column("activity", sa.String(), nullable=False),
        sa.Column("support", sa.String(), nullable=False),
        sa.Column("success_measure", sa.String(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("carried_from_uid", sa.String(length=36), nullable=True),
        sa.Column("reflection", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan.id"],
            name=op.f("fk_objective_plan_id_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective")),
    )
    with op.batch_alter_table("objective") as batch_op:
        batch_op.create_index(batch_op.f("ix_objective_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_objective_uid"), ["uid"], unique=True)


def downgrade() -> None:
    op.drop_table("objective")
    op.drop_table("plan")
