"""The development plan: everything a printed plan shows, as plain data.

:func:`build_plan` gathers it from a framework, a person and one assessment's ratings and
evidence; the report layer turns a :class:`PlanDocument` into a PDF without looking
anything else up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from ppf_app.domain.framework import Framework
from ppf_app.domain.records import AssessmentKind
from ppf_app.domain.results import AssessmentResults, Ratings, assessment_results
from ppf_app.domain.suggestions import Suggestion, suggest_training


@dataclass(frozen=True)
class PersonInfo:
    name: str
    group_id: str
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
    """The level's label on the scale, or "Not yet rated"."""
    target: int
    target_label: str
    evidence: str = ""


@dataclass(frozen=True)
class Objective:
    """A row of the objectives table; every field may be blank, to fill in by hand."""

    objective: str = ""
    linked_behaviours: tuple[str, ...] = ()
    activity: str = ""
    support: str = ""
    success_measure: str = ""
    target_date: date | None = None
    status: str = ""


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
    suggestions: tuple[Suggestion, ...]
    objectives: tuple[Objective, ...] = ()
    review_date: date | None = None
    signatures: tuple[Signature, ...] = field(default_factory=tuple)

    @property
    def kind_label(self) -> str:
        kind = AssessmentKind.parse(self.kind)
        return kind.label if kind is not None else self.kind.capitalize()

    @property
    def level_labels(self) -> dict[int, str]:
        return dict(self.scale)

    def value_titles(self) -> dict[str, str]:
        return {r.value_id: r.value_title for r in self.rows}


NOT_RATED = "Not yet rated"


def default_signatures(person: PersonInfo) -> tuple[Signature, ...]:
    return (Signature(role="Individual", name=person.name), Signature(role="Appraiser"))


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
) -> PlanDocument:
    """The development plan for one assessment.

    Args:
        framework: the framework the assessment was made with.
        person: who the plan is for; ``group_id`` chooses the targets.
        ratings: behaviour id -> level (missing or ``None``: not yet rated).
        evidence: behaviour id -> the person's evidence (blank entries are ignored).
        assessment_date: when the assessment was made.
        kind: ``self``, ``appraiser`` or ``agreed``.
        objectives: agreed objectives; none gives an empty table to fill in by hand.
        review_date: when the plan is reviewed; ``None`` leaves a line to write it on.
        signatures: signature lines; ``None`` gives the individual's and the appraiser's.

    Raises:
        UserError: a rating names an unknown behaviour or a level off the scale.
    """
    results = assessment_results(framework, ratings, person.group_id)
    if not person.group_title:
        group = framework.group(person.group_id)
        person = replace(person, group_title=group.title if group else person.group_id)
    labels = {level.value: level.label for level in framework.scale}
    value_titles = {v.id: v.title for v in framework.values}
    rows = tuple(
        BehaviourRow(
            value_id=r.value_id,
            value_title=value_titles[r.value_id],
            behaviour_id=r.behaviour_id,
            behaviour_text=r.text,
            level=r.level,
            level_label=NOT_RATED if r.level is None else labels[r.level],
            target=r.target,
            target_label=labels.get(r.target, str(r.target)),
            evidence=(evidence.get(r.behaviour_id) or "").strip(),
        )
        for r in results.behaviours
    )
    return PlanDocument(
        person=person,
        framework_id=framework.id,
        framework_title=framework.title,
        framework_version=framework.version,
        assessment_date=assessment_date,
        kind=kind,
        scale=tuple((level.value, level.label) for level in framework.scale),
        rows=rows,
        results=results,
        suggestions=suggest_training(framework, ratings, person.group_id),
        objectives=tuple(objectives),
        review_date=review_date,
        signatures=tuple(signatures) if signatures is not None else default_signatures(person),
    )
