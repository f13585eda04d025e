"""Which assessment of each person an analysis over many people reads, and its answers.

The training-needs analysis reads, for each person, their **latest complete assessment
on one framework version**: the agreed assessment of a signed appraisal where there is
one, else their own complete self assessment. Among a person's candidates (complete self
assessments, and agreed assessments of signed appraisals) the latest by date counts; on
the same date an agreed one comes before a self one (it is the outcome of reviewing it),
then the one made last.

The rule is one SQL text, :func:`chosen_sql`, used both here (a local library, or an admin
on a server) and inside the server's ``ppf_tna`` function (a lead, who reads no row), so
both choose the same assessments.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, text

from ppf_app.domain.records import AssessmentKind, AssessmentStatus

_SELF = AssessmentKind.SELF.value
_AGREED = AssessmentKind.AGREED.value
_COMPLETE = AssessmentStatus.COMPLETE.value


def chosen_sql(framework_id: str, version: str) -> str:
    """A query of ``(person_id, assessment_id, group_id, department)``: each person's chosen
    assessment on the framework version (SQL expressions or parameters give both)."""
    return f"""
SELECT ranked.person_id, ranked.id AS assessment_id, ranked.group_id, person.department
FROM (
    SELECT a.id, a.person_id, a.group_id,
           ROW_NUMBER() OVER (
               PARTITION BY a.person_id
               ORDER BY a.assessed_on DESC,
                        CASE WHEN a.kind = '{_AGREED}' THEN 0 ELSE 1 END,
                        a.id DESC
           ) AS place
    FROM assessment a
    WHERE a.framework_id = {framework_id} AND a.framework_version = {version}
      AND ((a.kind = '{_SELF}' AND a.status = '{_COMPLETE}')
           OR (a.kind = '{_AGREED}' AND EXISTS (
                   SELECT 1 FROM appraisal signed
                   WHERE signed.agreed_assessment_id = a.id AND signed.signed_at IS NOT NULL)))
) ranked
JOIN person ON person.id = ranked.person_id
WHERE ranked.place = 1"""


_ANSWERS = text(
    "SELECT chosen.person_id, chosen.group_id, chosen.department, "
    "rating.behaviour_id, rating.level "
    f"FROM ({chosen_sql(':framework_id', ':version')}) chosen "
    "LEFT JOIN rating ON rating.assessment_id = chosen.assessment_id "
    "AND rating.level IS NOT NULL AND rating.not_applicable = :no "
    "ORDER BY chosen.person_id, rating.id"
)


@dataclass(frozen=True)
class ChosenAnswers:
    """One person's chosen assessment: its group, the person's department, and the
    behaviours answered on the scale (level by behaviour id, in the order rated)."""

    person_id: int
    group_id: str
    department: str
    levels: dict[str, int]


def chosen_answers(
    framework_id: str, version: str, *, connection: Connection
) -> Iterator[ChosenAnswers]:
    """Each person's chosen assessment on the framework version with its scale answers
    (never its evidence), by person id."""
    rows = connection.execute(
        _ANSWERS, {"framework_id": framework_id, "version": version, "no": False}
    )
    current: ChosenAnswers | None = None
    for person_id, group_id, department, behaviour_id, level in rows.all():
        if current is None or current.person_id != person_id:
            if current is not None:
                yield current
            current = ChosenAnswers(int(person_id), str(group_id or ""), str(department or ""), {})
        if behaviour_id is not None:
            current.levels[str(behaviour_id)] = int(level)
    if current is not None:
        yield current
