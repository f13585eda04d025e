"""What the results and plan screens make of format 2 answers: "not applicable" counted
apart and never a gap or a suggestion, the assessment's own group, stretch areas when
nothing is below target, and the change since an assessment on the framework this one
supersedes, through its crosswalk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ppf_app.domain.answers import NOT_APPLICABLE
from ppf_app.services import assessments, frameworks, people, preferences
from ppf_app.services.library import Library, open_library
from ppf_app.services.screens.plan import plan_screen
from ppf_app.services.screens.results import results_screen
from tests.domain.frameworks import FORMAT2, GOOD

BOARD = FORMAT2 / "board-leadership.toml"
HLM_2026 = FORMAT2 / "leadership-model-2026.toml"
HLM_2013 = GOOD / "leadership-model.toml"


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    with open_library(tmp_path / "lib") as library:
        for path in (BOARD, HLM_2013, HLM_2026):
            frameworks.add_framework(library, path)
        yield library


def rate(lib: Library, assessment_id: int, answers: dict[str, object]) -> None:
    for behaviour_id, answer in answers.items():
        assessments.set_rating(lib, assessment_id, behaviour_id, level=answer)  # type: ignore[arg-type]


def test_no_chance_to_demonstrate_is_counted_apart_never_a_gap(lib: Library) -> None:
    ned = people.add_person(lib, name="Nia Edwards", professional_group="non-executive")
    view = assessments.start_assessment(lib, ned.id, framework_id="board-leadership")
    assert view.group_id == "non-executive"
    framework = assessments.framework_for(lib, view)
    asked = [b.id for b in framework.behaviours_for("non-executive")]
    # Everything at the lowest level except two with no chance to demonstrate.
    answers: dict[str, object] = {b: 1 for b in asked}
    answers["bl-outcomes-evidence"] = NOT_APPLICABLE
    answers["bl-outcomes-money"] = NOT_APPLICABLE
    rate(lib, view.id, answers)

    results = results_screen(lib, view.id)
    assert results.results.not_applicable_count == 2
    assert results.not_applicable_label == "No chance to demonstrate"
    named = {line.behaviour_id for line in results.development_areas}
    assert not named & {"bl-outcomes-evidence", "bl-outcomes-money"}
    first_value = results.values[0]
    assert first_value.not_applicable == 2 and first_value.mean_level is None
    # The chair-only behaviour is not part of a non-executive's results.
    assert "bl-strategy-agenda" not in {b.behaviour_id for b in results.results.behaviours}

    plan = plan_screen(lib, view.id)
    assert plan.not_applicable == 2
    covered = {g.behaviour_id for s in plan.suggestions for g in s.behaviours}
    covered |= {g.behaviour_id for a in plan.also_relevant for g in a.behaviours}
    covered |= {g.behaviour_id for g in plan.uncovered}
    assert not covered & {"bl-outcomes-evidence", "bl-outcomes-money"}
    assert "chairing" not in {s.area_id for s in plan.suggestions}  # for chairs only
    assert 1 <= len(plan.suggestions) <= 3
    # Each later suggestion adds behaviours the earlier ones do not cover.
    seen: set[str] = set()
    for suggestion in plan.suggestions:
        mine = {g.behaviour_id for g in suggestion.behaviours}
        assert mine and not mine & seen
        seen |= mine


def test_the_assessment_group_chooses_what_is_asked_and_the_targets(lib: Library) -> None:
    ned = people.add_person(lib, name="Nia Edwards", professional_group="non-executive")
    as_chair = assessments.start_assessment(
        lib, ned.id, framework_id="board-leadership", group_id="chair"
    )
    rate(lib, as_chair.id, {"bl-strategy-agenda": 1})
    results = results_screen(lib, as_chair.id)
    assert results.group_id == "chair"
    assert "bl-strategy-agenda" in {b.behaviour_id for b in results.results.behaviours}
    # Chairs aim for Always (4): Rarely is three steps below, the widest gap.
    plan = plan_screen(lib, as_chair.id)
    assert plan.suggestions[0].area_id == "chairing"
    assert plan.suggestions[0].behaviours[0].target_label == "Always"


def test_stretch_areas_when_nothing_is_below_target(lib: Library) -> None:
    ned = people.add_person(lib, name="Nia Edwards", professional_group="non-executive")
    view = assessments.start_assessment(lib, ned.id, framework_id="board-leadership")
    framework = assessments.framework_for(lib, view)
    rate(lib, view.id, {b.id: 3 for b in framework.behaviours_for("non-executive")})
    plan = plan_screen(lib, view.id)
    assert plan.stretch
    assert 1 <= len(plan.suggestions) <= 2
    assert all(s.stretch for s in plan.suggestions)
    assert all(g.target_label == "Always" for s in plan.suggestions for g in s.behaviours)


def test_the_number_of_suggestions_is_the_librarys_preference(lib: Library) -> None:
    ned = people.add_person(lib, name="Nia Edwards", professional_group="non-executive")
    view = assessments.start_assessment(lib, ned.id, framework_id="board-leadership")
    framework = assessments.framework_for(lib, view)
    rate(lib, view.id, {b.id: 1 for b in framework.behaviours_for("non-executive")})
    assert len(plan_screen(lib, view.id).suggestions) == 3
    preferences.set_suggested_areas(lib, 5)
    screen = plan_screen(lib, view.id)
    # Five allowed, but a non-executive may be offered four areas (chairing is for chairs).
    assert screen.limit == 5 and len(screen.suggestions) == 4
    assert len(screen.suggestions) == len({s.area_id for s in screen.suggestions})


def test_change_since_an_assessment_on_the_superseded_framework(lib: Library) -> None:
    ann = people.add_person(lib, name="Ann Lee", professional_group="clinician")
    old = assessments.start_assessment(
        lib, ann.id, framework_id="leadership-model", version="2013", assessed_on=date(2025, 3, 1)
    )
    # Two old behaviours merged into one new one: compared with their mean.
    rate(lib, old.id, {"leading-with-care-1": 1, "leading-with-care-2": 3})
    assessments.complete_assessment(lib, old.id, force=True)
    new = assessments.start_assessment(
        lib, ann.id, framework_id="leadership-model", version="2026", assessed_on=date(2026, 3, 1)
    )
    rate(lib, new.id, {"leading-with-care-support": 4})

    screen = results_screen(lib, new.id)
    assert screen.previous is not None and screen.previous.id == old.id
    assert "2013" in screen.previous_framework_title
    assert screen.change is not None and screen.change.higher == 1
    care = next(line for line in screen.values if line.title == "Leading with care")
    assert care.previous is not None
    # Essential (1) and Strong (3) keep their labels on the new scale: their mean is 2.
    assert care.previous == pytest.approx(2.0)


def test_an_appraisal_agrees_not_applicable_and_signs(lib: Library) -> None:
    from ppf_app.services import appraisal, plans
    from ppf_app.services.plan_views import ObjectiveInput

    ned = people.add_person(lib, name="Nia Edwards", professional_group="non-executive")
    own = assessments.start_assessment(lib, ned.id, framework_id="board-leadership")
    framework = assessments.framework_for(lib, own)
    asked = [b.id for b in framework.behaviours_for("non-executive")]
    answers: dict[str, object] = {b: 2 for b in asked}
    answers["bl-outcomes-money"] = NOT_APPLICABLE
    rate(lib, own.id, answers)
    record = appraisal.open_for(lib, own.id, appraiser_name="Grace Hopper")
    theirs = appraisal.rate_as_appraiser(lib, record.id, appraiser_name="Grace Hopper")
    rate(lib, theirs.id, {"bl-outcomes-money": 3, "bl-outcomes-evidence": NOT_APPLICABLE})

    view = appraisal.meeting_view(lib, record.id)
    assert [row.behaviour_id for row in view.rows] == asked  # what a non-executive is asked
    rows = {row.behaviour_id: row for row in view.rows}
    assert rows["bl-outcomes-money"].self_not_applicable
    assert rows["bl-outcomes-money"].difference is None  # no level, no difference
    assert rows["bl-outcomes-evidence"].appraiser_not_applicable
    assert "bl-outcomes-money" not in {row.behaviour_id for row in view.discussion}

    appraisal.agree(lib, record.id, "bl-outcomes-evidence", NOT_APPLICABLE, "no board paper yet")
    assert appraisal.agree_remaining_at_self(lib, record.id) == len(asked) - 1
    agreed = appraisal.agreed_levels(lib, record.id)
    assert agreed["bl-outcomes-money"][0] is NOT_APPLICABLE  # kept as the person answered
    assert agreed["bl-outcomes-evidence"] == (NOT_APPLICABLE, "no board paper yet")
    assert appraisal.meeting_view(lib, record.id).unagreed == ()

    current = appraisal.get_appraisal(lib, record.id)
    assert current.agreed_assessment is not None
    plans.add_objective(lib, current.agreed_assessment.id, ObjectiveInput(text="Chair a panel"))
    plans.set_review_date(lib, current.agreed_assessment.id, date(2027, 3, 31))
    signed = appraisal.sign(lib, record.id, appraisee="Nia Edwards", appraiser="Grace Hopper")
    assert signed.signed
    # A new version keeps the agreed "not applicable" answers.
    again = appraisal.new_version(lib, record.id)
    assert appraisal.agreed_levels(lib, again.id)["bl-outcomes-money"][0] is NOT_APPLICABLE


def test_change_since_2026_1_on_a_2027_1_assessment(tmp_path: Path) -> None:
    """The bundled framework's own crosswalk: last year's assessment on 2026.1 is what this
    year's on 2027.1 is compared with."""
    with open_library(tmp_path / "bundled") as lib:
        ann = people.add_person(lib, name="Ann Lee", professional_group="clinician")
        old = assessments.start_assessment(
            lib, ann.id, framework_id="ppf", version="2026.1", assessed_on=date(2025, 11, 1)
        )
        # Low last year on raising concerns and on incidents.
        rate(lib, old.id, {"pf-raise": 1, "pf-incidents": 1, "pf-impact": 3})
        assessments.complete_assessment(lib, old.id, force=True)
        new = assessments.start_assessment(lib, ann.id, assessed_on=date(2026, 11, 1))
        assert new.framework_version == "2027.1"
        framework = assessments.framework_for(lib, new)
        top = framework.scale_values[-1]
        rate(lib, new.id, {"pf-speak-up": top, "pf-report": top, "pf-review": top})

        screen = results_screen(lib, new.id)
        assert screen.previous is not None and screen.previous.id == old.id
        assert "2026.1" in screen.previous_framework_title
        # pf-raise -> pf-speak-up, pf-incidents -> pf-report and pf-review: all higher now.
        assert screen.change is not None and screen.change.higher == 3
        assert screen.change.lower == 0
        patients = screen.values[0]
        assert patients.previous is not None and patients.mean_level is not None
        assert patients.mean_level > patients.previous
