"""The kinds and states of an assessment, as the whole product names them.

Storage keeps the values, views and the command line show them, and the app shows the
labels (translated there); nothing else spells them out.
"""

from __future__ import annotations

from enum import StrEnum


class AssessmentKind(StrEnum):
    """Who rated: the person themselves, their appraiser, or both together."""

    SELF = "self"
    APPRAISER = "appraiser"
    AGREED = "agreed"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> AssessmentKind | None:
        try:
            return cls(text.strip().lower())
        except ValueError:
            return None


_KIND_LABELS = {
    AssessmentKind.SELF: "Self-assessment",
    AssessmentKind.APPRAISER: "Appraiser's assessment",
    AssessmentKind.AGREED: "Agreed assessment",
}


class AssessmentStatus(StrEnum):
    """Whether a person is still rating or has said they are done."""

    DRAFT = "draft"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        return "Draft" if self is AssessmentStatus.DRAFT else "Complete"
