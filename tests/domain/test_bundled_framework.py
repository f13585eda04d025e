"""The framework the product ships with: it loads, and its content keeps its promises.

The loader checks the format; these tests check what a user of the bundled framework
relies on: first-person behaviours, the article's four training areas, activities of the
right kinds, every reference resolving, and sensible targets for each professional group.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ppf_app.core.resources import resource_path
from ppf_app.domain.framework import Framework
from ppf_app.domain.framework_loader import load_framework

PPF_PATH = resource_path("frameworks", "ppf.toml")

# What the plan groups activities by; every activity text starts with one of these.
ACTIVITY_KINDS = (
    "Course",
    "Workshop",
    "Shadowing",
    "Paired learning",
    "Mentoring",
    "Coaching",
    "Action learning set",
    "Reading",
)

# The areas the IHM survey of managers said clinicians would benefit from, by title words.
ARTICLE_AREAS = (
    ("leadership", "accountability"),
    ("people", "line management"),
    ("performance", "appraisal"),
    ("operational", "business planning"),
)

KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def ppf() -> Framework:
    return load_framework(PPF_PATH)


def _kind(activity: str) -> str:
    kind, sep, _ = activity.partition(": ")
    return kind if sep else ""


def test_the_bundled_file_is_found_and_loads(ppf: Framework) -> None:
    assert PPF_PATH.is_file()
    assert ppf.key == ("ppf", "2026.1")
    assert ppf.title == "Professional Practice Framework"
    assert ppf.framework.publisher == "PPF Self-Assessment"
    assert ppf.framework.licence


def test_description_says_the_wording_is_our_own_and_not_the_official_text(
    ppf: Framework,
) -> None:
    description = ppf.framework.description or ""
    assert "own words" in description
    assert "not the official IHM Professional Practice Framework text" in description


def test_no_web_addresses_are_made_up() -> None:
    text = Path(PPF_PATH).read_text(encoding="utf-8")
    assert "http" not in text
    assert "www." not in text


def test_six_or_so_values_of_four_to_six_behaviours(ppf: Framework) -> None:
    assert 5 <= len(ppf.values) <= 7
    for value in ppf.values:
        assert 4 <= len(value.behaviours) <= 6, value.id
        assert value.description, value.id


def test_every_behaviour_is_a_first_person_sentence(ppf: Framework) -> None:
    for _, behaviour in ppf.behaviours():
        assert behaviour.text.startswith("I "), behaviour.id
        assert behaviour.text.endswith("."), behaviour.id
        assert len(behaviour.text.split()) >= 8, f"{behaviour.id} is too short to observe"


def test_ids_are_unique_kebab_case_and_behaviours_carry_their_value_prefix(
    ppf: Framework,
) -> None:
    ids = [v.id for v in ppf.values] + [b.id for _, b in ppf.behaviours()]
    assert len(ids) == len(set(ids))
    assert all(KEBAB.match(i) for i in ids), [i for i in ids if not KEBAB.match(i)]
    prefixes = []
    for value in ppf.values:
        own = {b.id.split("-", 1)[0] for b in value.behaviours}
        assert len(own) == 1, f"{value.id} mixes behaviour prefixes {sorted(own)}"
        prefixes.append(own.pop())
    assert len(prefixes) == len(set(prefixes))


def test_the_scale_runs_from_one_with_a_descriptor_per_level(ppf: Framework) -> None:
    assert len(ppf.scale) in (4, 5)
    assert ppf.scale_values == tuple(range(1, len(ppf.scale) + 1))
    labels = [level.label for level in ppf.scale]
    assert len(labels) == len(set(labels))
    assert all(level.description for level in ppf.scale)
    assert ppf.scale_label(1) == "Not yet shown"


def test_the_articles_four_training_areas_are_present(ppf: Framework) -> None:
    titles = [area.title.lower() for area in ppf.training_areas]
    for words in ARTICLE_AREAS:
        assert any(all(w in title for w in words) for title in titles), words


def test_training_areas_offer_activities_of_several_kinds(ppf: Framework) -> None:
    assert 8 <= len(ppf.training_areas) <= 12
    every_kind: set[str] = set()
    for area in ppf.training_areas:
        assert area.description, area.id
        assert 3 <= len(area.activities) <= 5, area.id
        kinds = [_kind(a) for a in area.activities]
        assert all(k in ACTIVITY_KINDS for k in kinds), (area.id, kinds)
        assert len(set(kinds)) >= 3, f"{area.id} needs activities of at least three kinds"
        # Learning alongside the other profession is the point of the framework.
        assert {"Shadowing", "Paired learning"} & set(kinds), area.id
        every_kind.update(kinds)
    assert {"Shadowing", "Paired learning", "Mentoring", "Coaching", "Reading"} <= every_kind
    assert {"Course", "Workshop"} & every_kind
    assert "Action learning set" in every_kind


def test_every_behaviour_links_to_areas_that_exist_and_every_area_is_used(
    ppf: Framework,
) -> None:
    known = set(ppf.training_area_index)
    assert len(known) == len(ppf.training_areas), "training area ids repeat"
    used: set[str] = set()
    for _, behaviour in ppf.behaviours():
        assert 1 <= len(behaviour.training_areas) <= 3, behaviour.id
        assert len(set(behaviour.training_areas)) == len(behaviour.training_areas)
        assert set(behaviour.training_areas) <= known, behaviour.id
        used.update(behaviour.training_areas)
    assert used == known


def test_the_three_groups_exist_with_targets_on_the_scale(ppf: Framework) -> None:
    assert [g.id for g in ppf.groups] == ["clinician", "manager", "clinical-manager"]
    targetable = {v.id for v in ppf.values} | set(ppf.behaviour_index)
    for group in ppf.groups:
        assert group.default_target in ppf.scale_values, group.id
        assert group.targets, f"{group.id} sets no targets of its own"
        for key, level in group.targets.items():
            assert key in targetable, (group.id, key)
            assert level in ppf.scale_values, (group.id, key)


@pytest.mark.parametrize(
    ("group", "behaviour", "expected"),
    [
        # Clinicians: patients first is high, business planning is a first step.
        ("clinician", "pf-raise", 4),
        ("clinician", "ac-plan", 2),
        ("clinician", "ac-budget", 2),
        ("clinician", "re-listen", 3),
        # Managers: accountability high, being visible where the work happens high.
        ("manager", "ac-plan", 4),
        ("manager", "wp-visible", 4),
        ("manager", "pf-measure", 4),
        ("manager", "pf-impact", 3),
        # Clinical managers lead in both worlds.
        ("clinical-manager", "pf-voice", 4),
        ("clinical-manager", "ac-plan", 4),
        ("clinical-manager", "wp-understand", 4),
        ("clinical-manager", "ld-develop-others", 4),
        ("clinical-manager", "re-fair", 3),
    ],
)
def test_target_for_each_group(ppf: Framework, group: str, behaviour: str, expected: int) -> None:
    assert ppf.target_for(behaviour, group) == expected


def test_operational_planning_targets_are_higher_for_managers_than_clinicians(
    ppf: Framework,
) -> None:
    planning = [b.id for _, b in ppf.behaviours() if "operational-planning" in b.training_areas]
    assert planning
    assert any(ppf.target_for(b, "manager") > ppf.target_for(b, "clinician") for b in planning)


@pytest.mark.parametrize("group", ["physiotherapy-lead", None])
def test_an_unknown_group_targets_the_second_highest_level(
    ppf: Framework, group: str | None
) -> None:
    second_highest = ppf.scale_values[-2]
    assert second_highest == 4
    assert all(ppf.target_for(b.id, group) == second_highest for _, b in ppf.behaviours())
