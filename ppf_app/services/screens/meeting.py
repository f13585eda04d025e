"""The meeting screen: an appraisal's self and appraiser ratings side by side, the agreed
levels, the previous plan's objectives to review, and what sign-off still needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ppf_app.domain.appraisal import sign_off_problems
from ppf_app.domain.objective_status import ObjectiveStatus
from ppf_app.services import appraisal, assessments, keys, objective_review, people, plans
from ppf_app.services.appraisal import AppraisalView, MeetingView
from ppf_app.services.lookups import require_person
from ppf_app.services.plan_views import ObjectiveView, PlanView
from ppf_app.services.screens.common import LevelChoice, level_choices
from ppf_app.services.unit import unit
from ppf_app.services.views import PersonView

if TYPE_CHECKING:
    from ppf_app.services.library import Library


@dataclass(frozen=True)
class ReviewItem:
    """An objective of the previous plan, and what the meeting recorded about it.

    Once reviewed, ``objective`` is its copy in the appraisal's plan, whose status says
    whether it was done or goes on; ``reviewed`` is False while nothing is recorded.
    """

    objective: ObjectiveView
    reviewed: bool

    @property
    def done(self) -> bool:
        return self.reviewed and self.objective.status == ObjectiveStatus.DONE


@dataclass(frozen=True)
class MeetingScreen:
    meeting: MeetingView
    person: PersonView
    levels: tuple[LevelChoice, ...]
    numbers: dict[str, str]
    to_review: tuple[ReviewItem, ...]
    plan: PlanView
    """The appraisal's plan (the agreed one)."""
    sign_off_needs: tuple[str, ...]
    """What stops signing now (empty: it can be signed)."""
    not_applicable_label: str = ""
    """The framework's "not applicable" answer (empty: it offers none)."""
    not_applicable_allowed: frozenset[str] = frozenset()
    """The behaviours whose agreed answer may be "not applicable"."""
    may_countersign: tuple[str, ...] = ()
    """The roles this library's own key may still sign a signed appraisal for (none when
    it signed both, as the computer of the meeting does, or the signatures do not hold)."""

    @property
    def appraisal(self) -> AppraisalView:
        return self.meeting.appraisal

    @property
    def signed(self) -> bool:
        return self.meeting.signed


def meeting_screen(lib: Library, appraisal_id: int) -> MeetingScreen:
    """Everything the meeting screen shows for one appraisal.

    Raises:
        NotFound: no such appraisal.
    """
    with unit(lib) as work:
        meeting = appraisal.meeting_view(lib, appraisal_id)
        record = meeting.appraisal
        person = people.person_view(require_person(record.person_id, session=work.session))
        framework = assessments.framework_for(lib, record.self_assessment)
        agreed = record.agreed_assessment
        plan = (
            plans.plan_of(agreed.id, session=work.session)
            if agreed is not None
            else PlanView(assessment_id=record.self_assessment.id, uid=None, review_date=None)
        )
        reviewed = [
            ReviewItem(objective, reviewed=True)
            for objective in plan.objectives
            if objective.carried_from_uid
        ]
        done = {item.objective.carried_from_uid for item in reviewed}
        owner = agreed.id if agreed is not None else record.self_assessment.id
        open_ones = [
            ReviewItem(objective, reviewed=False)
            for objective in objective_review.objectives_to_review(lib, owner)
            if objective.uid not in done
        ]
    needs = (
        ()
        if record.signed
        else tuple(
            sign_off_problems(
                [meeting.numbers[row.behaviour_id] for row in meeting.unagreed],
                objectives=len(plan.objectives),
                review_date=plan.review_date,
            )
        )
    )
    own = keys.existing_key(lib) if record.signed else None
    return MeetingScreen(
        may_countersign=record.signature.open_to(own.fingerprint if own is not None else None),
        meeting=meeting,
        person=person,
        levels=level_choices(framework),
        numbers=meeting.numbers,
        to_review=(*reviewed, *open_ones),
        plan=plan,
        sign_off_needs=needs,
        not_applicable_label=framework.not_applicable_label or "",
        not_applicable_allowed=frozenset(
            row.behaviour_id
            for row in meeting.rows
            if framework.allows_not_applicable(row.behaviour_id)
        ),
    )
