"""Development plans: the objectives a person agrees after an assessment.

A plan belongs to one assessment. It is stored the first time something is written to it
(:func:`get_plan` of an assessment without one returns an empty plan and writes nothing).
Every change is one committed transaction. Objectives are named by their ``uid``, which
stays the same in portable files and across carry-forward.

Bad input raises :class:`UserError` whose lines start with the field they are about
(``text:``, ``behaviour_ids:``, ``target_date:``, ``status:``, ``review_date:``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from typing import TYPE_CHECKING

from sqlmodel import Session

from ppf_app.core.errors import NotFound, UserError
from ppf_app.domain.advice import TrainingAdvice, advise_training
from ppf_app.domain.answers import Answer
from ppf_app.domain.appraisal import plan_levels
from ppf_app.domain.framework import Framework
from ppf_app.domain.objective_status import ObjectiveStatus, status_choices
from ppf_app.domain.smart_examples import example_objectives
from ppf_app.services import assessments, preferences
from ppf_app.services.lookups import require_assessment, require_person
from ppf_app.services.plan_views import ObjectiveInput, ObjectiveView, PlanView
from ppf_app.services.unit import Unit, unit
from ppf_app.services.views import as_utc
from ppf_app.storage.models import Assessment, Plan, PlanObjective, dump_ids, load_ids
from ppf_app.storage.repositories import appraisal as appraisal_repo
from ppf_app.storage.repositories import assessments as assessments_repo
from ppf_app.storage.repositories import plans as plans_repo

if TYPE_CHECKING:
    from ppf_app.services.library import Library

__all__ = [
    "DEFAULT_SUCCESS_MEASURE",
    "ObjectiveInput",
    "ObjectiveStatus",
    "ObjectiveView",
    "PlanView",
    "add_objective",
    "carry_forward",
    "delete_objective",
    "get_objective",
    "get_plan",
    "move_objective",
    "objectives_from_suggestions",
    "open_objectives_of_last_plan",
    "set_review_date",
    "update_objective",
]

MAX_TEXT = 2_000
MAX_NOTE = 10_000
DEFAULT_SUCCESS_MEASURE = "At the next assessment the linked behaviours reach their targets."


# -- reading -----------------------------------------------------------------------------


def get_plan(lib: Library, assessment_id: int) -> PlanView:
    """The plan of an assessment; an empty one (``uid`` None) when none is stored yet.

    Raises:
        NotFound: no such assessment.
    """
    with unit(lib) as work:
        require_assessment(assessment_id, session=work.session)
        return _plan_view(assessment_id, session=work.session)


def get_objective(lib: Library, objective_uid: str) -> ObjectiveView:
    """One objective by uid.

    Raises:
        NotFound: no such objective.
    """
    with unit(lib) as work:
        return objective_view(_require_objective(objective_uid, session=work.session))


def objectives_from_suggestions(lib: Library, assessment_id: int) -> list[ObjectiveInput]:
    """Proposed objectives for an assessment: one per suggested training area, in the
    order the areas were chosen (see :func:`ppf_app.domain.advice.advise_training`).

    Nothing is stored (pass the chosen ones to :func:`add_objective`, edited or not).
    """
    limit = preferences.suggested_areas(lib)
    with unit(lib) as work:
        session = work.session
        assessment = require_assessment(assessment_id, session=session)
        person = require_person(assessment.person_id, session=session)
        framework = _framework(lib, assessment, session=session)
        answers = assessments.answers_of(assessment_id, session=session)
        plan = plans_repo.for_assessment(assessment_id, session=session)
        review_date = plan.review_date if plan is not None else None
    group = assessment.group_id or person.professional_group
    advice = advise_training(framework, answers, group or None, limit=limit)
    return list(
        proposed_objectives(
            framework, advice, assessed_on=assessment.assessed_on, review_date=review_date
        )
    )


def plan_answers(own: dict[str, Answer], agreed: dict[str, Answer] | None) -> dict[str, Answer]:
    """The answers a plan follows: an appraisal's agreed answers where agreed, the
    person's own elsewhere; a plan outside an appraisal follows its own assessment."""
    return dict(own) if agreed is None else plan_levels(own, agreed)


def proposed_objectives(
    framework: Framework,
    advice: TrainingAdvice,
    *,
    assessed_on: date,
    review_date: date | None,
) -> tuple[ObjectiveInput, ...]:
    """The objective each suggested area proposes, ready to add: the worked SMART
    example the printed plan shows for it (action, measure, support and due date), linked
    to the behaviours the area was chosen for and taking its first activity offered to
    the person's group."""
    examples = example_objectives(
        advice, framework_id=framework.id, assessed_on=assessed_on, review_date=review_date
    )
    proposals = []
    for area, example in zip(advice.suggestions, examples, strict=True):
        action = " ".join(example.action.split())
        proposals.append(
            ObjectiveInput(
                text=action[:1].upper() + action[1:],
                behaviour_ids=tuple(gap.behaviour_id for gap in area.behaviours),
                activity=area.activities[0].text if area.activities else "",
                support=example.support,
                success_measure=example.measure,
                target_date=example.due,
            )
        )
    return tuple(proposals)


