"""The tables of the library database (SQLModel).

Shape after fastapi's full-stack template: a ``...Base`` with the shared fields and the
``table=True`` class. Table models skip pydantic validation, so the services check
every input before it reaches them. Every schema change is an Alembic
migration under ``storage/migrations/versions``.

``uid`` columns are random UUIDs that travel in portable files, so importing the same
record twice updates it instead of duplicating it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime

from sqlalchemy import (
    CheckConstraint,
    Connection,
    Engine,
    MetaData,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.engine import ExceptionContext
from sqlmodel import Field, SQLModel

from ppf_app.core.errors import UserError
from ppf_app.domain.records import AssessmentKind, AssessmentStatus

# One naming convention for every constraint, so batch migrations on SQLite can find and
# alter them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Now, in UTC and timezone-aware: SQLModel's datetime columns refuse naive values."""
    return datetime.now(UTC)


def new_uid() -> str:
    return str(uuid.uuid4())


# -- lists of ids kept in one column ------------------------------------------------------


def load_ids(text: str | None) -> list[str]:
    """The ids kept in a column as a JSON list (an objective's behaviours, a pair's targets
    and objectives); none when the text is empty or not such a list."""
    try:
        loaded = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(item) for item in loaded] if isinstance(loaded, list) else []


def dump_ids(ids: Iterable[str]) -> str:
    """The column text of a list of ids (:func:`load_ids` reads it back)."""
    return json.dumps(list(ids), ensure_ascii=False)


# -- people ----------------------------------------------------------------------------


class PersonBase(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    professional_group: str = Field(min_length=1, max_length=64)
    job_title: str = Field(default="", max_length=200)
    organisation: str = Field(default="", max_length=200)
    department: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    """Where in the organisation they work (segments of the training-needs analysis)."""


class Person(PersonBase, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True, index=True, max_length=36)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


# -- assessments -----------------------------------------------------------------------


class AssessmentBase(SQLModel):
    framework_id: str = Field(max_length=64)
    framework_version: str = Field(max_length=64)
    kind: str = Field(default=AssessmentKind.SELF.value, max_length=16)
    assessed_on: date
    status: str = Field(default=AssessmentStatus.DRAFT.value, max_length=16)
    group_id: str = Field(default="", max_length=64, sa_column_kwargs={"server_default": ""})
    """The framework group the assessment is made for (its targets, what it asks)."""


class Assessment(AssessmentBase, table=True):
    __tablename__ = "assessment"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True, index=True, max_length=36)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    completed_at: datetime | None = None


# -- ratings ---------------------------------------------------------------------------


class Rating(SQLModel, table=True):
    """One behaviour's rating in one assessment: the unit of autosave."""

    __tablename__ = "rating"
    __table_args__ = (
        UniqueConstraint("assessment_id", "behaviour_id", name="uq_rating_assessment_behaviour"),
    )

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True, ondelete="CASCADE")
    behaviour_id: str = Field(max_length=128)
    level: int | None = None
    not_applicable: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    """Answered "not applicable" (the framework's ``[not_applicable]``): no level."""
    evidence: str = Field(default="")
    updated_at: datetime = Field(default_factory=utcnow)


class PromptAnswer(SQLModel, table=True):
    """The answer, in words, to one of a framework's narrative prompts."""

    __tablename__ = "prompt_answer"
    __table_args__ = (
        UniqueConstraint("assessment_id", "prompt_id", name="uq_prompt_answer_assessment_prompt"),
    )

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True, ondelete="CASCADE")
    prompt_id: str = Field(max_length=128)
    text: str = Field(default="")
    updated_at: datetime = Field(default_factory=utcnow)


# -- frameworks used by assessments ------------------------------------------------------


class FrameworkSnapshot(SQLModel, table=True):
    """The exact framework file an assessment was made with, kept with the data.

    An assessment must show the same framework for ever, even when the file that
    installed it is gone, and a portable file must carry it to another computer.
    """

    __tablename__ = "framework_snapshot"
    __table_args__ = (
        UniqueConstraint("framework_id", "version", name="uq_framework_snapshot_id_version"),
    )

    id: int | None = Field(default=None, primary_key=True)
    framework_id: str = Field(max_length=64)
    version: str = Field(max_length=64)
    sha256: str = Field(max_length=64)
    content: str
    stored_at: datetime = Field(default_factory=utcnow)


# -- development plans -------------------------------------------------------------------


