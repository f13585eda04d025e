"""The development plan of a person's assessment: gathered, built and written as a PDF.

Used by ``ppf plan`` and by the app's "Print plan" action alike.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ppf_app.core.errors import UserError
from ppf_app.domain.answers import Answer
from ppf_app.domain.crosswalk import earlier_levels, earlier_value_levels
from ppf_app.domain.framework import Framework
from ppf_app.domain.history import previous_assessment
from ppf_app.domain.plan import (
    Objective,
    PersonInfo,
    PlanDocument,
    PreviousResults,
    PromptAnswer,
    Signature,
    build_plan,
)
from ppf_app.domain.records import AssessmentKind
from ppf_app.reports.plan_pdf import write_plan_pdf_file
from ppf_app.services import assessments, people, plans, preferences
from ppf_app.services.plan_views import ObjectiveInput, ObjectiveView, PlanView
from ppf_app.services.unit import unit
from ppf_app.services.views import AssessmentView, PersonView
from ppf_app.storage.repositories import appraisal as appraisal_repo

if TYPE_CHECKING:
    from ppf_app.services.appraisal import AppraisalView
    from ppf_app.services.library import Library

SELF = AssessmentKind.SELF.value
AGREED = AssessmentKind.AGREED.value


def plan_assessment(
    lib: Library,
    person_id: int,
    assessment_id: int | None,
    history: list[AssessmentView] | None = None,
) -> AssessmentView:
    """The assessment a plan is for: the named one, else the person's latest self
    assessment (else their latest of any kind).

    ``history``: the person's assessments, newest first, when the caller has them.

    Raises:
        NotFound: no such person or assessment.
        UserError: the assessment is someone else's, or the person has none.
    """
    person = people.get_person(lib, person_id)
    if assessment_id is not None:
        assessment = assessments.get_assessment(lib, assessment_id)
        if assessment.person_id != person_id:
            raise UserError(
                f"assessment {assessment_id}: it belongs to another person, not to "
                f"person {person_id} ({person.name})"
            )
        return assessment
    if history is None:
        history = assessments.list_assessments(lib, person_id)  # newest first
    latest = next((a for a in history if a.kind == SELF), history[0] if history else None)
    if latest is None:
        raise UserError(
            f"person {person_id} ({person.name}) has no assessment yet: record one first "
            "(in the app, or with `ppf assess import`)"
        )
    return latest


def plan_of(
    lib: Library, assessment: AssessmentView
) -> tuple[AssessmentView, AppraisalView | None]:
    """Whose plan an assessment's plan is (see :func:`appraisal.plan_owner`)."""
    with unit(lib) as work:
        if not appraisal_repo.holding(assessment.id, session=work.session):
            return assessment, None
    # The appraisal services (and the signature checks they bring) only for an
    # assessment an appraisal holds: a plan outside one starts faster without them.
    from ppf_app.services import appraisal

    owner_id, record = appraisal.plan_owner(lib, assessment.id)
    owner = assessment if owner_id == assessment.id else assessments.get_assessment(lib, owner_id)
    return owner, record


def plan_document(lib: Library, person_id: int, assessment_id: int | None = None) -> PlanDocument:
    """The plan for a person's assessment (``None``: their latest), ready to print, with the
    objectives and review date stored for it."""
    with unit(lib):  # one read: everything the plan shows, as it is at one moment
        return _plan_document(lib, person_id, assessment_id)