def open_objectives_of_last_plan(
    lib: Library,
    person_id: int,
    framework_id: str | None = None,
    *,
    exclude_assessment_id: int | Collection[int] | None = None,
) -> list[ObjectiveView]:
    """The objectives of the person's most recent plan that are still open, to offer to
    carry forward: not done, and not already carried into another plan. (An objective that
    was itself carried into that plan is open again there.)

    "Most recent" is by assessment date (then creation) among assessments with a stored
    plan, optionally of one framework only. Pass the new assessment as
    ``exclude_assessment_id`` when it already exists, so its own plan is not the one found.

    Raises:
        NotFound: no such person.
    """
    with unit(lib) as work:
        session = work.session
        require_person(person_id, session=session)
        found = plans_repo.latest_plan_for_person(
            person_id,
            framework_id=framework_id,
            exclude_assessment_id=exclude_assessment_id,
            session=session,
        )
        if found is None:
            return []
        plan, _ = found
        assert plan.id is not None
        rows = plans_repo.objectives(plan.id, session=session)
        carried = plans_repo.carried_uids([row.uid for row in rows], session=session)
        return [
            objective_view(row)
            for row in rows
            if row.status != ObjectiveStatus.DONE.value and row.uid not in carried
        ]


# -- changing ----------------------------------------------------------------------------


def add_objective(
    lib: Library, assessment_id: int, objective: ObjectiveInput, *, position: int | None = None
) -> ObjectiveView:
    """Add an objective to the assessment's plan (at the end, or at ``position``).

    Raises:
        NotFound: no such assessment.
        UserError: a field is not valid (each line names its field).
    """
    with unit(lib) as work:
        session = work.session
        assessment = require_assessment(assessment_id, session=session)
        fields = _checked(objective, _framework(lib, assessment, session=session))
        plan = plans_repo.ensure(assessment_id, session=session)
        work.plan_changed(assessment.person_id, assessment_id)
        assert plan.id is not None
        rows = list(plans_repo.objectives(plan.id, session=session))
        row = PlanObjective(plan_id=plan.id, position=len(rows), text="")
        for name, value in fields.items():
            setattr(row, name, value)
        plans_repo.add_objective(row, session=session)
        if position is not None:
            rows.insert(_clamp(position, len(rows)), row)
            plans_repo.renumber(rows, session=session)
        plans_repo.touch(plan, session=session)
        session.flush()
        return objective_view(row)


def update_objective(lib: Library, objective_uid: str, objective: ObjectiveInput) -> ObjectiveView:
    """Replace every field of an objective with ``objective``'s (its place stays).

    Raises:
        NotFound: no such objective.
        UserError: a field is not valid (each line names its field).
    """
    with unit(lib) as work:
        return change_objective(work, objective_uid, objective)


def change_objective(work: Unit, objective_uid: str, objective: ObjectiveInput) -> ObjectiveView:
    """:func:`update_objective` inside the caller's unit of work."""
    session = work.session
    row = _require_objective(objective_uid, session=session)
    plan, assessment = _plan_of(row, session=session, work=work)
    fields = _checked(objective, _framework(work.lib, assessment, session=session))
    for name, value in fields.items():
        setattr(row, name, value)
    session.add(row)
    plans_repo.touch(plan, session=session)
    session.flush()
    return objective_view(row)


def set_objective_status(lib: Library, objective_uid: str, status: str) -> ObjectiveView:
    """Change only an objective's status.

    Raises:
        NotFound: no such objective.
        UserError: not a status.
    """
    parsed = _status(status)
    with unit(lib) as work:
        session = work.session
        row = _require_objective(objective_uid, session=session)
        plan, _ = _plan_of(row, session=session, work=work)
        row.status = parsed.value
        session.add(row)
        plans_repo.touch(plan, session=session)
        session.flush()
        return objective_view(row)


def delete_objective(lib: Library, objective_uid: str) -> PlanView:
    """Delete an objective; the others close up. Returns the plan as it now is.

    Raises:
        NotFound: no such objective.
    """
    with unit(lib) as work:
        session = work.session
        row = _require_objective(objective_uid, session=session)
        plan, assessment = _plan_of(row, session=session, work=work)
        session.delete(row)
        session.flush()
        assert plan.id is not None and assessment.id is not None
        plans_repo.renumber(plans_repo.objectives(plan.id, session=session), session=session)
        plans_repo.touch(plan, session=session)
        session.flush()
        return _plan_view(assessment.id, session=session)


