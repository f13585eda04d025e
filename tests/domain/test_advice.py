"""Training advice: the largest uncovered gap first, one area at a time."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ppf_app.core.errors import UserError
from ppf_app.domain.advice import TrainingAdvice, advise_training
from ppf_app.domain.answers import NOT_APPLICABLE, Answer
from ppf_app.domain.framework import Framework
from tests.domain.frameworks import board, built, hlm, ksf, toml_framework


def chosen(advice: TrainingAdvice) -> list[tuple[str, list[str]]]:
    return [(s.area_id, [b.behaviour_id for b in s.behaviours]) for s in advice.suggestions]


# -- the rule, by example ---------------------------------------------------------------


def test_a_chosen_area_covers_its_behaviours_so_the_next_choice_meets_another_need() -> None:
    # A covers b0 and b1; B covers only b0; C covers b2. Targets: 3 of 4 (no groups).
    fw = built(values=[[["A", "B"], ["A"], ["C"]]], areas=["A", "B", "C"])
    answers: dict[str, Answer] = {"v0-b0": 1, "v0-b1": 2, "v0-b2": 2}  # gaps 2, 1, 1
    advice = advise_training(fw, answers, None)
    assert chosen(advice) == [("A", ["v0-b0", "v0-b1"]), ("C", ["v0-b2"])]
    # B addresses a gap but adds nothing once A is chosen: listed apart.
    assert [(r.area_id, [b.behaviour_id for b in r.behaviours]) for r in advice.also_relevant] == [
        ("B", ["v0-b0"])
    ]
    assert advice.uncovered == () and not advice.stretch


def test_the_largest_gap_outranks_many_small_ones() -> None:
    fw = built(scale=5, values=[[["wide"], ["many"], ["many"], ["many"]]], areas=["many", "wide"])
    # Target 4: wide has one gap of 3 steps; many has three of 1 (sum 3, then more).
    answers: dict[str, Answer] = {"v0-b0": 1, "v0-b1": 3, "v0-b2": 3, "v0-b3": 3}
    assert [s.area_id for s in advise_training(fw, answers, None).suggestions] == [
        "wide",
        "many",
    ]
    # Equal largest gaps: the sum decides.
    answers = {"v0-b0": 3, "v0-b1": 3, "v0-b2": 3, "v0-b3": 4}
    assert [s.area_id for s in advise_training(fw, answers, None).suggestions] == [
        "many",
        "wide",
    ]


def test_ties_go_to_the_area_earlier_in_the_file() -> None:
    fw = built(values=[[["q"], ["p"]]], areas=["q", "p"])
    answers: dict[str, Answer] = {"v0-b0": 2, "v0-b1": 2}
    assert [s.area_id for s in advise_training(fw, answers, None).suggestions] == ["q", "p"]
    fw = built(values=[[["q"], ["p"]]], areas=["p", "q"])
    assert [s.area_id for s in advise_training(fw, answers, None).suggestions] == ["p", "q"]


def test_the_limit_stops_the_choice_and_the_rest_is_listed() -> None:
    fw = built(values=[[["A"], ["B"], ["C"], []]], areas=["A", "B", "C"])
    answers: dict[str, Answer] = {"v0-b0": 1, "v0-b1": 1, "v0-b2": 2, "v0-b3": 1}
    advice = advise_training(fw, answers, None, limit=1)
    assert chosen(advice) == [("A", ["v0-b0"])]
    assert [r.area_id for r in advice.also_relevant] == ["B", "C"]
    # b1 and b2 lack a chosen area; b3 has no area at all.
    assert [g.behaviour_id for g in advice.uncovered] == ["v0-b1", "v0-b3", "v0-b2"]
    assert [g.gap for g in advice.gaps] == [2, 2, 2, 1]
    full = advise_training(fw, answers, None, limit=6)
    assert [s.area_id for s in full.suggestions] == ["A", "B", "C"]
    assert [g.behaviour_id for g in full.uncovered] == ["v0-b3"]


@pytest.mark.parametrize("limit", [0, 7, -1, True, 2.5])
def test_a_limit_outside_one_to_six_is_refused(limit: Any) -> None:
    fw = built(values=[[["A"]]], areas=["A"])
    with pytest.raises(UserError, match="must be 1 to 6"):
        advise_training(fw, {}, None, limit=limit)


def test_gaps_are_counted_in_scale_steps_not_values() -> None:
    fw = toml_framework(
        """