def _plan_document(lib: Library, person_id: int, assessment_id: int | None) -> PlanDocument:
    everything = assessments.list_assessments(lib, person_id)
    named = plan_assessment(lib, person_id, assessment_id, everything)
    owner, record = plan_of(lib, named)
    person = people.get_person(lib, person_id)
    stored = plans.get_plan(lib, owner.id)
    rated = record.self_assessment if record is not None else owner
    framework = assessments.framework_for(lib, rated)
    recorded = assessments.ratings(lib, rated.id)
    answers: dict[str, Answer] = {b: r.answer for b, r in recorded.items()}
    evidence = {b: r.evidence for b, r in recorded.items()}
    signatures = None
    if record is None:
        kind = owner.kind
    else:
        from ppf_app.services import appraisal

        # Levels agreed at the appraisal meeting replace the person's own, with their note.
        for behaviour_id, (level, note) in appraisal.agreed_levels(lib, record.id).items():
            answers[behaviour_id] = level
            if note.strip():
                agreed = f"Agreed at appraisal: {note.strip()}"
                evidence[behaviour_id] = "\n".join(
                    filter(None, (evidence.get(behaviour_id), agreed))
                )
        kind = AGREED
    info = _person_info(person, record, rated)
    if record is not None:
        signatures = _signatures(record, info.name)
    with unit(lib) as work:
        written = assessments.prompt_answers_of(rated.id, session=work.session)
    prompts = [
        PromptAnswer(prompt.text, written.get(prompt.id, ""))
        for prompt in framework.prompts_for(info.group_id or None)
    ]
    meeting = {owner.id, named.id, *(record.members if record is not None else ())}
    history = [a for a in everything if a.id not in meeting]
    return build_plan(
        framework,
        info,
        answers,
        evidence,
        assessment_date=rated.assessed_on,
        kind=kind,
        objectives=[printed_objective(o) for o in stored.objectives],
        review_date=stored.review_date,
        signatures=signatures,
        previous_objectives=_previous_objectives(lib, rated, history),
        prompts=prompts,
        previous=_previous_results(lib, framework, info.group_id, rated, history),
        suggested_areas=preferences.suggested_areas(lib),  # as the app's plan page
    )


def _signatures(record: AppraisalView, name: str) -> tuple[Signature, ...]:
    """The appraisal's signature lines: both names and the date once signed, else the
    person and the appraiser named in the record, to sign by hand."""
    if record.signed_on is None:
        return (
            Signature(role="Individual", name=name),
            Signature(role="Appraiser", name=record.appraiser_name),
        )
    return (
        Signature(role="Individual", name=record.signed_by_appraisee, signed_on=record.signed_on),
        Signature(role="Appraiser", name=record.signed_by_appraiser, signed_on=record.signed_on),
    )


def _person_info(
    person: PersonView, record: AppraisalView | None, rated: AssessmentView
) -> PersonInfo:
    """Who the plan is for (as they were when signed, for a signed appraisal's plan), with
    the group the assessment was made for (the person's own when it names none); the
    group's title is :func:`build_plan`'s to fill in."""
    frozen = record.signed_profile if record is not None and record.signed else None
    name, group, job_title, organisation = (
        (frozen.name, frozen.professional_group, frozen.job_title, frozen.organisation)
        if frozen is not None
        else (person.name, person.professional_group, person.job_title, person.organisation)
    )
    return PersonInfo(
        name=name,
        group_id=rated.group_id or group,
        job_title=job_title,
        organisation=organisation,
    )


def _earlier(history: list[AssessmentView], than: AssessmentView) -> list[AssessmentView]:
    """The assessments of ``history`` of the same kind as ``than`` made before it, newest
    first (by date, then by when they were recorded)."""
    key = (than.assessed_on, than.created_at)
    found = [a for a in history if a.kind == than.kind and (a.assessed_on, a.created_at) < key]
    return sorted(found, key=lambda a: (a.assessed_on, a.created_at), reverse=True)


def _previous_objectives(
    lib: Library, rated: AssessmentView, history: list[AssessmentView]
) -> list[Objective]:
    """The objectives of the person's previous plan: the plan (the appraisal's agreed
    plan, where there is one) of the newest earlier assessment of the same kind that has
    objectives."""
    for earlier in _earlier(history, rated):
        owner, _ = plan_of(lib, earlier)
        found = plans.get_plan(lib, owner.id).objectives
        if found:
            return [printed_objective(o) for o in found]
    return []


def _previous_results(
    lib: Library,
    framework: Framework,
    group_id: str,
    rated: AssessmentView,
    history: list[AssessmentView],
) -> PreviousResults | None:
    """The levels this plan is compared with, placed on its scale: those the previous
    plan showed (the previous assessment of the same kind, on this framework or one it
    supersedes, with the levels agreed at its appraisal where it had one)."""
    superseded = framework.superseded_key
    before = previous_assessment(
        rated, history, framework_ids={superseded[0]} if superseded else ()
    )
    if before is None:
        return None
    older = assessments.framework_for(lib, before)
    answers: dict[str, Answer] = dict(assessments.answers(lib, before.id))
    kind = before.kind
    _, record = plan_of(lib, before)
    if record is not None:
        from ppf_app.services import appraisal

        agreed = appraisal.agreed_levels(lib, record.id)
        answers.update({b: level for b, (level, _) in agreed.items()})
        kind = AGREED if agreed else kind
    earlier = earlier_levels(framework, older, answers)
    if not earlier:
        return None
    return PreviousResults(
        assessed_on=before.assessed_on,
        kind=kind,
        framework_title=older.title,
        framework_version=older.version,
        value_levels=earlier_value_levels(framework, group_id or None, earlier),
        behaviour_levels={b: found.level for b, found in earlier.items()},
        through_crosswalk=older.key != framework.key,
    )


