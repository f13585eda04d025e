"""Learning pairs: scores, the optimal proposal, options, ties; and pair outcomes."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ppf_app.core.errors import UserError
from ppf_app.domain.cohort import PersonFacts
from ppf_app.domain.pair_outcomes import (
    BehaviourChange,
    PairOutcome,
    cohort_summary,
    pair_outcome,
    person_outcome,
)
from ppf_app.domain.pairing import (
    Complement,
    PairProposal,
    complements,
    pair_score,
    propose_pairs,
    score_matrix,
)
from tests.domain.builders import person


def clinician(person_id: int, gaps: dict[str, int], **kw: object) -> PersonFacts:
    return person(person_id, gaps, group="clinician", **kw)  # type: ignore[arg-type]


def manager(person_id: int, gaps: dict[str, int], **kw: object) -> PersonFacts:
    return person(person_id, gaps, group="manager", **kw)  # type: ignore[arg-type]


def pairs_of(proposals: tuple[PairProposal, ...]) -> list[tuple[int, int, int]]:
    return [(p.left_id, p.right_id, p.score) for p in proposals]


# -- a pair's score ----------------------------------------------------------------------


def test_score_sums_both_directions_weighted_by_the_learners_importance() -> None:
    a = clinician(1, {"c1": 2, "c2": -1, "o1": 1}, importance={"c1": 3})
    b = manager(2, {"c1": -1, "c2": 2, "o1": -3})
    # a learns c1: min(2, 1) * 3 = 3 and o1: min(1, 3) * 1 = 1; b learns c2: min(2, 1) = 1
    assert complements(a, b) == (Complement("c1", 2, 1, 3), Complement("o1", 1, 3, 1))
    assert complements(b, a) == (Complement("c2", 2, 1, 1),)
    assert pair_score(a, b) == pair_score(b, a) == 5


def test_only_behaviours_both_answered_count() -> None:
    a = clinician(1, {"c1": 2, "o1": 2})
    b = manager(2, {"c1": -2})  # o1 not asked of b, or "not applicable"
    assert pair_score(a, b) == 2


def test_explanations_list_most_points_first_then_answer_order() -> None:
    a = clinician(1, {"c1": 1, "c2": 3, "o1": 1})
    b = manager(2, {"c1": -2, "c2": -3, "o1": -2})
    assert [c.behaviour_id for c in complements(a, b)] == ["c2", "c1", "o1"]


def test_the_score_matrix_agrees_with_pair_scores() -> None:
    rng = random.Random(3)
    behaviours = ["c1", "c2", "o1", "x"]

    def someone(i: int, group: str) -> PersonFacts:
        gaps = {b: rng.randint(-3, 3) for b in behaviours if rng.random() < 0.8}
        imp = {b: rng.randint(1, 3) for b in behaviours}
        return person(i, gaps, group=group, importance=imp)

    left = [someone(i, "clinician") for i in range(7)]
    right = [someone(100 + i, "manager") for i in range(5)]
    matrix = score_matrix(left, right)
    assert matrix.tolist() == [[pair_score(a, b) for b in right] for a in left]


# -- the proposal ------------------------------------------------------------------------


def greedy(people: list[PersonFacts]) -> list[tuple[int, int, int]]:
    """Best pair first, then the best of the rest: what the optimal proposal beats."""
    scored = sorted(
        (
            (pair_score(a, b), a.person_id, b.person_id)
            for a in people
            if a.group == "clinician"
            for b in people
            if b.group == "manager"
        ),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used: set[int] = set()
    chosen = []
    for score, a, b in scored:
        if score > 0 and a not in used and b not in used:
            used |= {a, b}
            chosen.append((a, b, score))
    return chosen


def known_cohort() -> list[PersonFacts]:
    """Scores: 1-11: 8, 1-12: 5, 2-11: 4, 2-12: 0. Greedy takes 1-11 (8) and stops; the
    one best set is 1-12 and 2-11 (9)."""
    return [
        clinician(1, {"c1": 4, "c2": 5}),
        clinician(2, {"c1": 4}),
        manager(11, {"c1": -4, "c2": -4}),
        manager(12, {"c2": -5}),
    ]


def test_the_best_set_of_pairs_is_found_not_the_greedy_one() -> None:
    cohort = known_cohort()
    assert greedy(cohort) == [(1, 11, 8)]
    proposals = propose_pairs(cohort)
    assert pairs_of(proposals) == [(1, 12, 5), (2, 11, 4)]
    first = proposals[0]
    assert first.left_learns == (Complement("c2", 5, 5, 1),)
    assert first.right_learns == ()
    assert first.left_targets == ("c2",) and first.right_targets == ()


def test_people_already_paired_are_left_out() -> None:
    proposals = propose_pairs(known_cohort(), already_paired={12})
    assert pairs_of(proposals) == [(1, 11, 8)]


def test_same_department_kept_apart_when_asked() -> None:
    cohort = [
        clinician(1, {"c1": 3}, department="Surgery"),
        clinician(2, {"c1": 1}, department="Medicine"),
        manager(11, {"c1": -3}, department="Surgery"),
        manager(12, {"c1": -3}, department="Medicine"),
    ]
    assert pairs_of(propose_pairs(cohort)) == [(1, 11, 3), (2, 12, 1)]
    apart = propose_pairs(cohort, separate_departments=True)
    assert pairs_of(apart) == [(1, 12, 3), (2, 11, 1)]


def test_people_without_a_department_are_never_the_same_department() -> None:
    cohort = [clinician(1, {"c1": 2}), manager(11, {"c1": -2})]
    assert pairs_of(propose_pairs(cohort, separate_departments=True)) == [(1, 11, 2)]


def test_pairs_with_nothing_to_learn_are_not_proposed() -> None:
    cohort = [
        clinician(1, {"c1": 2}),
        clinician(2, {"c1": -1}),
        manager(11, {"c1": -2}),
        manager(12, {"c1": 0}),
    ]
    assert pairs_of(propose_pairs(cohort)) == [(1, 11, 2)]


def test_other_groups_and_chosen_groups() -> None:
    cohort = [
        clinician(1, {"c1": 2}),
        person(5, {"c1": -2}, group="clinical-manager"),
        manager(11, {"c1": -1}),
    ]
    assert pairs_of(propose_pairs(cohort)) == [(1, 11, 1)]
    assert pairs_of(propose_pairs(cohort, "clinician", "clinical-manager")) == [(1, 5, 2)]
    assert propose_pairs(cohort, "clinician", "porter") == ()
    with pytest.raises(UserError, match="two different groups"):
        propose_pairs(cohort, "manager", "manager")
    with pytest.raises(ValueError, match="appears twice"):
        propose_pairs([*cohort, clinician(1, {})])


def test_ties_prefer_more_pairs_then_lower_ids_whatever_the_input_order() -> None:
    # 1-11 alone scores 4; 1-12 with 2-11 also 4, in two pairs: two pairs it is.
    cohort = [
        clinician(1, {"c1": 2, "c2": 2}),
        clinician(2, {"c1": 2}),
        manager(11, {"c1": -2, "c2": -2}),
        manager(12, {"c2": -2}),
    ]
    assert pairs_of(propose_pairs(cohort)) == [(1, 12, 2), (2, 11, 2)]
    # Everyone alike: the same proposal every time, listed by id.
    alike = [clinician(i, {"c1": 1}) for i in (3, 1, 2)] + [
        manager(i, {"c1": -1}) for i in (30, 10, 20)
    ]
    expected = pairs_of(propose_pairs(alike))
    assert [(a, b) for a, b, _ in expected] == [(1, 10), (2, 20), (3, 30)]
    rng = random.Random(5)
    for _ in range(10):
        shuffled = alike[:]
        rng.shuffle(shuffled)
        assert pairs_of(propose_pairs(shuffled)) == expected


people_strategy = st.lists(
    st.dictionaries(
        st.sampled_from(["c1", "c2", "o1"]), st.integers(min_value=-3, max_value=3), max_size=3
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=150)
@given(people_strategy, people_strategy, st.booleans())
def test_the_proposal_is_optimal_and_nobody_is_in_two_pairs(
    lefts: list[dict[str, int]], rights: list[dict[str, int]], apart: bool
) -> None:
    departments = ["A", "B", None]
    left = [clinician(i, g, department=departments[i % 3]) for i, g in enumerate(lefts)]
    right = [manager(100 + i, g, department=departments[i % 2]) for i, g in enumerate(rights)]
    proposals = propose_pairs(left + right, separate_departments=apart)

    ids = [p.left_id for p in proposals] + [p.right_id for p in proposals]
    assert len(ids) == len(set(ids))
    assert all(p.score > 0 for p in proposals)
    assert [p.score for p in proposals] == sorted((p.score for p in proposals), reverse=True)
    by_id = {p.person_id: p for p in left + right}
    for p in proposals:
        assert p.score == pair_score(by_id[p.left_id], by_id[p.right_id])
        if apart:
            department = by_id[p.left_id].department
            assert department is None or department != by_id[p.right_id].department

    def allowed(a: PersonFacts, b: PersonFacts) -> int:
        same = apart and a.department is not None and a.department == b.department
        return 0 if same else pair_score(a, b)

    best = 0
    small, large = (left, right) if len(left) <= len(right) else (right, left)
    for chosen in itertools.permutations(large, len(small)):
        best = max(best, sum(allowed(a, b) for a, b in zip(small, chosen, strict=True)))
    assert sum(p.score for p in proposals) == best


# -- outcomes ----------------------------------------------------------------------------


def test_a_persons_change_on_targeted_behaviours() -> None:
    before = clinician(1, {"c1": 2, "c2": 1, "o1": 3}, importance={"c2": 3})
    after = clinician(1, {"c1": 0, "c2": 1, "o1": -1}, importance={"c2": 3})
    outcome = person_outcome(1, ["c1", "c2"], before, after)
    assert outcome.changes == (BehaviourChange("c1", 2, 0), BehaviourChange("c2", 3, 3))
    assert [c.change for c in outcome.changes] == [-2, 0]
    assert (outcome.total_before, outcome.total_after, outcome.total_change) == (5, 3, -2)


def test_behaviours_missing_before_or_after_have_no_change() -> None:
    before = clinician(1, {"c1": 2, "c2": 1})
    after = clinician(1, {"c1": 1})  # c2 answered "not applicable" this time
    outcome = person_outcome(1, ["c1", "c2"], before, after)
    assert [c.change for c in outcome.changes] == [-1, None]
    assert (outcome.total_before, outcome.total_after) == (2, 1)
    not_yet = person_outcome(1, ["c1"], before, None)
    assert not not_yet.is_measured and not_yet.total_change == 0


def test_a_pairs_outcome_uses_each_persons_own_targets() -> None:
    proposal = propose_pairs([clinician(1, {"c1": 2, "c2": -2}), manager(11, {"c1": -2, "c2": 1})])[
        0
    ]
    outcome = pair_outcome(
        left_id=1,
        left_targets=proposal.left_targets,
        left_before=clinician(1, {"c1": 2, "c2": -2}),
        left_after=clinician(1, {"c1": 1, "c2": -2}),
        right_id=11,
        right_targets=proposal.right_targets,
        right_before=manager(11, {"c1": -2, "c2": 1}),
        right_after=manager(11, {"c1": -2, "c2": 0}),
        meetings_held=7,
    )
    assert [c.behaviour_id for c in outcome.left.changes] == ["c1"]
    assert [c.behaviour_id for c in outcome.right.changes] == ["c2"]
    assert (outcome.left.total_change, outcome.right.total_change) == (-1, -1)
    assert outcome.meetings_held == 7


def a_pair(n: int, before: int, after: int | None, meetings: int = 6) -> PairOutcome:
    def facts(pid: int, gap: int | None) -> PersonFacts | None:
        return None if gap is None else person(pid, {"c1": gap})

    return pair_outcome(
        left_id=n,
        left_targets=["c1"],
        left_before=facts(n, before),
        left_after=facts(n, after),
        right_id=1000 + n,
        right_targets=["c1"],
        right_before=facts(1000 + n, before),
        right_after=facts(1000 + n, after),
        meetings_held=meetings,
    )


def test_a_cohort_under_the_minimum_shows_stars() -> None:
    summary = cohort_summary([a_pair(1, 2, 1), a_pair(2, 2, 1)])  # 4 people
    assert summary.hidden
    assert {text for _, text in summary.texts()} == {"*"}


def test_cohort_summary_rounds_counts_and_gives_mean_gaps() -> None:
    pairs = [a_pair(1, 3, 1, 5), a_pair(2, 2, 1, 6), a_pair(3, 1, 1, 8)]
    summary = cohort_summary(pairs)
    assert not summary.hidden
    assert (summary.pairs, summary.people, summary.meetings, summary.measured) == (5, 5, 20, 5)
    assert summary.mean_meetings == 6.33
    # six people: before 3, 3, 2, 2, 1, 1 (mean 2); after all 1; change -1
    assert (summary.mean_gap_before, summary.mean_gap_after, summary.mean_change) == (
        2.0,
        1.0,
        -1.0,
    )
    assert dict(summary.texts())["Mean change"] == "-1.00"
    assert dict(summary.texts())["Pairs"] == "5"


def test_means_need_the_minimum_measured_before_and_after() -> None:
    pairs = [a_pair(1, 3, 1), a_pair(2, 2, 1), a_pair(3, 1, None)]  # 4 measured of 6
    summary = cohort_summary(pairs)
    assert not summary.hidden and summary.people == 5
    assert summary.mean_gap_before is None and summary.mean_change is None
    assert dict(summary.texts())["Mean change"] == "*"
    with pytest.raises(UserError):
        cohort_summary(pairs, min_group=3)


def test_an_empty_cohort() -> None:
    summary = cohort_summary([])
    assert not summary.hidden and summary.pairs == 0 and summary.mean_meetings is None
