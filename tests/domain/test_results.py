"""Results of an assessment: targets, gaps, value averages, strengths, development areas."""

from __future__ import annotations

import pytest

from ppf_app.core.errors import UserError
from ppf_app.domain.results import assessment_results
from tests.reports.test_report_builders import framework_from_parts, small_framework


def test_targets_follow_the_format_rules_for_the_group() -> None:
    fw = small_framework()
    results = assessment_results(fw, {}, "clinician")
    targets = {b.behaviour_id: b.target for b in results.behaviours}
    # behaviour target (c-own) beats value target (care) beats default_target (c-plan)
    assert targets == {"c-listen": 4, "c-safe": 4, "c-own": 2, "c-plan": 3}
    unknown = assessment_results(fw, {}, "porter")
    assert {b.target for b in unknown.behaviours} == {3}  # second-highest level


def test_gaps_and_value_averages() -> None:
    fw = small_framework()
    results = assessment_results(fw, {"c-listen": 2, "c-safe": 3, "c-own": 4}, "clinician")
    gaps = {b.behaviour_id: b.gap for b in results.behaviours}
    assert gaps == {"c-listen": 2, "c-safe": 1, "c-own": -2, "c-plan": None}
    care, own = results.values
    assert (care.mean_level, care.mean_target, care.rated_count) == (2.5, 4.0, 2)
    # the unrated behaviour is left out of the level average, not the target average
    assert (own.mean_level, own.mean_target, own.rated_count) == (4.0, 2.5, 1)
    assert [b.behaviour_id for b in results.unrated] == ["c-plan"]
    assert results.rated_count == 3


def test_strengths_and_development_areas_order_and_ties() -> None:
    fw = framework_from_parts(values=[[[], [], []], [[], []]], areas=[])
    # targets: 3 for everyone (no groups)
    ratings = {"v0-b0": 4, "v0-b1": 1, "v0-b2": 4, "v1-b0": 2, "v1-b1": 3}
    results = assessment_results(fw, ratings, None)
    assert [b.behaviour_id for b in results.strengths] == ["v0-b0", "v0-b2", "v1-b1"]
    assert [b.behaviour_id for b in results.development_areas] == ["v0-b1", "v1-b0"]
    top = assessment_results(fw, ratings, None, limit=1)
    assert [b.behaviour_id for b in top.strengths] == ["v0-b0"]


def test_value_without_ratings_has_no_mean_level() -> None:
    fw = small_framework()
    results = assessment_results(fw, {"c-own": 3, "c-listen": None}, "manager")
    assert results.values[0].mean_level is None
    assert results.values[0].rated_count == 0
    assert results.strengths[0].behaviour_id == "c-own"
    assert results.development_areas == ()


def test_bad_ratings_are_refused_with_every_problem() -> None:
    fw = small_framework()
    with pytest.raises(UserError) as caught:
        assessment_results(fw, {"nope": 2, "c-own": 9}, "clinician")
    problems = caught.value.problems
    assert len(problems) == 2
    assert "'nope'" in problems[0] and "no such behaviour" in problems[0]
    assert "level 9 is not on the scale (1, 2, 3, 4)" in problems[1]
