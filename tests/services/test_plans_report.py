"""The printed plan shows the objectives and review date stored for the assessment."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from pypdf import PdfReader

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
    assert "EXAMPLE TO REWRITE" not in text  # objectives agreed: no worked examples


def test_without_objectives_the_pdf_offers_an_example_per_suggested_area(tmp_path: Path) -> None:
    with open_library(tmp_path / "data") as lib:
        person = people.add_person(lib, name="Gethin Rees", professional_group="manager").id
        assessment = assessments.start_assessment(lib, person, assessed_on=date(2026, 3, 2)).id
        framework = lib.frameworks.default()
        for behaviour in framework.behaviours_for("manager"):
            assessments.set_rating(lib, assessment, behaviour.id, level=framework.scale_values[0])
        document = plan_report.plan_document(lib, person, assessment)
        assert document.objectives == () and document.review_date is None
        assert len(document.examples) == len(document.suggestions) > 0
        out = plan_report.write_plan_pdf(lib, person, tmp_path / "plan.pdf", assessment)
    text = text_of(out)
    assert "No objective is agreed yet" in text
    assert text.count("EXAMPLE TO REWRITE") == len(document.examples)
    for example in document.examples:
        assert f"By 31 March 2027, {example.action}." in text  # a year on, month's end
        assert example.need.text in text  # the person's own gap it is written from