format = 2
[framework]
id = "tens"
version = "1"
title = "A scale in tens"
[[scale]]
value = 10
label = "Low"
[[scale]]
value = 20
label = "Middle"
[[scale]]
value = 40
label = "High"
[[scale]]
value = 80
label = "Top"
[[training_areas]]
id = "near"
title = "Near"
[[training_areas]]
id = "far"
title = "Far"
[[values]]
id = "v"
title = "V"
[[values.behaviours]]
id = "one-step"
text = "One step below, forty below in value."
training_areas = ["near"]
[[values.behaviours]]
id = "two-steps"
text = "Two steps below, thirty below in value."
training_areas = ["far"]
"""
    )
    # Target: the second-highest level, 40.
    advice = advise_training(fw, {"one-step": 80, "two-steps": 10}, None)
    assert [s.area_id for s in advice.suggestions] == ["far"]
    advice = advise_training(fw, {"one-step": 20, "two-steps": 10}, None)
    assert [(s.area_id, s.largest_gap) for s in advice.suggestions] == [("far", 2), ("near", 1)]


def test_importance_weighs_the_gap() -> None:
    fw = hlm()
    # Clinician: leading-with-care essential (3), evaluating-information important (2).
    answers: dict[str, Answer] = {
        "leading-with-care-support": 2,  # 1 step x 3 = 3
        "evaluating-information-1": 1,  # 1 step x 2 = 2
        "connecting-our-service-1": 0,  # 2 steps x 1 = 2
    }
    advice = advise_training(fw, answers, "clinician")
    assert [(s.area_id, s.largest_gap) for s in advice.suggestions] == [
        ("purpose-and-care", 3),
        ("information", 2),
        ("system", 2),
    ]
    assert advice.suggestions[0].reason == (
        "Your largest gap: “I notice how colleagues are, offer support, and look after myself "
        "so I can.” is Proficient against a target of Strong, and your group counts it "
        "essential."
    )
    # developing-others also links the same behaviour: it is listed apart.
    assert [r.area_id for r in advice.also_relevant] == ["developing-others"]


def test_reasons_name_levels_in_plain_words() -> None:
    fw = board()
    answers: dict[str, Answer] = {
        "bl-inclusion-data": 1,
        "bl-inclusion-board": 2,
        "bl-outcomes-evidence": 2,
    }
    advice = advise_training(fw, answers, "non-executive")
    first, second = advice.suggestions
    assert first.area_id == "inclusion"
    assert first.reason == (
        "Your largest gap: “I ask how each proposal affects the groups with the poorest "
        "health.” is Rarely against a target of Often. It also covers 1 more behaviour below "
        "target."
    )
    assert second.reason == (
        "The largest gap it addresses: “I ask for the evidence that a decision will improve "
        "care, and follow it up.” is Sometimes against a target of Often."
    )
    for suggestion in advice.suggestions:
        assert "levels in all" not in suggestion.reason


LONG_TEXT = (
    "I ask how a proposed change will affect patients, carers and staff on every shift "
    "before I agree to it."
)


def test_long_behaviour_texts_are_cut_at_a_word() -> None:
    fw = toml_framework(
        """
