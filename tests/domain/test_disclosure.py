"""Disclosure control: minimum group, secondary suppression, rounding."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ppf_app.core.errors import UserError
from ppf_app.domain.disclosure import (
    HIDDEN,
    Figures,
    Published,
    check_min_group,
    hidden_cells,
    publish_breakdown,
    round_count,
    round_mean,
)

# -- minimum group -----------------------------------------------------------------------


@pytest.mark.parametrize("minimum", [5, 6, 10, 100])
def test_a_minimum_of_five_or_more_is_accepted(minimum: int) -> None:
    assert check_min_group(minimum) == minimum


@pytest.mark.parametrize("minimum", [4, 1, 0, -5])
def test_a_minimum_below_five_is_refused_with_a_reason(minimum: int) -> None:
    with pytest.raises(UserError) as caught:
        check_min_group(minimum)
    assert caught.value.problems == [
        f"the minimum group size must be at least 5 (got {minimum}): "
        "figures about fewer people could identify them"
    ]


@pytest.mark.parametrize("minimum", [True, 5.0, "5"])
def test_a_minimum_that_is_not_a_whole_number_is_refused(minimum: object) -> None:
    with pytest.raises(UserError):
        check_min_group(minimum)  # type: ignore[arg-type]


def test_every_suppressing_function_checks_the_minimum() -> None:
    with pytest.raises(UserError):
        hidden_cells({"a": 10}, 3)
    with pytest.raises(UserError):
        publish_breakdown({"a": Figures(10, 1, 0.5)}, None, 4)


# -- rounding ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "rounded"),
    [(0, 0), (1, 0), (2, 0), (3, 5), (4, 5), (5, 5), (7, 5), (8, 10), (12, 10), (13, 15)],
)
def test_counts_round_to_the_nearest_five(count: int, rounded: int) -> None:
    assert round_count(count) == rounded


@pytest.mark.parametrize(("count", "rounded"), [(14, 10), (15, 20), (25, 30), (35, 40)])
def test_halves_round_up_with_an_even_base(count: int, rounded: int) -> None:
    assert round_count(count, base=10) == rounded


def test_a_negative_count_or_base_is_a_mistake() -> None:
    with pytest.raises(ValueError):
        round_count(-1)
    with pytest.raises(ValueError):
        round_count(3, base=0)


@given(st.integers(min_value=0, max_value=10**9))
def test_rounding_always_gives_the_nearest_multiple_of_five(count: int) -> None:
    rounded = round_count(count)
    assert rounded % 5 == 0
    assert abs(rounded - count) <= 2


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_rounding_keeps_order(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert round_count(low) <= round_count(high)


@pytest.mark.parametrize(
    ("value", "rounded"),
    [(0.125, 0.13), (0.135, 0.14), (2.675, 2.68), (-0.125, -0.13), (1 / 3, 0.33), (2.0, 2.0)],
)
def test_means_round_to_two_decimals_halves_away_from_zero(value: float, rounded: float) -> None:
    assert round_mean(value) == rounded


# -- primary and secondary suppression ---------------------------------------------------


def test_a_small_segment_is_hidden_and_so_is_the_next_smallest() -> None:
    counts = {"Cardiology": 30, "Pharmacy": 3, "Estates": 20, "Theatres": 40}
    assert hidden_cells(counts, 5) == {"Pharmacy", "Estates"}


def test_without_a_total_shown_only_small_segments_are_hidden() -> None:
    counts = {"Cardiology": 30, "Pharmacy": 3, "Estates": 20}
    assert hidden_cells(counts, 5, total_shown=False) == {"Pharmacy"}


def test_hidden_segments_together_smaller_than_the_minimum_take_one_more() -> None:
    # 1 + 2 = 3 would be the difference between the total and the shown segments.
    counts = {"a": 1, "b": 2, "c": 30, "d": 40, "e": 35}
    assert hidden_cells(counts, 5) == {"a", "b", "c"}


def test_two_small_segments_that_together_reach_the_minimum_are_enough() -> None:
    counts = {"a": 3, "b": 4, "c": 30, "d": 40}
    assert hidden_cells(counts, 5) == {"a", "b"}


def test_ties_for_the_next_smallest_go_to_the_name_first_in_sort_order() -> None:
    counts = {"zeta": 20, "alpha": 20, "beta": 4, "gamma": 50}
    assert hidden_cells(counts, 5) == {"beta", "alpha"}


def test_empty_segments_are_shown_and_never_hidden_for_others() -> None:
    assert hidden_cells({"a": 0, "b": 20, "c": 30}, 5) == set()
    assert hidden_cells({"a": 0, "b": 3, "c": 30, "d": 40}, 5) == {"b", "c"}


def test_a_raised_minimum_hides_more() -> None:
    counts = {"a": 8, "b": 30, "c": 40}
    assert hidden_cells(counts, 5) == set()
    assert hidden_cells(counts, 10) == {"a", "b"}


def test_when_everyone_is_fewer_than_the_minimum_everything_is_hidden() -> None:
    cells = {"a": Figures(2, 1, 1.0), "b": Figures(2, 0, 0.0)}
    published, total = publish_breakdown(cells, Figures(4, 1, 0.5), 5)
    assert total is not None and total.hidden
    assert all(p.hidden for p in published.values())


@settings(max_examples=300)
@given(
    st.dictionaries(
        st.text(alphabet="abcdefgh", min_size=1, max_size=2),
        st.integers(min_value=0, max_value=60),
        min_size=1,
        max_size=8,
    ),
    st.integers(min_value=5, max_value=12),
)
def test_no_hidden_segment_can_be_worked_out_by_subtraction(
    counts: dict[str, int], minimum: int
) -> None:
    """Subtracting the shown segments from the shown total gives the sum of the hidden
    ones. A hidden segment is worked out exactly only when it is the one unknown in that
    sum; with two or more unknowns adding up to at least the minimum, many splits fit."""
    hidden = hidden_cells(counts, minimum)
    total = sum(counts.values())
    for key, count in counts.items():
        if 0 < count < minimum:
            assert key in hidden
        if count == 0:
            assert key not in hidden
    if total >= minimum and hidden:  # the total is shown
        assert len(hidden) >= 2
        assert sum(counts[key] for key in hidden) >= minimum


# -- published figures -------------------------------------------------------------------


def test_published_figures_are_rounded_and_hidden_ones_are_stars() -> None:
    cells = {"a": Figures(12, 8, 1.256), "b": Figures(3, 3, 2.0), "c": Figures(6, 2, 0.5)}
    published, total = publish_breakdown(cells, Figures(21, 13, 1.1), 5)
    assert published["a"] == Published(False, 10, 10, 1.26)
    assert published["b"].texts() == (HIDDEN, HIDDEN, HIDDEN)
    assert published["c"].hidden  # the next smallest, so "b" cannot be subtracted out
    assert total == Published(False, 20, 15, 1.1)
    assert total.texts() == ("20", "15", "1.10")


def test_an_empty_cell_shows_zero_and_no_mean() -> None:
    published, _ = publish_breakdown({"a": Figures(0, 0, None)}, None, 5)
    assert published["a"].texts() == ("0", "0", "")
