"""The bundled framework ppf 2027.1: it loads, it supersedes 2026.1 completely, its content
keeps the promises a learning and development lead signs off, and six people get advice a
reviewer would accept.

The loader checks the format; these tests check the content: one-dimension scale with
"not applicable" apart, one observable action per behaviour, the article's four training
areas, named programmes marked to check availability, activities limited to the groups
they suit, targets that make sense for each group and career stage, and the crosswalk
from every 2026.1 behaviour.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from ppf_app.core.resources import bundled_frameworks_dir, resource_path
from ppf_app.domain.advice import TrainingAdvice, advise_training
from ppf_app.domain.answers import Answer
from ppf_app.domain.crosswalk import crosswalk_problems, earlier_levels, place_level
from ppf_app.domain.framework import ACTIVITY_KINDS, FORMAT_2_KEYS, Activity, Framework
from ppf_app.domain.framework_library import FrameworkLibrary
from ppf_app.domain.framework_loader import load_framework, parse_framework
from ppf_app.domain.results import behaviour_results, check_ratings
from tests.domain.people_2027 import FRAMEWORK_FILE, FRAMEWORK_KEY, people, person

NEW_PATH = resource_path("frameworks", FRAMEWORK_FILE)
OLD_PATH = resource_path("frameworks", "ppf.toml")

KEPT_GROUPS = ("clinician", "manager", "clinical-manager")
STAGES = ("aspiring-leader", "first-line-manager", "middle-manager", "senior-leader")
#: The groups whose people line-manage staff.
MANAGING = ("manager", "clinical-manager", "first-line-manager", "middle-manager", "senior-leader")
#: Managers in the plain sense: never told to shadow a service manager or take a finance
#: course once they can explain their budget.
MANAGERS = MANAGING

# The areas the IHM survey of managers said clinicians would benefit from.
ARTICLE_AREAS = {
    "leadership-accountability": ("leadership", "accountability"),
    "people-management": ("people", "line management"),
    "performance-appraisal": ("performance", "appraisal"),
    "operational-planning": ("operational", "business planning"),
}

CHECK = "Check current availability with your learning and development team."

KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(NEW_PATH)


@pytest.fixture(scope="module")
def old() -> Framework:
    return load_framework(OLD_PATH)


def _activities(fw: Framework) -> Iterator[tuple[str, Activity]]:
    for area in fw.training_areas:
        for activity in area.activity_details:
            yield area.id, activity


# -- loading, the library and the default ------------------------------------------------


def test_it_loads_as_format_2_superseding_2026(fw: Framework) -> None:
    assert fw.key == FRAMEWORK_KEY == ("ppf", "2027.1")
    assert fw.format == 2
    assert fw.title == "Professional Practice Framework"
    assert fw.framework.publisher == "PPF Self-Assessment"
    assert fw.framework.licence == "CC BY 4.0"
    assert fw.framework.supersedes == "ppf@2026.1"


def test_the_library_reads_both_bundled_versions_without_problems(tmp_path: Path) -> None:
    library = FrameworkLibrary(bundled_frameworks_dir(), tmp_path / "frameworks")
    assert library.problems() == []
    assert [f.key for f in library.all() if f.id == "ppf"] == [
        ("ppf", "2026.1"),
        ("ppf", "2027.1"),
    ]
    # New assessments use the newest bundled version; "ppf" alone names it too.
    assert library.default().key == ("ppf", "2027.1")
    assert library.get("ppf").key == ("ppf", "2027.1")
    # 2026.1 keeps loading exactly as before, so old assessments show the same.
    assert library.source_bytes("ppf", "2026.1") == OLD_PATH.read_bytes()
    assert library.get("ppf", "2026.1") == load_framework(OLD_PATH)
    assert library.is_bundled("ppf", "2026.1") and library.is_bundled("ppf", "2027.1")
    assert library.superseded(library.default()) == load_framework(OLD_PATH)


def test_the_description_says_the_wording_is_our_own_and_not_the_official_text(
    fw: Framework,
) -> None:
    description = fw.framework.description or ""
    assert "own words" in description
    assert "not the official IHM Professional Practice Framework text" in description
    assert CHECK.lower() in description.lower()


def test_every_format_2_key_is_used_so_the_file_is_a_complete_example() -> None:
    data = tomllib.loads(NEW_PATH.read_text(encoding="utf-8"))
    used: set[tuple[tuple[str, ...], str]] = set()

    def collect(path: tuple[str, ...], table: Mapping[str, Any]) -> None:
        for key, value in table.items():
            used.add((path, key))
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, dict) and key not in ("levels", "targets", "importance"):
                    collect((*path, key), item)

    collect((), data)
    for path, keys in FORMAT_2_KEYS.items():
        for key in keys:
            assert (path, key) in used, (path, key)
    for key in ("text", "kind", "for_groups", "provider", "reference"):
        assert (("training_areas", "activities"), key) in used, key
    assert (("not_applicable",), "description") in used
    assert (("prompts",), "for_groups") in used


# -- the crosswalk from 2026.1 ----------------------------------------------------------


def test_the_crosswalk_maps_every_2026_behaviour_once(fw: Framework, old: Framework) -> None:
    sources = [entry.from_id for entry in fw.crosswalk]
    assert len(sources) == len(set(sources))
    assert set(sources) == set(old.behaviour_index)
    assert old.behaviour_count == 32
    for entry in fw.crosswalk:
        assert entry.to, entry.from_id
        assert set(entry.to) <= set(fw.behaviour_index), entry.from_id


def test_the_crosswalk_is_checked_against_2026_without_problems(
    fw: Framework, old: Framework
) -> None:
    assert crosswalk_problems(fw, old) == []


def test_a_2026_assessment_gives_earlier_levels_on_the_new_scale(
    fw: Framework, old: Framework
) -> None:
    # An old assessment at "Consistent" (3 of 5) everywhere, "Role model" on budgets.
    old_answers: dict[str, Answer] = dict.fromkeys(old.behaviour_index, 3)
    old_answers["ac-budget"] = 5
    earlier = earlier_levels(fw, old, old_answers)
    mapped = {new for entry in fw.crosswalk for new in entry.to}
    assert set(earlier) == mapped
    # Old levels are placed by position: the ends on the ends, the middle in proportion.
    assert place_level(1, old, fw) == 1.0
    assert place_level(5, old, fw) == 4.0
    assert earlier["pf-impact"].level == pytest.approx(2.5)
    assert earlier["ac-budget"].level == 4.0
    # A behaviour new in 2027.1 has nothing to compare with.
    assert "pf-compassion" not in earlier and "wp-system" not in earlier


@pytest.mark.parametrize(
    ("old_id", "new_ids"),
    [
        # Double-barrelled behaviours were split.
        ("re-courtesy", {"re-courtesy", "re-challenge"}),
        ("ld-plan", {"ld-plan", "ld-cross"}),
        ("ld-develop-others", {"ld-coach", "pe-release"}),
        ("pf-incidents", {"pf-report", "pf-review"}),
        # Overlaps resolved: appraisal prepared (own) apart from appraisals held (others).
        ("ac-appraisal", {"ld-appraisal", "pe-appraisal"}),
        ("pf-measure", {"pf-outcomes"}),
        ("wp-inform", {"wp-check"}),
    ],
)
def test_split_and_rewritten_behaviours_map_to_their_parts(
    fw: Framework, old_id: str, new_ids: set[str]
) -> None:
    (entry,) = [e for e in fw.crosswalk if e.from_id == old_id]
    assert set(entry.to) == new_ids


# -- the scale and "not applicable" -------------------------------------------------------


def test_the_scale_is_one_dimension_with_no_absolute_claims(fw: Framework) -> None:
    assert fw.scale_values == (1, 2, 3, 4)
    assert [level.label for level in fw.scale] == ["Rarely", "Sometimes", "Usually", "Consistently"]
    for level in fw.scale:
        description = level.description or ""
        # Every level answers the same question: in how many of the situations that call
        # for it do I show the behaviour?
        assert "situation" in description, level.label
        lowered = f" {description.lower()} "
        assert "every time" not in lowered, level.label
        assert " always " not in lowered, level.label
        # Influence on others is not a level (it is a behaviour of its own).
        for word in ("others", "colleagues", "learn", "role model"):
            assert word not in lowered, (level.label, word)
        # "No chance" is not folded into a level.
        assert "chance" not in lowered, level.label


def test_not_applicable_is_an_answer_of_its_own(fw: Framework) -> None:
    assert fw.not_applicable is not None
    label = fw.not_applicable.label
    assert label.casefold() not in {level.label.casefold() for level in fw.scale}
    assert "gap" in (fw.not_applicable.description or "")
    # Withheld only where every role meets the situation.
    always_rated = {b.id for _, b in fw.behaviours() if not b.not_applicable}
    assert always_rated == {"hi-open", "hi-promises", "pe-self-care", "re-courtesy", "ld-feedback"}


def test_level_descriptors_are_written_where_the_scale_alone_is_vague(fw: Framework) -> None:
    described = {b.id: b.levels for _, b in fw.behaviours() if b.levels}
    assert {"ac-budget", "ac-plan", "ac-data", "pe-concerns", "wp-system"} <= set(described)
    for behaviour_id, levels in described.items():
        # Each says what the bottom and the top look like.
        assert {"1", "4"} <= set(levels), behaviour_id
    assert fw.level_descriptor("ac-budget", 3) == described["ac-budget"]["3"]
    assert fw.level_descriptor("re-courtesy", 3) == fw.scale[2].description


# -- values and behaviours --------------------------------------------------------------


def test_seven_values_from_the_code_of_conduct(fw: Framework) -> None:
    assert [v.id for v in fw.values] == [
        "patients-first",
        "integrity",
        "accountability",
        "people",
        "respect",
        "partnership",
        "learning",
    ]
    for value in fw.values:
        assert (value.description or "").startswith("I "), value.id
        assert 5 <= len(value.behaviours) <= 8, value.id


def test_every_behaviour_is_a_first_person_sentence(fw: Framework) -> None:
    for _, behaviour in fw.behaviours():
        assert behaviour.text.startswith("I "), behaviour.id
        assert behaviour.text.endswith("."), behaviour.id
        assert len(behaviour.text.split()) >= 8, f"{behaviour.id} is too short to observe"


def test_ids_are_kebab_case_and_behaviours_carry_their_value_prefix(fw: Framework) -> None:
    ids = [v.id for v in fw.values] + [b.id for _, b in fw.behaviours()]
    ids += [p.id for p in fw.prompts]
    assert len(ids) == len(set(ids))
    assert all(KEBAB.match(i) for i in ids), [i for i in ids if not KEBAB.match(i)]
    prefixes = []
    for value in fw.values:
        own = {b.id.split("-", 1)[0] for b in value.behaviours}
        assert len(own) == 1, f"{value.id} mixes behaviour prefixes {sorted(own)}"
        prefixes.append(own.pop())
    assert len(prefixes) == len(set(prefixes))


# One observable action per behaviour: a heuristic. A behaviour joins two actions when
# "and" (or ", or I") is followed by "I" or by a verb: one of these, or the verb that
# starts any behaviour of either version ("I raise ...": raise). Nouns joined by "and"
# ("risks, delays and mistakes") are fine.
_VERBS = """
    act address agree ask bring challenge check come contribute declare do explain find
    follow give hold include involve judge keep know learn listen look make measure mentor
    offer prepare present raise record release report review say seek share show speak
    spend stay step take tell test use work write
