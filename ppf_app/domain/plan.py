"""The development plan: everything a printed plan shows, as plain data.

:func:`build_plan` gathers it from a framework, a person and one assessment's answers and
evidence; the report layer turns a :class:`PlanDocument` into a PDF without looking
anything else up.

A plan is what will be done, by when, with what support, and why. So it holds:

* the **objectives** agreed, each with the behaviours it was written for (the need it
  came from: their levels and targets);
* the **suggested training areas** (:func:`ppf_app.domain.advice.advise_training`, at
  most three) and, while no objective is agreed yet, a worked SMART example for each
  (:mod:`ppf_app.domain.smart_examples`);
* the **review of the previous plan** (the rules are :func:`review_previous_plan`'s);
* the results they rest on: value averages against targets, the change since the
  previous assessment, strengths and development areas, every behaviour's answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from functools import cached_property

from ppf_app.domain.advice import DEFAULT_LIMIT, AdvisedArea, TrainingAdvice, advise_training
from ppf_app.domain.framework import Framework
from ppf_app.domain.objective_status import ObjectiveStatus
from ppf_app.domain.records import AssessmentKind
from ppf_app.domain.results import (
    AssessmentResults,
    BehaviourResult,
    Ratings,
    assessment_results,
)
from ppf_app.domain.smart_examples import ExampleObjective, example_objectives

NOT_RATED = "Not yet rated"
NOT_APPLICABLE_LABEL = "Not applicable"
#: How many strengths and development areas the plan lists.
HIGHLIGHTS = 5


@dataclass(frozen=True)
class PersonInfo:
    name: str
    group_id: str
    """The group the assessment was made for: it chooses the targets."""
    group_title: str = ""
    job_title: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class BehaviourRow:
    """One behaviour as the plan lists it under its value."""

    value_id: str
    value_title: str
    behaviour_id: str
    behaviour_text: str
    level: int | None
    level_label: str
    """The level's label on the scale, "Not yet rated", or the framework's words for
    "not applicable"."""
    target: int
    target_label: str
    evidence: str = ""
    number: str = ""
    """The behaviour's number as the app shows it (``1.2``)."""
    not_applicable: bool = False


@dataclass(frozen=True)
class Objective:
    """An objective of the plan; every field may be blank, to fill in by hand.

    ``status`` is a status value or its label (``In progress``); ``carried_from`` names
    the objective of an earlier plan this one continues or reviews (its uid), and
    ``reflection`` what was said about it when it was reviewed.
    """

    objective: str = ""
    linked_behaviours: tuple[str, ...] = ()
    activity: str = ""
    support: str = ""
    success_measure: str = ""
    target_date: date | None = None
    status: str = ""
    uid: str = ""
    carried_from: str = ""
    reflection: str = ""

    @property
    def state(self) -> ObjectiveStatus | None:
        return ObjectiveStatus.parse(self.status) if self.status else None

    @property
    def is_review_record(self) -> bool:
        """An earlier objective recorded here as done: part of the review, not of the
        objectives still to pursue."""
        return bool(self.carried_from) and self.state is ObjectiveStatus.DONE


class ReviewOutcome(StrEnum):
    """What became of an objective of the previous plan."""

    DONE = "done"
    CARRIED_FORWARD = "carried_forward"
    DROPPED = "dropped"
    NOT_REVIEWED = "not_reviewed"

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    ReviewOutcome.DONE: "Done",
    ReviewOutcome.CARRIED_FORWARD: "Carried forward",
    ReviewOutcome.DROPPED: "Dropped",
    ReviewOutcome.NOT_REVIEWED: "Not yet reviewed",
}


@dataclass(frozen=True)
class ReviewedObjective:
    """An objective of the previous plan, and what became of it."""

    text: str
    outcome: ReviewOutcome
    reflection: str = ""
    target_date: date | None = None


@dataclass(frozen=True)
class PromptAnswer:
    """A question the framework asks in words, and the answer given."""

    question: str
    answer: str


@dataclass(frozen=True)
class PreviousResults:
    """The assessment this one is compared with, and the levels compared.

    Levels are on this plan's scale: an assessment on a framework this one supersedes is
    compared through its crosswalk (:mod:`ppf_app.domain.crosswalk`).
    """

    assessed_on: date
    kind: str
    framework_title: str
    framework_version: str
    value_levels: Mapping[str, float]
    """Value id -> the mean earlier level of its behaviours that have one."""
    behaviour_levels: Mapping[str, float] = field(default_factory=dict)
    through_crosswalk: bool = False


