"""The home screen: whose record is open, their assessments, and how to start one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ppf_app.domain.appraisal import RecordStage, self_stage
from ppf_app.domain.records import AssessmentKind
from ppf_app.services import appraisal, assessments, frameworks, people
from ppf_app.services.appraisal import AppraisalView
from ppf_app.services.lookups import require_person
from ppf_app.services.screens.common import group_title
from ppf_app.services.unit import unit
from ppf_app.services.views import AssessmentView, PersonView
from ppf_app.storage.repositories import appraisal as appraisal_repo

if TYPE_CHECKING:
    from ppf_app.services.library import Library


@dataclass(frozen=True)
class FrameworkChoice:
    """An installed framework to start an assessment on; ``key`` is ``id@version``.

    ``groups`` are ``(id, title)`` of the framework's own groups (an assessment is made
    for one of them: it chooses what is asked and the targets); ``default_group`` is the
    person's usual group when the framework has it, else empty.
    """

    key: str
    label: str
    groups: tuple[tuple[str, str], ...] = ()
    default_group: str = ""


@dataclass(frozen=True)
class RecordLine:
    """A line of the person's record: an appraisal, or an assessment of its own.

    For an appraisal, ``assessment`` is the self assessment it reviews.
    """

    assessment: AssessmentView
    appraisal: AppraisalView | None
    stage: RecordStage | None
    """Where a self assessment or an appraisal stands (None for any other assessment)."""

    @property
    def id(self) -> int:
        """The assessment the line opens (an appraisal's self assessment)."""
        return self.assessment.id

    @property
    def key(self) -> str:
        return f"appraisal-{self.appraisal.id}" if self.appraisal else f"assessment-{self.id}"

    @property
    def date(self) -> date:
        return self.appraisal.held_on if self.appraisal else self.assessment.assessed_on

    @property
    def is_appraisal(self) -> bool:
        return self.appraisal is not None


@dataclass(frozen=True)
class HomeScreen:
    person: PersonView
    group_title: str
    records: tuple[RecordLine, ...]
    """Appraisals and the assessments of their own, newest first."""
    frameworks: tuple[FrameworkChoice, ...]
    default_framework: str
    """The key of the framework preselected for a new assessment."""

    @property
    def assessments(self) -> tuple[AssessmentView, ...]:
        """The assessment each line opens, in the same order."""
        return tuple(line.assessment for line in self.records)


def framework_key(framework_id: str, version: str) -> str:
    """A framework's ``(id, version)`` as one text, ``id@version`` (ids never hold ``@``)."""
    return f"{framework_id}@{version}"


def parse_framework_key(key: str) -> tuple[str, str]:
    framework_id, _, version = key.partition("@")
    return framework_id, version


def home_screen(lib: Library, person_id: int) -> HomeScreen:
    """Everything the home screen shows for ``person_id``.

    Raises:
        NotFound: no such person.
    """
    with unit(lib) as work:
        person = people.person_view(require_person(person_id, session=work.session))
        listed = assessments.person_assessments(lib, person_id, session=work.session)
        held = [
            appraisal.appraisal_view(lib, row, session=work.session)
            for row in appraisal_repo.for_person(person_id, session=work.session)
        ]
    default = lib.frameworks.default()
    return HomeScreen(
        person=person,
        group_title=group_title(default, person.professional_group),
        records=record_lines(listed, held),
        frameworks=tuple(
            FrameworkChoice(
                framework_key(*f.key),
                f"{f.title} ({f.version})",
                groups=tuple((g.id, g.title) for g in f.groups),
                default_group=assessments.default_group(f, person.professional_group),
            )
            for f in frameworks.list_frameworks(lib)
        ),
        default_framework=framework_key(*default.key),
    )


def record_lines(listed: list[AssessmentView], held: list[AppraisalView]) -> tuple[RecordLine, ...]:
    """Each appraisal once, and each assessment that no appraisal holds, newest first."""
    members = {member for record in held for member in record.members}
    lines = [RecordLine(record.self_assessment, record, record.stage) for record in held]
    for view in listed:
        if view.id in members:
            continue
        stage = self_stage(view.is_complete) if view.kind == AssessmentKind.SELF else None
        lines.append(RecordLine(view, None, stage))
    lines.sort(key=lambda line: (line.date, line.assessment.created_at, line.key), reverse=True)
    return tuple(lines)
