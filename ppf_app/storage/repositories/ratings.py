"""Reading and writing the ratings of an assessment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple
from weakref import WeakKeyDictionary

from sqlalchemy import Boolean, Connection, Engine, Table, bindparam, text
from sqlmodel import Session, col, select
from sqlmodel import delete as delete_rows

from ppf_app.storage.models import Rating
from ppf_app.storage.repositories.clock import as_stored, now


def list_for_assessment(assessment_id: int, *, session: Session) -> Sequence[Rating]:
    statement = select(Rating).where(Rating.assessment_id == assessment_id).order_by(col(Rating.id))
    return session.exec(statement).all()


def get(assessment_id: int, behaviour_id: str, *, session: Session) -> Rating | None:
    statement = select(Rating).where(
        Rating.assessment_id == assessment_id, Rating.behaviour_id == behaviour_id
    )
    return session.exec(statement).first()


def upsert(
    assessment_id: int,
    behaviour_id: str,
    *,
    level: int | None,
    evidence: str,
    session: Session,
    not_applicable: bool = False,
) -> Rating:
    """Create or replace one behaviour's rating in one assessment."""
    rating = get(assessment_id, behaviour_id, session=session)
    if rating is None:
        rating = Rating(assessment_id=assessment_id, behaviour_id=behaviour_id)
    rating.level = None if not_applicable else level
    rating.not_applicable = not_applicable
    rating.evidence = evidence
    rating.updated_at = now()
    session.add(rating)
    session.flush()
    return rating


def delete(assessment_id: int, behaviour_id: str, *, session: Session) -> bool:
    """Remove one rating; False when there was none."""
    rating = get(assessment_id, behaviour_id, session=session)
    if rating is None:
        return False
    session.delete(rating)
    session.flush()
    return True


def delete_all(assessment_id: int, *, session: Session) -> None:
    session.flush()
    session.exec(delete_rows(Rating).where(col(Rating.assessment_id) == assessment_id))
    session.expire_all()


# -- autosave: plain statements, no ORM objects -----------------------------------------

_TABLE: Table = Rating.__table__  # type: ignore[attr-defined]

#: Built once: an autosave runs on every change a person makes, and building SQLAlchemy
#: statements costs more than running them. ``:keep_*`` keeps a stored value; the answer
#: is the level and the not-applicable mark together.
_WRITE = (
    text(
        "INSERT INTO rating (assessment_id, behaviour_id, level, not_applicable, evidence, "
        "updated_at) "
        "VALUES (:assessment_id, :behaviour_id, :level, :not_applicable, :evidence, "
        ":updated_at) "
        "ON CONFLICT (assessment_id, behaviour_id) DO UPDATE SET "
        "level = CASE WHEN :keep_level THEN rating.level ELSE excluded.level END, "
        "not_applicable = CASE WHEN :keep_level THEN rating.not_applicable "
        "ELSE excluded.not_applicable END, "
        "evidence = CASE WHEN :keep_evidence THEN rating.evidence ELSE excluded.evidence END, "
        "updated_at = excluded.updated_at "
        "RETURNING level, not_applicable, evidence, updated_at"
    )
    .bindparams(
        bindparam("updated_at", type_=_TABLE.c.updated_at.type),
        bindparam("not_applicable", type_=Boolean()),
        bindparam("keep_level", type_=Boolean()),
        bindparam("keep_evidence", type_=Boolean()),
    )
    .columns(_TABLE.c.level, _TABLE.c.not_applicable, _TABLE.c.evidence, _TABLE.c.updated_at)
)

#: What :func:`write` gives back: the stored level, not-applicable mark, evidence, time.
Stored = tuple[int | None, bool, str, datetime]
_DELETE_ONE = text(
    "DELETE FROM rating WHERE assessment_id = :assessment_id AND behaviour_id = :behaviour_id"
)
_ANSWERED = text(
    "SELECT count(*) FROM rating WHERE assessment_id = :assessment_id "
    "AND (level IS NOT NULL OR not_applicable)"
)
#: Databases whose SQL has ``INSERT ... ON CONFLICT ... RETURNING``.
_UPSERT_DIALECTS = frozenset({"sqlite", "postgresql"})


