"""Suggested training areas: ranking, reasons, ties, and the ranking's properties."""

from __future__ import annotations

import math
import random

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ppf_app.domain.framework import Framework
from ppf_app.domain.suggestions import suggest_training
from tests.test_report_builders import framework_from_parts, small_framework


def ids(framework: Framework, ratings: dict[str, int | None], group: str | None) -> list[str]:
    return [s.area_id for s in suggest_training(framework, ratings, group)]


def test_areas_ranked_by_gaps_with_reasons() -> None:
    fw = small_framework()
    ratings: dict[str, int | None] = {"c-listen": 2, "c-safe": 4, "c-own": 1, "c-plan": 3}
    people, leadership = suggest_training(fw, ratings, "clinician")
    assert (people.area_id, people.total_gap, people.below_count) == ("people", 2, 1)
    assert [b.behaviour_id for b in people.behaviours] == ["c-listen"]
    assert people.activities == ("Line management workshop",)
    assert (leadership.area_id, leadership.total_gap) == ("leadership", 1)
    labels = {level.value: level.label for level in fw.scale}
    assert people.reason(labels) == (
        "1 behaviour below target, 2 levels in all: “Listens to patients and carers” "
        "(Developing against a target of Leading: 2 below)."
    )
    assert leadership.reason() == (
        "1 behaviour below target, 1 level in all: “Owns decisions and their consequences” "
        "(1 against a target of 2: 1 below)."
    )


def test_area_with_every_behaviour_at_or_above_target_is_not_suggested() -> None:
    fw = small_framework()
    ratings: dict[str, int | None] = {"c-listen": 4, "c-safe": 4, "c-own": 1, "c-plan": 4}
    assert ids(fw, ratings, "clinician") == ["leadership"]
    assert "people" not in ids(fw, ratings, "clinician")


def test_unrated_behaviours_create_no_gaps() -> None:
    fw = small_framework()
    assert suggest_training(fw, {}, "clinician") == ()
    assert suggest_training(fw, {"c-listen": None, "c-own": 1}, "clinician")[0].area_id == (
        "leadership"
    )


def test_group_changes_the_targets_and_so_the_suggestions() -> None:
    fw = small_framework()
    ratings: dict[str, int | None] = {"c-listen": 3, "c-safe": 3, "c-own": 3, "c-plan": 3}
    assert ids(fw, ratings, "clinician") == ["people", "leadership"]
    assert ids(fw, ratings, "manager") == []


def test_sum_then_squares_then_count_then_file_order() -> None:
    # targets are 4 on a 5-level scale (no groups)
    fw = framework_from_parts(
        scale=5,
        values=[[["a"], ["a"], ["b"], ["c"], ["c"], ["d"], ["e"], ["e"]]],
        areas=["e", "d", "c", "b", "a"],
    )
    ratings: dict[str, int | None] = {
        "v0-b0": 3,  # a: 1
        "v0-b1": 3,  # a: 1      -> a: total 2, squares 2
        "v0-b2": 2,  # b: 2      -> b: total 2, squares 4
        "v0-b3": 1,  # c: 3
        "v0-b4": 5,  # c: above  -> c: total 3
        "v0-b5": 3,  # d: 1      -> d: total 1
        "v0-b6": 3,  # e: 1      -> e: total 1, listed before d in the file
        "v0-b7": 4,  # e: at target
    }
    assert ids(fw, ratings, None) == ["c", "b", "a", "e", "d"]
    # the same total and squares: more behaviours below target ranks first
    fw2 = framework_from_parts(
        scale=5, values=[[["q"], ["q"], ["q"]], [["p"], ["p"], ["p"], ["p"]]], areas=["q", "p"]
    )
    ratings2: dict[str, int | None] = {
        "v0-b0": 2, "v0-b1": 2, "v0-b2": 2,  # q: gaps 2, 2, 2    -> total 6, squares 12
        "v1-b0": 1, "v1-b1": 3, "v1-b2": 3, "v1-b3": 3,  # p: 3, 1, 1, 1 -> total 6, squares 12
    }  # fmt: skip
    assert ids(fw2, ratings2, None) == ["p", "q"]


def test_ties_break_by_file_order_whatever_the_ratings_order() -> None:
    fw = framework_from_parts(values=[[["p"], ["q"], ["r"]]], areas=["r", "q", "p"])
    ratings: dict[str, int | None] = {"v0-b0": 2, "v0-b1": 2, "v0-b2": 2}
    expected = ["r", "q", "p"]
    keys = list(ratings)
    for seed in range(5):
        random.Random(seed).shuffle(keys)
        assert ids(fw, {k: ratings[k] for k in keys}, None) == expected


def test_a_shared_behaviour_raised_cannot_reorder_the_areas_that_share_it() -> None:
    # With "widest gap" in the key, raising b0 would lift A over C. Sums keep the order.
    fw = framework_from_parts(
        scale=5,
        values=[[["A", "C"], ["A"], ["C"], ["C"]]],
        areas=["A", "C"],
    )
    before: dict[str, int | None] = {"v0-b0": 1, "v0-b1": 2, "v0-b2": 3, "v0-b3": 3}
    after = dict(before, **{"v0-b0": 4})
    assert ids(fw, before, None) == ["A", "C"]  # A 5 (sq 13) vs C 5 (sq 11)
    assert ids(fw, after, None) == ["A", "C"]  # A 2 (sq 4)  vs C 2 (sq 2)


# -- properties ----------------------------------------------------------------------------