format = 2
[framework]
id = "long"
version = "1"
title = "Long texts"
[[scale]]
value = 1
label = "Developing"
[[scale]]
value = 2
label = "Strong"
[[scale]]
value = 3
label = "Leading"
[[training_areas]]
id = "change"
title = "Leading change"
[[values]]
id = "v"
title = "V"
[[values.behaviours]]
id = "b"
text = "LONG_TEXT"
training_areas = ["change"]
""".replace("LONG_TEXT", LONG_TEXT)
    )
    (suggestion,) = advise_training(fw, {"b": 1}, None).suggestions
    assert suggestion.reason == (
        "Your largest gap: “I ask how a proposed change will affect patients, carers and "
        "staff on every…” is Developing against a target of Strong."
    )


def test_areas_and_activities_follow_the_group() -> None:
    fw = board()
    answers: dict[str, Answer] = {"bl-inclusion-board": 1, "bl-strategy-agenda": 1}
    executive = advise_training(fw, answers, "executive")
    assert [s.area_id for s in executive.suggestions] == ["inclusion"]
    chair = advise_training(fw, answers, "chair")
    assert [s.area_id for s in chair.suggestions] == ["chairing"]
    assert chair.suggestions[0].activity_texts == (
        "Chair-to-chair mentoring",
        "Coaching on running board business",
    )
    assert chair.suggestions[0].activities[0].reference == "Ask the regional chairs' network"
    fw = ksf()
    porter = advise_training(fw, {"hs1": 1, "ik1": 1}, "porter")
    assert [s.area_id for s in porter.suggestions] == ["safety"]
    assert len(porter.suggestions[0].activities) == 2
    analyst = advise_training(fw, {"hs1": 1}, "it-analyst")
    assert [a.text for a in analyst.suggestions[0].activities] == [
        "Statutory and mandatory training refresh"
    ]


def test_not_applicable_creates_no_suggestion() -> None:
    fw = board()
    advice = advise_training(
        fw, {"bl-inclusion-data": NOT_APPLICABLE, "bl-culture-speak": 1}, "executive"
    )
    assert chosen(advice) == [("culture", ["bl-culture-speak"])]
    assert advice.not_applicable_count == 1
    assert all(g.behaviour_id != "bl-inclusion-data" for g in advice.gaps)


def test_nothing_below_target_offers_two_stretch_areas_against_the_top() -> None:
    fw = board()
    at_target: dict[str, Answer] = {b.id: 3 for b in fw.behaviours_for("non-executive")}
    at_target["bl-culture-visible"] = 4
    at_target["bl-inclusion-data"] = NOT_APPLICABLE
    advice = advise_training(fw, at_target, "non-executive")
    assert advice.stretch
    # After governance, partnerships has two behaviours a step below the top: the sum
    # decides between it, inclusion and culture (one step each).
    assert [s.area_id for s in advice.suggestions] == ["board-governance", "partnerships"]
    assert all(s.stretch for s in advice.suggestions)
    # Governance is essential to a non-executive: its gaps to the top weigh three times.
    assert advice.suggestions[0].largest_gap == 3
    assert advice.suggestions[0].reason == (
        "Everything you rated is at or above target. To stretch: “I challenge assurance that "
        "rests on reports alone, and look for myself.” is Often; the top of the scale is "
        "Always, and your group counts it essential. It also covers 2 more behaviours below "
        "the top of the scale."
    )
    assert advice.also_relevant == () and advice.uncovered == ()
    assert len(advise_training(fw, at_target, "non-executive", limit=1).suggestions) == 1
    at_top: dict[str, Answer] = {b.id: 4 for b in fw.behaviours_for("non-executive")}
    assert advise_training(fw, at_top, "non-executive").suggestions == ()
    assert advise_training(fw, {}, "non-executive").suggestions == ()


def test_unknown_answers_are_refused() -> None:
    with pytest.raises(UserError, match="no such behaviour"):
        advise_training(board(), {"nope": 1}, "chair")


# -- properties ---------------------------------------------------------------------------


@st.composite
def assessed(draw: st.DrawFn) -> tuple[Framework, dict[str, Answer], str | None]:
    scale = draw(st.integers(2, 6))
    areas = [f"t{i}" for i in range(draw(st.integers(1, 6)))]
    shape = draw(
        st.lists(
            st.lists(
                st.lists(st.sampled_from(areas), max_size=3, unique=True), min_size=1, max_size=5
            ),
            min_size=1,
            max_size=4,
        )
    )
    level = st.integers(1, scale)
    ids = [f"v{v}" for v in range(len(shape))] + [
        f"v{v}-b{b}" for v, bs in enumerate(shape) for b in range(len(bs))
    ]
    groups: list[dict[str, Any]] = []
    group_id: str | None = None
    if draw(st.booleans()):
        groups = [
            {
                "id": "g",
                "title": "G",
                "default_target": draw(level),
                "targets": draw(st.dictionaries(st.sampled_from(ids), level, max_size=3)),
                "importance": draw(
                    st.dictionaries(st.sampled_from(ids), st.integers(1, 3), max_size=3)
                ),
            }
        ]
        group_id = draw(st.sampled_from(["g", "g", "unknown"]))
    fw = built(scale=scale, values=shape, areas=areas, groups=groups, not_applicable=True)
    answer = st.one_of(st.none(), st.just(NOT_APPLICABLE), level)
    answers = {b.id: draw(answer) for _, b in fw.behaviours()}
    return fw, answers, group_id


def listed(advice: TrainingAdvice, behaviour_id: str) -> bool:
    return any(g.behaviour_id == behaviour_id for s in advice.suggestions for g in s.behaviours)


@settings(max_examples=300, deadline=None)
@given(assessed(), st.data(), st.integers(1, 6))
def test_raising_one_level_never_adds_a_suggestion_for_that_behaviour(
    case: tuple[Framework, dict[str, Answer], str | None], data: st.DataObject, limit: int
) -> None:
    fw, answers, group = case
    top = fw.scale_values[-1]
    raisable = [b for b, a in answers.items() if isinstance(a, int) and a < top]
    if not raisable:
        return
    behaviour = data.draw(st.sampled_from(raisable))
    current = answers[behaviour]
    assert isinstance(current, int)
    raised = dict(answers, **{behaviour: data.draw(st.integers(current + 1, top))})
    before = advise_training(fw, answers, group, limit=limit)
    after = advise_training(fw, raised, group, limit=limit)
    if not listed(before, behaviour):
        assert not listed(after, behaviour), (behaviour, chosen(before), chosen(after))
    gap_before = {g.behaviour_id: g.gap for g in before.gaps}.get(behaviour, 0)
    gap_after = {g.behaviour_id: g.gap for g in after.gaps}.get(behaviour, 0)
    if before.stretch == after.stretch:
        assert gap_after <= gap_before


@settings(max_examples=300, deadline=None)
@given(assessed(), st.data())
def test_a_not_applicable_answer_never_creates_a_suggestion(
    case: tuple[Framework, dict[str, Answer], str | None], data: st.DataObject
) -> None:
    fw, answers, group = case
    behaviour = data.draw(st.sampled_from(sorted(answers)))
    not_applicable = advise_training(fw, dict(answers, **{behaviour: NOT_APPLICABLE}), group)
    unanswered = advise_training(fw, dict(answers, **{behaviour: None}), group)
    assert all(g.behaviour_id != behaviour for g in not_applicable.gaps)
    assert not listed(not_applicable, behaviour)
    assert chosen(not_applicable) == chosen(unanswered)
    assert [s.reason for s in not_applicable.suggestions] == [
        s.reason for s in unanswered.suggestions
    ]


def _renamed(fw: Framework, seed: int) -> tuple[Framework, dict[str, str], dict[str, str]]:
    """The same framework with its area and behaviour ids shuffled (file order kept)."""
    rng = random.Random(seed)
    area_ids = [a.id for a in fw.training_areas]
    new_area_ids = [f"area-{n}" for n in rng.sample(range(100), len(area_ids))]
    areas = dict(zip(area_ids, new_area_ids, strict=True))
    behaviour_ids = [b.id for _, b in fw.behaviours()]
    new_behaviour_ids = [f"b-{n}" for n in rng.sample(range(1000), len(behaviour_ids))]
    behaviours = dict(zip(behaviour_ids, new_behaviour_ids, strict=True))
    data = fw.model_dump(by_alias=True, exclude_none=True)
    for area in data["training_areas"]:
        area["id"] = areas[area["id"]]
    for value in data["values"]:
        for behaviour in value["behaviours"]:
            behaviour["id"] = behaviours[behaviour["id"]]
            behaviour["training_areas"] = [areas[a] for a in behaviour["training_areas"]]
    for group in data["groups"]:
        for key in ("targets", "importance"):
            group[key] = {behaviours.get(k, k): v for k, v in group[key].items()}
    return Framework.model_validate(data), areas, behaviours


@settings(max_examples=200, deadline=None)
@given(assessed(), st.integers(0, 2**32), st.integers(1, 6))
def test_the_order_depends_only_on_answers_targets_and_file_order(
    case: tuple[Framework, dict[str, Answer], str | None], seed: int, limit: int
) -> None:
    fw, answers, group = case
    advice = advise_training(fw, answers, group, limit=limit)
    keys = list(answers)
    random.Random(seed).shuffle(keys)
    shuffled = advise_training(fw, {k: answers[k] for k in keys}, group, limit=limit)
    assert shuffled == advice
    other, areas, behaviours = _renamed(fw, seed)
    renamed = advise_training(
        other, {behaviours[k]: v for k, v in answers.items()}, group, limit=limit
    )
    assert [(s.position, [b.position for b in s.behaviours]) for s in renamed.suggestions] == [
        (s.position, [b.position for b in s.behaviours]) for s in advice.suggestions
    ]
    assert [areas[s.area_id] for s in advice.suggestions] == [
        s.area_id for s in renamed.suggestions
    ]


def _reference(
    fw: Framework, answers: dict[str, Answer], group: str | None, limit: int
) -> list[str]:
    """The rule as the format's contract words it, written plainly."""

    def steps(behaviour_id: str, against: int) -> int:
        level = answers.get(behaviour_id)
        if not isinstance(level, int):
            return 0
        return max(fw.scale_positions[against] - fw.scale_positions[level], 0)

    asked = [b for b in fw.behaviours_for(group)]
    gaps = {
        b.id: steps(b.id, fw.target_for(b.id, group)) * fw.importance_for(b.id, group)
        for b in asked
    }
    gaps = {k: v for k, v in gaps.items() if v > 0}
    if not gaps:
        top = fw.scale_values[-1]
        gaps = {b.id: steps(b.id, top) * fw.importance_for(b.id, group) for b in asked}
        gaps = {k: v for k, v in gaps.items() if v > 0}
        limit = min(limit, 2)
    order = {a.id: i for i, a in enumerate(fw.training_areas)}
    areas = {
        a.id: [b.id for b in asked if a.id in b.training_areas and b.id in gaps]
        for a in fw.training_areas_for(group)
    }
    picked: list[str] = []
    covered: set[str] = set()
    while len(picked) < limit:
        scored = [
            ((-max(gaps[b] for b in open_), -sum(gaps[b] for b in open_), order[a]), a)
            for a, members in areas.items()
            if a not in picked and (open_ := [b for b in members if b not in covered])
        ]
        if not scored:
            break
        best = min(scored)[1]
        picked.append(best)
        covered.update(areas[best])
    return picked