"""


def _joining_verbs(*frameworks: Framework) -> frozenset[str]:
    starting = {b.text.split()[1].lower() for fw in frameworks for _, b in fw.behaviours()}
    return frozenset(_VERBS.split()) | starting


_JOINED = re.compile(r"(?:,\s*)?\band\s+(?:then\s+|also\s+)?([A-Za-z']+)|,\s*or\s+(I)\b")

#: Behaviours the heuristic flags that a reviewer accepted, with why.
ONE_ACTION_EXCEPTIONS = {
    "hi-promises": "one commitment: keep a promise, or renegotiate it early; the alternative "
    "is what the behaviour is about",
}


def joined_actions(text: str, verbs: frozenset[str]) -> list[str]:
    """The words after each "and" (or ", or I") that joins a second action in ``text``."""
    found = []
    for match in _JOINED.finditer(text):
        word = (match.group(1) or match.group(2) or "").lower()
        if word == "i" or word in verbs:
            found.append(match.group(0).strip(", "))
    return found


def test_the_one_action_heuristic_catches_the_double_barrelled_behaviours_of_2026(
    fw: Framework, old: Framework
) -> None:
    verbs = _joining_verbs(fw, old)
    flagged = {b.id for _, b in old.behaviours() if joined_actions(b.text, verbs)}
    assert {"re-courtesy", "ac-objectives", "ld-plan", "ld-develop-others"} <= flagged
    assert {"hi-interests", "pf-incidents"} <= flagged
    assert joined_actions("I ask how they are and what would help.", verbs) == []
    assert joined_actions("I tell them about risks, delays and mistakes.", verbs) == []


def test_no_behaviour_joins_two_observable_actions(fw: Framework, old: Framework) -> None:
    verbs = _joining_verbs(fw, old)
    flagged = {
        b.id: joined_actions(b.text, verbs)
        for _, b in fw.behaviours()
        if joined_actions(b.text, verbs)
    }
    assert set(flagged) == set(ONE_ACTION_EXCEPTIONS), flagged


def test_the_other_profession_is_never_left_undefined() -> None:
    # 2026.1 said "the other profession", which has no meaning for a nurse, an allied
    # health professional or a clinical manager; 2027.1 names who is meant instead.
    text = NEW_PATH.read_text(encoding="utf-8")
    spoken = "\n".join(s for s in text.splitlines() if not s.lstrip().startswith("#"))
    assert "the other profession" not in spoken.lower()
    assert "the other profession" in OLD_PATH.read_text(encoding="utf-8")


def test_the_partnership_value_says_who_a_colleague_in_a_different_role_is(
    fw: Framework,
) -> None:
    (partnership,) = [v for v in fw.values if v.id == "partnership"]
    description = partnership.description or ""
    for who in ("For a clinician", "for a manager", "for a clinical manager"):
        assert who in description


@pytest.mark.parametrize(
    ("behaviour_id", "words"),
    [
        ("pf-compassion", "distressed"),
        ("pf-speak-up", "Freedom to Speak Up"),
        ("pf-inequalities", "differences in access"),
        ("wp-system", "primary care, social care or the voluntary sector"),
        ("ac-data", "trends over time"),
        ("pe-check-in", "struggling"),
        ("pe-wellbeing-talk", "wellbeing conversation"),
        ("pe-self-care", "rest breaks"),
        ("hi-listen-up", "raises a concern"),
    ],
)
def test_what_2026_missed_is_covered(fw: Framework, behaviour_id: str, words: str) -> None:
    assert words in fw.behaviour_index[behaviour_id][1].text


def test_line_management_behaviours_are_asked_of_those_who_manage_people(
    fw: Framework,
) -> None:
    line_management = {"pe-objectives", "pe-appraisal", "pe-concerns", "pe-wellbeing-talk"}
    line_management |= {"pe-release", "hi-listen-up"}
    for behaviour_id in line_management:
        behaviour = fw.behaviour_index[behaviour_id][1]
        assert set(behaviour.for_groups) == set(MANAGING), behaviour_id
    for group in ("clinician", "aspiring-leader"):
        asked = {b.id for b in fw.behaviours_for(group)}
        assert not asked & line_management, group
    # Aspiring leaders hold no budget, so they are not asked about one.
    assert not fw.asks("ac-budget", "aspiring-leader")
    assert fw.asks("ac-budget", "clinician")


def test_every_behaviour_links_to_areas_that_exist_and_every_area_is_used(
    fw: Framework,
) -> None:
    known = set(fw.training_area_index)
    used: set[str] = set()
    for _, behaviour in fw.behaviours():
        assert 1 <= len(behaviour.training_areas) <= 3, behaviour.id
        assert len(set(behaviour.training_areas)) == len(behaviour.training_areas)
        assert set(behaviour.training_areas) <= known, behaviour.id
        used.update(behaviour.training_areas)
    assert used == known


@pytest.mark.parametrize(
    ("behaviour_id", "wrong_area"),
    [
        ("pf-voice", "communication"),  # patients' feedback is not a difficult conversation
        ("pf-outcomes", "operational-planning"),  # nor is measuring outcomes demand planning
        ("ld-feedback", "performance-appraisal"),  # asking for feedback is not a case
        ("hi-declare", "finance-resources"),  # declaring interests is probity, not finance
        ("wp-visible", "leadership-accountability"),  # being visible is not observing a board
    ],
)
def test_the_wrong_links_of_2026_are_gone(
    fw: Framework, behaviour_id: str, wrong_area: str
) -> None:
    assert wrong_area not in fw.behaviour_index[behaviour_id][1].training_areas


def test_finance_is_reached_from_the_budget_behaviour_alone(fw: Framework) -> None:
    linked = [b.id for _, b in fw.behaviours() if "finance-resources" in b.training_areas]
    assert linked == ["ac-budget"]


# -- training areas and activities --------------------------------------------------------


def test_the_articles_four_training_areas_come_first(fw: Framework) -> None:
    assert [a.id for a in fw.training_areas[:4]] == list(ARTICLE_AREAS)
    for area_id, words in ARTICLE_AREAS.items():
        title = fw.training_area_index[area_id].title.lower()
        assert all(word in title for word in words), area_id


def test_every_activity_has_a_kind(fw: Framework) -> None:
    for area_id, activity in _activities(fw):
        assert activity.kind in ACTIVITY_KINDS, (area_id, activity.text)
        assert activity.text.endswith("."), (area_id, activity.text)


# Activities that suit only some groups, by what their text says: each must say so with
# for_groups, naming only groups it suits.
_FOR_SOME = [
    ("line-manage", set(MANAGING)),
    ("for managers", set(MANAGING)),
    ("senior leaders", {"senior-leader", "middle-manager", "manager", "clinical-manager"}),
    ("board role", {"senior-leader"}),
    ("doctor in training", {"clinician", "aspiring-leader"}),
    ("doctors in training", {"clinician", "aspiring-leader"}),
    ("doctors or dentists", {"clinical-manager", "middle-manager", "senior-leader", "manager"}),
    ("doctor's practice", {"clinical-manager", "middle-manager", "senior-leader", "manager"}),
    ("service or operations manager", {"clinician", "aspiring-leader"}),
    ("budget review", {"clinician", "clinical-manager", "first-line-manager"}),
    ("Edward Jenner", {"aspiring-leader", "clinician"}),
    ("Mary Seacole", {"aspiring-leader", "clinician", "first-line-manager", "clinical-manager"}),
    ("Rosalind Franklin", {"middle-manager", "manager", "clinical-manager"}),
    (
        "Elizabeth Garrett Anderson",
        {"middle-manager", "senior-leader", "manager", "clinical-manager"},
    ),
    ("Nye Bevan", {"senior-leader"}),
]


def test_activities_not_for_everyone_name_the_groups_they_suit(fw: Framework) -> None:
    for area_id, activity in _activities(fw):
        for words, suited in _FOR_SOME:
            if words in activity.text:
                assert activity.for_groups, (area_id, words, activity.text)
                assert set(activity.for_groups) <= suited, (area_id, words, activity.text)


def test_named_programmes_name_their_provider_and_say_to_check_availability(
    fw: Framework,
) -> None:
    programmes = [
        "Edward Jenner",
        "Mary Seacole",
        "Rosalind Franklin",
        "Elizabeth Garrett Anderson",
        "Nye Bevan",
        "Freedom to Speak Up e-learning",
        "QSIR",
        "Making Data Count",
        "chief registrar",
        "clinical fellow",
        "Foundations in Systems Leadership",
        "All Our Health",
        "patient safety syllabus",
        "HFMA",
        "Schwartz Rounds",
        "360-degree",
        "paired learning programme",
    ]
    for name in programmes:
        found = [a for _, a in _activities(fw) if name in a.text]
        assert found, name
        for activity in found:
            if activity.kind == "reading":
                continue
            assert activity.provider, (name, activity.text)
            assert activity.text.endswith(CHECK), (name, activity.text)
    # Any course, e-learning or other offer from outside the organisation says the same.
    for area_id, activity in _activities(fw):
        outside = activity.provider and not activity.provider.startswith("Your")
        if outside and activity.kind in ("course", "e-learning", "workshop", "other"):
            assert activity.text.endswith(CHECK), (area_id, activity.text)


@pytest.mark.parametrize(
    "reference",
    [
        "NHS Impact",
        "Maintaining High Professional Standards",
        "Practitioner Performance Advice",
        "conflicts of interest",
        "Academy of Medical Royal Colleges",
        "NMC",
        "FMLM",
        # Kept from 2026.1.
        "Patient Safety Incident Response Framework",
        "duty of candour",
        "five-case model",
        "HFMA",
        "Workforce Race Equality Standard",
        "Workforce Disability Equality Standard",
        "Acas",
        "Imperial College Healthcare NHS Trust",
    ],
)
def test_the_real_references_are_named(fw: Framework, reference: str) -> None:
    assert any(reference in a.text for _, a in _activities(fw)), reference


@pytest.mark.parametrize(
    ("group", "programme"),
    [
        ("aspiring-leader", "Edward Jenner"),
        ("first-line-manager", "Mary Seacole"),
        ("middle-manager", "Rosalind Franklin"),
        ("middle-manager", "Elizabeth Garrett Anderson"),
        ("senior-leader", "Nye Bevan"),
    ],
)
def test_each_career_stage_is_offered_its_leadership_programme(
    fw: Framework, group: str, programme: str
) -> None:
    area = fw.training_area_index["leadership-accountability"]
    offered = " ".join(a.text for a in area.activities_for(group))
    assert programme in offered
    others = {"Edward Jenner", "Mary Seacole", "Rosalind Franklin", "Nye Bevan"} - {programme}
    if group in ("aspiring-leader", "senior-leader"):
        assert not any(name in offered for name in others - {"Mary Seacole"}), group


def test_every_group_is_offered_a_few_activities_of_several_kinds_in_each_area(
    fw: Framework,
) -> None:
    for group in fw.groups:
        for area in fw.training_areas_for(group.id):
            offered = area.activities_for(group.id)
            kinds = {a.kind for a in offered}
            assert len(offered) >= 3, (group.id, area.id)
            assert len(kinds) >= 3, (group.id, area.id)
            # Learning alongside colleagues in other roles is the point of the framework.
            assert kinds & {"shadowing", "paired-learning"}, (group.id, area.id)


_KNOWN_SITES = (
    "www.leadershipacademy.nhs.uk",
    "www.england.nhs.uk",
    "www.e-lfh.org.uk",
    "nationalguardian.org.uk",
    "resolution.nhs.uk",
    "www.rcp.ac.uk",
    "www.fmlm.ac.uk",
    "www.aomrc.org.uk",
    "www.hfma.org.uk",
    "www.acas.org.uk",
    "www.nhsemployers.org",
    "www.kingsfund.org.uk",
    "www.health.org.uk",
)


def test_web_references_are_secure_addresses_of_the_named_organisations(
    fw: Framework,
) -> None:
    text = NEW_PATH.read_text(encoding="utf-8")
    addresses = re.findall(r"[a-z]+://[^\s\"]+", text)
    assert addresses
    for address in addresses:
        assert address.startswith("https://"), address
        assert address.split("/")[2] in _KNOWN_SITES, address
    for area_id, activity in _activities(fw):
        if activity.reference and "://" in activity.reference:
            assert activity.provider, (area_id, activity.text)


def test_no_manager_is_ever_told_to_shadow_a_service_manager(fw: Framework) -> None:
    for group in MANAGERS:
        for area in fw.training_areas_for(group):
            for activity in area.activities_for(group):
                if activity.kind == "shadowing":
                    assert "service or operations manager" not in activity.text, (group, area.id)


# -- groups, career stages, targets and importance ----------------------------------------


def test_the_2026_groups_are_kept_and_career_stages_added(fw: Framework, old: Framework) -> None:
    assert [g.id for g in old.groups] == list(KEPT_GROUPS)
    assert [g.id for g in fw.groups] == [*KEPT_GROUPS, *STAGES]
    targetable = {v.id for v in fw.values} | set(fw.behaviour_index)
    for group in fw.groups:
        assert group.default_target in fw.scale_values, group.id
        assert group.targets and group.importance, group.id
        for key, level in group.targets.items():
            assert key in targetable, (group.id, key)
            assert level in fw.scale_values, (group.id, key)
        for key, weight in group.importance.items():
            assert key in targetable, (group.id, key)
            assert weight in (1, 2, 3), (group.id, key)


def test_career_stages_change_targets(fw: Framework) -> None:
    def targets(group: str) -> dict[str, int]:
        return {b.id: fw.target_for(b.id, group) for _, b in fw.behaviours()}

    for index, stage in enumerate(STAGES):
        for other in STAGES[index + 1 :]:
            assert targets(stage) != targets(other), (stage, other)
    # The further the stage, the higher the bar for leading across organisations.
    assert [fw.target_for("wp-system", s) for s in STAGES] == [2, 2, 4, 4]


def test_clinicians_aim_for_usually_in_business_planning_and_budgets(fw: Framework) -> None:
    for behaviour_id in ("ac-plan", "ac-budget"):
        assert fw.scale_label(fw.target_for(behaviour_id, "clinician")) == "Usually"
        assert fw.importance_for(behaviour_id, "clinician") == 2


def test_no_group_puts_patients_first_below_another(fw: Framework) -> None:
    top = fw.scale_values[-1]
    for group in fw.groups:
        assert fw.value_target_for("patients-first", group.id) == top, group.id
        for behaviour in fw.values[0].behaviours:
            assert fw.importance_for(behaviour.id, group.id) == 3, (group.id, behaviour.id)
    for behaviour in fw.values[0].behaviours:
        clinician = fw.target_for(behaviour.id, "clinician")
        for manager in MANAGERS:
            assert fw.target_for(behaviour.id, manager) >= clinician, (manager, behaviour.id)


def test_line_managers_aim_at_least_for_usually_in_line_management(fw: Framework) -> None:
    for group in MANAGING:
        for behaviour in fw.behaviours_for(group):
            if behaviour.for_groups:
                assert fw.target_for(behaviour.id, group) >= 3, (group, behaviour.id)


def test_narrative_prompts_ask_about_pride_and_the_next_three_years(fw: Framework) -> None:
    prompts = {p.id: p for p in fw.prompts}
    assert "proud" in prompts["proud"].text
    assert "three years" in prompts["three-years"].text
    assert not prompts["proud"].for_groups and not prompts["three-years"].for_groups
    assert set(prompts["developing-others"].for_groups) == set(MANAGING)
    assert len(fw.prompts_for("clinician")) == 3
    assert len(fw.prompts_for("middle-manager")) == 4


# -- six people and the advice they get ----------------------------------------------------


def _advice(key: str) -> TrainingAdvice:
    someone = person(key)
    return advise_training(load_framework(NEW_PATH), someone.answers, someone.group)


def test_the_six_people_are_written_for_this_framework(fw: Framework) -> None:
    assert [p.key for p in people()] == [
        "consultant",
        "service-manager",
        "matron",
        "newly-qualified-nurse",
        "registrar",
        "director",
    ]
    for someone in people():
        assert someone.name and someone.job_title, someone.key
        assert fw.group(someone.group) is not None, someone.key
        assert set(someone.answers) == {b.id for b in fw.behaviours_for(someone.group)}
        check_ratings(fw, someone.answers)


def test_a_consultant_weak_on_budgets_is_offered_finance_first() -> None:
    advice = _advice("consultant")
    assert advice.area_ids == ("finance-resources", "operational-planning")
    finance = advice.suggestions[0]
    assert [b.behaviour_id for b in finance.behaviours] == ["ac-budget"]
    kinds = {a.kind for a in finance.activities}
    assert {"e-learning", "shadowing", "paired-learning"} <= kinds
    assert any("HFMA" in a.text for a in finance.activities)
    assert all(a.is_for("clinician") for a in finance.activities)
    # Allocating rotas is not part of her job: not applicable, never a gap.
    assert advice.not_applicable_count == 1
    assert "re-fair" not in {g.behaviour_id for g in advice.gaps}


def test_a_service_manager_weak_on_partnership_is_offered_the_local_system_first() -> None:
    advice = _advice("service-manager")
    assert advice.area_ids == ("system-partnership", "working-across-boundaries")
    system, boundaries = advice.suggestions
    assert [b.behaviour_id for b in system.behaviours] == ["wp-system"]
    assert system.behaviours[0].importance == 3
    assert any("Foundations in Systems Leadership" in a.text for a in system.activities)
    assert {b.behaviour_id for b in boundaries.behaviours} == {
        "wp-early",
        "wp-understand",
        "wp-visible",
    }
    # A manager is sent to a clinical team, never to shadow a service manager.
    shadowing = [a.text for a in boundaries.activities if a.kind == "shadowing"]
    assert shadowing and all("clinical team" in text for text in shadowing)
    assert advice.uncovered == ()


def test_a_matron_at_target_everywhere_gets_up_to_two_stretch_areas(fw: Framework) -> None:
    matron = person("matron")
    results = behaviour_results(fw, matron.answers, matron.group)
    assert all(r.steps_below == 0 for r in results)
    advice = _advice("matron")
    assert advice.stretch
    assert 1 <= len(advice.suggestions) <= 2
    assert all(s.stretch for s in advice.suggestions)
    assert all(
        s.reason.startswith("Everything you rated is at or above target")
        for s in advice.suggestions
    )
    assert advice.area_ids == ("communication", "equality-inclusion")


def test_a_newly_qualified_nurse_is_first_offered_her_widest_gap_weighted_by_importance(
    fw: Framework,
) -> None:
    advice = _advice("newly-qualified-nurse")
    widest = max(g.gap for g in advice.gaps)
    first = advice.suggestions[0].behaviours[0]
    assert first.gap == widest == 9
    assert first.importance == 3 and first.steps == 3
    assert first.value_id == "patients-first"
    # A gap as wide in steps but less important comes later: the weighting decides.
    honest = next(g for g in advice.gaps if g.behaviour_id == "hi-open")
    assert honest.steps == first.steps and honest.gap < first.gap
    assert advice.area_ids[:2] == ("patient-safety", "compassion-wellbeing")
    assert len(advice.suggestions) == 3
    # Nothing for managers or budget holders is offered to her.
    for suggestion in advice.suggestions:
        assert all(a.is_for("aspiring-leader") for a in suggestion.activities)
    assert "finance-resources" not in advice.area_ids
    assert "finance-resources" not in {r.area_id for r in advice.also_relevant}


def test_a_registrar_at_sometimes_on_planning_and_budgets_is_offered_business_planning(
    old: Framework,
) -> None:
    advice = _advice("registrar")
    assert advice.area_ids == ("operational-planning", "finance-resources")
    planning = advice.suggestions[0]
    assert [b.behaviour_id for b in planning.behaviours] == ["ac-plan"]
    assert any(a.kind == "paired-learning" for a in planning.activities)
    assert any("service or operations manager" in a.text for a in planning.activities)
    # Under 2026.1 the same answers ("Developing" on both) were at target: nothing was a
    # need, and planning came only as a stretch beside everything else below the top.
    answers: dict[str, Answer] = {b: old.target_for(b, "clinician") for b in old.behaviour_index}
    answers.update({"ac-plan": 2, "ac-budget": 2})
    before = advise_training(old, answers, "clinician")
    assert before.stretch and all(s.stretch for s in before.suggestions)


def test_a_director_at_the_top_gets_stretch_areas_only(fw: Framework) -> None:
    director = person("director")
    results = behaviour_results(fw, director.answers, director.group)
    assert all(r.steps_below == 0 for r in results)
    advice = _advice("director")
    assert advice.stretch
    assert advice.area_ids == ("quality-improvement", "working-across-boundaries")
    # At the very top everywhere, there is nothing left to suggest.
    top = dict.fromkeys(director.answers, fw.scale_values[-1])
    assert advise_training(fw, top, director.group).suggestions == ()


@pytest.mark.parametrize("group", MANAGERS)
@pytest.mark.parametrize("others", ["lowest", "target"])
def test_a_manager_at_the_top_on_budgets_is_never_sent_on_finance_or_to_a_service_manager(
    fw: Framework, group: str, others: str
) -> None:
    answers: dict[str, Answer] = {
        b.id: fw.scale_values[0] if others == "lowest" else fw.target_for(b.id, group)
        for b in fw.behaviours_for(group)
    }
    answers["ac-budget"] = fw.scale_values[-1]
    advice = advise_training(fw, answers, group, limit=6)
    assert advice.suggestions
    assert "finance-resources" not in advice.area_ids
    assert "finance-resources" not in {r.area_id for r in advice.also_relevant}
    offered = [a for s in advice.suggestions for a in s.activities]
    offered += [a for r in advice.also_relevant for a in r.activities]
    for activity in offered:
        text = activity.text.lower()
        if activity.kind == "shadowing":
            assert "service or operations manager" not in text, activity.text
        if activity.kind in ("course", "e-learning"):
            assert "finance" not in text, activity.text


# -- the README's examples ----------------------------------------------------------------


def _readme_examples() -> list[str]:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    start = readme.index("## The bundled framework and your organisation's own")
    end = readme.index("\n## ", start + 1)
    return re.findall(r"```toml\n(.*?)```", readme[start:end], re.DOTALL)


def test_the_readme_examples_load_and_the_second_uses_every_format_2_key() -> None:
    first, second = _readme_examples()
    version_1 = parse_framework(first.encode("utf-8"), "README.md")
    version_2 = parse_framework(second.encode("utf-8"), "README.md")
    assert (version_1.format, version_2.format) == (1, 2)
    assert crosswalk_problems(version_2, version_1) == []
    data = tomllib.loads(second)
    area, behaviour = data["training_areas"][0], data["values"][0]["behaviours"]
    assert {"supersedes"} <= set(data["framework"])
    assert {"not_applicable", "prompts", "crosswalk"} <= set(data)
    assert "for_groups" in area
    assert any("importance" in group for group in data["groups"])
    assert {"levels", "not_applicable"} <= set(behaviour[0]) and "for_groups" in behaviour[1]
    tables = [a for a in area["activities"] if isinstance(a, dict)]
    assert {"text", "kind", "for_groups", "provider", "reference"} <= {k for a in tables for k in a}