def _bound(
    level: int | None, not_applicable: bool, evidence: str, keep_level: bool, keep_evidence: bool
) -> dict[str, object]:
    """The values a change binds: what is not kept, and which stored values are."""
    return {
        "level": None if keep_level or not_applicable else level,
        "not_applicable": False if keep_level else not_applicable,
        "evidence": "" if keep_evidence else evidence,
        "keep_level": keep_level,
        "keep_evidence": keep_evidence,
    }


def _nothing_left(level: int | None, not_applicable: bool, evidence: str) -> bool:
    """No answer and no evidence (blank evidence is none): no rating to keep."""
    return level is None and not not_applicable and not evidence.strip()


def write(
    assessment_id: int,
    behaviour_id: str,
    *,
    level: int | None,
    evidence: str,
    not_applicable: bool = False,
    keep_level: bool = False,
    keep_evidence: bool = False,
    connection: Connection,
) -> Stored | None:
    """Set one rating's answer and evidence in one statement; what is stored after it.

    The answer is ``level``, or not applicable when ``not_applicable`` (then no level).
    ``keep_level`` / ``keep_evidence`` keep the stored answer or evidence (a new rating
    starts unanswered and with no evidence). A rating left with no answer and no evidence
    is removed, and None returned.
    """
    if not_applicable:
        level = None
    if not keep_level and not keep_evidence and _nothing_left(level, not_applicable, evidence):
        delete_one(assessment_id, behaviour_id, connection=connection)
        return None
    if connection.dialect.name not in _UPSERT_DIALECTS:
        with Session(bind=connection) as session:
            return _write_orm(
                assessment_id,
                behaviour_id,
                level,
                not_applicable,
                evidence,
                keep_level,
                keep_evidence,
                session,
            )
    row = connection.execute(
        _WRITE,
        {
            "assessment_id": assessment_id,
            "behaviour_id": behaviour_id,
            "updated_at": now(),
            **_bound(level, not_applicable, evidence, keep_level, keep_evidence),
        },
    ).one()
    stored_level: int | None = row[0]
    stored_not_applicable = bool(row[1])
    stored_evidence: str = row[2]
    updated_at: datetime = row[3]
    if _nothing_left(stored_level, stored_not_applicable, stored_evidence):
        delete_one(assessment_id, behaviour_id, connection=connection)
        return None
    return stored_level, stored_not_applicable, stored_evidence, updated_at


# -- autosave on a server: one statement ------------------------------------------------

#: The server function that writes one rating in one statement (``ppf server init`` makes
#: it; see :data:`ppf_app.storage.server_access.RATING_FUNCTION`), as ``to_regprocedure``
#: names it.
SERVER_WRITE_FUNCTION = (
    "ppf_set_rating(text, integer, text, integer, boolean, text, boolean, boolean, boolean, "
    "timestamp, text, text, text)"
)
#: The caller's ``current_user`` goes first: the function acts for the session's own
#: login only, so a session that took another role gets nothing back and goes the
#: general way, under that role's row rules.
_SERVER_WRITE = (
    "SELECT * FROM ppf_set_rating(CAST(current_user AS text), %(assessment_id)s::integer, "
    "%(behaviour_id)s::text, %(level)s::integer, %(not_applicable)s::boolean, "
    "%(evidence)s::text, %(keep_level)s::boolean, %(keep_evidence)s::boolean, "
    "%(remove)s::boolean, %(now)s::timestamp, %(framework_id)s::text, %(version)s::text, "
    "%(group_id)s::text)"
)
_HAS_SERVER_WRITE = "SELECT to_regprocedure(%(function)s) IS NOT NULL"
#: Whether each server database open has :data:`SERVER_WRITE_FUNCTION` (rules written by
#: an earlier version do not, until its owner runs ``ppf server init`` again).
_server_writes: WeakKeyDictionary[Engine, bool] = WeakKeyDictionary()


class WrittenRow(NamedTuple):
    """A row of ``ppf_set_rating``: the assessment's columns, then what was written."""

    id: int
    uid: str
    person_id: int
    framework_id: str
    framework_version: str
    kind: str
    assessed_on: date
    status: str
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    group_id: str
    stored: bool
    level: int | None
    not_applicable: bool | None
    evidence: str | None
    rated_at: datetime | None
    answered: int | None