@settings(max_examples=300, deadline=None)
@given(assessed(), st.integers(1, 6))
def test_the_choice_is_the_rule_of_the_contract(
    case: tuple[Framework, dict[str, Answer], str | None], limit: int
) -> None:
    fw, answers, group = case
    advice = advise_training(fw, answers, group, limit=limit)
    assert [s.area_id for s in advice.suggestions] == _reference(fw, answers, group, limit)
    covered = [g.behaviour_id for s in advice.suggestions for g in s.behaviours]
    assert len(covered) == len(set(covered))
    if not advice.stretch:
        assert sorted(covered + [g.behaviour_id for g in advice.uncovered]) == sorted(
            g.behaviour_id for g in advice.gaps
        )
        chosen_ids = {s.area_id for s in advice.suggestions}
        assert not chosen_ids & {r.area_id for r in advice.also_relevant}
    for suggestion in advice.suggestions:
        assert suggestion.behaviours and suggestion.reason
        assert suggestion.area.is_for(group)


@st.composite
def answered_test_framework(draw: st.DrawFn) -> tuple[Framework, dict[str, Answer], str | None]:
    fw = draw(st.sampled_from([board(), hlm(), ksf()]))
    group = draw(st.sampled_from([*[g.id for g in fw.groups], None]))
    answers: dict[str, Answer] = {}
    for behaviour in fw.behaviours_for(group):
        choices: list[Answer] = [None, *fw.scale_values]
        if fw.allows_not_applicable(behaviour.id):
            choices.append(NOT_APPLICABLE)
        answers[behaviour.id] = draw(st.sampled_from(choices))
    return fw, answers, group


@settings(max_examples=300, deadline=None)
@given(answered_test_framework(), st.integers(1, 6))
def test_advice_on_the_test_frameworks_follows_the_rule(
    case: tuple[Framework, dict[str, Answer], str | None], limit: int
) -> None:
    fw, answers, group = case
    advice = advise_training(fw, answers, group, limit=limit)
    assert [s.area_id for s in advice.suggestions] == _reference(fw, answers, group, limit)
    asked = {b.id for b in fw.behaviours_for(group)}
    for suggestion in advice.suggestions:
        assert {g.behaviour_id for g in suggestion.behaviours} <= asked
        assert all(a.is_for(group) for a in suggestion.activities)
