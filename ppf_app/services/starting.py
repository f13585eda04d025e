"""Starting an assessment, with the open objectives of the last plan carried into its
plan in the same step."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from ppf_app.services import assessments, plans
from ppf_app.services.plan_views import ObjectiveView
from ppf_app.services.unit import unit
from ppf_app.services.views import AssessmentView

if TYPE_CHECKING:
    from ppf_app.services.library import Library


def objectives_to_carry(lib: Library, person_id: int) -> list[ObjectiveView]:
    """The open objectives of the person's last plan, to offer to a new assessment."""
    return plans.open_objectives_of_last_plan(lib, person_id)


def start(
    lib: Library,
    person_id: int,
    framework_id: str | None = None,
    version: str | None = None,
    *,
    kind: str = "self",
    assessed_on: date | None = None,
    carry: Sequence[str] = (),
    group_id: str | None = None,
) -> AssessmentView:
    """Start an assessment and carry the objectives ``carry`` (uids) into its plan.

    ``group_id`` is the framework group the assessment is made for (the person's usual
    group when None). One unit of work: when an objective cannot be carried, no
    assessment is started.
    """
    with unit(lib) as work:
        view = assessments.start_assessment(
            lib,
            person_id,
            framework_id,
            version,
            kind=kind,
            assessed_on=assessed_on,
            group_id=group_id,
        )
        if carry:
            plans.carry_objectives(work, view.id, carry)
        return view
