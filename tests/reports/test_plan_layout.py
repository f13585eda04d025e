"""The plan PDF as a plan: the six test people of ppf 2027.1 each get one whose first two
pages say what will be done, by when, with what support and why; no page is more than a
third empty unless a section ends on it; a plan with one objective is six pages at most."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from ppf_app.domain.framework import Framework
from ppf_app.domain.plan import Objective, PersonInfo, PlanDocument, PromptAnswer, build_plan
from ppf_app.reports.furniture import PageFill
from ppf_app.reports.plan_pdf import layout_plan_pdf
from tests.domain.frameworks import hlm
from tests.domain.people_2027 import Person, framework, people
from tests.reports.test_report_pdf import three_hundred_behaviours

MOST_PAGES = 6
ASSESSED = date(2026, 3, 2)


def plan_for(person: Person, *, objectives: int = 1, fw: Framework | None = None) -> PlanDocument:
    """The person's plan with ``objectives`` objectives taken from the worked examples."""
    fw = fw or framework()
    draft = build_plan(
        fw,
        PersonInfo(name=person.name, group_id=person.group, job_title=person.job_title),
        person.answers,
        {},
        assessment_date=ASSESSED,
        review_date=date(2027, 3, 31),
    )
    chosen = [
        Objective(
            objective=example.action[:1].upper() + example.action[1:],
            linked_behaviours=tuple(b.behaviour_id for b in area.behaviours),
            activity=area.activity_texts[0] if area.activity_texts else "",
            support=example.support,
            success_measure=example.measure,
            target_date=example.due,
            status="Not started",
        )
        for area, example in zip(draft.suggestions, draft.examples, strict=True)
    ][:objectives]
    return build_plan(
        fw,
        PersonInfo(name=person.name, group_id=person.group, job_title=person.job_title),
        person.answers,
        {},
        assessment_date=ASSESSED,
        objectives=chosen,
        review_date=date(2027, 3, 31),
    )


def pages_of(data: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def assert_no_gaps(fills: list[PageFill]) -> None:
    for fill in fills:
        if not fill.ends_section:
            assert fill.empty <= 1 / 3, f"page {fill.page} is {fill.empty:.0%} empty"


@pytest.mark.parametrize("person", people(), ids=lambda p: p.key)
def test_each_test_person_gets_a_plan_of_six_pages_at_most(person: Person) -> None:
    plan = plan_for(person)
    data, fills = layout_plan_pdf(plan, invariant=True)
    pages = pages_of(data)
    assert len(pages) <= MOST_PAGES, f"{person.key}: {len(pages)} pages"
    assert_no_gaps(fills)
    plan_pages = " ".join(pages[:2])
    # what will be done, by when, with what support, and why
    (objective,) = plan.objectives
    assert "1. " + " ".join(objective.objective.split()) in plan_pages
    assert "Target date 31 March 2027" in plan_pages
    assert f"Support {objective.support}" in plan_pages
    for behaviour_id in objective.linked_behaviours:
        row = plan.row_index[behaviour_id]
        assert f"{row.number} {' '.join(row.behaviour_text.split())} Now" in plan_pages
    assert "Signatures" in plan_pages
    assert "Results" not in plan_pages  # the detail follows the plan
    assert "Results" in pages[2]
    # at most the three chosen areas on the plan's pages
    assert len(plan.suggestions) <= 3
    for area in plan.suggestions:
        assert area.title in plan_pages


@pytest.mark.parametrize("person", people(), ids=lambda p: p.key)
def test_without_objectives_each_area_has_an_example_to_rewrite(person: Person) -> None:
    plan = plan_for(person, objectives=0)
    data, fills = layout_plan_pdf(plan, invariant=True)
    assert_no_gaps(fills)
    plan_pages = " ".join(pages_of(data)[:2])
    assert len(plan.examples) == len(plan.suggestions) >= 1
    assert plan_pages.count("EXAMPLE TO REWRITE") == len(plan.examples)
    for example in plan.examples:
        assert f"By 31 March 2027, {' '.join(example.action.split())}." in plan_pages
        need = example.need
        assert f"{need.number} {' '.join(need.text.split())} Now {need.level_label}" in plan_pages


def test_the_stretch_plan_says_it_stretches() -> None:
    director = next(p for p in people() if p.key == "director")
    plan = plan_for(director, objectives=0)
    assert plan.advice.stretch
    text = " ".join(pages_of(layout_plan_pdf(plan, invariant=True)[0]))
    assert "Areas to stretch into" in text and "the top of the scale is" in text


def test_a_not_applicable_answer_is_counted_apart() -> None:
    consultant = next(p for p in people() if p.key == "consultant")
    text = " ".join(pages_of(layout_plan_pdf(plan_for(consultant), invariant=True)[0]))
    assert "1 answered “No opportunity yet”, counted apart" in text
    assert "5 of 6, 1 n/a" in text


def test_the_wording_and_the_scale() -> None:
    plan = plan_for(people()[0])
    text = " ".join(pages_of(layout_plan_pdf(plan, invariant=True)[0]))
    assert "the framework named above" in text and "named below" not in text
    assert text.count("What it means") == 1  # the scale, once, with its descriptions
    for level in framework().scale:
        assert f"{level.value} {level.label} {' '.join((level.description or '').split())}" in text
    for value in plan.results.values:  # a value's target is a level, not an average
        assert value.target is not None and value.mean_level is not None
        label = plan.level_labels[value.target]
        assert f"{value.title} {value.mean_level:.1f} {label} ({value.target})" in text


def test_linked_behaviours_print_in_full_however_long() -> None:
    person = people()[0]
    fw = framework()
    long_text = "I " + "keep everyone informed about what is changing and why " * 8
    changed = fw.model_copy(
        update={
            "values": tuple(
                value.model_copy(
                    update={
                        "behaviours": tuple(
                            b.model_copy(update={"text": long_text}) for b in value.behaviours
                        )
                    }
                )
                for value in fw.values
            )
        }
    )
    plan = plan_for(person, fw=changed)
    text = " ".join(pages_of(layout_plan_pdf(plan, invariant=True)[0]))
    assert " ".join(long_text.split()) + " Now" in text
    assert "…" not in text.split("Suggested training areas")[0]


def test_the_framework_questions_print_with_their_answers() -> None:
    fw = hlm()
    answers = {b.id: fw.scale_values[1] for _, b in fw.behaviours()}
    plan = build_plan(
        fw,
        PersonInfo(name="Dr Tom Fletcher", group_id=""),
        answers,
        {},
        assessment_date=ASSESSED,
        prompts=[
            PromptAnswer(p.text, "Lead the theatre list planning." if n == 0 else "")
            for n, p in enumerate(fw.prompts)
        ],
    )
    assert plan.prompts
    text = " ".join(pages_of(layout_plan_pdf(plan, invariant=True)[0]))
    assert "In your own words" in text
    assert f"{' '.join(fw.prompts[0].text.split())} Lead the theatre list planning." in text


def test_three_hundred_behaviours_leave_no_gaps() -> None:
    _, fills = layout_plan_pdf(three_hundred_behaviours(), invariant=True)
    assert_no_gaps(fills)
    assert fills[-1].ends_section