@st.composite
def assessed_frameworks(draw: st.DrawFn) -> tuple[Framework, dict[str, int | None], str | None]:
    scale = draw(st.integers(2, 6))
    areas = [f"t{i}" for i in range(draw(st.integers(1, 6)))]
    shape = draw(
        st.lists(
            st.lists(st.lists(st.sampled_from(areas), max_size=3), min_size=1, max_size=5),
            min_size=1,
            max_size=4,
        )
    )
    level = st.integers(1, scale)
    groups = []
    group_id: str | None = None
    if draw(st.booleans()):
        targets = draw(
            st.dictionaries(
                st.sampled_from([f"v{v}" for v in range(len(shape))]), level, max_size=2
            )
        )
        groups = [{"id": "g", "title": "G", "default_target": draw(level), "targets": targets}]
        group_id = draw(st.sampled_from(["g", "unknown"]))
    fw = framework_from_parts(scale=scale, values=shape, areas=areas, groups=groups)
    ratings = {b.id: draw(st.one_of(st.none(), level)) for v in fw.values for b in v.behaviours}
    return fw, ratings, group_id


def ranks(fw: Framework, ratings: dict[str, int | None], group: str | None) -> dict[str, float]:
    order = ids(fw, ratings, group)
    return {a.id: (order.index(a.id) if a.id in order else math.inf) for a in fw.training_areas}


@settings(max_examples=300, deadline=None)
@given(assessed_frameworks(), st.data())
def test_raising_a_rating_never_raises_an_areas_rank(
    case: tuple[Framework, dict[str, int | None], str | None], data: st.DataObject
) -> None:
    """Raising one rating never lifts an area that addresses the behaviour.

    Its place in the list never improves, and no area ranked above it falls below it.
    (Areas that do not address the behaviour may move up, but only because an area
    addressing it left the list above them.)
    """
    fw, ratings, group = case
    top = fw.scale_values[-1]
    raisable = [b for b, level in ratings.items() if level is not None and level < top]
    if not raisable:
        return
    behaviour = data.draw(st.sampled_from(raisable))
    current = ratings[behaviour]
    assert current is not None
    raised = dict(ratings, **{behaviour: data.draw(st.integers(current + 1, top))})
    before, after = ranks(fw, ratings, group), ranks(fw, raised, group)
    addressing = set(fw.behaviour_index[behaviour][1].training_areas)
    for area in addressing:
        assert after[area] >= before[area], (area, behaviour, before, after)
        if after[area] == math.inf:
            continue
        for other in fw.training_areas:
            if before[other.id] < before[area]:
                assert after[other.id] < after[area], (other.id, area, before, after)
    for area, rank in after.items():
        if area not in addressing and rank < before[area]:
            # moved up: only because an area addressing the behaviour dropped below it
            passed = [a for a in addressing if before[a] < before[area] and after[a] > rank]
            assert passed, (area, behaviour, before, after)


@settings(max_examples=200, deadline=None)
@given(assessed_frameworks())
def test_every_area_with_a_gap_is_suggested_and_no_other(
    case: tuple[Framework, dict[str, int | None], str | None],
) -> None:
    fw, ratings, group = case
    expected = {
        area
        for v in fw.values
        for b in v.behaviours
        if ratings[b.id] is not None and ratings[b.id] < fw.target_for(b.id, group)  # type: ignore[operator]
        for area in b.training_areas
    }
    suggestions = suggest_training(fw, ratings, group)
    assert {s.area_id for s in suggestions} == expected
    keys = [s.rank_key() for s in suggestions]
    assert keys == sorted(keys)
    for s in suggestions:
        assert s.total_gap > 0
        assert all(b.shortfall > 0 for b in s.behaviours)


@settings(max_examples=200, deadline=None)
@given(assessed_frameworks())
def test_no_gaps_no_suggestions(case: tuple[Framework, dict[str, int | None], str | None]) -> None:
    fw, ratings, group = case
    at_least_target = {
        b: (None if level is None else max(level, fw.target_for(b, group)))
        for b, level in ratings.items()
    }
    assert suggest_training(fw, at_least_target, group) == ()


def sharing_cases(scale: int) -> st.SearchStrategy[tuple[int, list[int], list[int], int, int]]:
    levels = st.integers(1, scale)
    return st.integers(1, scale - 1).flatmap(
        lambda shared: st.tuples(
            st.just(scale),
            st.lists(levels, max_size=4),
            st.lists(levels, max_size=4),
            st.just(shared),
            st.integers(shared + 1, scale),
        )
    )


@settings(max_examples=300, deadline=None)
@given(st.integers(3, 7).flatmap(sharing_cases))
@example((5, [2], [3, 3], 1, 4))  # a key using the widest gap would swap these two areas
def test_areas_sharing_the_raised_behaviour_keep_their_order(
    case: tuple[int, list[int], list[int], int, int],
) -> None:
    """Two areas addressing the raised behaviour both lose the same amount: no swap."""
    scale, only_a, only_c, shared, raised_to = case
    shape = [[["A", "C"]] + [["A"]] * len(only_a) + [["C"]] * len(only_c)]
    fw = framework_from_parts(scale=scale, values=shape, areas=["A", "C"])
    levels = [shared, *only_a, *only_c]
    ratings: dict[str, int | None] = {f"v0-b{i}": level for i, level in enumerate(levels)}
    raised = dict(ratings, **{"v0-b0": raised_to})
    before, after = ids(fw, ratings, None), ids(fw, raised, None)
    if len(after) == 2:
        assert after == before
    assert set(after) <= set(before)
