"""Learning pairs: a clinician and a manager matched to learn from each other.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

- ``learning_pair``: the two people (a pair is deleted with either), the framework they
  were matched on, for each side the behaviours targeted, the objectives served and the
  self assessments before and after (kept as ids: an assessment deleted leaves the pair
  without it), the start and length (1 to 9 months), when the agreement was signed and
  the pairing closed, and the joint improvement project;
- ``pair_meeting``: the meetings a pair held, with a note each;
- ``pair_shadowing``: who shadowed whom, when, where, and what was learned.

Written out in full, not from the models, so that it stays what it was.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def _assessment(column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        ["assessment.id"],
        name=f"fk_learning_pair_{column}_assessment",
        ondelete="SET NULL",
    )


def upgrade() -> None:
    op.create_table(
        "learning_pair",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("framework_id", sa.String(length=64), nullable=False),
        sa.Column("left_person_id", sa.Integer(), nullable=False),
        sa.Column("right_person_id", sa.Integer(), nullable=False),
        sa.Column("left_group", sa.String(length=64), nullable=False),
        sa.Column("right_group", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("left_targets", sa.String(), nullable=False),
        sa.Column("right_targets", sa.String(), nullable=False),
        sa.Column("left_objectives", sa.String(), nullable=False),
        sa.Column("right_objectives", sa.String(), nullable=False),
        sa.Column("left_before_id", sa.Integer(), nullable=True),
        sa.Column("right_before_id", sa.Integer(), nullable=True),
        sa.Column("left_after_id", sa.Integer(), nullable=True),
        sa.Column("right_after_id", sa.Integer(), nullable=True),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("project_title", sa.String(length=200), nullable=False),
        sa.Column("project_aim", sa.String(), nullable=False),
        sa.Column("project_measure", sa.String(), nullable=False),
        sa.Column("project_presented_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("months BETWEEN 1 AND 9", name=op.f("ck_learning_pair_months")),
        sa.CheckConstraint(
            "left_person_id <> right_person_id", name=op.f("ck_learning_pair_two_people")
        ),
        sa.ForeignKeyConstraint(
            ["left_person_id"],
            ["person.id"],
            name="fk_learning_pair_left_person_id_person",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["right_person_id"],
            ["person.id"],
            name="fk_learning_pair_right_person_id_person",
            ondelete="CASCADE",
        ),
        _assessment("left_before_id"),
        _assessment("right_before_id"),
        _assessment("left_after_id"),
        _assessment("right_after_id"),
        sa.PrimaryKeyConstraint("id", name="pk_learning_pair"),
    )
    op.create_index("ix_learning_pair_uid", "learning_pair", ["uid"], unique=True)
    op.create_index(
        "ix_learning_pair_left_person_id", "learning_pair", ["left_person_id"], unique=False
    )
    op.create_index(
        "ix_learning_pair_right_person_id", "learning_pair", ["right_person_id"], unique=False
    )
    op.create_table(
        "pair_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"],
            ["learning_pair.id"],
            name="fk_pair_meeting_pair_id_learning_pair",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_pair_meeting"),
    )
    op.create_index("ix_pair_meeting_pair_id", "pair_meeting", ["pair_id"], unique=False)
    op.create_table(
        "pair_shadowing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("shadow_person_id", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("learned", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"],
            ["learning_pair.id"],
            name="fk_pair_shadowing_pair_id_learning_pair",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["shadow_person_id"],
            ["person.id"],
            name="fk_pair_shadowing_shadow_person_id_person",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_pair_shadowing"),
    )
    op.create_index("ix_pair_shadowing_pair_id", "pair_shadowing", ["pair_id"], unique=False)


def downgrade() -> None:
    op.drop_table("pair_shadowing")
    op.drop_table("pair_meeting")
    op.drop_table("learning_pair")
