"""The first schema: people, assessments, ratings and framework snapshots.

Revision ID: 0001
Revises:
Create Date: 2026-11-26

Written out in full rather than from the models, so that it stays what it was when the
models change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "framework_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.String(), nullable=False),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_framework_snapshot")),
        sa.UniqueConstraint("framework_id", "version", name="uq_framework_snapshot_id_version"),
    )
    op.create_table(
        "person",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("professional_group", sa.String(length=64), nullable=False),
        sa.Column("job_title", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    with op.batch_alter_table("person") as batch_op:
        batch_op.create_index(batch_op.f("ix_person_uid"), ["uid"], unique=True)

    op.create_table(
        "assessment",
        sa.Column("framework_id", sa.String(length=64), nullable=False),
        sa.Column("framework_version", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_assessment_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
    )
    with op.batch_alter_table("assessment") as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_uid"), ["uid"], unique=True)

    op.create_table(
        "rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("behaviour_id", sa.String(length=128), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("evidence", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_rating_assessment_id_assessment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating")),
        sa.UniqueConstraint("assessment_id", "behaviour_id", name="uq_rating_assessment_behaviour"),
    )
    with op.batch_alter_table("rating") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rating_assessment_id"), ["assessment_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("rating")
    op.drop_table("assessment")
    op.drop_table("person")
    op.drop_table("framework_snapshot")