@dataclass(frozen=True)
class Signature:
    """A signature line: the role is printed; name and date may be left to write in."""

    role: str
    name: str = ""
    signed_on: date | None = None


@dataclass(frozen=True)
class PlanDocument:
    person: PersonInfo
    framework_id: str
    framework_title: str
    framework_version: str
    assessment_date: date
    kind: str
    scale: tuple[tuple[int, str], ...]
    """``(value, label)`` for each level, lowest first."""
    rows: tuple[BehaviourRow, ...]
    results: AssessmentResults
    advice: TrainingAdvice
    objectives: tuple[Objective, ...] = ()
    """The objectives to pursue (review records of the previous plan are in ``reviewed``)."""
    review_date: date | None = None
    signatures: tuple[Signature, ...] = field(default_factory=tuple)
    scale_descriptions: tuple[str, ...] = ()
    """What each level means (blank where the framework says nothing), as ``scale``."""
    reviewed: tuple[ReviewedObjective, ...] = ()
    prompts: tuple[PromptAnswer, ...] = ()
    previous: PreviousResults | None = None
    examples: tuple[ExampleObjective, ...] = ()
    """A worked objective per suggested area, offered while no objective is agreed."""
    not_applicable_label: str = NOT_APPLICABLE_LABEL

    @property
    def kind_label(self) -> str:
        kind = AssessmentKind.parse(self.kind)
        return kind.label if kind is not None else self.kind.capitalize()

    @property
    def level_labels(self) -> dict[int, str]:
        return dict(self.scale)

    def level_label(self, level: int | None) -> str:
        if level is None:
            return NOT_RATED
        return self.level_labels.get(level, str(level))

    def value_titles(self) -> dict[str, str]:
        return {r.value_id: r.value_title for r in self.rows}

    @cached_property
    def row_index(self) -> dict[str, BehaviourRow]:
        return {r.behaviour_id: r for r in self.rows}

    @property
    def suggestions(self) -> tuple[AdvisedArea, ...]:
        """The suggested training areas, in the order chosen."""
        return self.advice.suggestions

    @cached_property
    def strengths(self) -> tuple[BehaviourResult, ...]:
        """Rated behaviours above their target (at target is not a strength), furthest
        above first."""
        above = [b for b in self.results.behaviours if b.gap is not None and b.gap < 0]
        above.sort(key=lambda b: (b.gap, b.position))
        return tuple(above)

    @property
    def at_target_count(self) -> int:
        return sum(1 for b in self.results.behaviours if b.gap == 0)

    @property
    def signed(self) -> bool:
        return any(s.signed_on is not None for s in self.signatures)


def default_signatures(person: PersonInfo) -> tuple[Signature, ...]:
    return (Signature(role="Individual", name=person.name), Signature(role="Appraiser"))


def review_previous_plan(
    previous: Sequence[Objective], here: Sequence[Objective], *, signed: bool
) -> tuple[ReviewedObjective, ...]:
    """What became of each objective of the previous plan, in that plan's order.

    * An objective carried into this plan (``here``, by ``carried_from``) was reviewed in
      this plan's meeting: "done" when recorded done, else "carried forward", with the
      reflection written then. Objectives carried here from an older plan follow.
    * Any other objective of the previous plan: "done" when it was marked done there,
      "carried forward" when it was carried into another plan; otherwise "dropped" once
      this plan is signed (it was agreed without it), and "not yet reviewed" before.
    """
    carried = {o.carried_from: o for o in here if o.carried_from}
    found: list[ReviewedObjective] = []
    for earlier in previous:
        copy = carried.pop(earlier.uid, None) if earlier.uid else None
        if copy is not None:
            found.append(_reviewed_here(copy))
            continue
        state = earlier.state
        if state is ObjectiveStatus.DONE:
            outcome = ReviewOutcome.DONE
        elif state is ObjectiveStatus.CARRIED_FORWARD:
            outcome = ReviewOutcome.CARRIED_FORWARD
        else:
            outcome = ReviewOutcome.DROPPED if signed else ReviewOutcome.NOT_REVIEWED
        found.append(
            ReviewedObjective(
                text=earlier.objective,
                outcome=outcome,
                reflection=earlier.reflection,
                target_date=earlier.target_date,
            )
        )
    found.extend(_reviewed_here(copy) for copy in carried.values())
    return tuple(found)


