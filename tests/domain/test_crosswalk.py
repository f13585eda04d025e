"""Change across framework versions: which old levels each new behaviour is compared with."""

from __future__ import annotations

import pytest

from ppf_app.domain.answers import NOT_APPLICABLE, Answer
from ppf_app.domain.crosswalk import (
    crosswalk_problems,
    earlier_levels,
    earlier_value_levels,
    place_level,
    sources,
    supersedes,
)
from ppf_app.domain.framework import Framework
from tests.domain.frameworks import hlm, hlm_2013, toml_framework


def test_the_crosswalk_and_shared_ids_give_each_new_behaviour_its_old_ones() -> None:
    new, old = hlm(), hlm_2013()
    assert supersedes(new, old) and not supersedes(old, new)
    found = sources(new, old)
    assert found["leading-with-care-support"] == ("leading-with-care-1", "leading-with-care-2")
    assert found["holding-to-account-expectations"] == ("holding-to-account-1",)
    assert found["holding-to-account-feedback"] == ("holding-to-account-1",)
    assert found["holding-to-account-2"] == ("holding-to-account-2",)
    assert found["inspiring-shared-purpose-1"] == ("inspiring-shared-purpose-1",)
    assert len(found) == new.behaviour_count


def test_several_old_levels_give_their_mean_placed_on_the_new_scale_by_label() -> None:
    new, old = hlm(), hlm_2013()
    answers: dict[str, Answer] = {
        "leading-with-care-1": 2,  # Proficient
        "leading-with-care-2": 3,  # Strong
        "holding-to-account-1": 1,  # Essential
        "holding-to-account-2": None,
        "engaging-the-team-1": 4,
    }
    earlier = earlier_levels(new, old, answers)
    care = earlier["leading-with-care-support"]
    assert care.old_behaviour_ids == ("leading-with-care-1", "leading-with-care-2")
    assert care.old_levels == (2, 3)
    assert care.mean_old_level == 2.5 and care.level == 2.5
    # The new scale adds Insufficient (0) below Essential (1): Essential stays Essential.
    assert earlier["holding-to-account-expectations"].level == 1.0
    assert earlier["holding-to-account-feedback"].level == 1.0
    assert earlier["engaging-the-team-1"].level == 4.0
    assert "holding-to-account-2" not in earlier  # unanswered before: nothing to compare
    assert list(earlier) == [
        b.id for _, b in new.behaviours() if b.id in earlier
    ]  # file order of the new framework
    values = earlier_value_levels(new, "manager", earlier)
    assert values == {
        "leading-with-care": 2.5,
        "engaging-the-team": 4.0,
        "holding-to-account": 1.0,
    }


def test_not_applicable_old_answers_are_left_out() -> None:
    new, old = hlm(), hlm_2013()
    earlier = earlier_levels(
        new, old, {"leading-with-care-1": NOT_APPLICABLE, "leading-with-care-2": 3}
    )
    assert earlier["leading-with-care-support"].old_behaviour_ids == ("leading-with-care-2",)
    assert earlier["leading-with-care-support"].level == 3.0


def _scale_framework(
    framework_id: str, version: str, labels: list[str], extra: str = ""
) -> Framework:
    scale = "".join(
        f'[[scale]]\nvalue = {i}\nlabel = "{label}"\n' for i, label in enumerate(labels, start=1)
    )
    return toml_framework(
        f"""
format = 2
[framework]
id = "{framework_id}"
version = "{version}"
title = "Scales"
{extra}
{scale}
[[values]]
id = "v"
title = "V"
[[values.behaviours]]
id = "b"
text = "A behaviour."
"""
    )


def test_levels_without_a_matching_label_are_placed_by_relative_position() -> None:
    old = _scale_framework("scales", "1", ["Low", "Middle", "High"])
    new = _scale_framework("scales", "2", ["1", "2", "3", "4", "5"], 'supersedes = "scales@1"')
    assert [place_level(v, old, new) for v in (1, 2, 3)] == [1.0, 3.0, 5.0]
    assert earlier_levels(new, old, {"b": 2})["b"].level == 3.0
    same_values = _scale_framework("scales", "3", ["Bottom", "Centre", "Top"])
    assert place_level(2, old, same_values) == 2.0


def test_without_supersedes_only_shared_ids_are_compared() -> None:
    new, old = hlm(), hlm_2013()
    plain = new.model_copy(
        update={"framework": new.framework.model_copy(update={"supersedes": None})}
    )
    assert not supersedes(plain, old)
    found = sources(plain, old)
    assert "leading-with-care-support" not in found
    assert found["holding-to-account-2"] == ("holding-to-account-2",)
    assert crosswalk_problems(plain, old) == []


def test_an_assessment_on_the_same_framework_compares_each_behaviour_with_itself() -> None:
    fw = hlm()
    earlier = earlier_levels(fw, fw, {"evaluating-information-1": 0})
    assert earlier["evaluating-information-1"].level == 0.0
    assert len(sources(fw, fw)) == fw.behaviour_count


@pytest.mark.parametrize("case", ["LEADERSHIP-MODEL@2013", "leadership-model@2013"])
def test_supersedes_names_a_framework_id_in_any_case(case: str) -> None:
    new = hlm()
    info = new.framework.model_copy(update={"supersedes": case})
    assert supersedes(new.model_copy(update={"framework": info}), hlm_2013())


def test_crosswalk_from_ids_are_checked_against_the_superseded_framework() -> None:
    new, old = hlm(), hlm_2013()
    assert crosswalk_problems(new, old) == []
    entries = list(new.crosswalk)
    entries[1] = entries[1].model_copy(update={"from_id": "leading-with-care-3"})
    broken = new.model_copy(update={"crosswalk": tuple(entries)})
    assert crosswalk_problems(broken, old) == [
        (
            "crosswalk[1].from",
            "'leading-with-care-3' is not a behaviour of leadership-model@2013, the framework "
            "this file supersedes; did you mean 'leading-with-care-2'?",
        )
    ]
    # The unknown old behaviour is simply not compared.
    earlier = earlier_levels(broken, old, {"leading-with-care-1": 2})
    assert earlier["leading-with-care-support"].old_behaviour_ids == ("leading-with-care-1",)
