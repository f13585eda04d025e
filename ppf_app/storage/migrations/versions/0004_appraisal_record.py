"""The appraisal as one record: self assessment, appraiser's ratings, agreed levels, plan
and sign-off, frozen together once signed.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

Until now each appraiser or agreed assessment had its own row of appraisal facts (what
it reviews, who rated it, its sign-off). Now one row is the appraisal: every self
assessment's reviews become appraisals, nothing lost:

- each agreed assessment reviewing a self assessment becomes one appraisal, with the
  newest appraiser's assessment of the same self assessment, the appraiser's name and
  the agreed assessment's sign-off; a later version keeps naming the one it replaces;
- an appraiser's assessment without an agreed one becomes an appraisal still in rating;
- any other appraiser's assessment, and a review of nothing, stays a plain assessment;
- in an appraisal not yet signed, objectives written on the self assessment's own plan
  move to the agreed plan, which is the appraisal's plan.

Once signed, the appraisal, its three assessments, their ratings and their plans are
read-only: the triggers below refuse any change (the self and appraiser assessments are
frozen too now, so what was signed can no longer drift).

Written out in full, not from the models, so that it stays what it was. On PostgreSQL
the triggers are plpgsql functions of the same names and conditions (as in 0003).
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

_MESSAGE = "signed records are read-only"

_OLD_TRIGGERS = (
    "signed_rating_insert",
    "signed_rating_update",
    "signed_rating_delete",
    "signed_assessment_update",
    "signed_assessment_delete",
    "signed_appraisal_update",
    "signed_appraisal_delete",
    "signed_plan_insert",
    "signed_plan_update",
    "signed_plan_delete",
    "signed_objective_insert",
    "signed_objective_update",
    "signed_objective_delete",
)


def _frozen(assessment_id: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM appraisal WHERE appraisal.signed_at IS NOT NULL AND "
        f"{assessment_id} IN (appraisal.self_assessment_id, "
        "appraisal.appraiser_assessment_id, appraisal.agreed_assessment_id))"
    )


def _frozen_plan(plan_id: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM plan WHERE plan.id = {plan_id} AND "
        + _frozen("plan.assessment_id")
        + ")"
    )


_TRIGGERS: tuple[tuple[str, str, str, str], ...] = (
    ("signed_rating_insert", "INSERT", "rating", _frozen("NEW.assessment_id")),
    ("signed_rating_update", "UPDATE", "rating", _frozen("OLD.assessment_id")),
    ("signed_rating_delete", "DELETE", "rating", _frozen("OLD.assessment_id")),
    ("signed_assessment_update", "UPDATE", "assessment", _frozen("OLD.id")),
    ("signed_assessment_delete", "DELETE", "assessment", _frozen("OLD.id")),
    ("signed_appraisal_update", "UPDATE", "appraisal", "OLD.signed_at IS NOT NULL"),
    ("signed_appraisal_delete", "DELETE", "appraisal", "OLD.signed_at IS NOT NULL"),
    ("signed_plan_insert", "INSERT", "plan", _frozen("NEW.assessment_id")),
    ("signed_plan_update", "UPDATE", "plan", _frozen("OLD.assessment_id")),
    ("signed_plan_delete", "DELETE", "plan", _frozen("OLD.assessment_id")),
    ("signed_objective_insert", "INSERT", "objective", _frozen_plan("NEW.plan_id")),
    ("signed_objective_update", "UPDATE", "objective", _frozen_plan("OLD.plan_id")),
    ("signed_objective_delete", "DELETE", "objective", _frozen_plan("OLD.plan_id")),
)


def _create_record_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("self_assessment_id", sa.Integer(), nullable=False),
        sa.Column("appraiser_assessment_id", sa.Integer(), nullable=True),
        sa.Column("agreed_assessment_id", sa.Integer(), nullable=True),
        sa.Column("appraiser_name", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("replaces_uid", sa.String(length=36), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("signed_by_appraisee", sa.String(length=200), nullable=False),
        sa.Column("signed_by_appraiser", sa.String(length=200), nullable=False),
        sa.Column("signed_profile", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name="fk_appraisal_person_id_person",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["self_assessment_id"],
            ["assessment.id"],
            name="fk_appraisal_self_assessment_id_assessment",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["appraiser_assessment_id"],
            ["assessment.id"],
            name="fk_appraisal_appraiser_assessment_id_assessment",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["agreed_assessment_id"],
            ["assessment.id"],
            name="fk_appraisal_agreed_assessment_id_assessment",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_appraisal"),
        sa.UniqueConstraint("agreed_assessment_id", name="uq_appraisal_agreed_assessment_id"),
    )


def _records(connection: Any) -> list[dict[str, Any]]:
    """The appraisals the old rows of review facts make (see the module's docstring)."""
    selves = {
        row.uid: row
        for row in connection.execute(
            sa.text("SELECT id, uid, person_id FROM assessment WHERE kind = 'self'")
        )
    }
    profiles = {
        row.id: json.dumps(
            {
                "name": row.name,
                "professional_group": row.professional_group,
                "job_title": row.job_title,
                "organisation": row.organisation,
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        for row in connection.execute(
            sa.text("SELECT id, name, professional_group, job_title, organisation FROM person")
        )
    }
    reviews = list(
        connection.execute(
            sa.text(
                "SELECT f.assessment_id, f.reviews_uid, f.rated_by, f.replaces_uid, "
                "f.signed_at, f.signed_by_appraisee, f.signed_by_appraiser, a.kind, a.person_id, "
                "a.uid, a.assessed_on, a.created_at, a.updated_at "
                "FROM appraisal AS f JOIN assessment AS a ON a.id = f.assessment_id "
                "ORDER BY a.created_at, a.id"
            )
        )
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    records: list[dict[str, Any]] = []
    record_uid_of_agreed: dict[str, str] = {}
    for self_uid, reviewed in selves.items():
        # A review of someone else's self assessment (possible in hand-made data) is
        # left as a plain assessment: an appraisal is one person's.
        mine = [
            r for r in reviews if r.reviews_uid == self_uid and r.person_id == reviewed.person_id
        ]
        if not mine:
            continue
        appraisers = [r for r in mine if r.kind == "appraiser"]
        newest_appraiser = appraisers[-1] if appraisers else None
        agreeds = [r for r in mine if r.kind == "agreed"]

        made = [_record(reviewed, agreed, newest_appraiser, now) for agreed in agreeds] or [
            _record(reviewed, None, newest_appraiser, now)
        ]
        for item in made:
            if item["_agreed_uid"]:
                record_uid_of_agreed[item["_agreed_uid"]] = item["uid"]
        for item in made:
            if item["signed_at"] is not None:
                # Signed before profiles were kept with the sign-off: as it is now.
                item["signed_profile"] = profiles.get(reviewed.person_id, "")
        records.extend(made)
    for item in records:
        replaced = item.pop("_replaces_agreed_uid")
        item.pop("_agreed_uid")
        item["replaces_uid"] = record_uid_of_agreed.get(replaced, "") if replaced else ""
    return records


def _record(
    reviewed: Any, agreed: Any | None, newest_appraiser: Any | None, now: datetime
) -> dict[str, Any]:
    """One appraisal from its reviews (see the module's docstring)."""
    first = agreed if agreed is not None else newest_appraiser
    assert first is not None
    name = (agreed.rated_by if agreed is not None else "") or (
        newest_appraiser.rated_by if newest_appraiser is not None else ""
    )
    return {
        "uid": str(uuid.uuid4()),
        "person_id": reviewed.person_id,
        "self_assessment_id": reviewed.id,
        "appraiser_assessment_id": (
            newest_appraiser.assessment_id if newest_appraiser is not None else None
        ),
        "agreed_assessment_id": agreed.assessment_id if agreed is not None else None,
        "appraiser_name": name,
        "held_on": first.assessed_on,
        "replaces_uid": "",
        "signed_at": agreed.signed_at if agreed is not None else None,
        "signed_by_appraisee": agreed.signed_by_appraisee if agreed is not None else "",
        "signed_by_appraiser": agreed.signed_by_appraiser if agreed is not None else "",
        "signed_profile": "",
        "created_at": first.created_at or now,
        "updated_at": first.updated_at or now,
        "_replaces_agreed_uid": agreed.replaces_uid if agreed is not None else "",
        "_agreed_uid": agreed.uid if agreed is not None else "",
    }


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
    sqlite = connection.dialect.name == "sqlite"
    postgresql = connection.dialect.name == "postgresql"
    if sqlite:
        for name in _OLD_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    if postgresql:
        for name, _event, table_name, _when in _TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table_name}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
        # Index names are the schema's: the old primary key's must be free for the new.
        op.execute("ALTER TABLE appraisal RENAME CONSTRAINT pk_appraisal TO pk_appraisal_0003")
    records = _records(connection)
    _create_record_table("appraisal_record")
    table = sa.table(
        "appraisal_record",
        *(
            sa.column(name)
            for name in (
                "uid",
                "person_id",
                "self_assessment_id",
                "appraiser_assessment_id",
                "agreed_assessment_id",
                "appraiser_name",
                "held_on",
                "replaces_uid",
                "signed_at",
                "signed_by_appraisee",
                "signed_by_appraiser",
                "signed_profile",
                "created_at",
                "updated_at",
            )
        ),
    )
    if records:
        op.bulk_insert(table, records)
    # Objectives written on a self assessment's own plan before its (unsigned) appraisal
    # belong to the plan agreed in the meeting.
    unsigned = [
        (item["self_assessment_id"], item["agreed_assessment_id"])
        for item in records
        if item["signed_at"] is None and item["agreed_assessment_id"] is not None
    ]
    for self_id, agreed_id in unsigned:
        _move_objectives(connection, self_id, agreed_id)
    op.drop_table("appraisal")
    op.rename_table("appraisal_record", "appraisal")
    with op.batch_alter_table("appraisal") as batch_op:
        batch_op.create_index("ix_appraisal_uid", ["uid"], unique=True)
        batch_op.create_index("ix_appraisal_person_id", ["person_id"], unique=False)
        batch_op.create_index(
            "ix_appraisal_self_assessment_id", ["self_assessment_id"], unique=False
        )
        batch_op.create_index(
            "ix_appraisal_appraiser_assessment_id", ["appraiser_assessment_id"], unique=False
        )
    if sqlite:
        for name, event, table_name, when in _TRIGGERS:
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {event} ON {table_name} "
                f"WHEN {when} BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
            )
    if postgresql:
        for name, event, table_name, when in _TRIGGERS:
            for statement in _postgresql_trigger(name, event, table_name, when):
                op.execute(statement)


def _move_objectives(connection: Any, self_id: int, agreed_id: int) -> None:
    own = connection.execute(
        sa.text("SELECT id FROM plan WHERE assessment_id = :a"), {"a": self_id}
    ).first()
    if own is None:
        return
    agreed = connection.execute(
        sa.text("SELECT id FROM plan WHERE assessment_id = :a"), {"a": agreed_id}
    ).first()
    if agreed is None:
        now = datetime.now(UTC).replace(tzinfo=None)
        connection.execute(
            sa.text(
                "INSERT INTO plan (uid, assessment_id, review_date, created_at, updated_at) "
                "VALUES (:uid, :a, NULL, :now, :now)"
            ),
            {"uid": str(uuid.uuid4()), "a": agreed_id, "now": now},
        )
        agreed = connection.execute(
            sa.text("SELECT id FROM plan WHERE assessment_id = :a"), {"a": agreed_id}
        ).first()
    taken = connection.execute(
        sa.text("SELECT COUNT(*) FROM objective WHERE plan_id = :p"), {"p": agreed.id}
    ).scalar_one()
    moving = list(
        connection.execute(
            sa.text("SELECT id FROM objective WHERE plan_id = :p ORDER BY position, id"),
            {"p": own.id},
        )
    )
    for offset, row in enumerate(moving):
        connection.execute(
            sa.text("UPDATE objective SET plan_id = :p, position = :n WHERE id = :id"),
            {"p": agreed.id, "n": taken + offset, "id": row.id},
        )


def downgrade() -> None:
    raise NotImplementedError("an appraisal record cannot be split back into review facts")
