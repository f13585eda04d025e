"""The learning-pair services: whose assessment counts, what a gap is, the record's rules
and refusals, the cohort summary's figures, and the matching's libraries kept off the
start-up path."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from ppf_app.core.errors import UserError
from ppf_app.domain.answers import NOT_APPLICABLE
from ppf_app.domain.disclosure import round_count, round_mean
from ppf_app.services import appraisal, assessments, pair_facts, pair_records, pairs, people, plans
from ppf_app.services.library import Library, open_library
from ppf_app.services.plan_views import ObjectiveInput
from tests.conftest import REPO_ROOT
from tests.helpers.appraisals import ready_to_sign
from tests.pairs.cohorts import FRAMEWORK_ID, Known, known_cohort, pairing_framework, rate

START = date(2026, 2, 1)


@pytest.fixture
def lib(tmp_path: Path):  # type: ignore[no-untyped-def]
    with open_library(tmp_path / "lib") as opened:
        yield opened


def facts_of(lib: Library, person_id: int) -> dict[str, tuple[int, int, int]]:
    """``behaviour -> (shortfall, margin, importance)`` as the matching reads the person."""
    (found,) = [f for f in pairs.cohort_facts(lib, FRAMEWORK_ID) if f.person_id == person_id]
    return {a.behaviour_id: (a.shortfall, a.margin, a.importance) for a in found.answers}


def test_the_group_decides_what_is_asked_and_how_much_it_weighs(lib: Library) -> None:
    framework = pairing_framework(lib)
    answers = {"b00": 1, "b01": 5, "b02": NOT_APPLICABLE, "b13": 2, "m-only": 1}
    clinician = pair_facts.person_facts(framework, 1, "clinician", "", answers)
    assert clinician.department is None
    assert {a.behaviour_id: (a.shortfall, a.margin, a.importance) for a in clinician.answers} == {
        "b00": (2, 0, 1),  # two steps short of 3
        "b01": (0, 2, 1),
        "b13": (1, 0, 3),  # weighted: a gap of 3
    }  # "not applicable", unanswered and not-asked behaviours are neither gap nor strength
    manager = pair_facts.person_facts(framework, 2, "manager", "Surgery", answers)
    assert {a.behaviour_id for a in manager.answers} == {"b00", "b01", "b13", "m-only"}
    assert manager.by_behaviour["b13"].importance == 1


def test_agreed_levels_of_a_signed_appraisal_replace_the_persons_own(lib: Library) -> None:
    framework = pairing_framework(lib)
    # A manager: asked every behaviour (sign-off asks an agreed level for each).
    sam = people.add_person(lib, name="Sam", professional_group="manager").id
    own = rate(lib, sam, {"b00": -2, "b01": -1})
    assert facts_of(lib, sam)["b00"] == (2, 0, 1)
    record = appraisal.open_for(lib, own.id, appraiser_name="Grace Hopper")
    appraisal.agree(lib, record.id, "b00", 4, "seen it on the ward")
    # Agreed but not signed: the person's own levels still count.
    assert facts_of(lib, sam)["b00"] == (2, 0, 1)
    ready_to_sign(lib, record.id)  # the rest agreed at their own levels
    appraisal.sign(lib, record.id, appraisee="Sam", appraiser="Grace Hopper")
    facts = facts_of(lib, sam)
    assert facts["b00"] == (0, 1, 1)  # agreed a step above target
    assert facts["b01"] == (1, 0, 1)  # kept at the person's own level
    assert framework.behaviour_count == len(facts)


def test_only_complete_self_assessments_count_the_latest_first(lib: Library) -> None:
    ann = people.add_person(lib, name="Ann", professional_group="clinician").id
    rate(lib, ann, {"b00": -2}, on=date(2026, 1, 1))
    rate(lib, ann, {"b00": -1}, on=date(2026, 3, 1))
    draft = assessments.start_assessment(lib, ann, FRAMEWORK_ID, assessed_on=date(2026, 4, 1))
    assessments.set_rating(lib, draft.id, "b00", level=1)
    assert facts_of(lib, ann)["b00"] == (1, 0, 1)
    nobody = people.add_person(lib, name="Nobody", professional_group="manager").id
    assert nobody not in {f.person_id for f in pairs.cohort_facts(lib, FRAMEWORK_ID)}


def _pair(lib: Library, known: Known, left: str = "C1", right: str = "M2") -> pairs.PairView:
    return pairs.create_pair(
        lib, known.ids[left], known.ids[right], start=START, framework_id=FRAMEWORK_ID
    )


def test_a_new_pair_keeps_what_the_pairing_targets(lib: Library) -> None:
    known = known_cohort(lib)
    made = _pair(lib, known)
    assert (made.score, made.months, made.ends_on) == (7, 9, date(2026, 11, 1))
    record = pair_records.pair_record(lib, made.id)
    b = known.behaviours
    assert [t.behaviour_id for t in record.left.targets] == b[:3]
    assert [t.behaviour_id for t in record.right.targets] == b[8:10]
    assert record.left.before is not None and record.left.after is None
    assert not record.left.outcome.is_measured
    assert [c.gap_before for c in record.left.changes] == [2, 2, 2]
    assert [t.number for t in record.left.targets] == ["1.1", "1.2", "1.3"]


def test_the_record_refuses_what_does_not_belong(lib: Library) -> None:
    known = known_cohort(lib)
    i = known.ids
    made = _pair(lib, known)
    outsider = i["C3"]
    with pytest.raises(UserError, match="1 to 9 months"):
        pairs.create_pair(lib, i["C2"], i["M1"], months=10, framework_id=FRAMEWORK_ID)
    with pytest.raises(UserError, match="before the pair started"):
        pair_records.add_meeting(lib, made.id, held_on=date(2026, 1, 31))
    with pytest.raises(UserError, match="is not in pair"):
        pair_records.add_shadowing(lib, made.id, shadow_id=outsider)
    with pytest.raises(UserError, match="before the pair started"):
        pair_records.end_pair(lib, made.id, date(2026, 1, 1))
    with pytest.raises(UserError, match="at most 200 characters"):
        pair_records.set_project(lib, made.id, title="x" * 201)

    (own,) = assessments.list_assessments(lib, i["C1"])
    mine = [
        plans.add_objective(lib, own.id, ObjectiveInput(text=f"Objective {n}")).uid
        for n in range(4)
    ]
    (theirs,) = assessments.list_assessments(lib, i["M2"])
    other = plans.add_objective(lib, theirs.id, ObjectiveInput(text="Mai's")).uid
    with pytest.raises(UserError, match="at most 3"):
        pair_records.set_objectives(lib, made.id, i["C1"], mine)
    with pytest.raises(UserError, match=f"objective {other}: not an objective of person"):
        pair_records.set_objectives(lib, made.id, i["C1"], [mine[0], other])
    chosen = pair_records.set_objectives(lib, made.id, i["C1"], [mine[2], mine[0], mine[2]])
    assert [o.text for o in chosen] == ["Objective 2", "Objective 0"]

    with pytest.raises(UserError, match=r"no complete self assessment .* on or after"):
        pair_records.set_after(lib, made.id, i["C1"])
    with pytest.raises(UserError, match="made before the pairing"):
        pair_records.set_after(lib, made.id, i["C1"], own.id)
    with pytest.raises(UserError, match="belongs to another person"):
        pair_records.set_after(lib, made.id, i["C1"], theirs.id)
    bundled = rate(lib, i["C1"], {}, framework=lib.frameworks.default(), on=date(2026, 8, 1))
    with pytest.raises(UserError, match="not the pair's pairing-test"):
        pair_records.set_after(lib, made.id, i["C1"], bundled.id)
    with pytest.raises(UserError) as neither:
        pair_records.set_afters(lib, made.id)
    assert len(neither.value.problems) == 2

    # Nothing refused was kept.
    record = pair_records.pair_record(lib, made.id)
    assert (record.meetings, record.shadowing, record.project.title) == ((), (), "")
    assert record.pair.ended_on is None and record.left.after is None


def test_after_assessments_give_the_change(lib: Library) -> None:
    known = known_cohort(lib)
    i, b = known.ids, known.behaviours
    made = _pair(lib, known)
    rate(lib, i["C1"], {b[0]: 0, b[1]: -1, b[2]: -2, b[3]: -2}, on=date(2026, 9, 1))
    assert pair_records.set_afters(lib, made.id) == (
        f"person {i['M2']}: no complete self assessment on {FRAMEWORK_ID} dated on or after "
        "2026-02-01 (the pair's start) yet",
    )
    left = pair_records.pair_record(lib, made.id).left
    assert [(c.gap_before, c.gap_after, c.change) for c in left.changes] == [
        (2, 0, -2),
        (2, 1, -1),
        (2, 2, 0),
    ]
    assert (left.outcome.total_before, left.outcome.total_after) == (6, 3)
    # An "after" assessment deleted leaves the pair without it.
    assert left.after is not None
    assessments.delete_assessment(lib, left.after.id)
    assert pair_records.pair_record(lib, made.id).left.after is None


def test_the_cohort_summary_shows_figures_once_the_group_is_large_enough(
    lib: Library,
) -> None:
    known = known_cohort(lib)
    i, b = known.ids, known.behaviours
    made = [_pair(lib, known, left, right) for left, right in (("C1", "M2"), ("C2", "M1"))]
    for n in range(3):
        pair_records.add_meeting(lib, made[0].id, held_on=date(2026, 3 + n, 1))
    # Two pairs, four people: hidden.
    hidden = pair_records.cohort_view(lib).summary
    assert hidden.hidden and {text for _, text in hidden.texts()} == {"*"}

    third = _pair(lib, known, "C3", "M3")
    after = {
        "C1": {b[0]: -1, b[1]: -1, b[2]: -2, b[3]: -2, b[8]: 1, b[9]: 1},  # 6 -> 4
        "M2": {b[0]: 2, b[1]: 2, b[2]: 1, b[8]: 0, b[9]: 0},  # 2 -> 0
        "C2": {b[3]: 0, b[4]: -1, b[5]: -1, b[6]: -2, b[8]: 1},  # b3-b6: 7 -> 4
        "M1": {k: 2 for k in b[:7]},  # nothing targeted
        "C3": {b[10]: 0, b[11]: 2},  # 2 -> 0
        "M3": {b[10]: 2, b[11]: -2},  # 2 -> 2
    }
    for key, offsets in after.items():
        rate(lib, i[key], offsets, on=date(2026, 10, 1))
    for pair in (*made, third):
        pair_records.set_afters(lib, pair.id)
    summary = pair_records.cohort_view(lib).summary
    # Five people measured (M1 was targeted nothing): before 6, 2, 7, 2, 2; after 4, 0, 4, 0, 2
    assert not summary.hidden
    assert (summary.pairs, summary.people, summary.meetings) == (
        round_count(3),
        round_count(6),
        round_count(3),
    )
    assert summary.measured == 5
    assert summary.mean_gap_before == round_mean(19 / 5)
    assert summary.mean_gap_after == round_mean(10 / 5)
    assert summary.mean_change == round_mean(-9 / 5)
    # A larger minimum group hides the means (and everything, below it).
    assert pair_records.cohort_view(lib, min_group=6).summary.mean_change is None
    assert pair_records.cohort_view(lib, min_group=7).summary.hidden
    with pytest.raises(UserError, match="at least 5"):
        pair_records.cohort_view(lib, min_group=4)


def test_ended_and_finished_pairs_free_their_people(lib: Library) -> None:
    known = known_cohort(lib)
    i = known.ids
    running = pairs.create_pair(
        lib, i["C1"], i["M2"], start=date.today(), months=1, framework_id=FRAMEWORK_ID
    )
    options = pairs.PairOptions(FRAMEWORK_ID)
    assert i["C1"] not in {p.left.id for p in pairs.suggest(lib, options).proposals}
    later = pairs.PairOptions(FRAMEWORK_ID, on=pairs.add_months(date.today(), 1))
    assert i["C1"] in {p.left.id for p in pairs.suggest(lib, later).proposals}
    pair_records.end_pair(lib, running.id)
    assert i["C1"] in {p.left.id for p in pairs.suggest(lib, options).proposals}
    assert pairs.list_pairs(lib)[0].status(date.today()) == "ended"
    pair_records.delete_pair(lib, running.id)
    assert pairs.list_pairs(lib) == ()


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 4, 15), 9, date(2027, 1, 15)),
    ],
)
def test_months_are_calendar_months(day: date, months: int, expected: date) -> None:
    assert pairs.add_months(day, months) == expected


def test_the_matching_libraries_stay_off_the_start_up_path() -> None:
    code = (
        "import sys\n"
        "import ppf_app.ui.main_window, ppf_app.cli.main\n"
        "import ppf_app.services.pairs, ppf_app.services.pair_records\n"
        "import ppf_app.services.screens.pairs\n"
        "import ppf_app.ui.pages.pairs, ppf_app.cli.pairs_cmd\n"
        "loaded = sorted(m for m in ('scipy', 'numpy', 'reportlab') if m in sys.modules)\n"
        "print(','.join(loaded))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        check=True,
    )
    assert ran.stdout.strip() == ""


def test_the_default_groups_are_the_matchings() -> None:
    from ppf_app.domain import pairing

    assert (pairs.LEFT_GROUP, pairs.RIGHT_GROUP) == (
        pairing.DEFAULT_LEFT_GROUP,
        pairing.DEFAULT_RIGHT_GROUP,
    )
