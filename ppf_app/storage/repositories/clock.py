"""The time stamps repositories write: aware UTC datetimes, as the tables expect."""

from __future__ import annotations

from datetime import UTC, datetime

from ppf_app.storage.models import utcnow


def now() -> datetime:
    return utcnow()


def as_stored(moment: datetime) -> datetime:
    """``moment`` as aware UTC (a naive value, as older code wrote, is taken to be UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
