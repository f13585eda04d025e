"""Assessments: start, continue (rate one behaviour at a time), complete, delete.

``set_rating`` and ``clear_rating`` are the autosave unit: one change, one transaction,
committed before they return, so nothing a person typed is lost when the app or the
computer stops a moment later.

Every assessment keeps the ``(id, version)`` of its framework, and the library keeps a
copy of that framework file (a snapshot) the first time it is used, so an assessment
shows the same framework for ever, even when the file that installed it has gone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Protocol, TypedDict
from weakref import WeakKeyDictionary

from sqlalchemy import Engine
from sqlmodel import Session

from ppf_app.core.errors import NotFound, UserError
from ppf_app.domain.answers import NOT_APPLICABLE, Answer, is_level
from ppf_app.domain.framework import Framework
from ppf_app.domain.framework_loader import parse_framework
from ppf_app.domain.records import AssessmentKind, AssessmentStatus
from ppf_app.services.lookups import require_assessment, require_person
from ppf_app.services.unit import Unit, unit
from ppf_app.services.views import (
    AssessmentView,
    CompletionResult,
    Progress,
    RatingChange,
    RatingView,
    as_utc,
)
from ppf_app.storage.models import Assessment, Rating
from ppf_app.storage.repositories import assessments as assessments_repo
from ppf_app.storage.repositories import prompt_answers as prompt_answers_repo
from ppf_app.storage.repositories import ratings as ratings_repo
from ppf_app.storage.repositories import snapshots as snapshots_repo
from ppf_app.storage.repositories.clock import now as utcnow

if TYPE_CHECKING:
    from ppf_app.services.library import Library

KINDS: tuple[str, ...] = tuple(kind.value for kind in AssessmentKind)
MAX_EVIDENCE = 20_000


class _Unchanged(Enum):
    UNCHANGED = "unchanged"


#: Passed for a field of ``set_rating`` that should keep its current value.
UNCHANGED = _Unchanged.UNCHANGED


@dataclass(frozen=True)
class NewRating:
    """One rating to record when an assessment is created whole (import)."""

    behaviour_id: str
    level: int | None
    evidence: str = ""
    not_applicable: bool = False

    @classmethod
    def of(cls, behaviour_id: str, answer: Answer, evidence: str = "") -> NewRating:
        """A rating from a domain answer (a level, NOT_APPLICABLE or None)."""
        if answer is NOT_APPLICABLE:
            return cls(behaviour_id, None, evidence, not_applicable=True)
        return cls(behaviour_id, answer if is_level(answer) else None, evidence)


# -- frameworks of assessments ---------------------------------------------------------

_parsed_snapshots: dict[str, Framework] = {}
_snapshots_by_engine: WeakKeyDictionary[Engine, dict[tuple[str, str], Framework]] = (
    WeakKeyDictionary()
)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_framework_text(text: str, source: str) -> Framework:
    """A framework file's text as a validated :class:`Framework` (UserError when broken)."""
    return parse_framework(text.encode("utf-8"), source)


def resolve_framework(lib: Library, framework_id: str | None, version: str | None) -> Framework:
    """The installed framework ``framework_id`` (at ``version``, else its newest).

    Without an id, the default (bundled) framework.
    """
    if framework_id is None:
        if version is not None:
            raise UserError("framework: a version needs a framework id")
        return lib.frameworks.default()
    return lib.frameworks.get(framework_id, version)


def ensure_snapshot(lib: Library, framework: Framework, *, session: Session) -> None:
    """Keep a copy of ``framework``'s file the first time an assessment uses it."""
    framework_id, version = framework.key
    if snapshots_repo.get(framework_id, version, session=session) is not None:
        return
    content = lib.frameworks.source_text(framework_id, version)
    snapshots_repo.add(
        framework_id, version, sha256=sha256_text(content), content=content, session=session
    )


def framework_by_key(
    lib: Library, framework_id: str, version: str, *, session: Session
) -> Framework:
    """The framework an assessment was made with.

    The stored snapshot is the exact file the assessment was made with, so it comes
    first; the installed framework is the fallback for an assessment without one.
    A snapshot is never replaced or removed (an ``(id, version)`` names one text), so
    once read it is kept parsed for the open database.
    """
    key = (framework_id, version)
    kept = _snapshots_of(lib).get(key)
    if kept is not None:
        return kept
    snapshot = snapshots_repo.get(framework_id, version, session=session)
    if snapshot is None:
        return lib.frameworks.get(framework_id, version)
    parsed = _parsed_snapshots.get(snapshot.sha256)
    if parsed is None:
        parsed = parse_framework_text(snapshot.content, f"{framework_id}@{version}")
        _parsed_snapshots[snapshot.sha256] = parsed
    _snapshots_of(lib)[key] = parsed
    return parsed


