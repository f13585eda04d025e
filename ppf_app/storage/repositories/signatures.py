"""The signatures and countersignatures of signed appraisals (append-only: the database
refuses any change)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from ppf_app.storage.models import AppraisalCountersignature, AppraisalSignature
from ppf_app.storage.repositories.clock import as_stored


def for_appraisal(appraisal_id: int, *, session: Session) -> Sequence[AppraisalSignature]:
    """An appraisal's signatures, in the order they were made."""
    statement = (
        select(AppraisalSignature)
        .where(AppraisalSignature.appraisal_id == appraisal_id)
        .order_by(col(AppraisalSignature.id))
    )
    return session.exec(statement).all()


def add(signature: AppraisalSignature, *, session: Session) -> AppraisalSignature:
    signature.signed_at = as_stored(signature.signed_at)
    session.add(signature)
    session.flush()
    return signature


def countersignatures(
    appraisal_id: int, *, session: Session
) -> Sequence[AppraisalCountersignature]:
    """An appraisal's countersignatures, in the order they were added."""
    statement = (
        select(AppraisalCountersignature)
        .where(AppraisalCountersignature.appraisal_id == appraisal_id)
        .order_by(col(AppraisalCountersignature.id))
    )
    return session.exec(statement).all()


def add_countersignature(
    signature: AppraisalCountersignature, *, session: Session
) -> AppraisalCountersignature:
    signature.signed_at = as_stored(signature.signed_at)
    session.add(signature)
    session.flush()
    return signature
