"""Sample plans and briefs of two of the six test people, as PDFs and PNG pages to look at.

Usage: python -m tests.reports.render_samples OUTDIR [--readme DIR]

Dr Aisha Rahman, a consultant: last year's plan on ppf 2026.1 signed with three
objectives; this year's self assessment on ppf 2027.1 with evidence, the appraiser's
ratings, levels agreed in the meeting, last year's objectives reviewed, two new
objectives and the appraisal signed. Chloe Williams, a newly qualified nurse: a self
assessment only, no objective yet (so worked examples) and no appraiser yet.

Each PDF's pages are rendered with poppler's ``pdftoppm`` at 60 dpi. With ``--readme``,
page 1 of Dr Rahman's plan and her brief are also rendered for the README.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from ppf_app.services import (
    appraisal,
    assessments,
    meeting_brief,
    objective_review,
    people,
    plan_report,
    plans,
)
from ppf_app.services.library import Library, open_library
from ppf_app.services.plan_views import ObjectiveInput
from tests.domain.people_2027 import person

EVIDENCE = {
    "ac-budget": "Have not yet seen the directorate budget report; the business manager holds it.",
    "ac-plan": "Gave the cardiology business case my activity figures, not the staffing costs.",
    "pf-impact": "Asked for the safety impact of moving the chest pain clinic to the new site.",
    "pf-speak-up": "Raised the night staffing gap on CCU through the safety huddle in January.",
    "ld-feedback": "Asked the echo team and the ward manager for feedback after the audit.",
}
APPRAISER = "Dr Helen Marsh"


def _self_assessment(
    lib: Library, person_id: int, version: str, on: date, answers: dict[str, object]
) -> int:
    view = assessments.start_assessment(lib, person_id, "ppf", version, assessed_on=on)
    for behaviour_id, answer in answers.items():
        assessments.set_rating(
            lib, view.id, behaviour_id, level=answer, evidence=EVIDENCE.get(behaviour_id, "")
        )
    assessments.complete_assessment(lib, view.id, force=True)
    return view.id


def consultant(lib: Library, out: Path) -> list[Path]:
    """Dr Rahman's year: last year's signed plan, this year's appraisal, signed."""
    aisha = person("consultant")
    person_id = people.add_person(
        lib,
        name=aisha.name,
        professional_group=aisha.group,
        job_title=aisha.job_title,
        organisation="Northfield Hospitals NHS Trust",
    ).id
    old = assessments.resolve_framework(lib, "ppf", "2026.1")
    last = _self_assessment(
        lib, person_id, "2026.1", date(2025, 3, 3),
        {b.id: 3 for b in old.behaviours_for(aisha.group)},
    )  # fmt: skip
    record = appraisal.open_for(lib, last, appraiser_name=APPRAISER, held_on=date(2025, 3, 10))
    appraisal.agree_remaining_at_self(lib, record.id)
    agreed_last = appraisal.get_appraisal(lib, record.id).agreed_assessment
    assert agreed_last is not None
    earlier = [
        plans.add_objective(lib, agreed_last.id, ObjectiveInput(text=text, target_date=due))
        for text, due in (
            ("Teach the new registrars the chest pain pathway", "2025-12-31"),
            ("Audit door-to-balloon times with the cath lab manager", "2026-01-31"),
            ("Join the trust's clinical leadership network", None),
        )
    ]
    plans.set_review_date(lib, agreed_last.id, date(2026, 3, 1))
    appraisal.sign(lib, record.id, appraisee=aisha.name, appraiser=APPRAISER)

    own = _self_assessment(lib, person_id, "2027.1", date(2026, 3, 2), dict(aisha.answers))
    record = appraisal.open_for(lib, own, appraiser_name=APPRAISER, held_on=date(2026, 3, 9))
    review = appraisal.rate_as_appraiser(lib, record.id, appraiser_name=APPRAISER)
    differences = {"pf-impact": 2, "ld-feedback": 2, "wp-credit": 4, "ac-plan": 3}
    for behaviour_id, answer in aisha.answers.items():
        level = differences.get(behaviour_id, answer)
        note = "Seen at the February business meeting." if behaviour_id in differences else ""
        assessments.set_rating(lib, review.id, behaviour_id, level=level, evidence=note)
    assessments.complete_assessment(lib, review.id, force=True)
    out_files = [meeting_brief.write_brief(lib, person_id, out / "consultant-brief-before.pdf")]

    agreed = appraisal.get_appraisal(lib, record.id).agreed_assessment
    assert agreed is not None
    appraisal.agree(lib, record.id, "pf-impact", 2, "Agreed: ask the question earlier, in writing.")
    appraisal.agree(lib, record.id, "ac-plan", 2, "Staffing costs are the gap, not activity.")
    objective_review.review_objective(
        lib, agreed.id, earlier[0].uid, done=True, reflection="Four sessions; in the induction."
    )
    objective_review.review_objective(
        lib, agreed.id, earlier[1].uid, done=False, reflection="Data came late; half done."
    )
    for proposal in plans.objectives_from_suggestions(lib, agreed.id)[:1]:
        plans.add_objective(lib, agreed.id, replace(proposal, status="in_progress"))
    plans.set_review_date(lib, agreed.id, date(2027, 3, 31))
    appraisal.agree_remaining_at_self(lib, record.id)
    out_files.append(meeting_brief.write_brief(lib, person_id, out / "consultant-brief.pdf"))
    appraisal.sign(lib, record.id, appraisee=aisha.name, appraiser=APPRAISER)
    out_files.append(plan_report.write_plan_pdf(lib, person_id, out / "consultant-plan.pdf", own))
    out_files.append(meeting_brief.write_brief(lib, person_id, out / "consultant-brief-signed.pdf"))
    return out_files


def nurse(lib: Library, out: Path) -> list[Path]:
    """Chloe Williams: a self assessment and nothing else yet."""
    chloe = person("newly-qualified-nurse")
    person_id = people.add_person(
        lib, name=chloe.name, professional_group=chloe.group, job_title=chloe.job_title
    ).id
    own = _self_assessment(lib, person_id, "2027.1", date(2026, 3, 2), dict(chloe.answers))
    return [
        plan_report.write_plan_pdf(lib, person_id, out / "nurse-plan.pdf", own),
        meeting_brief.write_brief(lib, person_id, out / "nurse-brief.pdf"),
    ]


def render(pdf: Path, dpi: int = 60, *, first_page_to: Path | None = None) -> None:
    if first_page_to is None:
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(pdf.with_suffix(""))], check=True
        )
        return
    stem = first_page_to.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--readme", type=Path, help="also write the README's two images here")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="ppf-samples-") as folder,
        open_library(Path(folder) / "library") as lib,
    ):
        written = consultant(lib, args.out) + nurse(lib, args.out)
    for pdf in written:
        render(pdf)
    if args.readme is not None:
        render(
            args.out / "consultant-plan.pdf", 70, first_page_to=args.readme / "plan-pdf-page-1.png"
        )
        render(
            args.out / "consultant-brief.pdf",
            70,
            first_page_to=args.readme / "meeting-brief-pdf.png",
        )
    for pdf in written:
        print(pdf)
    return 0 if shutil.which("pdftoppm") else 1


if __name__ == "__main__":
    raise SystemExit(main())