def _snapshots_of(lib: Library) -> dict[tuple[str, str], Framework]:
    """The snapshots already read from ``lib``'s database, by ``(id, version)``."""
    return _snapshots_by_engine.setdefault(lib.db.engine, {})


def framework_for(lib: Library, assessment: AssessmentView | int) -> Framework:
    """The framework an assessment (a view or an id) was made with."""
    with unit(lib) as work:
        session = work.session
        if isinstance(assessment, int):
            row = require_assessment(assessment, session=session)
            key = (row.framework_id, row.framework_version)
        else:
            key = (assessment.framework_id, assessment.framework_version)
        return framework_by_key(lib, *key, session=session)


# -- views -----------------------------------------------------------------------------


class AssessmentColumns(Protocol):
    """What a view is made from: an :class:`Assessment` or a plain row of its table."""

    @property
    def id(self) -> int | None: ...
    @property
    def uid(self) -> str: ...
    @property
    def person_id(self) -> int: ...
    @property
    def framework_id(self) -> str: ...
    @property
    def framework_version(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def assessed_on(self) -> date: ...
    @property
    def status(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def updated_at(self) -> datetime: ...
    @property
    def completed_at(self) -> datetime | None: ...
    @property
    def group_id(self) -> str: ...


def asked_total(framework: Framework, group_id: str) -> int:
    """How many behaviours an assessment made for ``group_id`` asks."""
    return len(framework.behaviours_for(group_id or None))


def assessment_view(
    assessment: AssessmentColumns, framework: Framework, answered: int
) -> AssessmentView:
    assert assessment.id is not None
    return AssessmentView(
        id=assessment.id,
        uid=assessment.uid,
        person_id=assessment.person_id,
        framework_id=assessment.framework_id,
        framework_version=assessment.framework_version,
        framework_title=framework.title,
        kind=assessment.kind,
        assessed_on=assessment.assessed_on,
        status=assessment.status,
        created_at=as_utc(assessment.created_at),
        updated_at=as_utc(assessment.updated_at),
        completed_at=as_utc(assessment.completed_at) if assessment.completed_at else None,
        progress=Progress(answered=answered, total=asked_total(framework, assessment.group_id)),
        group_id=assessment.group_id,
    )


def rating_view(rating: Rating) -> RatingView:
    return RatingView(
        behaviour_id=rating.behaviour_id,
        level=rating.level,
        evidence=rating.evidence,
        updated_at=as_utc(rating.updated_at),
        not_applicable=bool(rating.not_applicable),
    )


def _view(lib: Library, assessment: Assessment, *, session: Session) -> AssessmentView:
    assert assessment.id is not None
    framework = framework_by_key(
        lib, assessment.framework_id, assessment.framework_version, session=session
    )
    answered = assessments_repo.answered_counts([assessment.id], session=session)
    return assessment_view(assessment, framework, answered[assessment.id])


# -- checks ----------------------------------------------------------------------------


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise UserError(
            f"kind: {kind!r} is not a kind of assessment; choose one of: " + ", ".join(KINDS)
        )
    return kind


def describe_scale(framework: Framework) -> str:
    return ", ".join(f"{level.value} ({level.label})" for level in framework.scale)


def level_problem(framework: Framework, level: object) -> str | None:
    """Why ``level`` cannot be recorded against ``framework``, or None when it can."""
    if level is None:
        return None
    if isinstance(level, bool) or not isinstance(level, int):
        return f"level {level!r} is not a whole number; the scale is {describe_scale(framework)}"
    if level not in framework.scale_values:
        return f"level {level} is not on the scale {describe_scale(framework)}"
    return None


def behaviour_problem(framework: Framework, behaviour_id: str) -> str | None:
    if behaviour_id in framework.behaviour_index:
        return None
    return f"behaviour {behaviour_id!r} is not in framework {framework.id}@{framework.version}"


def unanswered_ids(
    framework: Framework, answered: Iterable[str], group_id: str | None = None
) -> tuple[str, ...]:
    """The behaviours asked of ``group_id`` without an answer, in framework order."""
    done = set(answered)
    return tuple(b.id for b in framework.behaviours_for(group_id or None) if b.id not in done)


def group_choices(framework: Framework) -> tuple[str, ...]:
    """The group ids an assessment on ``framework`` can be made for."""
    return tuple(group.id for group in framework.groups)


def check_group(framework: Framework, group_id: str) -> str:
    """``group_id`` when the framework has that group (or none at all), else UserError."""
    group_id = group_id.strip()
    choices = group_choices(framework)
    if not choices:
        return ""
    if group_id not in choices:
        raise UserError(
            f"group: {group_id!r} is not a group of framework {framework.id} "
            f"{framework.version}; choose one of: {', '.join(choices)}"
        )
    return group_id


def default_group(framework: Framework, person_group: str) -> str:
    """The group an assessment is made for unless another is chosen: the person's usual
    group when the framework has it, else none (the framework's own fallback targets)."""
    return person_group if person_group in group_choices(framework) else ""


def answer_problem(framework: Framework, behaviour_id: str, group_id: str) -> str | None:
    """Why the behaviour cannot be answered in an assessment made for ``group_id``."""
    problem = behaviour_problem(framework, behaviour_id)
    if problem is not None:
        return problem
    if not framework.asks(behaviour_id, group_id or None):
        number = framework.behaviour_numbers[behaviour_id]
        return (
            f"behaviour {number} ({behaviour_id}) is not asked of the group "
            f"{group_id or '(none)'} in framework {framework.id} {framework.version}"
        )
    return None


def not_applicable_problem(framework: Framework, behaviour_id: str) -> str | None:
    if framework.allows_not_applicable(behaviour_id):
        return None
    number = framework.behaviour_numbers.get(behaviour_id, behaviour_id)
    if framework.not_applicable is None:
        return (
            f"behaviour {number}: framework {framework.id} {framework.version} has no "
            "'not applicable' answer"
        )
    return f"behaviour {number} must be rated on the scale; 'not applicable' is not offered"


# -- operations ------------------------------------------------------------------------


def start_assessment(
    lib: Library,
    person_id: int,
    framework_id: str | None = None,
    version: str | None = None,
    kind: str = AssessmentKind.SELF.value,
    assessed_on: date | None = None,
    group_id: str | None = None,
) -> AssessmentView:
    """Start a draft assessment of a person against a framework (the default one if None),
    made for ``group_id`` (one of the framework's groups; default: the person's own when
    the framework has it)."""
    check_kind(kind)
    framework = resolve_framework(lib, framework_id, version)
    if group_id is not None:
        group_id = check_group(framework, group_id)
    with unit(lib) as work:
        assessment = create_assessment(
            lib,
            person_id,
            framework,
            kind=kind,
            assessed_on=assessed_on or date.today(),
            ratings=(),
            complete=False,
            session=work.session,
            group_id=group_id,
        )
        assert assessment.id is not None
        work.assessment_changed(person_id, assessment.id)
        return assessment_view(assessment, framework, 0)


def create_assessment(
    lib: Library,
    person_id: int,
    framework: Framework,
    *,
    kind: str,
    assessed_on: date,
    ratings: Sequence[NewRating],
    complete: bool,
    session: Session,
    group_id: str | None = None,
) -> Assessment:
    """Create an assessment with its ratings inside the caller's transaction.

    The ratings must already be checked against ``framework``. ``group_id`` None means
    the person's usual group (when the framework has it).
    """
    person = require_person(person_id, session=session)
    if group_id is None:
        group_id = default_group(framework, person.professional_group)
    ensure_snapshot(lib, framework, session=session)
    now = utcnow()
    assessment = Assessment(
        person_id=person_id,
        framework_id=framework.id,
        framework_version=framework.version,
        kind=kind,
        assessed_on=assessed_on,
        status=(AssessmentStatus.COMPLETE if complete else AssessmentStatus.DRAFT).value,
        completed_at=now if complete else None,
        group_id=group_id,
    )
    assessments_repo.add(assessment, session=session)
    assert assessment.id is not None
    for item in ratings:
        ratings_repo.upsert(
            assessment.id,
            item.behaviour_id,
            level=item.level,
            evidence=item.evidence,
            not_applicable=item.not_applicable,
            session=session,
        )
    return assessment


def get_assessment(lib: Library, assessment_id: int) -> AssessmentView:
    with unit(lib) as work:
        session = work.session
        return _view(lib, require_assessment(assessment_id, session=session), session=session)


def list_assessments(lib: Library, person_id: int) -> list[AssessmentView]:
    """A person's assessments, newest first, each with its progress."""
    with unit(lib) as work:
        return person_assessments(lib, person_id, session=work.session)


def person_assessments(lib: Library, person_id: int, *, session: Session) -> list[AssessmentView]:
    """:func:`list_assessments` inside the caller's unit of work."""
    require_person(person_id, session=session)
    rows = assessments_repo.list_for_person(person_id, session=session)
    counts = assessments_repo.answered_counts(
        [row.id for row in rows if row.id is not None], session=session
    )
    views = []
    for row in rows:
        assert row.id is not None
        framework = framework_by_key(lib, row.framework_id, row.framework_version, session=session)
        views.append(assessment_view(row, framework, counts[row.id]))
    return views


def latest_assessment(
    lib: Library,
    person_id: int,
    framework_id: str | None = None,
    *,
    complete_only: bool = False,
) -> AssessmentView | None:
    """A person's most recent assessment (by date), or None when they have none."""
    with unit(lib) as work:
        session = work.session
        require_person(person_id, session=session)
        rows = assessments_repo.list_for_person(
            person_id, framework_id=framework_id, session=session
        )
        for row in rows:
            if not complete_only or row.status == AssessmentStatus.COMPLETE.value:
                return _view(lib, row, session=session)
        return None


def ratings(lib: Library, assessment_id: int) -> dict[str, RatingView]:
    """An assessment's ratings by behaviour id (behaviours never rated are absent)."""
    with unit(lib) as work:
        require_assessment(assessment_id, session=work.session)
        return ratings_of(assessment_id, session=work.session)


def ratings_of(assessment_id: int, *, session: Session) -> dict[str, RatingView]:
    """:func:`ratings` inside the caller's unit of work."""
    return {
        r.behaviour_id: rating_view(r)
        for r in ratings_repo.list_for_assessment(assessment_id, session=session)
    }


def set_rating(
    lib: Library,
    assessment_id: int,
    behaviour_id: str,
    *,
    level: Answer | _Unchanged = UNCHANGED,
    evidence: str | _Unchanged = UNCHANGED,
) -> RatingChange:
    """Record one behaviour's answer and/or evidence, committed before returning.

    ``level`` is the answer: a level of the scale, :data:`NOT_APPLICABLE` (where the
    framework offers it), or None to take the answer away (the behaviour becomes
    unanswered); a field left as :data:`UNCHANGED` keeps its value. A complete
    assessment stays complete: it can be corrected until it is signed.
    """
    if isinstance(evidence, str) and len(evidence) > MAX_EVIDENCE:
        raise UserError(f"evidence: at most {MAX_EVIDENCE} characters (found {len(evidence)})")
    # Plain statements: the autosave runs on every change a person makes.
    # The time stamp goes first as it also reads the assessment; a refused change rolls
    # it back with the rest.
    with unit(lib) as work:
        if lib.on_server:
            change = _set_rating_on_server(lib, work, assessment_id, behaviour_id, level, evidence)
            if change is not None:
                return change
        connection = work.connection
        row = assessments_repo.touch_row(assessment_id, connection=connection)
        if row is None:
            raise NotFound(f"assessment {assessment_id}: no such assessment")
        work.assessment_changed(row.person_id, assessment_id)
        key = (row.framework_id, row.framework_version)
        framework = _snapshots_of(lib).get(key)
        if framework is None:
            framework = framework_by_key(lib, *key, session=work.session)
        if lib.on_server:
            # What the next change of this assessment needs to go in one statement.
            _checked_of(lib)[assessment_id] = (*key, row.group_id)
            ratings_repo.can_write_on_server(connection)
        problem = _rating_problem(framework, behaviour_id, row.group_id, level)
        if problem is not None:
            raise UserError(problem)
        stored = ratings_repo.write(
            assessment_id, behaviour_id, **_written(level, evidence), connection=connection
        )
        answered = ratings_repo.answered_count(assessment_id, connection=connection)
        return _rating_change(row, framework, behaviour_id, stored, answered)


class _Written(TypedDict):
    level: int | None
    not_applicable: bool
    evidence: str
    keep_level: bool
    keep_evidence: bool


def _written(level: Answer | _Unchanged, evidence: str | _Unchanged) -> _Written:
    """A change's answer and evidence as the ratings repository writes them."""
    return {
        "level": level if isinstance(level, int) and not isinstance(level, bool) else None,
        "not_applicable": level is NOT_APPLICABLE,
        "evidence": "" if isinstance(evidence, _Unchanged) else evidence,
        "keep_level": level is UNCHANGED,
        "keep_evidence": evidence is UNCHANGED,
    }


#: On a server, the ``(framework_id, framework_version, group_id)`` of the assessments
#: rated through this library, by id: what the next change is checked against before it
#: is sent, all in one statement, to the server (which writes it only if they still hold).
_checked_by_engine: WeakKeyDictionary[Engine, dict[int, tuple[str, str, str]]] = WeakKeyDictionary()


def _checked_of(lib: Library) -> dict[int, tuple[str, str, str]]:
    return _checked_by_engine.setdefault(lib.db.engine, {})


def _set_rating_on_server(
    lib: Library,
    work: Unit,
    assessment_id: int,
    behaviour_id: str,
    level: Answer | _Unchanged,
    evidence: str | _Unchanged,
) -> RatingChange | None:
    """:func:`set_rating` on a server in one statement: the change is checked here against
    the framework and group the assessment had at its last change, and the server stamps
    the assessment, writes the rating and counts the answers, with the same rules and
    sign-off triggers, only if the login may write it and it still has them. When this
    is the whole of its own unit of work (:attr:`Unit.alone`), the statement is sent as
    its own transaction.

    None when the change must go the general way: the first change of an assessment in
    this library, a change refused here (the general way says why, in the same order),
    the server writing nothing (the assessment is not one this login may write, or its
    framework or group is not the one checked against: the general way finds out which
    and says so), or a database whose rules predate the server function.
    """
    checked = _checked_of(lib)
    facts = checked.get(assessment_id)
    if facts is None:
        return None
    framework = _snapshots_of(lib).get((facts[0], facts[1]))
    if framework is None or _rating_problem(framework, behaviour_id, facts[2], level) is not None:
        return None
    connection = work.connection
    if not ratings_repo.can_write_on_server(connection):
        return None
    written = ratings_repo.write_on_server(
        assessment_id,
        behaviour_id,
        **_written(level, evidence),
        checked=facts,
        alone=work.alone,
        connection=connection,
    )
    if written is None:
        checked.pop(assessment_id, None)
        return None
    row = written.assessment
    work.assessment_changed(row.person_id, assessment_id)
    return _rating_change(row, framework, behaviour_id, written.stored, written.answered)


def _rating_problem(
    framework: Framework, behaviour_id: str, group_id: str, level: Answer | _Unchanged
) -> str | None:
    """Why ``level`` cannot be recorded for the behaviour in an assessment of ``group_id``."""
    problem = answer_problem(framework, behaviour_id, group_id)
    if problem is None and level is NOT_APPLICABLE:
        problem = not_applicable_problem(framework, behaviour_id)
    elif problem is None and level is not UNCHANGED:
        problem = level_problem(framework, level)
    return problem


def _rating_change(
    row: AssessmentColumns,
    framework: Framework,
    behaviour_id: str,
    stored: ratings_repo.Stored | None,
    answered: int,
) -> RatingChange:
    rating = None
    if stored is not None:
        stored_level, stored_not_applicable, stored_evidence, updated_at = stored
        rating = RatingView(
            behaviour_id=behaviour_id,
            level=stored_level,
            evidence=stored_evidence,
            updated_at=as_utc(updated_at),
            not_applicable=stored_not_applicable,
        )
    return RatingChange(
        assessment=assessment_view(row, framework, answered),
        behaviour_id=behaviour_id,
        rating=rating,
    )


#: The longest answer to a narrative prompt.
MAX_PROMPT_ANSWER = 10_000


def prompt_answers_of(assessment_id: int, *, session: Session) -> dict[str, str]:
    """An assessment's answers to its framework's prompts, by prompt id."""
    return {
        row.prompt_id: row.text
        for row in prompt_answers_repo.list_for_assessment(assessment_id, session=session)
    }


def set_prompt_answer(lib: Library, assessment_id: int, prompt_id: str, text: str) -> str:
    """Record the answer, in words, to one of the framework's prompts (empty: none)."""
    if len(text) > MAX_PROMPT_ANSWER:
        raise UserError(f"answer: at most {MAX_PROMPT_ANSWER} characters (found {len(text)})")
    with unit(lib) as work:
        session = work.session
        assessment = require_assessment(assessment_id, session=session)
        framework = framework_by_key(
            lib, assessment.framework_id, assessment.framework_version, session=session
        )
        asked = {prompt.id for prompt in framework.prompts_for(assessment.group_id or None)}
        if prompt_id not in asked:
            raise UserError(
                f"prompt {prompt_id!r} is not asked in this assessment "
                f"({framework.id} {framework.version}, group {assessment.group_id or '(none)'})"
            )
        prompt_answers_repo.write(assessment_id, prompt_id, text, session=session)
        assessments_repo.touch(assessment, session=session)
        work.assessment_changed(assessment.person_id, assessment_id)
        return text


def answers_of(assessment_id: int, *, session: Session) -> dict[str, Answer]:
    """An assessment's answers by behaviour id, as the domain reads them."""
    return {
        r.behaviour_id: NOT_APPLICABLE if r.not_applicable else r.level
        for r in ratings_repo.list_for_assessment(assessment_id, session=session)
    }


def answers(lib: Library, assessment_id: int) -> dict[str, Answer]:
    """An assessment's answers: a level, NOT_APPLICABLE, or None (never answered: absent)."""
    with unit(lib) as work:
        require_assessment(assessment_id, session=work.session)
        return answers_of(assessment_id, session=work.session)


def clear_rating(lib: Library, assessment_id: int, behaviour_id: str) -> RatingChange:
    """Remove a behaviour's level and evidence (it becomes unanswered)."""
    return set_rating(lib, assessment_id, behaviour_id, level=None, evidence="")


def unanswered(lib: Library, assessment_id: int) -> tuple[str, ...]:
    """The behaviours of an assessment's framework still without a level, in order."""
    with unit(lib) as work:
        session = work.session
        assessment = require_assessment(assessment_id, session=session)
        framework = framework_by_key(
            lib, assessment.framework_id, assessment.framework_version, session=session
        )
        return unanswered_ids(
            framework, _answered(assessment_id, session=session), assessment.group_id
        )


def complete_assessment(
    lib: Library, assessment_id: int, *, force: bool = False
) -> CompletionResult:
    """Mark an assessment complete.

    With behaviours still unanswered, nothing changes unless ``force`` is True; either
    way the result lists them, so the caller can point them out and ask again.
    """
    with unit(lib) as work:
        session = work.session
        assessment = require_assessment(assessment_id, session=session)
        framework = framework_by_key(
            lib, assessment.framework_id, assessment.framework_version, session=session
        )
        missing = unanswered_ids(
            framework, _answered(assessment_id, session=session), assessment.group_id
        )
        completed = force or not missing
        if completed and assessment.status != AssessmentStatus.COMPLETE.value:
            assessment.status = AssessmentStatus.COMPLETE.value
            assessment.completed_at = utcnow()
            assessments_repo.touch(assessment, session=session)
            work.assessment_changed(assessment.person_id, assessment_id)
        view = _view(lib, assessment, session=session)
        return CompletionResult(assessment=view, unanswered=missing, completed=completed)


def new_version(lib: Library, assessment_id: int) -> AssessmentView:
    """A draft copy of an assessment to change (one that a signed appraisal holds cannot
    change itself): same framework, ratings and evidence, dated today."""
    with unit(lib) as work:
        session = work.session
        source = require_assessment(assessment_id, session=session)
        framework = framework_by_key(
            lib, source.framework_id, source.framework_version, session=session
        )
        copied = [
            NewRating(r.behaviour_id, r.level, r.evidence)
            for r in ratings_repo.list_for_assessment(assessment_id, session=session)
        ]
        created = create_assessment(
            lib,
            source.person_id,
            framework,
            kind=source.kind,
            assessed_on=date.today(),
            ratings=copied,
            complete=False,
            session=session,
        )
        assert created.id is not None
        work.assessment_changed(source.person_id, created.id)
        return assessment_view(created, framework, sum(1 for r in copied if r.level is not None))


def delete_assessment(lib: Library, assessment_id: int) -> int:
    """Delete an assessment and its ratings (the UI asks for confirmation first)."""
    with unit(lib) as work:
        assessment = require_assessment(assessment_id, session=work.session)
        assessments_repo.delete(assessment, session=work.session)
        work.assessment_removed(assessment.person_id, assessment_id)
        return assessment_id


# -- helpers ---------------------------------------------------------------------------


def _answered(assessment_id: int, *, session: Session) -> list[str]:
    return [
        r.behaviour_id
        for r in ratings_repo.list_for_assessment(assessment_id, session=session)
        if r.level is not None or r.not_applicable
    ]


def get_person_id(lib: Library, person_id: int) -> int:
    """``person_id`` when that person exists, else NotFound."""
    with unit(lib) as work:
        require_person(person_id, session=work.session)
    return person_id
