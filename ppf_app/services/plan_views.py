"""Plain records of development plans the plan services hand out and take in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ppf_app.domain.objective_status import ObjectiveStatus


@dataclass(frozen=True)
class ObjectiveInput:
    """An objective as a person writes it (to add, or to replace an existing one).

    ``target_date`` may be a date, an ISO text (``YYYY-MM-DD``) or None/blank; ``status``
    a status value (``in_progress``) or its label (``In progress``).
    """

    text: str
    behaviour_ids: tuple[str, ...] = ()
    activity: str = ""
    support: str = ""
    success_measure: str = ""
    target_date: date | str | None = None
    status: str = ObjectiveStatus.NOT_STARTED.value
    reflection: str = ""


@dataclass(frozen=True)
class ObjectiveView:
    uid: str
    position: int
    """From 0, in the order the plan lists its objectives."""
    text: str
    behaviour_ids: tuple[str, ...]
    activity: str
    support: str
    success_measure: str
    target_date: date | None
    status: ObjectiveStatus
    carried_from_uid: str | None
    reflection: str

    @property
    def is_open(self) -> bool:
        """Judged by the status alone: neither done nor carried forward.

        Whether an objective is still to carry into a new plan also depends on later
        plans: :func:`ppf_app.services.plans.open_objectives_of_last_plan` says that.
        """
        return self.status.is_open

    def as_input(self) -> ObjectiveInput:
        """The objective as an input, to edit a field and pass to ``update_objective``."""
        return ObjectiveInput(
            text=self.text,
            behaviour_ids=self.behaviour_ids,
            activity=self.activity,
            support=self.support,
            success_measure=self.success_measure,
            target_date=self.target_date,
            status=self.status.value,
            reflection=self.reflection,
        )


@dataclass(frozen=True)
class PlanView:
    """An assessment's plan. ``uid`` is None while nothing has been stored for it yet."""

    assessment_id: int
    uid: str | None
    review_date: date | None
    objectives: tuple[ObjectiveView, ...] = ()
    updated_at: datetime | None = None

    @property
    def open_objectives(self) -> tuple[ObjectiveView, ...]:
        return tuple(o for o in self.objectives if o.is_open)
