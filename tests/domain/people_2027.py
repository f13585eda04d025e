"""Six people rating themselves against the bundled framework ppf 2027.1, as test data.

Each has a name, a job title, the group of the framework they are assessed for and their
answers by behaviour id. They are the people an NHS learning and development lead would
check the framework's advice against:

* a consultant weak on budgets;
* a service manager weak on partnership across the local system;
* a matron at her group's target everywhere (so she is offered stretch areas);
* a newly qualified nurse at the lowest level everywhere;
* a registrar on a paired-learning scheme who rates himself "Sometimes" on business
  planning and budgets;
* a director at the top of the scale almost everywhere (nothing below target).

Answers are written as a starting point (the group's target for every behaviour asked of
the group, or one level for all) and the behaviours where the person differs from it, so
that what is special about each person reads at a glance. :func:`people` turns them into
full answers for the bundled framework; other tests (the plan PDF, the app) reuse them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType

from ppf_app.core.resources import resource_path
from ppf_app.domain.answers import NOT_APPLICABLE, Answer
from ppf_app.domain.framework import Framework
from ppf_app.domain.framework_loader import load_framework

FRAMEWORK_FILE = "ppf-2027.1.toml"
FRAMEWORK_KEY = ("ppf", "2027.1")

#: A starting point: every behaviour asked of the group at the group's target.
AT_TARGET = "target"

# The scale of 2027.1, by label.
RARELY, SOMETIMES, USUALLY, CONSISTENTLY = 1, 2, 3, 4


@dataclass(frozen=True)
class Person:
    """One test person: who they are and what they answered.

    Attributes:
        key: a short name tests use to pick the person.
        name: the person's name.
        job_title: their job, as a plan would print it.
        group: the group of ppf 2027.1 the assessment is made for.
        answers: behaviour id -> level or NOT_APPLICABLE, for every behaviour asked of
            ``group``.
        note: what is special about the person, in a sentence.
    """

    key: str
    name: str
    job_title: str
    group: str
    answers: Mapping[str, Answer] = field(repr=False)
    note: str = ""


@dataclass(frozen=True)
class _Written:
    key: str
    name: str
    job_title: str
    group: str
    start: str | int
    differences: dict[str, Answer]
    note: str


_WRITTEN = (
    _Written(
        key="consultant",
        name="Dr Aisha Rahman",
        job_title="Consultant cardiologist",
        group="clinician",
        start=AT_TARGET,
        differences={
            "ac-budget": RARELY,
            "ac-plan": SOMETIMES,
            # She allocates no rotas or training places.
            "re-fair": NOT_APPLICABLE,
        },
        note="At target except budgets (Rarely) and planning figures (Sometimes).",
    ),
    _Written(
        key="service-manager",
        name="Gareth Evans",
        job_title="Service manager, outpatients",
        group="middle-manager",
        start=AT_TARGET,
        differences={
            "wp-system": RARELY,
            "wp-early": SOMETIMES,
            "wp-understand": SOMETIMES,
            "wp-visible": USUALLY,
        },
        note="At target except partnership, weakest with partners outside the trust.",
    ),
    _Written(
        key="matron",
        name="Bernadette Okafor",
        job_title="Matron, acute medicine",
        group="clinical-manager",
        start=AT_TARGET,
        differences={},
        note="At her group's target on every behaviour.",
    ),
    _Written(
        key="newly-qualified-nurse",
        name="Chloe Williams",
        job_title="Staff nurse (newly qualified), surgical ward",
        group="aspiring-leader",
        start=RARELY,
        differences={},
        note="The lowest level on every behaviour asked of her.",
    ),
    _Written(
        key="registrar",
        name="Dr Tom Fletcher",
        job_title="Specialty registrar (ST5) in anaesthetics, on a paired-learning scheme",
        group="clinician",
        start=AT_TARGET,
        differences={
            "ac-plan": SOMETIMES,
            "ac-budget": SOMETIMES,
            # Paired with a service manager this year.
            "ld-cross": CONSISTENTLY,
        },
        note="At target except business planning and budgets (Sometimes).",
    ),
    _Written(
        key="director",
        name="Priya Shah",
        job_title="Director of operations",
        group="senior-leader",
        start=CONSISTENTLY,
        differences={
            # At her group's target (Usually), one level below the top.
            "ld-improve": USUALLY,
            "ld-cross": USUALLY,
        },
        note="The top level everywhere except two behaviours, which are at target.",
    ),
)


@cache
def framework() -> Framework:
    """The bundled framework these people answered: ppf 2027.1."""
    return load_framework(resource_path("frameworks", FRAMEWORK_FILE))


def _answers(fw: Framework, written: _Written) -> Mapping[str, Answer]:
    asked = fw.behaviours_for(written.group)
    unknown = set(written.differences) - {b.id for b in asked}
    if unknown:
        raise ValueError(f"{written.key}: not asked of {written.group}: {sorted(unknown)}")
    answers: dict[str, Answer] = {}
    for behaviour in asked:
        start = written.start
        answers[behaviour.id] = (
            fw.target_for(behaviour.id, written.group) if isinstance(start, str) else start
        )
    answers.update(written.differences)
    return MappingProxyType(answers)


@cache
def people() -> tuple[Person, ...]:
    """The six people, in the order of the module's docstring."""
    fw = framework()
    return tuple(
        Person(
            key=w.key,
            name=w.name,
            job_title=w.job_title,
            group=w.group,
            answers=_answers(fw, w),
            note=w.note,
        )
        for w in _WRITTEN
    )


def person(key: str) -> Person:
    """The test person called ``key`` (``"consultant"``, ``"matron"``, ...)."""
    for candidate in people():
        if candidate.key == key:
            return candidate
    raise KeyError(f"no test person {key!r}; have {[p.key for p in people()]}")
