"""Cohorts of clinicians and managers for the learning-pair tests, made through the
services as a user would make them, with ratings chosen relative to each group's target.

They are rated on a framework of the tests' own (``pairing.toml`` beside this file), so
that a change to the bundled framework's content never changes what they prove.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ppf_app.core.errors import NotFound
from ppf_app.domain.framework import Framework
from ppf_app.services import assessments, people
from ppf_app.services.frameworks import add_framework
from ppf_app.services.library import Library
from ppf_app.services.views import AssessmentView

FRAMEWORK_FILE = Path(__file__).with_name("pairing.toml")
FRAMEWORK_ID = "pairing-test"
GROUPS = ("clinician", "manager")


def pairing_framework(lib: Library) -> Framework:
    """The tests' framework, installed in ``lib`` the first time it is asked for."""
    try:
        return lib.frameworks.get(FRAMEWORK_ID)
    except NotFound:
        return add_framework(lib, FRAMEWORK_FILE)


def even_behaviours(framework: Framework) -> list[str]:
    """Behaviours asked of both groups whose target is the middle of a five-level scale
    and whose importance is 1 for both: two steps of room above and below for everyone,
    a point a step. In framework order."""
    return [
        b.id
        for _, b in framework.behaviours()
        if all(
            framework.asks(b.id, group)
            and framework.target_for(b.id, group) == framework.scale_values[2]
            and framework.importance_for(b.id, group) == 1
            for group in GROUPS
        )
    ]


def levels(framework: Framework, group: str, offsets: Mapping[str, int]) -> dict[str, int]:
    """Every behaviour asked of ``group`` at its target, except those in ``offsets``, that
    many scale steps above (+) or below (-) it."""
    steps = framework.scale_values
    chosen = {}
    for behaviour in framework.behaviours_for(group):
        target = steps.index(framework.target_for(behaviour.id, group))
        chosen[behaviour.id] = steps[target + offsets.get(behaviour.id, 0)]
    return chosen


def rate(
    lib: Library,
    person_id: int,
    offsets: Mapping[str, int],
    *,
    on: date = date(2026, 1, 10),
    framework: Framework | None = None,
) -> AssessmentView:
    """A complete self assessment on ``framework`` (the tests' own by default) at
    :func:`levels`."""
    framework = framework or pairing_framework(lib)
    person = people.get_person(lib, person_id)
    view = assessments.start_assessment(
        lib, person_id, framework.id, framework.version, assessed_on=on
    )
    for behaviour_id, level in levels(framework, person.professional_group, offsets).items():
        assessments.set_rating(lib, view.id, behaviour_id, level=level)
    assessments.complete_assessment(lib, view.id)
    return assessments.get_assessment(lib, view.id)


@dataclass(frozen=True)
class Known:
    """Three clinicians and three managers whose best pairs are known and unique.

    Scores (gaps met by margins, both ways): C1-M1 8, C1-M2 7, C2-M1 7, C2-M2 1,
    C3-M3 4 and 0 for every other pair. A greedy pass takes C1-M1 first (8) and is left
    with C2-M2 (1); the best total is C1-M2 + C2-M1 + C3-M3 = 18.
    """

    ids: dict[str, int]
    behaviours: list[str]

    def best(self) -> list[tuple[int, int, int]]:
        i = self.ids
        return [(i["C1"], i["M2"], 7), (i["C2"], i["M1"], 7), (i["C3"], i["M3"], 4)]


#: Each person's steps above (+) or below (-) target on the even behaviours b[k].
KNOWN_OFFSETS: dict[str, dict[int, int]] = {
    # C1 is two steps short on b0-b3 and one above on b8, b9.
    "C1": {0: -2, 1: -2, 2: -2, 3: -2, 8: 1, 9: 1},
    # C2 is short on b3 (one step) and b4-b6 (two), one above on b8.
    "C2": {3: -1, 4: -2, 5: -2, 6: -2, 8: 1},
    "C3": {10: -2, 11: 2},
    # M1 is two above on b0-b6.
    "M1": {k: 2 for k in range(7)},
    # M2 is two above on b0, b1 and one on b2; one short on b8 and b9.
    "M2": {0: 2, 1: 2, 2: 1, 8: -1, 9: -1},
    "M3": {10: 2, 11: -2},
}
NAMES = {
    "C1": "Asha Patel",
    "C2": "Siân Jones",
    "C3": "Łukasz Nowak",
    "M1": "Grace Okafor",
    "M2": "Nguyễn Thị Mai",
    "M3": "Tom Reid",
}


def known_cohort(lib: Library, *, departments: Mapping[str, str] | None = None) -> Known:
    b = even_behaviours(pairing_framework(lib))
    assert len(b) >= 12, "pairing.toml has changed: pick other behaviours"
    ids: dict[str, int] = {}
    for key in ("C1", "M1", "C2", "M2", "C3", "M3"):  # ids interleaved, on purpose
        group = "clinician" if key.startswith("C") else "manager"
        person = people.add_person(
            lib,
            name=NAMES[key],
            professional_group=group,
            job_title="Specialty registrar" if group == "clinician" else "Service manager",
            department=(departments or {}).get(key, ""),
        )
        ids[key] = person.id
        rate(lib, person.id, {b[k]: step for k, step in KNOWN_OFFSETS[key].items()})
    return Known(ids, b)
