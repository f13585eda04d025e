"""The printed plan shows the objectives and review date stored for the assessment."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from ppf_app.reports.actions import BLANK_OBJECTIVES
from ppf_app.services import assessments, people, plan_report, plans
from ppf_app.services.library import open_library
from ppf_app.services.plans import ObjectiveInput


def text_of(pdf: Path) -> str:
    return " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages
    )


def test_the_pdf_lists_the_stored_objectives_in_order_with_the_review_date(
    tmp_path: Path,
) -> None:
    texts = ["Chair the ward's safety huddle", "Teach two sessions on consent", "Audit handovers"]
    with open_library(tmp_path / "data") as lib:
        person = people.add_person(lib, name="Rhiannon Ifans", professional_group="clinician").id
        assessment = assessments.start_assessment(lib, person, assessed_on=date(2026, 4, 2)).id
        framework = lib.frameworks.default()
        first_behaviour = next(framework.behaviours())[1]
        for text in texts:
            plans.add_objective(
                lib,
                assessment,
                ObjectiveInput(
                    text=text,
                    behaviour_ids=(first_behaviour.id,),
                    activity=f"Activity for {text[:5]}",
                    target_date="2026-12-01",
                    status="in_progress",
                ),
            )
        plans.move_objective(lib, plans.get_plan(lib, assessment).objectives[2].uid, 0)
        plans.set_review_date(lib, assessment, date(2027, 1, 15))

        document = plan_report.plan_document(lib, person, assessment)
        assert [o.objective for o in document.objectives] == [texts[2], texts[0], texts[1]]
        assert document.review_date == date(2027, 1, 15)
        out = plan_report.write_plan_pdf(lib, person, tmp_path / "plan.pdf", assessment)
    text = text_of(out)
    positions = [text.find(t) for t in (texts[2], texts[0], texts[1])]
    assert -1 not in positions and positions == sorted(positions)
    assert "15 January 2027" in text
    assert "In progress" in text
    assert "Agree your objectives" not in text  # no blank rows to write in


def test_without_objectives_the_pdf_keeps_blank_rows_to_write_in(tmp_path: Path) -> None:
    with open_library(tmp_path / "data") as lib:
        person = people.add_person(lib, name="Gethin Rees", professional_group="manager").id
        assessment = assessments.start_assessment(lib, person).id
        document = plan_report.plan_document(lib, person, assessment)
        assert document.objectives == () and document.review_date is None
        out = plan_report.write_plan_pdf(lib, person, tmp_path / "plan.pdf", assessment)
    assert BLANK_OBJECTIVES > 0
    assert "Agree your objectives" in text_of(out)