def move_objective(lib: Library, objective_uid: str, position: int) -> PlanView:
    """Move an objective to ``position`` (from 0; beyond the end: last). Returns the plan.

    Raises:
        NotFound: no such objective.
    """
    with unit(lib) as work:
        session = work.session
        row = _require_objective(objective_uid, session=session)
        plan, assessment = _plan_of(row, session=session, work=work)
        assert plan.id is not None and assessment.id is not None
        rows = [r for r in plans_repo.objectives(plan.id, session=session) if r.id != row.id]
        rows.insert(_clamp(position, len(rows)), row)
        plans_repo.renumber(rows, session=session)
        plans_repo.touch(plan, session=session)
        session.flush()
        return _plan_view(assessment.id, session=session)


def set_review_date(lib: Library, assessment_id: int, review_date: date | str | None) -> PlanView:
    """Set (or clear, with None or blank) the date the plan is to be reviewed.

    Raises:
        NotFound: no such assessment.
        UserError: not a date.
    """
    parsed = _date("review_date", review_date)
    with unit(lib) as work:
        session = work.session
        assessment = require_assessment(assessment_id, session=session)
        plan = plans_repo.ensure(assessment_id, session=session)
        work.plan_changed(assessment.person_id, assessment_id)
        plan.review_date = parsed
        plans_repo.touch(plan, session=session)
        session.flush()
        return _plan_view(assessment_id, session=session)


def carry_forward(lib: Library, new_assessment_id: int, objective_uids: Iterable[str]) -> PlanView:
    """Copy objectives of an earlier plan of the same person into a new assessment's plan.

    Each copy has the status "carried forward" and ``carried_from_uid`` naming its source,
    whose status becomes "carried forward" too (unless the source's assessment is signed:
    a signed plan stays as signed; ``carried_from_uid`` still records the step). Linked
    behaviours the new assessment's framework does not have are dropped. An objective
    already carried into this plan is not copied again. All or nothing.

    Raises:
        NotFound: no such assessment or objective.
        UserError: an objective belongs to someone else or to this same plan.
    """
    with unit(lib) as work:
        return carry_objectives(work, new_assessment_id, objective_uids)


def carry_objectives(work: Unit, new_assessment_id: int, objective_uids: Iterable[str]) -> PlanView:
    """:func:`carry_forward` inside the caller's unit of work."""
    uids = list(dict.fromkeys(objective_uids))
    session = work.session
    assessment = require_assessment(new_assessment_id, session=session)
    framework = _framework(work.lib, assessment, session=session)
    plan = plans_repo.ensure(new_assessment_id, session=session)
    work.plan_changed(assessment.person_id, new_assessment_id)
    assert plan.id is not None
    sources: list[PlanObjective] = []
    problems: list[str] = []
    for uid in uids:
        source = _require_objective(uid, session=session)
        source_plan, source_assessment = _plan_of(source, session=session)
        if source_assessment.person_id != assessment.person_id:
            problems.append(f"objective {uid}: it belongs to another person's plan")
        elif source_plan.id == plan.id:
            problems.append(f"objective {uid}: it is already in this plan")
        else:
            sources.append(source)
    if problems:
        raise UserError(problems)
    already = {
        o.carried_from_uid
        for o in plans_repo.objectives_carried_from(
            [s.uid for s in sources], plan.id, session=session
        )
    }
    position = len(plans_repo.objectives(plan.id, session=session))
    known = set(framework.behaviour_index)
    for source in sources:
        if source.uid in already:
            continue
        plans_repo.add_objective(
            PlanObjective(
                plan_id=plan.id,
                position=position,
                text=source.text,
                behaviour_ids=dump_ids([b for b in load_ids(source.behaviour_ids) if b in known]),
                activity=source.activity,
                support=source.support,
                success_measure=source.success_measure,
                target_date=source.target_date,
                status=ObjectiveStatus.CARRIED_FORWARD.value,
                carried_from_uid=source.uid,
            ),
            session=session,
        )
        position += 1
        source_plan, source_assessment = _plan_of(source, session=session)
        assert source_assessment.id is not None
        if not appraisal_repo.is_frozen(source_assessment.id, session=session):
            source.status = ObjectiveStatus.CARRIED_FORWARD.value
            session.add(source)
            plans_repo.touch(source_plan, session=session)
            work.plan_changed(source_assessment.person_id, source_assessment.id)
    plans_repo.touch(plan, session=session)
    session.flush()
    return _plan_view(new_assessment_id, session=session)


