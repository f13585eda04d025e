"""The meeting screen: self and appraiser ratings side by side, the agreed levels, the
previous plan's objectives to review, and the sign-off."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ppf_app.domain.numbering import behaviour_numbers
from ppf_app.domain.objective_status import ObjectiveStatus
from ppf_app.services import appraisal, assessments, objective_review, people, plans
from ppf_app.services.appraisal import MeetingView
from ppf_app.services.lookups import require_person
from ppf_app.services.plan_views import ObjectiveView
from ppf_app.services.screens.common import LevelChoice, level_choices
from ppf_app.services.unit import unit
from ppf_app.services.views import PersonView

if TYPE_CHECKING:
    from ppf_app.services.library import Library


@dataclass(frozen=True)
class ReviewItem:
    """An objective of the previous plan, and what the meeting recorded about it.

    Once reviewed, ``objective`` is its copy in the meeting's plan, whose status says
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

    @property
    def signed(self) -> bool:
        return self.meeting.signed


def meeting_screen(lib: Library, self_assessment_id: int) -> MeetingScreen:
    """Everything the meeting screen shows for the meeting on a self assessment.

    Raises:
        NotFound: no such assessment.
        UserError: it is not a self assessment.
    """
    with unit(lib) as work:
        meeting = appraisal.meeting_view(lib, self_assessment_id)
        own = meeting.self_assessment
        person = people.person_view(require_person(own.person_id, session=work.session))
        framework = assessments.framework_by_key(
            lib, own.framework_id, own.framework_version, session=work.session
        )
        agreed = meeting.agreed_assessment
        reviewed: list[ReviewItem] = []
        if agreed is not None:
            reviewed = [
                ReviewItem(objective, reviewed=True)
                for objective in plans.plan_of(agreed.id, session=work.session).objectives
                if objective.carried_from_uid
            ]
        done = {item.objective.carried_from_uid for item in reviewed}
        owner = agreed.id if agreed is not None else own.id
        open_ones = [
            ReviewItem(objective, reviewed=False)
            for objective in objective_review.objectives_to_review(lib, owner)
            if objective.uid not in done
        ]
    return MeetingScreen(
        meeting=meeting,
        person=person,
        levels=level_choices(framework),
        numbers=behaviour_numbers(framework),
        to_review=(*reviewed, *open_ones),
    )
