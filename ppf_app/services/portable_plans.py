"""Development plans in portable files: written with the assessments they belong to,
checked with the rest of the file, and applied in the import's transaction.

A plan is matched to the library's by its assessment (an assessment has one plan), its
objectives by ``uid``. Importing the same file twice changes nothing; a plan changed
here after the file's copy (a later ``updated_at``), one whose copy in the file has no
time stamp, or whose assessment is signed, keeps this library's version, and the
import's summary says so. The plan of an assessment arriving in a signed appraisal is
taken as signed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, select

from ppf_app.core.errors import UserError
from ppf_app.domain import portable_format as fmt
from ppf_app.domain.framework import Framework
from ppf_app.services.portable_apply import Applying, older_here
from ppf_app.services.portable_summary import assessment_label
from ppf_app.storage.models import Assessment, Plan, PlanObjective, dump_ids, load_ids
from ppf_app.storage.repositories import appraisal as appraisal_repo
from ppf_app.storage.repositories import assessments as assessments_repo
from ppf_app.storage.repositories import plans as plans_repo
from ppf_app.storage.repositories.clock import as_stored
from ppf_app.storage.repositories.clock import now as utcnow

_OBJECTIVE_FIELDS = (
    "text",
    "behaviour_ids",
    "activity",
    "support",
    "success_measure",
    "target_date",
    "status",
    "carried_from_uid",
    "reflection",
)


# -- export ------------------------------------------------------------------------------


def export_plans(assessments: Sequence[Assessment], *, session: Session) -> list[fmt.PortablePlan]:
    """The stored plans of ``assessments``, in the same order."""
    plans = []
    for assessment in assessments:
        assert assessment.id is not None
        plan = plans_repo.for_assessment(assessment.id, session=session)
        if plan is None or plan.id is None:
            continue
        plans.append(
            fmt.PortablePlan(
                uid=plan.uid,
                assessment_uid=assessment.uid,
                review_date=plan.review_date,
                created_at=plan.created_at,
                updated_at=plan.updated_at,
                objectives=[
                    _portable_objective(o) for o in plans_repo.objectives(plan.id, session=session)
                ],
            )
        )
    return plans


def _portable_objective(row: PlanObjective) -> fmt.PortableObjective:
    return fmt.PortableObjective(
        uid=row.uid,
        text=row.text,
        behaviour_ids=load_ids(row.behaviour_ids),
        activity=row.activity,
        support=row.support,
        success_measure=row.success_measure,
        target_date=row.target_date,
        status=row.status,  # type: ignore[arg-type]
        carried_from_uid=row.carried_from_uid,
        reflection=row.reflection,
    )


# -- checks ------------------------------------------------------------------------------


def plan_problems(
    document: fmt.PortableFile, frameworks: dict[tuple[str, str], Framework], source: str
) -> list[str]:
    """What is wrong with the file's plans, as ``FILE: LOCATION: problem`` lines.

    Each plan must name an assessment of the file (one plan each), uids must not repeat,
    and linked behaviours must be in the framework of the plan's assessment.
    """
    assessments = {a.uid: a for a in document.assessments}
    problems: list[str] = []
    planned: dict[str, int] = {}
    plan_uids: dict[str, int] = {}
    objective_uids: set[str] = set()
    for index, plan in enumerate(document.plans):
        where = f"{source}: plans[{index}]"
        if plan.uid in plan_uids:
            problems.append(f"{where}.uid: the same uid as plans[{plan_uids[plan.uid]}]")
        plan_uids.setdefault(plan.uid, index)
        assessment = assessments.get(plan.assessment_uid)
        if assessment is None:
            problems.append(f"{where}.assessment_uid: not an assessment in this file")
            continue
        if plan.assessment_uid in planned:
            problems.append(
                f"{where}.assessment_uid: the assessment already has "
                f"plans[{planned[plan.assessment_uid]}]"
            )
            continue
        planned[plan.assessment_uid] = index
        framework = frameworks.get((assessment.framework_id, assessment.framework_version))
        for number, objective in enumerate(plan.objectives):
            at = f"{where}.objectives[{number}]"
            if objective.uid in objective_uids:
                problems.append(f"{at}.uid: appears more than once in the file")
            objective_uids.add(objective.uid)
            if not objective.text.strip():
                problems.append(f"{at}.text: the objective is empty")
            if framework is None:
                continue
            unknown = [b for b in objective.behaviour_ids if b not in framework.behaviour_index]
            if unknown:
                problems.append(
                    f"{at}.behaviour_ids: "
                    + ", ".join(repr(b) for b in unknown)
                    + f" not in the framework {framework.id} {framework.version}"
                )
    return problems


# -- import ------------------------------------------------------------------------------


def apply_plan(work: Applying, assessment_uid: str) -> None:
    """Bring the file's plan of one assessment into the library, once that assessment was
    applied and before it is signed (a signed assessment's plan cannot change)."""
    for index, item in enumerate(work.document.plans):
        if item.assessment_uid == assessment_uid:
            assessment = assessments_repo.get_by_uid(assessment_uid, session=work.session)
            assert assessment is not None and assessment.id is not None
            _apply_plan(work, item, assessment, f"{work.source}: plans[{index}]")
            return


def _same_plan(plan: Plan | None, item: fmt.PortablePlan, *, session: Session) -> bool:
    if plan is None or plan.id is None:
        return False
    current = [_portable_objective(row) for row in plans_repo.objectives(plan.id, session=session)]
    return plan.review_date == item.review_date and current == list(item.objectives)


def _apply_plan(work: Applying, item: fmt.PortablePlan, assessment: Assessment, where: str) -> None:
    session = work.session
    assert assessment.id is not None
    assessment_id = assessment.id
    plan = plans_repo.for_assessment(assessment_id, session=session)
    if _same_plan(plan, item, session=session):
        return
    label = "plan of the " + _label(assessment)
    if appraisal_repo.is_frozen(assessment_id, session=session):
        work.notes.keep(f"{label}: belongs to an appraisal signed here; it stays as signed")
        return
    theirs = _stored(item.updated_at)
    if plan is not None and assessment.uid not in work.forced:
        why = older_here(plan.updated_at, item.updated_at)
        if why:
            work.notes.keep(f"{label}: {why}")
            return
    count = len(item.objectives)
    if plan is None:
        taken = session.exec(select(Plan).where(Plan.uid == item.uid)).first()
        if taken is not None:
            raise UserError(f"{where}.uid: this plan belongs to another assessment in this library")
        now = utcnow()
        plan = Plan(
            uid=item.uid,
            assessment_id=assessment_id,
            review_date=item.review_date,
            created_at=_stored(item.created_at) or now,
            updated_at=theirs or now,
        )
        plans_repo.add(plan, session=session)
        work.notes.add(f"{label}: {count} objective{'' if count == 1 else 's'}")
    else:
        work.notes.change(f"{label}: updated from the file ({count} objectives)")
    assert plan.id is not None
    plan.review_date = item.review_date
    current = {o.uid: o for o in plans_repo.objectives(plan.id, session=session)}
    wanted_uids = {o.uid for o in item.objectives}
    for uid, gone in current.items():
        if uid not in wanted_uids:
            session.delete(gone)
    session.flush()
    for position, objective in enumerate(item.objectives):
        found = current.get(objective.uid)
        if found is None:
            elsewhere = plans_repo.objective_by_uid(objective.uid, session=session)
            if elsewhere is not None:
                raise UserError(
                    f"{where}.objectives[{position}].uid: this objective belongs to another "
                    "plan in this library"
                )
            found = PlanObjective(uid=objective.uid, plan_id=plan.id, position=position, text="")
        found.position = position
        for name, value in _objective_fields(objective).items():
            setattr(found, name, value)
        session.add(found)
    plan.updated_at = theirs or utcnow()
    session.add(plan)
    session.flush()


def _label(assessment: Assessment) -> str:
    return assessment_label(
        assessment.kind,
        assessment.assessed_on.isoformat(),
        f"{assessment.framework_id} {assessment.framework_version}",
    )


def _objective_fields(objective: fmt.PortableObjective) -> dict[str, object]:
    fields = {name: getattr(objective, name) for name in _OBJECTIVE_FIELDS}
    fields["behaviour_ids"] = dump_ids(objective.behaviour_ids)
    return fields


def _stored(moment: datetime | None) -> datetime | None:
    return as_stored(moment) if moment is not None else None
