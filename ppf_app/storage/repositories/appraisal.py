"""Reading and writing the appraisal facts of assessments (who rated, what, sign-off).

A signed record is refused by the database itself (see ``models.SIGNED_TRIGGERS``); the
functions here also check first, so callers get the refusal before any work is done.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from ppf_app.storage.models import Appraisal, Assessment, SignedRecordError
from ppf_app.storage.repositories.clock import as_stored


def get(assessment_id: int, *, session: Session) -> Appraisal | None:
    statement = select(Appraisal).where(Appraisal.assessment_id == assessment_id)
    return session.exec(statement).first()


def for_assessments(assessment_ids: Sequence[int], *, session: Session) -> dict[int, Appraisal]:
    """The appraisal rows of the given assessments, by assessment id."""
    if not assessment_ids:
        return {}
    statement = select(Appraisal).where(col(Appraisal.assessment_id).in_(assessment_ids))
    return {row.assessment_id: row for row in session.exec(statement)}


def reviewing(reviews_uid: str, *, session: Session) -> Sequence[tuple[Assessment, Appraisal]]:
    """The assessments that review the self assessment ``reviews_uid``, newest first."""
    statement = (
        select(Assessment, Appraisal)
        .join(Appraisal, col(Appraisal.assessment_id) == col(Assessment.id))
        .where(Appraisal.reviews_uid == reviews_uid)
        .order_by(col(Assessment.created_at).desc(), col(Assessment.id).desc())
    )
    return [(assessment, appraisal) for assessment, appraisal in session.exec(statement)]


def is_signed(assessment_id: int, *, session: Session) -> bool:
    row = get(assessment_id, session=session)
    return row is not None and row.signed_at is not None


def require_unsigned(assessment_id: int, *, session: Session) -> None:
    """Raise :class:`SignedRecordError` when the assessment is signed."""
    if is_signed(assessment_id, session=session):
        raise SignedRecordError(
            f"assessment {assessment_id} is signed: it and its plan are read-only; "
            "open a new version to make changes"
        )


def save(
    assessment_id: int,
    *,
    reviews_uid: str,
    rated_by: str,
    replaces_uid: str = "",
    session: Session,
) -> Appraisal:
    """Create or update the (unsigned) appraisal facts of an assessment."""
    row = get(assessment_id, session=session)
    if row is None:
        row = Appraisal(assessment_id=assessment_id)
    elif row.signed_at is not None:
        require_unsigned(assessment_id, session=session)
    row.reviews_uid = reviews_uid
    row.rated_by = rated_by
    row.replaces_uid = replaces_uid
    session.add(row)
    session.flush()
    return row


def sign(
    assessment_id: int, *, appraisee: str, appraiser: str, at: datetime, session: Session
) -> Appraisal:
    """Record the sign-off; from now on the assessment and its plan are read-only."""
    row = get(assessment_id, session=session)
    if row is None:
        row = Appraisal(assessment_id=assessment_id)
    require_unsigned(assessment_id, session=session)
    row.signed_by_appraisee = appraisee
    row.signed_by_appraiser = appraiser
    row.signed_at = as_stored(at)
    session.add(row)
    session.flush()
    return row
