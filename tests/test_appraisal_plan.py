"""The full plan shows the levels agreed at the appraisal meeting where there are some."""

from __future__ import annotations

from pathlib import Path

from ppf_app.services import appraisal, assessments, people, plan_report
from ppf_app.services.library import open_library


def test_agreed_levels_replace_the_persons_own_in_the_plan(tmp_path: Path):
    with open_library(tmp_path / "lib") as lib:
        ids = [b.id for _, b in lib.frameworks.default().behaviours()]
        ann = people.add_person(lib, name="Ann", professional_group="clinician")
        own = assessments.start_assessment(lib, ann.id)
        assessments.set_rating(lib, own.id, ids[0], level=2, evidence="my example")
        assessments.set_rating(lib, own.id, ids[1], level=4)
        before = plan_report.plan_document(lib, ann.id, own.id)
        agreed = appraisal.start_review(lib, own.id, kind="agreed")
        appraisal.rate(lib, agreed.id, ids[0], 3, "seen at the audit")
        after = plan_report.plan_document(lib, ann.id, own.id)
        assert appraisal.agreed_ratings(lib, agreed.id) == {}  # not a self assessment
    rows = {row.behaviour_id: row for row in after.rows}
    assert rows[ids[0]].level == 3
    assert rows[ids[0]].evidence == "my example\nAgreed at appraisal: seen at the audit"
    assert rows[ids[1]].level == 4  # not agreed: the person's own stays
    assert {row.behaviour_id: row.level for row in before.rows}[ids[0]] == 2


def test_a_signed_plan_prints_both_names_and_the_date(tmp_path: Path):
    with open_library(tmp_path / "lib") as lib:
        ann = people.add_person(lib, name="Ann", professional_group="clinician")
        own = assessments.start_assessment(lib, ann.id)
        agreed = appraisal.start_review(lib, own.id, kind="agreed")
        unsigned = plan_report.plan_document(lib, ann.id, agreed.id)
        signed = appraisal.sign_off(lib, agreed.id, appraisee="Ann", appraiser="Grace Hopper")
        assert signed.signed_at is not None
        for assessment_id in (agreed.id, own.id):
            document = plan_report.plan_document(lib, ann.id, assessment_id)
            assert [(s.role, s.name, s.signed_on) for s in document.signatures] == [
                ("Individual", "Ann", signed.signed_at.date()),
                ("Appraiser", "Grace Hopper", signed.signed_at.date()),
            ]
    assert [s.signed_on for s in unsigned.signatures] == [None, None]
