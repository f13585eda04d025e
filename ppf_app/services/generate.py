"""Realistic libraries made up from a seed: people, assessment histories and ratings.

For trying the app and the command line at scale, and for the benchmarks: a library of
thousands of people, each with a history of yearly assessments whose ratings move
around their group's targets and slowly improve, some with evidence, the newest now and
then still a draft. Names come from the mix of people who work in the NHS, non-ASCII
letters included.

The same seed, counts, framework and ``as_of`` date always give the same library, ids
aside (they depend on what the library already holds). Everything is written in one
transaction: an interrupted run adds nothing.

People are checked with the same rules as :func:`ppf_app.services.people.add_person`,
levels with those of :func:`ppf_app.services.assessments.set_rating`, and the framework
is kept as a snapshot as for any assessment; rows are then written in bulk.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from typing import TYPE_CHECKING, Any

from ppf_app.core.errors import UserError
from ppf_app.domain.framework import Framework
from ppf_app.domain.records import AssessmentKind, AssessmentStatus
from ppf_app.services import assessments, people
from ppf_app.storage.repositories import bulk

if TYPE_CHECKING:
    from ppf_app.services.library import Library

MAX_PEOPLE = 1_000_000
MAX_ASSESSMENTS_PER_PERSON = 50
#: People written per batch of statements (bounds memory; all in one transaction).
CHUNK = 500

FIRST_NAMES: tuple[str, ...] = (
    "Siân", "Łukasz", "Aoife", "Oluwaseun", "Priya", "Mohammed", "Emma", "James",
    "Chidi", "Ngozi", "Wei", "Fatima", "Ioana", "José", "Renée", "Małgorzata",
    "Dafydd", "Gráinne", "Zoë", "Seán", "Aisha", "Tomasz", "Olivia", "Rhys",
    "Niamh", "Kwame", "Anjali", "Hannah", "David", "Sarah", "Ahmed", "Chloé",
    "Bartosz", "Thandiwe", "Eilidh", "Ravi", "Mei", "Ifeoma", "Kofi", "Agnieszka",
    "Catrin", "Rónán", "Yusuf", "Sophie", "Gareth", "Amara", "Lakshmi", "Tomás",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Nguyễn", "Jones", "Williams", "Patel", "Khan", "Kowalski", "Wójcik", "O'Connor",
    "Okafor", "Adeyemi", "Smith", "Evans", "Davies", "Müller", "García", "Chen",
    "Sharma", "Begum", "Lefèvre", "MacLeod", "Ní Bhriain", "Mensah", "Brown", "Taylor",
    "Hughes", "Nowak", "Ahmed", "Rodríguez", "Ó Súilleabháin", "Campbell", "Osei",
    "Thomas", "Lewandowski", "Wright", "Achebe", "Kaur", "Singh", "Roberts", "Dąbrowski",
    "Papadopoulos", "Ferreira", "Morgan", "Walker", "Llewellyn", "Zhang", "Hussain",
)  # fmt: skip

JOB_TITLES: dict[str, tuple[str, ...]] = {
    "clinician": (
        "Staff Nurse", "Consultant Physician", "Specialty Registrar", "Physiotherapist",
        "Occupational Therapist", "Midwife", "Clinical Nurse Specialist", "Paramedic",
        "Speech and Language Therapist", "Pharmacist", "Diagnostic Radiographer",
        "Consultant Anaesthetist", "Dietitian", "Advanced Nurse Practitioner",
    ),
    "manager": (
        "Service Manager", "Operations Manager", "Business Manager", "Finance Manager",
        "HR Business Partner", "Project Manager", "Directorate Manager",
        "Patient Experience Lead", "Estates Manager", "Performance Analyst Lead",
    ),
    "clinical-manager": (
        "Ward Manager", "Matron", "Clinical Director", "Head of Nursing",
        "Lead Pharmacist", "Therapy Services Lead", "Divisional Medical Director",
        "Community Team Leader",
    ),
}  # fmt: skip
OTHER_JOB_TITLES: tuple[str, ...] = ("Team Leader", "Practitioner", "Coordinator")

PLACES: tuple[str, ...] = (
    "Northfield", "Ashbourne Vale", "Kingsmere", "Riverside", "Bryn Teg", "Glenmore",
    "Eastholme", "Westbury Park", "Harrow Dale", "Southmoor", "Caer Wyn", "Lochside",
)  # fmt: skip
ORGANISATION_KINDS: tuple[str, ...] = (
    "NHS Foundation Trust", "University Hospitals NHS Trust", "Community Health Services",
    "Health Board", "Mental Health NHS Trust",
)  # fmt: skip

EVIDENCE: tuple[str, ...] = (
    "Led the morning safety huddle and followed up both concerns staff raised.",
    "Chaired the monthly governance meeting; actions and owners agreed and minuted.",
    "Asked a patient's family what mattered to them and changed the discharge plan.",
    "Reported a near miss the same day and shared the learning at the team meeting.",
    "Covered the rota gap by agreeing cross-cover with the neighbouring ward.",
    "Took part in a paired-learning shadow day with the directorate manager.",
    "Completed the appraisal conversations for my team on time this year.",
    "Explained the budget pressures openly at the staff briefing and took questions.",
    "Mentored a newly qualified colleague through their first six months.",
    "Ran a small improvement project on clinic waiting times; 15% fewer delays.",
    "Challenged a decision that put a patient at risk, calmly and with the facts.",
    "Asked for feedback from three colleagues and acted on what they said.",
    "Set up a weekly catch-up with the service manager to plan capacity together.",
    "Admitted a mistake in the handover and put a checklist in place.",
)  # fmt: skip

GROUP_WEIGHTS = {"clinician": 5, "manager": 3, "clinical-manager": 2}
KIND_WEIGHTS = (
    (AssessmentKind.SELF.value, 15),
    (AssessmentKind.APPRAISER.value, 4),
    (AssessmentKind.AGREED.value, 1),
)


@dataclass(frozen=True)
class GenerateResult:
    """What a run added to the library."""

    people: int
    assessments: int
    ratings: int
    seconds: float
    framework_id: str
    framework_version: str


def generate_library(
    lib: Library,
    *,
    people_count: int,
    assessments_per_person: int = 3,
    seed: int = 0,
    framework_id: str | None = None,
    version: str | None = None,
    as_of: date | None = None,
) -> GenerateResult:
    """Add ``people_count`` made-up people with their assessment histories to ``lib``.

    Args:
        lib: the open library.
        people_count: how many people to add (1 to 1,000,000).
        assessments_per_person: assessments each person has, a year or so apart (0 to 50).
        seed: the same seed gives the same people, assessments and ratings.
        framework_id: the framework assessed against (default: the bundled one).
        version: its version (default: the newest installed).
        as_of: the newest assessments fall in the year before this date (default: today).

    Raises:
        UserError: a count is out of range, or the framework is not installed.
    """
    problems = []
    if not 1 <= people_count <= MAX_PEOPLE:
        problems.append(f"people: must be 1 to {MAX_PEOPLE:,} (found {people_count})")
    if not 0 <= assessments_per_person <= MAX_ASSESSMENTS_PER_PERSON:
        problems.append(
            f"assessments per person: must be 0 to {MAX_ASSESSMENTS_PER_PERSON} "
            f"(found {assessments_per_person})"
        )
    if problems:
        raise UserError(problems)
    framework = assessments.resolve_framework(lib, framework_id, version)
    groups = people.allowed_groups(lib)
    maker = _Maker(framework, groups, seed=seed, as_of=as_of or date.today())
    started = time.perf_counter()
    counts = [0, 0, 0]
    for group in maker.groups:
        people.check_group(lib, group)
    with lib.db.session() as session:
        if assessments_per_person:
            assessments.ensure_snapshot(lib, framework, session=session)
        for chunk in _chunks(people_count, CHUNK):
            new_people = [maker.person(assessments_per_person) for _ in range(chunk)]
            for person in new_people:
                people.clean_line("name", person["name"], required=True)
            person_ids = bulk.insert_people(new_people, session=session)
            counts[0] += len(person_ids)
            made = [
                item
                for person_id, person in zip(person_ids, new_people, strict=True)
                for item in maker.history(
                    person_id, person["professional_group"], assessments_per_person
                )
            ]
            assessment_ids = bulk.insert_assessments([row for row, _ in made], session=session)
            counts[1] += len(assessment_ids)
            ratings = [
                {**rating, "assessment_id": assessment_id}
                for (_, made_ratings), assessment_id in zip(made, assessment_ids, strict=True)
                for rating in made_ratings
            ]
            counts[2] += bulk.insert_ratings(ratings, session=session)
    return GenerateResult(
        people=counts[0],
        assessments=counts[1],
        ratings=counts[2],
        seconds=time.perf_counter() - started,
        framework_id=framework.id,
        framework_version=framework.version,
    )


def _chunks(total: int, size: int) -> Iterator[int]:
    while total > 0:
        yield min(size, total)
        total -= size


Row = dict[str, Any]


class _Maker:
    """Draws people, assessments and ratings from one seeded random stream."""

    def __init__(
        self, framework: Framework, groups: Sequence[str], *, seed: int, as_of: date
    ) -> None:
        self.framework = framework
        self.groups = tuple(groups) or ("clinician",)
        self.group_weights = [GROUP_WEIGHTS.get(group, 2) for group in self.groups]
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.levels = framework.scale_values
        for level in self.levels:
            problem = assessments.level_problem(framework, level)
            if problem is not None:  # pragma: no cover - the levels come from the scale
                raise UserError(problem)
        #: Minutes between one rating and the next as a person works through a form.
        self.minute_steps = (timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=3))
        self.values = [(value.id, [b.id for b in value.behaviours]) for value in framework.values]
        #: Person's group -> the group an assessment is made for, and what that one asks.
        self.assessed_as = {
            group: assessments.default_group(framework, group) for group in self.groups
        }
        self.asked = {
            group: {b.id for b in framework.behaviours_for(self.assessed_as[group] or None)}
            for group in self.groups
        }
        self.targets = {
            group: {
                b.id: self._index_of(framework.target_for(b.id, group))
                for _, b in framework.behaviours()
            }
            for group in self.groups
        }
        self.organisations = [f"{place} {kind}" for place in PLACES for kind in ORGANISATION_KINDS]

    def _index_of(self, level: int) -> int:
        if level in self.levels:
            return self.levels.index(level)
        return min(range(len(self.levels)), key=lambda i: abs(self.levels[i] - level))

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def moment(self, day: date) -> datetime:
        minutes = self.rng.randrange(8 * 60, 18 * 60)
        return datetime.combine(day, clock_time(), tzinfo=UTC) + timedelta(minutes=minutes)

    def person(self, assessments: int) -> Row:
        """A person, added to the library before the first of their ``assessments``."""
        rng = self.rng
        group = rng.choices(self.groups, self.group_weights)[0]
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if rng.random() < 0.04:
            name = f"{rng.choice(FIRST_NAMES)} {name}"
        titles = JOB_TITLES.get(group, OTHER_JOB_TITLES)
        job_title = "" if rng.random() < 0.05 else rng.choice(titles)
        organisation = "" if rng.random() < 0.08 else rng.choice(self.organisations)
        history_days = 330 + 45 + 365 * max(0, assessments - 1)
        joined = self.as_of - timedelta(days=history_days + rng.randrange(1, 3 * 365))
        created = self.moment(joined)
        return {
            "uid": self.uid(),
            "name": name,
            "professional_group": group,
            "job_title": job_title,
            "organisation": organisation,
            "created_at": created,
            "updated_at": created,
        }

    def history(self, person_id: int, group: str, count: int) -> list[tuple[Row, list[Row]]]:
        """A person's assessments, oldest first, each with its ratings."""
        rng = self.rng
        ability = rng.gauss(0.0, 0.7)
        growth = rng.uniform(0.0, 0.45)
        value_offsets = {value_id: rng.gauss(0.0, 0.4) for value_id, _ in self.values}
        newest = self.as_of - timedelta(days=rng.randrange(0, 330))
        history = []
        for index in range(count):
            years_back = count - 1 - index
            jitter = rng.randrange(-45, 46) if years_back else 0
            day = newest - timedelta(days=365 * years_back + jitter)
            draft = index == count - 1 and rng.random() < 0.15
            answered = rng.uniform(0.35, 0.9) if draft else 1.0
            created = self.moment(day)
            completed = None if draft else created + timedelta(minutes=rng.randrange(20, 2000))
            assessment = {
                "uid": self.uid(),
                "person_id": person_id,
                "framework_id": self.framework.id,
                "framework_version": self.framework.version,
                "kind": rng.choices([k for k, _ in KIND_WEIGHTS], [w for _, w in KIND_WEIGHTS])[0],
                "assessed_on": day,
                "status": (AssessmentStatus.DRAFT if draft else AssessmentStatus.COMPLETE).value,
                "created_at": created,
                "updated_at": completed or created + timedelta(minutes=rng.randrange(5, 90)),
                "completed_at": completed,
                "group_id": self.assessed_as[group],
            }
            skill = ability + growth * index
            ratings = self._ratings(group, skill, value_offsets, created, answered)
            history.append((assessment, ratings))
        return history

    def _ratings(
        self,
        group: str,
        skill: float,
        value_offsets: dict[str, float],
        created: datetime,
        answered: float,
    ) -> list[Row]:
        random, gauss = self.rng.random, self.rng.gauss
        levels = self.levels
        top = len(levels) - 1
        targets = self.targets[group]
        asked = self.asked[group]
        steps = self.minute_steps
        rows = []
        moment = created
        for value_id, behaviour_ids in self.values:
            base = skill + value_offsets[value_id]
            for behaviour_id in behaviour_ids:
                if behaviour_id not in asked:
                    continue
                if answered < 1.0 and random() > answered:
                    continue
                moment += steps[int(random() * len(steps))]
                index = round(targets[behaviour_id] + base + gauss(0.0, 0.6))
                rows.append(
                    {
                        "behaviour_id": behaviour_id,
                        "level": levels[min(top, max(0, index))],
                        "evidence": (
                            EVIDENCE[int(random() * len(EVIDENCE))] if random() < 0.25 else ""
                        ),
                        "updated_at": moment,
                    }
                )
        return rows
