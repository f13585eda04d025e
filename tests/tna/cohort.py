"""Organisations for the training-needs tests, made through the services.

Departments of many sizes (a large one, middling ones, ones below the minimum group,
one called "all", people with no department), people of every group of the bundled
framework, several assessments each (older complete ones, a newer draft that must not
count, another framework version's), "not applicable" answers, evidence that must never
be read, and appraisals signed (their agreed levels count) and not signed (they do not).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ppf_app.domain.answers import NOT_APPLICABLE, Answer
from ppf_app.services import assessments, people
from ppf_app.services.assessments import NewRating
from ppf_app.services.library import Library
from ppf_app.services.unit import unit
from tests.helpers.appraisals import appraiser_rates, ready_to_sign

#: Department -> people in it ("" : no department).
DEPARTMENTS: dict[str, int] = {
    "Emergency care": 14,
    "Pharmacy": 7,
    "Théâtres": 6,
    "Radiology": 3,
    "Estates": 2,
    "all": 1,
    "": 4,
}
SECRET = "EVIDENCE-NEVER-AGGREGATED"


@dataclass
class Organisation:
    """What :func:`build` made."""

    people: dict[int, str] = field(default_factory=dict)  # person id -> department
    chosen: dict[int, int] = field(default_factory=dict)  # person id -> assessment counted
    signed: list[int] = field(default_factory=list)  # people whose agreed levels count


def _answers(
    rng: random.Random, lib: Library, group: str, *, not_applicable: float = 0.1
) -> list[NewRating]:
    framework = lib.frameworks.default()
    scale = framework.scale_values
    made = []
    for behaviour in framework.behaviours_for(group or None):
        answer: Answer = rng.choice(scale)
        if framework.allows_not_applicable(behaviour.id) and rng.random() < not_applicable:
            answer = NOT_APPLICABLE
        made.append(NewRating.of(behaviour.id, answer, SECRET))
    return made


def assessment(
    lib: Library,
    person_id: int,
    ratings: Sequence[NewRating],
    *,
    on: date,
    complete: bool = True,
    kind: str = "self",
    group_id: str | None = None,
) -> int:
    framework = lib.frameworks.default()
    with unit(lib) as work:
        made = assessments.create_assessment(
            lib,
            person_id,
            framework,
            kind=kind,
            assessed_on=on,
            ratings=ratings,
            complete=complete,
            session=work.session,
            group_id=group_id,
        )
        assert made.id is not None
        return made.id


def build(
    lib: Library,
    *,
    seed: int = 7,
    departments: dict[str, int] | None = None,
    signed: int = 3,
    today: date = date(2026, 6, 1),
) -> Organisation:
    """An organisation in ``lib``; every person has a counted assessment."""
    rng = random.Random(seed)
    framework = lib.frameworks.default()
    groups = [group.id for group in framework.groups]
    org = Organisation()
    for department, size in (departments or DEPARTMENTS).items():
        for _ in range(size):
            group = rng.choice(groups)
            person = people.add_person(
                lib,
                name=f"Person {len(org.people) + 1}",
                professional_group=group,
                department=department,
            )
            org.people[person.id] = department
            older = today - timedelta(days=400 + rng.randrange(100))
            assessment(lib, person.id, _answers(rng, lib, group), on=older)
            latest = today - timedelta(days=rng.randrange(200))
            org.chosen[person.id] = assessment(lib, person.id, _answers(rng, lib, group), on=latest)
            if rng.random() < 0.3:  # a newer draft: not complete, not counted
                assessment(
                    lib,
                    person.id,
                    _answers(rng, lib, group),
                    on=latest + timedelta(days=10),
                    complete=False,
                )
    # Signing asks for an agreed level of every behaviour of the framework, which only
    # the groups asked every behaviour can give (the others' appraisals cannot be signed).
    everything = len(list(framework.behaviours()))
    signable = [
        person_id
        for person_id, assessment_id in org.chosen.items()
        if len(framework.behaviours_for(_group_of(lib, assessment_id) or None)) == everything
    ]
    for person_id in signable[:signed]:
        org.chosen[person_id] = sign_latest(lib, person_id, org.chosen[person_id], rng)
        org.signed.append(person_id)
    assert len(org.signed) == min(signed, len(signable))
    return org


def _group_of(lib: Library, assessment_id: int) -> str:
    return assessments.get_assessment(lib, assessment_id).group_id


def sign_latest(lib: Library, person_id: int, self_id: int, rng: random.Random) -> int:
    """Appraise and sign the self assessment ``self_id``; the agreed assessment's id."""
    from ppf_app.services import appraisal

    record = appraisal.open_for(lib, self_id, appraiser_name="Grace Hopper")
    framework = lib.frameworks.default()
    scale = framework.scale_values
    asked = framework.behaviours_for(assessments.get_assessment(lib, self_id).group_id or None)
    appraiser_rates(lib, record.id, {b.id: rng.choice(scale) for b in asked[:4]})
    for behaviour in asked[:6]:  # agreed lower than the person's own: changes the gaps
        appraisal.agree(lib, record.id, behaviour.id, scale[0], "agreed in the meeting")
    ready_to_sign(lib, record.id)
    signed = appraisal.sign(lib, record.id, appraisee="A", appraiser="Grace Hopper")
    assert signed.agreed_assessment is not None
    return signed.agreed_assessment.id
