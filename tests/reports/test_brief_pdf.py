"""The one-page meeting brief: built from the meeting, read back from the PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from ppf_app.core.errors import UserError
from ppf_app.domain.meeting import Quadrant
from ppf_app.services import appraisal, assessments, meeting_brief, people, plans
from ppf_app.services.library import Library, open_library
from ppf_app.services.plan_views import ObjectiveInput
from tests.helpers.cli import ppf


def pdf_pages(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def prepared(lib: Library) -> tuple[int, int, list[str], dict[str, str]]:
    """Ann's self, appraiser and agreed ratings on ppf 2026.1, an agreed plan, signed."""
    framework = assessments.resolve_framework(lib, "ppf", "2026.1")
    ids = [b.id for _, b in framework.behaviours()]
    texts = {b.id: b.text for _, b in framework.behaviours()}
    ann = people.add_person(
        lib, name="Ann O’Ward <b>", professional_group="clinician", job_title="Consultant"
    )
    own = assessments.start_assessment(lib, ann.id, "ppf", "2026.1", assessed_on=date(2026, 3, 2))
    for behaviour_id in ids:
        assessments.set_rating(lib, own.id, behaviour_id, level=3)
    assessments.set_rating(lib, own.id, ids[0], level=5)  # a strength
    assessments.set_rating(lib, own.id, ids[1], level=1, evidence="Two concerns not followed up")
    record = appraisal.open_for(lib, own.id)
    review = appraisal.rate_as_appraiser(lib, record.id, appraiser_name="Grace Hopper")
    assessments.set_rating(lib, review.id, ids[2], level=1)  # differs by 2
    assessments.set_rating(lib, review.id, ids[3], level=4)  # differs by 1
    appraisal.agree(lib, record.id, ids[2], 2, "met half way")
    appraisal.agree_remaining_at_self(lib, record.id)
    assert record.agreed_assessment is not None
    agreed_id = record.agreed_assessment.id
    plans.add_objective(
        lib, agreed_id, ObjectiveInput(text="Lead the weekly huddle", target_date="2026-09-30")
    )
    plans.set_review_date(lib, agreed_id, "2027-03-01")
    appraisal.sign(lib, record.id, appraisee="Ann O’Ward", appraiser="Grace Hopper")
    return ann.id, own.id, ids, texts


def test_the_brief_content(tmp_path: Path):
    with open_library(tmp_path / "lib") as lib:
        ann_id, _, ids, _ = prepared(lib)
        brief = meeting_brief.build_brief(lib, ann_id)
    # her own largest gap, whatever the appraiser said, with her evidence
    assert brief.own_gaps[0].behaviour_id == ids[1]
    assert brief.own_gaps[0].self_evidence == "Two concerns not followed up"
    # the target for patients first is Strong (4) for a clinician: both below it
    assert [r.behaviour_id for r in brief.quadrants[Quadrant.AGREED_NEED]][:1] == [ids[2]]
    assert [r.behaviour_id for r in brief.quadrants[Quadrant.HIDDEN_STRENGTH]] == [ids[3]]
    assert brief.quadrants[Quadrant.BLIND_SPOT] == ()
    assert brief.rated_by_both == 2 and brief.rated_lower_by_self == 1
    assert brief.rated_higher_by_self == 1 and brief.largest_difference == 2
    assert brief.quadrants[Quadrant.AGREED_NEED][0].agreed_level == 2
    assert [o.text for o in brief.objectives] == ["Lead the weekly huddle"]
    assert brief.review_date == date(2027, 3, 1)
    assert brief.signed_by == ("Ann O’Ward", "Grace Hopper")


def test_the_brief_is_one_page_that_says_what_the_meeting_needs(tmp_path: Path):
    out = tmp_path / "brief.pdf"
    with open_library(tmp_path / "lib") as lib:
        ann_id, _, ids, texts = prepared(lib)
        assert meeting_brief.write_brief(lib, ann_id, out) == out
    (page,) = pdf_pages(out)
    assert "Appraisal meeting brief: Ann O’Ward <b>" in page
    assert "Appraiser: Grace Hopper, 2 of 32 rated" in page
    assert "Self Appraiser Agreed Target" in page  # whose level each column is
    assert "Own largest gaps" in page and "Two concerns not followed up" in page
    assert "Agreed development needs (1)" in page and "Hidden strengths (1)" in page
    assert "None among the blind spots, agreed strengths." in page
    for behaviour_id in (ids[1], ids[2], ids[3]):
        assert " ".join(texts[behaviour_id].split())[:40] in page
    assert "Lead the weekly huddle (by 30 September 2026)" in page
    assert "next review: 1 March 2027" in page
    assert "Signed on" in page and "Grace Hopper (appraiser)" in page
    assert "Page 1 of 1" in page
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_person_without_a_self_assessment_gets_a_clear_message(tmp_path: Path):
    with open_library(tmp_path / "lib") as lib:
        bo = people.add_person(lib, name="Bo", professional_group="manager")
        with pytest.raises(UserError, match="no self assessment yet"):
            meeting_brief.write_brief(lib, bo.id, tmp_path / "bo.pdf")
    assert not (tmp_path / "bo.pdf").exists()


@pytest.mark.slow
def test_ppf_brief_and_appraiser_import_through_the_command_line(tmp_path: Path):
    data = tmp_path / "lib"
    with open_library(data) as lib:
        ids = [b.id for _, b in lib.frameworks.default().behaviours()]
        ann = people.add_person(lib, name="Ann Ward", professional_group="clinician")
        own = assessments.start_assessment(lib, ann.id)
        assessments.set_rating(lib, own.id, ids[0], level=2)
    ratings = tmp_path / "appraiser.csv"
    ratings.write_text(f"behaviour_id,level\n{ids[0]},4\n", encoding="utf-8")
    result = ppf(
        data, "assess", "import", "--person", ann.id, "--ratings", ratings,
        "--kind", "appraiser", "--rated-by", "Grace Hopper",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    review_id = int(result.stdout)
    out = tmp_path / "brief.pdf"
    result = ppf(data, "brief", "--person", ann.id, "--out", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    (page,) = pdf_pages(out)
    assert "Appraiser: Grace Hopper, 1 of" in page
    with open_library(data) as lib:
        record = appraisal.appraisal_holding(lib, review_id)
        assert record is not None and record.self_assessment.uid == own.uid
        assert record.appraiser_name == "Grace Hopper"
        assert appraisal.meeting_view(lib, record.id).rows[0].appraiser_level == 4
    refused = ppf(data, "brief", "--person", 99, "--out", out)
    assert refused.returncode == 2 and "person 99" in refused.stderr