def printed_objective(objective: ObjectiveView) -> Objective:
    """A stored objective as the printed plan shows it."""
    return Objective(
        objective=objective.text,
        linked_behaviours=objective.behaviour_ids,
        activity=objective.activity,
        support=objective.support,
        success_measure=objective.success_measure,
        target_date=objective.target_date,
        status=objective.status.label.capitalize(),
        uid=objective.uid,
        carried_from=objective.carried_from_uid or "",
        reflection=objective.reflection,
    )


def plan_objectives(lib: Library, assessment_id: int) -> PlanView:
    """The objectives of the plan an assessment prints (an appraised self assessment's
    is the appraisal's agreed plan).

    Raises:
        NotFound: no such assessment.
    """
    with unit(lib):
        owner, _ = plan_of(lib, assessments.get_assessment(lib, assessment_id))
        return plans.get_plan(lib, owner.id)


def add_plan_objective(
    lib: Library, assessment_id: int, objective: ObjectiveInput
) -> ObjectiveView:
    """Add an objective to the plan an assessment prints, its behaviours named by id or
    by number (``1.2``).

    Raises:
        NotFound: no such assessment.
        UserError: a behaviour the framework lacks, or one not asked of the assessment's
            group; a field that is not valid (each line names its field); the plan is
            signed.
    """
    with unit(lib):
        named = assessments.get_assessment(lib, assessment_id)
        owner, record = plan_of(lib, named)
        rated = record.self_assessment if record is not None else owner
        framework = assessments.framework_for(lib, rated)
        group = rated.group_id or people.get_person(lib, rated.person_id).professional_group
        found: list[str] = []
        problems: list[str] = []
        for reference in objective.behaviour_ids:
            try:
                behaviour = framework.find_behaviour(reference)
            except UserError as exc:
                problems.extend(f"behaviours: {problem}" for problem in exc.problems)
                continue
            if not framework.asks(behaviour.id, group or None):
                problems.append(
                    f"behaviours: {reference.strip()!r} is not asked of the group "
                    f"{group or '(none)'} this assessment is for"
                )
            found.append(behaviour.id)
        if problems:
            raise UserError(problems)
        return plans.add_objective(lib, owner.id, replace(objective, behaviour_ids=tuple(found)))


def set_review_date(
    lib: Library, person_id: int, assessment_id: int | None, review_date: date
) -> PlanView:
    """Set the review date of the plan a person's assessment prints (``None``: their
    latest), which is the appraisal's agreed plan for an appraised self assessment.

    Raises:
        NotFound, UserError: as :func:`plan_assessment`; the plan is signed.
    """
    with unit(lib):
        owner, _ = plan_of(lib, plan_assessment(lib, person_id, assessment_id))
        return plans.set_review_date(lib, owner.id, review_date)


def check_destination(out_path: Path) -> None:
    """Refuse a PDF path that is a folder or in a folder that does not exist."""
    if out_path.is_dir():
        raise UserError(f"{out_path}: is a folder; name the PDF file to write")
    if not out_path.parent.is_dir():
        raise UserError(f"{out_path}: the folder {out_path.parent} does not exist")


def write_plan_pdf(
    lib: Library,
    person_id: int,
    out_path: str | os.PathLike[str],
    assessment_id: int | None = None,
    *,
    invariant: bool = False,
) -> Path:
    """Write the plan PDF for a person's assessment (``None``: their latest) to ``out_path``.

    The file is written whole or not at all; an existing file is replaced.

    Returns:
        The path written.

    Raises:
        UserError: unknown person or assessment, no assessment, or a path that cannot be
            written.
    """
    target = Path(out_path)
    check_destination(target)
    plan = plan_document(lib, person_id, assessment_id)
    try:
        return write_plan_pdf_file(plan, target, invariant=invariant)
    except OSError as exc:
        raise UserError(f"{target}: cannot write the plan: {exc.strerror or exc}") from exc