def _reviewed_here(copy: Objective) -> ReviewedObjective:
    done = copy.state is ObjectiveStatus.DONE
    return ReviewedObjective(
        text=copy.objective,
        outcome=ReviewOutcome.DONE if done else ReviewOutcome.CARRIED_FORWARD,
        reflection=copy.reflection,
        target_date=copy.target_date,
    )


def build_plan(
    framework: Framework,
    person: PersonInfo,
    ratings: Ratings,
    evidence: Mapping[str, str],
    assessment_date: date,
    kind: str = "self",
    objectives: Sequence[Objective] = (),
    review_date: date | None = None,
    signatures: Sequence[Signature] | None = None,
    *,
    previous_objectives: Sequence[Objective] = (),
    prompts: Sequence[PromptAnswer] = (),
    previous: PreviousResults | None = None,
    suggested_areas: int = DEFAULT_LIMIT,
) -> PlanDocument:
    """The development plan for one assessment.

    Args:
        framework: the framework the assessment was made with.
        person: who the plan is for; ``group_id`` (the group the assessment was made
            for) chooses the behaviours asked, the targets and the suggestions.
        ratings: behaviour id -> level or "not applicable" (missing or ``None``: not yet
            rated).
        evidence: behaviour id -> the person's evidence (blank entries are ignored).
        assessment_date: when the assessment was made.
        kind: ``self``, ``appraiser`` or ``agreed``.
        objectives: the plan's stored objectives, those carried from the previous plan
            included; none gives a worked example per suggested area instead.
        review_date: when the plan is reviewed; ``None`` leaves a line to write it on.
        signatures: signature lines; ``None`` gives the individual's and the appraiser's.
        previous_objectives: the objectives of the person's previous plan.
        prompts: the framework's questions asked in words, with the answers given.
        previous: the previous assessment's levels, for the change since then.
        suggested_areas: at most how many training areas to suggest (1 to 6).

    Raises:
        UserError: a rating names an unknown behaviour or a level off the scale.
    """
    group_id = person.group_id or None
    results = assessment_results(framework, ratings, group_id, limit=HIGHLIGHTS)
    if not person.group_title:
        group = framework.group(person.group_id)
        person = replace(person, group_title=group.title if group else person.group_id)
    labels = {level.value: level.label for level in framework.scale}
    not_applicable = framework.not_applicable_label or NOT_APPLICABLE_LABEL
    value_titles = {v.id: v.title for v in framework.values}
    rows = tuple(
        BehaviourRow(
            value_id=r.value_id,
            value_title=value_titles[r.value_id],
            behaviour_id=r.behaviour_id,
            behaviour_text=r.text,
            level=r.level,
            level_label=(
                not_applicable
                if r.not_applicable
                else NOT_RATED
                if r.level is None
                else labels[r.level]
            ),
            target=r.target,
            target_label=labels.get(r.target, str(r.target)),
            evidence=(evidence.get(r.behaviour_id) or "").strip(),
            number=r.number,
            not_applicable=r.not_applicable,
        )
        for r in results.behaviours
    )
    advice = advise_training(framework, ratings, group_id, limit=suggested_areas)
    current = tuple(o for o in objectives if not o.is_review_record)
    signatures = tuple(signatures) if signatures is not None else default_signatures(person)
    return PlanDocument(
        person=person,
        framework_id=framework.id,
        framework_title=framework.title,
        framework_version=framework.version,
        assessment_date=assessment_date,
        kind=kind,
        scale=tuple((level.value, level.label) for level in framework.scale),
        scale_descriptions=tuple(
            " ".join((level.description or "").split()) for level in framework.scale
        ),
        rows=rows,
        results=results,
        advice=advice,
        objectives=current,
        review_date=review_date,
        signatures=signatures,
        reviewed=review_previous_plan(
            previous_objectives,
            [o for o in objectives if o.carried_from],
            signed=any(s.signed_on is not None for s in signatures),
        ),
        prompts=tuple(prompts),
        previous=previous,
        examples=example_objectives(
            advice,
            framework_id=framework.id,
            assessed_on=assessment_date,
            review_date=review_date,
        ),
        not_applicable_label=not_applicable,
    )
