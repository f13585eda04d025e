"""Framework format 2: the test frameworks load, and the helpers answer what the app asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from ppf_app.domain.answers import NOT_APPLICABLE
from ppf_app.domain.framework import Activity, FrameworkLookupError
from ppf_app.domain.framework_loader import load_framework, parse_framework
from tests.domain.frameworks import BUNDLED_PPF, GOOD, board, hlm, ksf

# -- the board competency framework -----------------------------------------------------


def test_board_framework_loads_with_its_not_applicable_answer() -> None:
    fw = board()
    assert fw.key == ("board-leadership", "2025.1")
    assert fw.format == 2
    assert fw.not_applicable_label == "No chance to demonstrate"
    assert [level.label for level in fw.scale] == ["Rarely", "Sometimes", "Often", "Always"]
    assert [g.id for g in fw.groups] == ["chair", "non-executive", "executive"]


def test_chair_only_behaviours_are_asked_of_the_chair_alone() -> None:
    fw = board()
    chair_only = {"bl-strategy-agenda", "bl-governance-appraise"}
    everyone = [b.id for _, b in fw.behaviours()]
    assert [b.id for b in fw.behaviours_for("chair")] == everyone
    for group in ("non-executive", "executive", "no-such-group", None):
        asked = [b.id for b in fw.behaviours_for(group)]
        assert asked == [b for b in everyone if b not in chair_only], group
    assert fw.asks("bl-strategy-agenda", "chair")
    assert not fw.asks("bl-strategy-agenda", "executive")


def test_behaviour_numbers_are_the_same_for_every_group() -> None:
    fw = board()
    numbers = fw.behaviour_numbers
    assert numbers["bl-outcomes-evidence"] == "1.1"
    assert numbers["bl-strategy-agenda"] == "2.2"
    assert numbers["bl-governance-appraise"] == "4.2"
    assert numbers["bl-partners-listen"] == "6.1"
    assert fw.behaviour_numbers is numbers  # cached
    # An executive does not see 2.2, and 3.1 is still 3.1 for them.
    assert [numbers[b.id] for b in fw.behaviours_for("executive")][:4] == [
        "1.1",
        "1.2",
        "2.1",
        "3.1",
    ]


def test_not_applicable_is_offered_except_where_the_behaviour_says_not() -> None:
    fw = board()
    assert fw.allows_not_applicable("bl-outcomes-evidence")
    assert not fw.allows_not_applicable("bl-strategy-agenda")
    assert not hlm().allows_not_applicable("inspiring-shared-purpose-1")  # no [not_applicable]


def test_training_areas_prompts_and_activities_for_a_group() -> None:
    fw = board()
    assert [a.id for a in fw.training_areas_for("executive")] == [
        "board-governance",
        "inclusion",
        "culture",
        "partnerships",
    ]
    assert "chairing" in [a.id for a in fw.training_areas_for("chair")]
    assert [p.id for p in fw.prompts_for("executive")] == ["bl-proudest"]
    assert [p.id for p in fw.prompts_for("chair")] == ["bl-proudest", "bl-chair-succession"]
    governance = fw.training_area_index["board-governance"]
    # What reports and screens read today: every activity's text, as before.
    assert governance.activities == (
        "Reading: the board's own standing orders and scheme of delegation",
        "Board assurance workshop",
        "Observe another board's public meeting",
    )
    assert [a.text for a in governance.activities_for("executive")] == [
        "Reading: the board's own standing orders and scheme of delegation",
        "Board assurance workshop",
    ]
    assert len(governance.activities_for("non-executive")) == 3
    workshop = governance.activity_details[1]
    assert workshop == Activity(
        text="Board assurance workshop", kind="workshop", provider="Regional leadership team"
    )
    assert governance.activity_details[0].kind is None  # written as a text
    inclusion = fw.training_area_index["inclusion"]
    assert inclusion.activity_details[1].reference == "https://example.org/inclusive-boards"


def test_importance_behaviour_then_value_then_one() -> None:
    fw = board()
    assert fw.importance_for("bl-culture-speak", "executive") == 2  # its own
    assert fw.importance_for("bl-outcomes-money", "executive") == 3  # its value's
    assert fw.importance_for("bl-culture-visible", "executive") == 1  # default
    assert fw.importance_for("bl-governance-challenge", "non-executive") == 3
    assert fw.importance_for("bl-governance-challenge", "chair") == 1
    assert fw.importance_for("bl-governance-challenge", "porter") == 1
    assert fw.importance_for("bl-governance-challenge", None) == 1


def test_value_targets_are_levels() -> None:
    fw = board()
    assert fw.value_target_for("outcomes", "executive") == 4
    assert fw.value_target_for("culture", "executive") == 3
    assert fw.value_target_for("culture", "chair") == 4
    assert fw.value_target_for("culture", None) == 3  # second-highest


# -- the leadership model ---------------------------------------------------------------


def test_leadership_model_loads_nine_dimensions_five_levels() -> None:
    fw = hlm()
    assert fw.key == ("leadership-model", "2026")
    assert fw.superseded_key == ("leadership-model", "2013")
    assert len(fw.values) == 9
    assert fw.scale_values == (0, 1, 2, 3, 4)
    assert fw.scale_label(0) == "Insufficient"
    assert fw.scale_positions == {0: 0, 1: 1, 2: 2, 3: 3, 4: 4}
    assert [c.from_id for c in fw.crosswalk] == [
        "leading-with-care-1",
        "leading-with-care-2",
        "holding-to-account-1",
    ]


def test_level_descriptors_behaviour_then_scale() -> None:
    fw = hlm()
    assert fw.level_descriptor("leading-with-care-support", 2) == "I notice and ask."
    assert fw.level_descriptor("leading-with-care-support", 0) == "I rarely notice."
    # No descriptor of its own: the scale level's description, else nothing.
    assert (
        fw.level_descriptor("inspiring-shared-purpose-2", 0)
        == "Not yet shown at the essential level."
    )
    assert fw.level_descriptor("inspiring-shared-purpose-2", 1) is None
    with pytest.raises(KeyError):
        fw.level_descriptor("inspiring-shared-purpose-2", 9)


def test_leadership_model_targets_and_importance_by_group() -> None:
    fw = hlm()
    assert fw.target_for("leading-with-care-support", "clinician") == 3
    assert fw.target_for("evaluating-information-1", "clinician") == 2
    assert fw.target_for("evaluating-information-1", "senior-leader") == 3
    assert fw.importance_for("leading-with-care-support", "clinician") == 3
    assert fw.importance_for("evaluating-information-2", "clinician") == 2
    assert fw.importance_for("influencing-for-results-1", "senior-leader") == 3
    assert "sharing-the-vision-2" not in [b.id for b in fw.behaviours_for("clinician")]
    assert "vision-and-influence" not in [a.id for a in fw.training_areas_for("clinician")]


# -- knowledge and skills by post -------------------------------------------------------


def test_post_outlines_ask_the_core_and_their_own_dimensions() -> None:
    fw = ksf()
    assert len(fw.groups) == 10
    core = ["c1", "pd1", "hs1", "si1", "q1", "ed1"]
    expected = {
        "porter": [*core, "ef1"],
        "estates-officer": [*core, "ef1"],
        "it-analyst": [*core, "ik1"],
        "staff-nurse": [*core, "hwb1"],
        "pharmacist": [*core, "hwb1"],
        "healthcare-assistant": [*core, "hwb1"],
    }
    for group, ids in expected.items():
        assert [b.id for b in fw.behaviours_for(group)] == ids, group
    assert [v.id for v, _ in fw.values_for("porter")] == [
        "communication",
        "personal-development",
        "health-safety",
        "service-improvement",
        "quality",
        "equality",
        "estates-facilities",
    ]
    assert fw.target_for("ik1", "it-analyst") == 4
    assert fw.target_for("hwb1", "ward-manager") == 4
    assert fw.target_for("hs1", "porter") == 2
    assert [a.id for a in fw.training_areas_for("porter")] == [
        "communication-skills",
        "safety",
        "improvement",
        "facilities",
    ]
    safety = fw.training_area_index["safety"]
    assert len(safety.activities_for("porter")) == 2
    assert len(safety.activities_for("it-analyst")) == 1


# -- lookups for imports -----------------------------------------------------------------


def test_find_behaviour_by_id_or_number() -> None:
    fw = board()
    assert fw.find_behaviour("bl-culture-speak").id == "bl-culture-speak"
    assert fw.find_behaviour(" 2.2 ").id == "bl-strategy-agenda"
    assert fw.find_behaviour("6.1").id == "bl-partners-listen"
    with pytest.raises(FrameworkLookupError) as caught:
        fw.find_behaviour("7.1")
    assert str(caught.value) == (
        "'7.1': framework board-leadership 2025.1 has no behaviour numbered 7.1 (they run "
        "from 1.1 to 6.1, value by value)"
    )
    for odd in ("1" * 5000 + ".1", "\u0661.\u0661"):  # too long to convert; not ASCII
        with pytest.raises(FrameworkLookupError):
            fw.find_behaviour(odd)
    with pytest.raises(FrameworkLookupError) as caught:
        fw.find_behaviour("bl-culture-speek")
    assert str(caught.value) == (
        "'bl-culture-speek' is not a behaviour of framework board-leadership 2025.1: give a "
        "behaviour id or a number such as 1.2; did you mean 'bl-culture-speak'?"
    )
    assert isinstance(caught.value, LookupError)


def test_find_level_by_value_label_or_not_applicable() -> None:
    fw = board()
    assert fw.find_level("3") == 3
    assert fw.find_level(" often ") == 3
    assert fw.find_level("ALWAYS") == 4
    assert fw.find_level("n/a") is NOT_APPLICABLE
    assert fw.find_level("N/A") is NOT_APPLICABLE
    assert fw.find_level("no chance to demonstrate") is NOT_APPLICABLE
    assert fw.find_level("n/a", "bl-outcomes-evidence") is NOT_APPLICABLE
    with pytest.raises(FrameworkLookupError) as caught:
        fw.find_level("n/a", "bl-strategy-agenda")
    assert str(caught.value) == (
        "'n/a': behaviour 2.2 (bl-strategy-agenda) must be rated on the scale; it does not "
        "offer 'No chance to demonstrate'"
    )
    with pytest.raises(FrameworkLookupError) as caught:
        fw.find_level("Never")
    assert str(caught.value) == (
        "'Never' is not a level of framework board-leadership 2025.1: write a value "
        "(1, 2, 3, 4) or a label (Rarely, Sometimes, Often, Always), or "
        "'No chance to demonstrate' (n/a)"
    )
    with pytest.raises(FrameworkLookupError, match="has no 'not applicable' answer"):
        hlm().find_level("n/a")
    assert hlm().find_level("0") == 0
    with pytest.raises(FrameworkLookupError):
        fw.find_level("9" * 5000)  # never converted: too long to be a level
    with pytest.raises(FrameworkLookupError):
        fw.find_level("\u0663")  # ARABIC-INDIC DIGIT THREE: not a scale value as written


# -- format 1 keeps loading exactly as before -----------------------------------------------


@pytest.mark.parametrize("path", [BUNDLED_PPF, GOOD / "full.toml", GOOD / "minimal.toml"])
def test_a_format_1_file_is_a_valid_format_2_file_with_the_same_content(path: Path) -> None:
    one = load_framework(path)
    data = path.read_bytes().replace(b"format = 1", b"format = 2", 1)
    two = parse_framework(data, "as-format-2.toml")
    assert two.format == 2
    assert two.model_copy(update={"format": 1}) == one
    assert one.not_applicable is None and one.prompts == () and one.crosswalk == ()
    for area in one.training_areas:
        assert all(isinstance(text, str) for text in area.activities)
        assert area.activities == tuple(a.text for a in area.activities_for(None))
    assert [b.id for b in one.behaviours_for(None)] == [b.id for _, b in one.behaviours()]
