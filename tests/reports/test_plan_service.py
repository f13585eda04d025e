"""The plan a library prints: last year's signed plan reviewed (done, carried forward,
dropped or not yet reviewed), the change since last year's levels through the crosswalk
of a new framework version, and the framework's questions with their answers."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from ppf_app.domain.plan import ReviewOutcome
from ppf_app.services import (
    appraisal,
    assessments,
    meeting_brief,
    objective_review,
    people,
    plan_report,
    plans,
    preferences,
)
from ppf_app.services.library import Library, open_library
from ppf_app.services.plan_views import ObjectiveInput


def text_of(path: Path) -> str:
    pages = PdfReader(io.BytesIO(path.read_bytes())).pages
    return " ".join(" ".join(p.extract_text().split()) for p in pages)


def rated(lib: Library, person: int, version: str, on: date, level: int) -> int:
    """A complete self assessment on ppf ``version``, every behaviour asked at ``level``."""
    view = assessments.start_assessment(lib, person, "ppf", version, assessed_on=on)
    framework = assessments.framework_for(lib, view)
    for behaviour in framework.behaviours_for(view.group_id or None):
        assessments.set_rating(lib, view.id, behaviour.id, level=level)
    assessments.complete_assessment(lib, view.id)
    return view.id


def last_year(lib: Library, person: int) -> tuple[str, str, str]:
    """Last year's appraisal on ppf 2026.1, signed with three objectives."""
    own = rated(lib, person, "2026.1", date(2025, 3, 3), 3)
    record = appraisal.open_for(lib, own, appraiser_name="Dr Helen Marsh")
    appraisal.agree_remaining_at_self(lib, record.id)
    agreed = appraisal.get_appraisal(lib, record.id).agreed_assessment
    assert agreed is not None
    uids = tuple(
        plans.add_objective(lib, agreed.id, ObjectiveInput(text=text)).uid
        for text in ("Teach the handover tool", "Audit sepsis screening", "Join the network")
    )
    plans.set_review_date(lib, agreed.id, date(2026, 3, 1))
    appraisal.sign(lib, record.id, appraisee="Amina Okafor", appraiser="Dr Helen Marsh")
    return uids[0], uids[1], uids[2]


def test_last_years_plan_is_reviewed_and_the_change_is_shown(tmp_path: Path) -> None:
    with open_library(tmp_path / "lib") as lib:
        person = people.add_person(lib, name="Amina Okafor", professional_group="clinician").id
        taught, audit, _ = last_year(lib, person)
        own = rated(lib, person, "2027.1", date(2026, 3, 2), 3)
        record = appraisal.open_for(lib, own, appraiser_name="Dr Helen Marsh")
        agreed = appraisal.get_appraisal(lib, record.id).agreed_assessment
        assert agreed is not None
        objective_review.review_objective(
            lib, agreed.id, taught, done=True, reflection="Four sessions; the tool is in use"
        )
        objective_review.review_objective(
            lib, agreed.id, audit, done=False, reflection="Data came late"
        )
        plans.add_objective(lib, agreed.id, ObjectiveInput(text="Chair the bed meeting"))

        plan = plan_report.plan_document(lib, person, own)
        outcomes = [(r.text, r.outcome, r.reflection) for r in plan.reviewed]
        assert outcomes == [
            ("Teach the handover tool", ReviewOutcome.DONE, "Four sessions; the tool is in use"),
            ("Audit sepsis screening", ReviewOutcome.CARRIED_FORWARD, "Data came late"),
            ("Join the network", ReviewOutcome.NOT_REVIEWED, ""),
        ]
        # the objectives to pursue: the one carried forward and the new one
        assert [o.objective for o in plan.objectives] == [
            "Audit sepsis screening",
            "Chair the bed meeting",
        ]
        # last year's agreed levels: Consistent, the middle of the five levels of ppf
        # 2026.1, is placed at the middle of the four of ppf 2027.1 (2.5); this year's 3
        assert plan.previous is not None and plan.previous.through_crosswalk
        assert plan.previous.kind == "agreed"
        assert plan.previous.assessed_on == date(2025, 3, 3)
        assert set(plan.previous.value_levels.values()) == {2.5}
        out = plan_report.write_plan_pdf(lib, person, tmp_path / "plan.pdf", own)
        text = text_of(out)
        since = "Change is since the agreed assessment of 3 March 2025 on Professional Practice"
        assert f"{since} Framework 2026.1, compared through the crosswalk" in text
        assert "+0.5" in text
        assert "Done Four sessions; the tool is in use" in text
        assert "Not yet reviewed" in text

        brief = meeting_brief.build_brief(lib, person, own)
        assert [(o.text, o.status) for o in brief.previous_objectives] == [
            ("Teach the handover tool", "Done"),
            ("Audit sepsis screening", "Carried forward"),
            ("Join the network", "Not yet reviewed"),
        ]

        appraisal.agree_remaining_at_self(lib, record.id)
        plans.set_review_date(lib, agreed.id, date(2027, 3, 31))
        appraisal.sign(lib, record.id, appraisee="Amina Okafor", appraiser="Dr Helen Marsh")
        signed = plan_report.plan_document(lib, person, own)
        assert signed.reviewed[2].outcome is ReviewOutcome.DROPPED  # agreed without it


def test_the_questions_asked_in_words_print_with_their_answers(tmp_path: Path) -> None:
    with open_library(tmp_path / "lib") as lib:
        person = people.add_person(lib, name="Tom Fletcher", professional_group="clinician").id
        own = rated(lib, person, "2027.1", date(2026, 3, 2), 3)
        framework = assessments.framework_for(lib, own)
        asked = framework.prompts_for("clinician")
        assert asked
        assessments.set_prompt_answer(lib, own, asked[0].id, "Leading the theatre list.")
        plan = plan_report.plan_document(lib, person, own)
        first = plan.prompts[0]
        assert (first.question, first.answer) == (asked[0].text, "Leading the theatre list.")
        text = text_of(plan_report.write_plan_pdf(lib, person, tmp_path / "p.pdf", own))
    assert f"{' '.join(asked[0].text.split())} Leading the theatre list." in text


def test_the_plan_suggests_as_many_areas_as_the_library_prefers(tmp_path: Path) -> None:
    with open_library(tmp_path / "lib") as lib:
        person = people.add_person(lib, name="Chloe Williams", professional_group="clinician").id
        own = rated(lib, person, "2027.1", date(2026, 3, 2), 1)
        assert len(plan_report.plan_document(lib, person, own).suggestions) == 3
        preferences.set_suggested_areas(lib, 1)
        plan = plan_report.plan_document(lib, person, own)
        assert len(plan.suggestions) == len(plan.examples) == 1
