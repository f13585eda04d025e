"""Where an objective of a development plan stands."""

from __future__ import annotations

from enum import StrEnum


class ObjectiveStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CARRIED_FORWARD = "carried_forward"

    @property
    def label(self) -> str:
        """The status as a person reads it ("not started", ...)."""
        return self.value.replace("_", " ")

    @property
    def is_open(self) -> bool:
        """Still to be worked on: neither done nor carried into a later plan."""
        return self not in (ObjectiveStatus.DONE, ObjectiveStatus.CARRIED_FORWARD)

    @classmethod
    def parse(cls, text: str) -> ObjectiveStatus | None:
        """The status a value (``in_progress``) or a label (``In progress``) names, else None."""
        key = text.strip().lower().replace(" ", "_").replace("-", "_")
        try:
            return cls(key)
        except ValueError:
            return None


def status_choices() -> str:
    return ", ".join(status.value for status in ObjectiveStatus)