@dataclass(frozen=True)
class ServerWrite:
    """What :func:`write_on_server` did.

    Attributes:
        assessment: the assessment's columns after its ``updated_at`` was stamped.
        stored: what is stored after the change, as :func:`write` gives it back.
        answered: how many of the assessment's ratings have an answer.
    """

    assessment: WrittenRow
    stored: Stored | None
    answered: int


def can_write_on_server(connection: Connection) -> bool:
    """Whether :func:`write_on_server` can run on this (PostgreSQL) database."""
    engine = connection.engine
    known = _server_writes.get(engine)
    if known is None:
        found = connection.exec_driver_sql(
            _HAS_SERVER_WRITE, {"function": SERVER_WRITE_FUNCTION}
        ).scalar()
        known = _server_writes[engine] = bool(found)
    return known


def write_on_server(
    assessment_id: int,
    behaviour_id: str,
    *,
    level: int | None,
    evidence: str,
    not_applicable: bool = False,
    keep_level: bool = False,
    keep_evidence: bool = False,
    checked: tuple[str, str, str],
    alone: bool = False,
    connection: Connection,
) -> ServerWrite | None:
    """Stamp the assessment's ``updated_at``, set one rating as :func:`write` does and
    count the answered ratings, in one statement on a server.

    ``checked`` is the ``(framework_id, framework_version, group_id)`` the change was
    checked against. None, with nothing written, when the assessment is not one this
    login may write, or has not those. ``alone``: the statement is the whole of its unit
    of work (see :func:`ppf_app.storage.server.first_row`).
    """
    from ppf_app.storage import server  # server mode only: not loaded for a local library

    if not_applicable:
        level = None
    remove = not keep_level and not keep_evidence and _nothing_left(level, not_applicable, evidence)
    framework_id, version, group_id = checked
    found = server.first_row(
        connection,
        _SERVER_WRITE,
        {
            "assessment_id": assessment_id,
            "behaviour_id": behaviour_id,
            **_bound(level, not_applicable, evidence, keep_level, keep_evidence),
            "remove": remove,
            "now": as_stored(now()).replace(tzinfo=None),
            "framework_id": framework_id,
            "version": version,
            "group_id": group_id,
        },
        alone=alone,
    )
    if found is None:
        return None
    row = WrittenRow._make(found)
    stored: Stored | None = None
    if row.stored:
        assert row.evidence is not None and row.rated_at is not None
        stored = (row.level, bool(row.not_applicable), row.evidence, row.rated_at)
        if _nothing_left(row.level, bool(row.not_applicable), row.evidence):
            # Blank evidence the server kept (only an empty one is removed there).
            delete_one(assessment_id, behaviour_id, connection=connection)
            stored = None
    return ServerWrite(row, stored, int(row.answered or 0))


def delete_one(assessment_id: int, behaviour_id: str, *, connection: Connection) -> None:
    """Remove one rating, if there is one (a plain statement)."""
    connection.execute(_DELETE_ONE, {"assessment_id": assessment_id, "behaviour_id": behaviour_id})


def answered_count(assessment_id: int, *, connection: Connection) -> int:
    """How many ratings of one assessment have a level."""
    result = connection.execute(_ANSWERED, {"assessment_id": assessment_id})
    return int(result.scalar_one())


def _write_orm(
    assessment_id: int,
    behaviour_id: str,
    level: int | None,
    not_applicable: bool,
    evidence: str,
    keep_level: bool,
    keep_evidence: bool,
    session: Session,
) -> Stored | None:
    current = get(assessment_id, behaviour_id, session=session)
    if keep_level:
        level = current.level if current else None
        not_applicable = bool(current.not_applicable) if current else False
    new_evidence = (current.evidence if current else "") if keep_evidence else evidence
    if level is None and not not_applicable and not new_evidence.strip():
        delete(assessment_id, behaviour_id, session=session)
        return None
    rating = upsert(
        assessment_id,
        behaviour_id,
        level=level,
        evidence=new_evidence,
        not_applicable=not_applicable,
        session=session,
    )
    session.flush()
    return rating.level, rating.not_applicable, rating.evidence, rating.updated_at
