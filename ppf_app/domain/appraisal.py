"""The appraisal as one record: where it stands, which levels its plan follows, and what
sign-off asks for.

An appraisal reviews one self assessment. The appraiser rates the same behaviours; in
the meeting both agree a level for each behaviour (or keep the person's own), agree the
plan and sign. These rules are the same for the app, the command line and the reports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum

from ppf_app.domain.answers import Answer


class RecordStage(StrEnum):
    """Where a self assessment or an appraisal stands, as a person would say it."""

    SELF_IN_PROGRESS = "self_in_progress"
    READY_FOR_APPRAISAL = "ready_for_appraisal"
    APPRAISER_RATING = "appraiser_rating"
    IN_MEETING = "in_meeting"
    SIGNED = "signed"

    @property
    def label(self) -> str:
        return _STAGE_LABELS[self]


_STAGE_LABELS = {
    RecordStage.SELF_IN_PROGRESS: "Self assessment in progress",
    RecordStage.READY_FOR_APPRAISAL: "Ready for appraisal",
    RecordStage.APPRAISER_RATING: "Appraiser rating",
    RecordStage.IN_MEETING: "In meeting",
    RecordStage.SIGNED: "Signed",
}


def self_stage(complete: bool) -> RecordStage:
    """A self assessment without an appraisal."""
    return RecordStage.READY_FOR_APPRAISAL if complete else RecordStage.SELF_IN_PROGRESS


def appraisal_stage(*, signed: bool, appraiser_complete: bool, agreed: int) -> RecordStage:
    """An appraisal: signed; in the meeting once the appraiser is done or a level is
    agreed; else still with the appraiser."""
    if signed:
        return RecordStage.SIGNED
    if appraiser_complete or agreed:
        return RecordStage.IN_MEETING
    return RecordStage.APPRAISER_RATING


def plan_levels(
    self_levels: Mapping[str, Answer], agreed: Mapping[str, Answer]
) -> dict[str, Answer]:
    """The answers an appraisal's plan follows: agreed where agreed (a level or "not
    applicable"), the person's own elsewhere."""
    levels = dict(self_levels)
    for behaviour_id, level in agreed.items():
        if level is not None:
            levels[behaviour_id] = level
    return levels


#: How many behaviours a sign-off refusal names before "and N more".
NAMED = 6


def sign_off_problems(
    unagreed: Sequence[str], *, objectives: int, review_date: date | None
) -> list[str]:
    """What stops an appraisal being signed; empty when it can be.

    Args:
        unagreed: the numbers (``1.2``) of the behaviours with no agreed level.
        objectives: how many objectives the agreed plan has.
        review_date: when the plan is to be reviewed.
    """
    problems: list[str] = []
    if unagreed:
        named = ", ".join(unagreed[:NAMED])
        more = len(unagreed) - NAMED
        if more > 0:
            named += f" and {more} more"
        count = len(unagreed)
        noun = "behaviour has" if count == 1 else "behaviours have"
        problems.append(
            f"{count} {noun} no agreed level ({named}): agree each, or keep the "
            "person's own levels with Agree all remaining at self level"
        )
    if objectives < 1:
        problems.append("the plan has no objective: agree at least one")
    if review_date is None:
        problems.append("the plan has no review date: set when it will be reviewed")
    return problems
