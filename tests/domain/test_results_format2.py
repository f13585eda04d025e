"""Results under format 2: not applicable counted apart, behaviours of other groups left
out, value targets as levels, development areas weighted by importance."""

from __future__ import annotations

import pytest

from ppf_app.core.errors import UserError
from ppf_app.domain.answers import NOT_APPLICABLE, Answer
from ppf_app.domain.results import assessment_results
from tests.domain.frameworks import board, hlm, ksf


def test_not_applicable_is_no_gap_no_average_no_strength() -> None:
    fw = board()
    answers: dict[str, Answer] = {
        "bl-outcomes-evidence": NOT_APPLICABLE,
        "bl-outcomes-money": 1,
        "bl-culture-speak": NOT_APPLICABLE,
        "bl-culture-visible": 4,
    }
    results = assessment_results(fw, answers, "executive")
    by_id = {b.behaviour_id: b for b in results.behaviours}
    evidence = by_id["bl-outcomes-evidence"]
    assert evidence.not_applicable and evidence.level is None and evidence.gap is None
    assert evidence.answer is NOT_APPLICABLE and evidence.answered and not evidence.rated
    assert evidence.steps_below == 0 and evidence.weighted_gap == 0
    assert [b.behaviour_id for b in results.not_applicable] == [
        "bl-outcomes-evidence",
        "bl-culture-speak",
    ]
    assert results.not_applicable_count == 2
    assert results.rated_count == 2 and results.answered_count == 4
    assert "bl-outcomes-evidence" not in [b.behaviour_id for b in results.unrated]
    assert [b.behaviour_id for b in results.strengths] == ["bl-culture-visible"]
    assert [b.behaviour_id for b in results.development_areas] == ["bl-outcomes-money"]
    outcomes = results.values[0]
    assert outcomes.value_id == "outcomes"
    assert (outcomes.mean_level, outcomes.rated_count, outcomes.not_applicable_count) == (1, 1, 1)
    culture = next(v for v in results.values if v.value_id == "culture")
    assert culture.mean_level == 4.0 and culture.not_applicable_count == 1


def test_behaviours_not_asked_of_the_group_are_left_out() -> None:
    fw = board()
    answers: dict[str, Answer] = {"bl-strategy-agenda": 1, "bl-governance-appraise": 2}
    executive = assessment_results(fw, answers, "executive")
    ids = [b.behaviour_id for b in executive.behaviours]
    assert "bl-strategy-agenda" not in ids and "bl-governance-appraise" not in ids
    assert executive.development_areas == () and executive.rated_count == 0
    strategy = next(v for v in executive.values if v.value_id == "strategy")
    assert strategy.behaviour_count == 1
    chair = assessment_results(fw, answers, "chair")
    assert [b.behaviour_id for b in chair.development_areas] == [
        "bl-strategy-agenda",
        "bl-governance-appraise",
    ]


def test_a_value_no_behaviour_of_which_is_asked_is_left_out() -> None:
    results = assessment_results(ksf(), {}, "porter")
    assert [v.value_id for v in results.values][-1] == "estates-facilities"
    assert "health-wellbeing" not in [v.value_id for v in results.values]
    assert len(results.behaviours) == 7


def test_value_results_show_the_target_as_a_level_and_keep_the_mean() -> None:
    fw = hlm()
    results = assessment_results(fw, {}, "clinician")
    care = next(v for v in results.values if v.value_id == "leading-with-care")
    assert care.target == 3 and care.mean_target == 3.0
    account = next(v for v in results.values if v.value_id == "holding-to-account")
    assert account.target == 2
    board_results = assessment_results(board(), {}, "executive")
    outcomes = board_results.values[0]
    assert outcomes.target == 4 and outcomes.mean_target == 4.0


def test_development_areas_are_ranked_by_steps_times_importance() -> None:
    fw = hlm()
    # Clinician: leading-with-care is essential (3), evaluating-information important (2).
    answers: dict[str, Answer] = {
        "leading-with-care-support": 2,  # 1 step below 3, x3 = 3
        "evaluating-information-1": 0,  # 2 steps below 2, x2 = 4
        "connecting-our-service-1": 0,  # 2 steps below 2, x1 = 2
        "engaging-the-team-1": 1,  # 1 step below 2, x1 = 1
    }
    results = assessment_results(fw, answers, "clinician")
    assert [(b.behaviour_id, b.weighted_gap) for b in results.development_areas] == [
        ("evaluating-information-1", 4),
        ("leading-with-care-support", 3),
        ("connecting-our-service-1", 2),
        ("engaging-the-team-1", 1),
    ]
    first = results.development_areas[0]
    assert (first.level_step, first.target_step, first.steps_below, first.importance) == (
        0,
        2,
        2,
        2,
    )
    assert first.number == "3.1"


def test_not_applicable_is_refused_where_it_is_not_offered() -> None:
    with pytest.raises(UserError) as caught:
        assessment_results(board(), {"bl-strategy-agenda": NOT_APPLICABLE}, "chair")
    assert caught.value.problems == [
        "rating for 'bl-strategy-agenda': 'not applicable' is not an answer this behaviour "
        "offers; give a level of the scale"
    ]
    with pytest.raises(UserError):
        assessment_results(hlm(), {"inspiring-shared-purpose-1": NOT_APPLICABLE}, None)


def test_old_callers_keep_working_with_plain_levels() -> None:
    fw = hlm()
    results = assessment_results(fw, {"inspiring-shared-purpose-1": 1}, "manager", 2)
    assert results.development_areas[0].shortfall == 1
    assert results.unrated and results.not_applicable == ()
