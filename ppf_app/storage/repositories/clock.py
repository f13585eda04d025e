"""The time stamps repositories write: aware UTC datetimes.

SQLModel's datetime columns refuse naive values, so every stamp written here carries
its time zone; SQLite keeps it as UTC text and hands it back as aware UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)


def as_stored(moment: datetime) -> datetime:
    """``moment`` as aware UTC (a naive value is taken to be UTC already)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
