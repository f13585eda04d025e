"""Plain records the services hand to the UI, the CLI and the reports.

Never ORM objects: these are frozen snapshots, safe to keep after the session that read
them has closed and to pass between threads. Services that change something return the
updated view (or a small change record built from views), so a page can refresh
without reading everything again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from ppf_app.domain.answers import NOT_APPLICABLE, Answer


def as_utc(moment: datetime) -> datetime:
    """A stored moment as an aware UTC datetime (the database may hand back naive UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class PersonView:
    id: int
    uid: str
    name: str
    professional_group: str
    job_title: str
    organisation: str
    created_at: datetime
    updated_at: datetime
    department: str = ""


@dataclass(frozen=True)
class Progress:
    """How many of a framework's behaviours an assessment has a level for."""

    answered: int
    total: int

    @property
    def is_full(self) -> bool:
        return self.answered >= self.total

    @property
    def fraction(self) -> float:
        return self.answered / self.total if self.total else 1.0


@dataclass(frozen=True)
class AssessmentView:
    id: int
    uid: str
    person_id: int
    framework_id: str
    framework_version: str
    framework_title: str
    kind: str
    assessed_on: date
    status: str
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    progress: Progress
    group_id: str = ""
    """The framework group the assessment is made for (its targets and what it asks)."""

    @property
    def is_complete(self) -> bool:
        return self.status == "complete"


@dataclass(frozen=True)
class RatingView:
    behaviour_id: str
    level: int | None
    evidence: str
    updated_at: datetime
    not_applicable: bool = False
    """Answered "not applicable" (then ``level`` is None)."""

    @property
    def answer(self) -> Answer:
        """The answer as the domain reads it: a level, NOT_APPLICABLE or None."""
        return NOT_APPLICABLE if self.not_applicable else self.level

    @property
    def answered(self) -> bool:
        return self.level is not None or self.not_applicable


@dataclass(frozen=True)
class RatingChange:
    """What one autosave changed: the rating (None once cleared) and the assessment."""

    assessment: AssessmentView
    behaviour_id: str
    rating: RatingView | None


@dataclass(frozen=True)
class CompletionResult:
    """The outcome of asking to complete an assessment.

    ``completed`` is False when behaviours were left unanswered and completion was not
    forced: the caller points them out (``unanswered``, in framework order) and may ask
    again with ``force=True``.
    """

    assessment: AssessmentView
    unanswered: tuple[str, ...]
    completed: bool


@dataclass(frozen=True)
class ImportResult:
    """A CSV of ratings recorded as a completed assessment."""

    assessment: AssessmentView
    rated: int
    unanswered: tuple[str, ...]


@dataclass(frozen=True)
class PortableImportResult:
    """What a portable file changed in the library."""

    person: PersonView
    person_created: bool
    assessments_created: int
    assessments_updated: int