class Plan(SQLModel, table=True):
    """The development plan of one assessment."""

    __tablename__ = "plan"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True, index=True, max_length=36)
    assessment_id: int = Field(
        foreign_key="assessment.id", unique=True, index=True, ondelete="CASCADE"
    )
    review_date: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class PlanObjective(SQLModel, table=True):
    """One objective of a plan, in the order the plan lists them (``position`` from 0)."""

    __tablename__ = "objective"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True, index=True, max_length=36)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    position: int = 0
    text: str
    behaviour_ids: str = Field(default="[]")
    """A JSON list of the linked behaviour ids."""
    activity: str = Field(default="")
    support: str = Field(default="")
    success_measure: str = Field(default="")
    target_date: date | None = None
    status: str = Field(default="not_started", max_length=32)
    carried_from_uid: str | None = Field(default=None, max_length=36)
    reflection: str = Field(default="")


# -- the appraisal: one record from self assessment to sign-off --------------------------


class Appraisal(SQLModel, table=True):
    """One appraisal of a person: the self assessment it reviews, the appraiser's
    ratings, the levels agreed in the meeting (with the plan agreed there, the plan of
    the agreed assessment) and the sign-off.

    Once ``signed_at`` is set, the appraisal and all three assessments, their ratings
    and their plans are read-only: triggers in the database refuse any change, so no
    code path can alter what was signed. A later change is a new version: another
    appraisal naming the signed one in ``replaces_uid``.
    """

    __tablename__ = "appraisal"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True, index=True, max_length=36)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    self_assessment_id: int = Field(foreign_key="assessment.id", index=True, ondelete="RESTRICT")
    appraiser_assessment_id: int | None = Field(
        default=None, foreign_key="assessment.id", index=True, ondelete="SET NULL"
    )
    agreed_assessment_id: int | None = Field(
        default=None, foreign_key="assessment.id", unique=True, ondelete="SET NULL"
    )
    appraiser_name: str = Field(default="", max_length=200)
    held_on: date
    """The appraisal's date: when the meeting is (or was) held."""
    replaces_uid: str = Field(default="", max_length=36)
    """The signed appraisal this one is a later version of, if any."""
    signed_at: datetime | None = None
    signed_by_appraisee: str = Field(default="", max_length=200)
    signed_by_appraiser: str = Field(default="", max_length=200)
    signed_profile: str = Field(default="")
    """The person as they were when signed (JSON: name, group, job title, organisation),
    so a later profile edit never changes what the signed appraisal shows."""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class AppraisalSignature(SQLModel, table=True):
    """A signature over the canonical form of a signed appraisal (one per role), with the
    public key it verifies with. Append-only."""

    __tablename__ = "appraisal_signature"
    __table_args__ = (
        UniqueConstraint("appraisal_id", "role", name="uq_appraisal_signature_appraisal_role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    appraisal_id: int = Field(foreign_key="appraisal.id", index=True, ondelete="CASCADE")
    role: str = Field(max_length=16)
    """``appraisee`` or ``appraiser``."""
    signer: str = Field(max_length=200)
    public_key: str = Field(max_length=200)
    fingerprint: str = Field(max_length=128)
    signature: str = Field(max_length=200)
    content_sha256: str = Field(max_length=64)
    """The sha256 of the canonical form signed (to tell at a glance what was signed)."""
    signed_at: datetime = Field(default_factory=utcnow)


class AppraisalCountersignature(SQLModel, table=True):
    """A party's own signature, added later on their own computer, of a signed appraisal
    signed on another (the sign-off signs both roles with the key of the computer it was
    made on). Over the same canonical form as the sign-off's; one per role and key.
    Append-only."""

    __tablename__ = "appraisal_countersignature"
    __table_args__ = (
        UniqueConstraint(
            "appraisal_id",
            "role",
            "fingerprint",
            name="uq_appraisal_countersignature_appraisal_role_fingerprint",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    appraisal_id: int = Field(foreign_key="appraisal.id", index=True, ondelete="CASCADE")
    role: str = Field(max_length=16)
    """``appraisee`` or ``appraiser``."""
    signer: str = Field(max_length=200)
    public_key: str = Field(max_length=200)
    fingerprint: str = Field(max_length=128)
    signature: str = Field(max_length=200)
    content_sha256: str = Field(max_length=64)
    signed_at: datetime = Field(default_factory=utcnow)


class KnownKey(SQLModel, table=True):
    """A public key this library trusts for files about a person (confirmed once)."""

    __tablename__ = "known_key"
    __table_args__ = (
        UniqueConstraint("person_uid", "fingerprint", name="uq_known_key_person_fingerprint"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_uid: str = Field(max_length=36, index=True)
    public_key: str = Field(max_length=200)
    fingerprint: str = Field(max_length=128)
    trusted_at: datetime = Field(default_factory=utcnow)


#: What a refused change to a signed record says (also matched to recognise the refusal).
SIGNED_READ_ONLY = "signed records are read-only"


class SignedRecordError(UserError):
    """A change to a signed appraisal, its assessments, their ratings or plans was refused."""


def frozen_condition(assessment_id: str) -> str:
    """SQL true when the assessment ``assessment_id`` belongs to a signed appraisal."""
    return (
        "EXISTS (SELECT 1 FROM appraisal WHERE appraisal.signed_at IS NOT NULL AND "
        f"{assessment_id} IN (appraisal.self_assessment_id, "
        "appraisal.appraiser_assessment_id, appraisal.agreed_assessment_id))"
    )


def _frozen_plan(plan_id: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM plan WHERE plan.id = {plan_id} AND "
        + frozen_condition("plan.assessment_id")
        + ")"
    )


def _trigger(name: str, event_: str, table: str, when: str) -> str:
    return (
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {event_} ON {table} WHEN {when} "
        f"BEGIN SELECT RAISE(ABORT, '{SIGNED_READ_ONLY}'); END"
    )


#: The SQLite triggers that keep a signed appraisal as it was signed (migrations 0004, 0005).
SIGNED_TRIGGERS: tuple[str, ...] = (
    _trigger("signed_rating_insert", "INSERT", "rating", frozen_condition("NEW.assessment_id")),
    _trigger("signed_rating_update", "UPDATE", "rating", frozen_condition("OLD.assessment_id")),
    _trigger("signed_rating_delete", "DELETE", "rating", frozen_condition("OLD.assessment_id")),
    _trigger("signed_assessment_update", "UPDATE", "assessment", frozen_condition("OLD.id")),
    _trigger("signed_assessment_delete", "DELETE", "assessment", frozen_condition("OLD.id")),
    _trigger("signed_appraisal_update", "UPDATE", "appraisal", "OLD.signed_at IS NOT NULL"),
    _trigger("signed_appraisal_delete", "DELETE", "appraisal", "OLD.signed_at IS NOT NULL"),
    _trigger("signed_plan_insert", "INSERT", "plan", frozen_condition("NEW.assessment_id")),
    _trigger("signed_plan_update", "UPDATE", "plan", frozen_condition("OLD.assessment_id")),
    _trigger("signed_plan_delete", "DELETE", "plan", frozen_condition("OLD.assessment_id")),
    _trigger("signed_objective_insert", "INSERT", "objective", _frozen_plan("NEW.plan_id")),
    _trigger("signed_objective_update", "UPDATE", "objective", _frozen_plan("OLD.plan_id")),
    _trigger("signed_objective_delete", "DELETE", "objective", _frozen_plan("OLD.plan_id")),
    _trigger(
        "signed_prompt_answer_insert",
        "INSERT",
        "prompt_answer",
        frozen_condition("NEW.assessment_id"),
    ),
    _trigger(
        "signed_prompt_answer_update",
        "UPDATE",
        "prompt_answer",
        frozen_condition("OLD.assessment_id"),
    ),
    _trigger(
        "signed_prompt_answer_delete",
        "DELETE",
        "prompt_answer",
        frozen_condition("OLD.assessment_id"),
    ),
    # A signature, once recorded, is never changed or taken away (migration 0006).
    _trigger("signature_kept_update", "UPDATE", "appraisal_signature", "TRUE"),
    _trigger("signature_kept_delete", "DELETE", "appraisal_signature", "TRUE"),
    # Nor is a countersignature (migration 0008).
    _trigger("countersignature_kept_update", "UPDATE", "appraisal_countersignature", "TRUE"),
    _trigger("countersignature_kept_delete", "DELETE", "appraisal_countersignature", "TRUE"),
)


def postgresql_triggers() -> tuple[tuple[str, str, str], ...]:
    """:data:`SIGNED_TRIGGERS` for PostgreSQL, as the migrations write them there:
    ``(name, function, trigger)`` each, a plpgsql function of the trigger's name with the
    same condition (a trigger's ``WHEN`` cannot hold a subquery there), run as its owner,
    and a row trigger calling it."""
    import re

    shape = re.compile(
        r"CREATE TRIGGER IF NOT EXISTS (\w+) BEFORE (\w+) ON (\w+) WHEN (.+) "
        r"BEGIN SELECT RAISE\(ABORT, '[^']*'\); END",
        re.DOTALL,
    )
    made = []
    for statement in SIGNED_TRIGGERS:
        found = shape.fullmatch(statement)
        assert found is not None, statement
        name, event_, table, when = found.groups()
        row = "OLD" if event_ == "DELETE" else "NEW"
        function = (
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
            "SECURITY DEFINER SET search_path FROM CURRENT AS $ppf$ BEGIN "
            f"IF {when} THEN RAISE EXCEPTION '{SIGNED_READ_ONLY}' USING ERRCODE = 'P0001'; "
            f"END IF; RETURN {row}; END $ppf$"
        )
        trigger = (
            f"CREATE TRIGGER {name} BEFORE {event_} ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION {name}()"
        )
        made.append((name, function, trigger))
    return tuple(made)


@event.listens_for(SQLModel.metadata, "after_create")
def _create_signed_triggers(_target: object, connection: Connection, **_kw: object) -> None:
    if connection.dialect.name == "sqlite":
        for statement in SIGNED_TRIGGERS:
            connection.exec_driver_sql(statement)
    elif connection.dialect.name == "postgresql":
        for _name, function, trigger in postgresql_triggers():
            connection.exec_driver_sql(function)
            connection.exec_driver_sql(trigger)


def watch_signed_refusals(engine: Engine) -> None:
    """Turn the sign-off triggers' refusals on ``engine`` into :class:`SignedRecordError`."""
    event.listen(engine, "handle_error", _signed_refusal)


def _signed_refusal(context: ExceptionContext) -> Exception | None:
    """A trigger's refusal becomes a :class:`SignedRecordError` the user can read."""
    return signed_refusal(context.original_exception)


def signed_refusal(error: BaseException) -> SignedRecordError | None:
    """A trigger's refusal as a :class:`SignedRecordError` the user can read; None for
    any other error."""
    if SIGNED_READ_ONLY in str(error):
        return SignedRecordError(
            "this assessment belongs to a signed appraisal: it and its plan are read-only; "
            "start a new version to make changes"
        )
    return None


# -- learning pairs --------------------------------------------------------------------


class LearningPair(SQLModel, table=True):
    """A clinician-manager learning pair: who, for how long, what each learns, and the
    joint improvement project.

    ``left`` is the person of the first group matched (a clinician by default), ``right``
    of the second. Each side keeps the behaviours the pairing targets for that person
    (where they were below target and the partner above), the objectives of their own
    plan it serves, and the self assessments made before and after.
    """

    __tablename__ = "learning_pair"
    __table_args__ = (
        CheckConstraint("months BETWEEN 1 AND 9", name="months"),
        CheckConstraint("left_person_id <> right_person_id", name="two_people"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True, index=True, max_length=36)
    framework_id: str = Field(max_length=64)
    """The framework whose assessments the pair was matched on."""
    left_person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    right_person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    left_group: str = Field(default="", max_length=64)
    right_group: str = Field(default="", max_length=64)
    score: int = 0
    """The pair's complementarity when it was made."""
    left_targets: str = Field(default="[]")
    """A JSON list of the behaviour ids the pairing targets for the left person."""
    right_targets: str = Field(default="[]")
    left_objectives: str = Field(default="[]")
    """A JSON list of the uids of the left person's objectives the pairing serves."""
    right_objectives: str = Field(default="[]")
    left_before_id: int | None = Field(
        default=None, foreign_key="assessment.id", ondelete="SET NULL"
    )
    right_before_id: int | None = Field(
        default=None, foreign_key="assessment.id", ondelete="SET NULL"
    )
    left_after_id: int | None = Field(
        default=None, foreign_key="assessment.id", ondelete="SET NULL"
    )
    right_after_id: int | None = Field(
        default=None, foreign_key="assessment.id", ondelete="SET NULL"
    )
    start_on: date
    months: int = 9
    agreed_on: date | None = None
    """When both signed the agreement."""
    ended_on: date | None = None
    """When the pairing was closed (None while it runs its course)."""
    project_title: str = Field(default="", max_length=200)
    project_aim: str = Field(default="")
    project_measure: str = Field(default="")
    project_presented_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class PairMeeting(SQLModel, table=True):
    """A meeting a learning pair held, with its note."""

    __tablename__ = "pair_meeting"

    id: int | None = Field(default=None, primary_key=True)
    pair_id: int = Field(foreign_key="learning_pair.id", index=True, ondelete="CASCADE")
    held_on: date
    note: str = Field(default="")
    created_at: datetime = Field(default_factory=utcnow)


class PairShadowing(SQLModel, table=True):
    """A shadowing session: one of the pair shadowed the other (the host) somewhere."""

    __tablename__ = "pair_shadowing"

    id: int | None = Field(default=None, primary_key=True)
    pair_id: int = Field(foreign_key="learning_pair.id", index=True, ondelete="CASCADE")
    held_on: date
    shadow_person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    """Who did the shadowing; the other person of the pair was shadowed."""
    place: str = Field(default="", max_length=200)
    learned: str = Field(default="")
    created_at: datetime = Field(default_factory=utcnow)
