"""The home screen: whose record is open, their assessments, and how to start one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ppf_app.domain.records import AssessmentKind
from ppf_app.services import assessments, frameworks, people
from ppf_app.services.lookups import require_person
from ppf_app.services.screens.common import group_title
from ppf_app.services.unit import unit
from ppf_app.services.views import AssessmentView, PersonView

if TYPE_CHECKING:
    from ppf_app.services.library import Library


@dataclass(frozen=True)
class FrameworkChoice:
    """An installed framework to start an assessment on; ``key`` is ``id@version``."""

    key: str
    label: str


@dataclass(frozen=True)
class HomeScreen:
    person: PersonView
    group_title: str
    assessments: tuple[AssessmentView, ...]
    """Newest first."""
    frameworks: tuple[FrameworkChoice, ...]
    default_framework: str
    """The key of the framework preselected for a new assessment."""
    kinds: tuple[AssessmentKind, ...] = tuple(AssessmentKind)


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
    default = lib.frameworks.default()
    return HomeScreen(
        person=person,
        group_title=group_title(default, person.professional_group),
        assessments=tuple(listed),
        frameworks=tuple(
            FrameworkChoice(framework_key(*f.key), f"{f.title} ({f.version})")
            for f in frameworks.list_frameworks(lib)
        ),
        default_framework=framework_key(*default.key),
    )
