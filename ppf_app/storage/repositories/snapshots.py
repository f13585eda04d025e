"""The stored copies of the framework files assessments were made with."""

from __future__ import annotations

from sqlmodel import Session, select

from ppf_app.storage.models import FrameworkSnapshot
from ppf_app.storage.repositories.clock import now


def get(framework_id: str, version: str, *, session: Session) -> FrameworkSnapshot | None:
    statement = select(FrameworkSnapshot).where(
        FrameworkSnapshot.framework_id == framework_id, FrameworkSnapshot.version == version
    )
    return session.exec(statement).first()


def add(
    framework_id: str, version: str, *, sha256: str, content: str, session: Session
) -> FrameworkSnapshot:
    snapshot = FrameworkSnapshot(
        framework_id=framework_id,
        version=version,
        sha256=sha256,
        content=content,
        stored_at=now(),
    )
    session.add(snapshot)
    session.flush()
    return snapshot
