"""Cohorts of clinicians and managers for the learning-pair tests, made through the
services as a user would make them, with ratings chosen relative to each group's target.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ppf_app.domain.framework import Framework
from ppf_app.services import assessments, people
from ppf_app.services.library import Library
from ppf_app.services.views import AssessmentView

GROUPS = ("clinician", "manager")


def even_behaviours(framework: Framework) -> list[str]:
    """Behaviours whose target is the middle of the scale (3 of 1..5) for both groups,
    in framework order: two steps of room above and below for everyone."""
    return [
        b.id
        for _, b in framework.behaviours()
        if all(framework.target_for(b.id, group) == 3 for group in GROUPS)
    ]


def rate(
    lib: Library,
    person_id: int,
    offsets: Mapping[str, int],
    *,
    on: date = date(2026, 1, 10),
) -> AssessmentView:
    """A complete self assessment: every behaviour at the person's target, except those
    in ``offsets``, rated that many scale steps above (+) or below (-) it."""
    framework = lib.frameworks.default()
    person = people.get_person(lib, person_id)
    view = assessments.start_assessment(lib, person_id, assessed_on=on)
    for _, behaviour in framework.behaviours():
        target = framework.target_for(behaviour.id, person.professional_group)
        level = target + offsets.get(behaviour.id, 0)
        assessments.set_rating(lib, view.id, behaviour.id, level=level)
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


def known_cohort(lib: Library, *, departments: Mapping[str, str] | None = None) -> Known:
    b = even_behaviours(lib.frameworks.default())
    assert len(b) >= 12, "the bundled framework has changed: pick other behaviours"
    offsets: dict[str, dict[str, int]] = {
        # C1 is two steps short on b0-b3 and one above on b8, b9.
        "C1": {b[0]: -2, b[1]: -2, b[2]: -2, b[3]: -2, b[8]: 1, b[9]: 1},
        # C2 is short on b3 (one step) and b4-b6 (two), one above on b8.
        "C2": {b[3]: -1, b[4]: -2, b[5]: -2, b[6]: -2, b[8]: 1},
        "C3": {b[10]: -2, b[11]: 2},
        # M1 is two above on b0-b6.
        "M1": {b[k]: 2 for k in range(7)},
        # M2 is two above on b0, b1 and one on b2; one short on b8 and b9.
        "M2": {b[0]: 2, b[1]: 2, b[2]: 1, b[8]: -1, b[9]: -1},
        "M3": {b[10]: 2, b[11]: -2},
    }
    names = {
        "C1": "Asha Patel",
        "C2": "Siân Jones",
        "C3": "Łukasz Nowak",
        "M1": "Grace Okafor",
        "M2": "Nguyễn Thị Mai",
        "M3": "Tom Reid",
    }
    ids: dict[str, int] = {}
    for key in ("C1", "M1", "C2", "M2", "C3", "M3"):  # ids interleaved, on purpose
        group = "clinician" if key.startswith("C") else "manager"
        person = people.add_person(
            lib,
            name=names[key],
            professional_group=group,
            job_title="Specialty registrar" if group == "clinician" else "Service manager",
            department=(departments or {}).get(key, ""),
        )
        ids[key] = person.id
        rate(lib, person.id, offsets[key])
    return Known(ids, b)