# -- views -------------------------------------------------------------------------------


def objective_view(row: PlanObjective) -> ObjectiveView:
    return ObjectiveView(
        uid=row.uid,
        position=row.position,
        text=row.text,
        behaviour_ids=tuple(load_ids(row.behaviour_ids)),
        activity=row.activity,
        support=row.support,
        success_measure=row.success_measure,
        target_date=row.target_date,
        status=ObjectiveStatus.parse(row.status) or ObjectiveStatus.NOT_STARTED,
        carried_from_uid=row.carried_from_uid,
        reflection=row.reflection,
    )


def plan_view(plan: Plan | None, assessment_id: int, *, session: Session) -> PlanView:
    """The view of a stored plan (or of none yet) of an assessment."""
    if plan is None or plan.id is None:
        return PlanView(assessment_id=assessment_id, uid=None, review_date=None)
    return PlanView(
        assessment_id=assessment_id,
        uid=plan.uid,
        review_date=plan.review_date,
        objectives=tuple(
            objective_view(o) for o in plans_repo.objectives(plan.id, session=session)
        ),
        updated_at=as_utc(plan.updated_at),
    )


def plan_of(assessment_id: int, *, session: Session) -> PlanView:
    """:func:`get_plan` inside the caller's unit of work."""
    return _plan_view(assessment_id, session=session)


def _plan_view(assessment_id: int, *, session: Session) -> PlanView:
    plan = plans_repo.for_assessment(assessment_id, session=session)
    return plan_view(plan, assessment_id, session=session)


# -- checks ------------------------------------------------------------------------------


def _checked(objective: ObjectiveInput, framework: Framework) -> dict[str, object]:
    """The columns for ``objective``, or UserError listing every field that is wrong."""
    problems: list[str] = []
    text = (objective.text or "").strip()
    if not text:
        problems.append("text: the objective is empty; say what you will work towards")
    elif len(text) > MAX_TEXT:
        problems.append(f"text: longer than {MAX_TEXT} characters ({len(text)})")
    known = set(framework.behaviour_index)
    behaviour_ids = list(dict.fromkeys(b.strip() for b in objective.behaviour_ids))
    unknown = [b for b in behaviour_ids if b not in known]
    if unknown:
        problems.append(
            "behaviour_ids: "
            + ", ".join(repr(b) for b in unknown)
            + f" not in the framework {framework.id} {framework.version}"
        )
    notes: dict[str, str] = {}
    for name in ("activity", "support", "success_measure", "reflection"):
        value = (getattr(objective, name) or "").strip()
        if len(value) > MAX_NOTE:
            problems.append(f"{name}: longer than {MAX_NOTE} characters ({len(value)})")
        notes[name] = value
    target_date: date | None = None
    try:
        target_date = _date("target_date", objective.target_date)
    except UserError as exc:
        problems.extend(exc.problems)
    status = ObjectiveStatus.parse(objective.status or "")
    if status is None:
        problems.append(
            f"status: {objective.status!r} is not a status; choose one of: {status_choices()}"
        )
    if problems:
        raise UserError(problems)
    assert status is not None
    return {
        "text": text,
        "behaviour_ids": dump_ids(behaviour_ids),
        **notes,
        "target_date": target_date,
        "status": status.value,
    }


def _status(text: str) -> ObjectiveStatus:
    status = ObjectiveStatus.parse(text or "")
    if status is None:
        raise UserError(f"status: {text!r} is not a status; choose one of: {status_choices()}")
    return status


def _date(name: str, value: date | str | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{name}: {value!r} is not a date; write it as YYYY-MM-DD") from None


def _clamp(position: int, length: int) -> int:
    return max(0, min(position, length))


def _framework(lib: Library, assessment: Assessment, *, session: Session) -> Framework:
    return assessments.framework_by_key(
        lib, assessment.framework_id, assessment.framework_version, session=session
    )


def _require_objective(uid: str, *, session: Session) -> PlanObjective:
    row = plans_repo.objective_by_uid(uid, session=session)
    if row is None:
        raise NotFound(f"objective {uid}: no such objective")
    return row


def _plan_of(
    row: PlanObjective, *, session: Session, work: Unit | None = None
) -> tuple[Plan, Assessment]:
    """The plan and assessment an objective belongs to (noted as changed in ``work``)."""
    plan = session.get(Plan, row.plan_id)
    assert plan is not None
    assessment = assessments_repo.get(plan.assessment_id, session=session)
    assert assessment is not None and assessment.id is not None
    if work is not None:
        work.plan_changed(assessment.person_id, assessment.id)
    return plan, assessment
