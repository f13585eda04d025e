"""``ppf pairs suggest`` and ``create``: the best matching of a cohort whose best is known
and unique, nobody in two pairs, departments kept apart, people already paired left out,
and refusals that change nothing (in-process, real library)."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from ppf_app.cli.main import main
from ppf_app.domain.pairing import pair_score
from ppf_app.services import pairs, people
from ppf_app.services.library import open_library
from tests.pairs.cohorts import FRAMEWORK_ID, even_behaviours, known_cohort, pairing_framework, rate

#: Every command here works on the tests' own framework.
FW = ("--framework", FRAMEWORK_ID)


def ppf(capsys: pytest.CaptureFixture[str], data: Path, *args: object) -> tuple[int, str, str]:
    try:
        code = main(["--data-dir", str(data), *map(str, args)])
    except SystemExit as stop:  # argparse's refusal of a bad option
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def lines(out: str) -> list[tuple[int, int, int]]:
    return [(int(a), int(b), int(c)) for a, b, c in (line.split("\t") for line in out.splitlines())]


def test_suggest_finds_the_known_unique_best_matching(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "lib"
    with open_library(data) as lib:
        known = known_cohort(lib)
        # Greedy would start with the single best pair, C1-M1 (8), and lose.
        scores = {
            (c, m): pairs.explain_pair(
                lib, known.ids[c], known.ids[m], framework_id=FRAMEWORK_ID
            ).score
            for c in ("C1", "C2", "C3")
            for m in ("M1", "M2", "M3")
        }
    assert max(scores.values()) == scores["C1", "M1"] == 8
    assert (scores["C2", "M2"], scores["C1", "M2"], scores["C2", "M1"]) == (1, 7, 7)

    code, out, err = ppf(capsys, data, "pairs", "suggest", *FW)
    assert (code, err) == (0, "")
    assert lines(out) == known.best()
    assert sum(score for *_, score in lines(out)) == 18


def test_explain_writes_why_to_standard_error_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "lib"
    with open_library(data) as lib:
        known = known_cohort(lib)
        texts = {b.id: b.text for _, b in pairing_framework(lib).behaviours()}
    code, plain, _ = ppf(capsys, data, "pairs", "suggest", *FW)
    code, out, err = ppf(capsys, data, "pairs", "suggest", *FW, "--explain")
    assert code == 0 and out == plain  # standard output keeps its contract
    c1, m2 = known.ids["C1"], known.ids["M2"]
    assert f"# {c1} Asha Patel with {m2} Nguyễn Thị Mai: score 7" in err
    assert "Asha Patel can learn from Nguyễn Thị Mai:" in err
    assert "Nguyễn Thị Mai can learn from Asha Patel:" in err
    b = known.behaviours
    assert texts[b[0]] in err and "gap 2, partner 2 above target: 2 points" in err
    assert "(gap 2, partner 1 above target: 1 point)" in err  # b2: M2 one step above
    assert "3 pairs from 3 clinician and 3 manager" in err


def test_departments_kept_apart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "lib"
    with open_library(data) as lib:
        known = known_cohort(lib, departments={"C1": "Surgery", "M2": "Surgery", "C2": "ED"})
    i = known.ids
    code, out, _ = ppf(capsys, data, "pairs", "suggest", *FW)
    assert lines(out) == known.best()  # the same department is no bar unless asked
    code, out, _ = ppf(capsys, data, "pairs", "suggest", *FW, "--separate-departments")
    assert code == 0
    assert lines(out) == [(i["C1"], i["M1"], 8), (i["C3"], i["M3"], 4), (i["C2"], i["M2"], 1)]


def _random_cohort(data: Path, seed: int) -> dict[int, str]:
    """Nine clinicians and seven managers in three departments (some none), at random."""
    rng = random.Random(seed)
    departments: dict[int, str] = {}
    with open_library(data) as lib:
        behaviours = even_behaviours(pairing_framework(lib))[:10]
        for n in range(16):
            group = "clinician" if n < 9 else "manager"
            department = rng.choice(["Surgery", "Medicine", "ED", ""])
            person = people.add_person(
                lib, name=f"Person {n}", professional_group=group, department=department
            )
            departments[person.id] = department
            rate(lib, person.id, {b: rng.randint(-2, 2) for b in behaviours})
    return departments


@pytest.mark.parametrize("seed", [1, 2])
def test_nobody_is_in_two_pairs_and_the_total_is_the_best_possible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seed: int
) -> None:
    data = tmp_path / "lib"
    departments = _random_cohort(data, seed)
    code, out, _ = ppf(capsys, data, "pairs", "suggest", *FW, "--separate-departments")
    assert code == 0
    found = lines(out)
    assert found, "a random cohort of sixteen has something to learn"
    everyone = [person for a, b, _ in found for person in (a, b)]
    assert len(everyone) == len(set(everyone))  # nobody in two pairs
    for left, right, _ in found:
        assert not (departments[left] and departments[left] == departments[right])
    assert [s for *_, s in found] == sorted((s for *_, s in found), reverse=True)

    # No allowed matching does better: every way of pairing the seven managers off.
    with open_library(data) as lib:
        facts = pairs.cohort_facts(lib, FRAMEWORK_ID)
    clinicians = [f for f in facts if f.group == "clinician"]
    managers = [f for f in facts if f.group == "manager"]

    def allowed(a: int, b: int) -> bool:
        return not (departments[a] and departments[a] == departments[b])

    score = {
        (c.person_id, m.person_id): pair_score(c, m) if allowed(c.person_id, m.person_id) else 0
        for c in clinicians
        for m in managers
    }
    best = max(
        sum(score[c.person_id, m.person_id] for c, m in zip(chosen, managers, strict=True))
        for chosen in itertools.permutations(clinicians, len(managers))
    )
    assert sum(s for *_, s in found) == best


def test_people_already_paired_are_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "lib"
    with open_library(data) as lib:
        known = known_cohort(lib)
    i = known.ids
    code, out, _ = ppf(capsys, data, "pairs", "create", *FW, "--left", i["C1"], "--right", i["M1"])
    assert code == 0 and int(out) >= 1
    code, out, _ = ppf(capsys, data, "pairs", "suggest", *FW)
    assert lines(out) == [(i["C3"], i["M3"], 4), (i["C2"], i["M2"], 1)]
    code, out, _ = ppf(capsys, data, "pairs", "suggest", *FW, "--include-paired")
    assert lines(out) == known.best()
    # Once the pair is ended, its people are proposed again.
    (pair_id,) = pairs_of(data)
    assert ppf(capsys, data, "pairs", "end", "--pair", pair_id)[0] == 0
    code, out, _ = ppf(capsys, data, "pairs", "suggest", *FW)
    assert lines(out) == known.best()


def pairs_of(data: Path) -> list[int]:
    with open_library(data) as lib:
        return [pair.id for pair in pairs.list_pairs(lib)]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--months", "0"), "1 to 9 months"),
        (("--months", "10"), "1 to 9 months"),
        (("--months", "nine"), "1 to 9 months"),
        (("--start", "2026-02-30"), "not a date"),
    ],
)
def test_create_refuses_bad_options_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: tuple[str, ...], message: str
) -> None:
    data = tmp_path / "lib"
    with open_library(data) as lib:
        known = known_cohort(lib)
    code, out, err = ppf(
        capsys, data, "pairs", "create", *FW, "--left", known.ids["C1"],
        "--right", known.ids["M1"], *arguments,
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert message in err
    assert pairs_of(data) == []


def test_create_refuses_what_cannot_be_a_pair(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "lib"
    with open_library(data) as lib:
        known = known_cohort(lib)
        unassessed = people.add_person(lib, name="New Starter", professional_group="manager").id
    i = known.ids
    create = ("pairs", "create", *FW, "--left")
    code, _, err = ppf(capsys, data, *create, i["C1"], "--right", i["C1"])
    assert code == 2 and "named twice" in err
    code, _, err = ppf(capsys, data, *create, i["C1"], "--right", unassessed)
    assert code == 2 and f"person {unassessed}: no complete self assessment" in err
    code, _, err = ppf(capsys, data, *create, i["C1"], "--right", 9999)
    assert code == 2 and "person 9999: no such person" in err
    assert pairs_of(data) == []
    assert ppf(capsys, data, *create, i["C1"], "--right", i["M1"], "--start", "2026-02-01")[0] == 0
    code, _, err = ppf(capsys, data, *create, i["C2"], "--right", i["M1"], "--start", "2026-05-01")
    assert code == 2 and "Grace Okafor" in err and "already in pair" in err
    assert len(pairs_of(data)) == 1


def test_without_a_framework_the_bundled_one_is_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "lib"
    with open_library(data) as lib:
        bundled = lib.frameworks.default()
        steps = bundled.scale_values
        # A behaviour asked of both, where a clinician can be a step short and a manager
        # a step above.
        behaviour = next(
            b.id
            for _, b in bundled.behaviours()
            if bundled.asks(b.id, "clinician")
            and bundled.asks(b.id, "manager")
            and bundled.target_for(b.id, "clinician") > steps[0]
            and bundled.target_for(b.id, "manager") < steps[-1]
        )
        ann = people.add_person(lib, name="Ann", professional_group="clinician").id
        bob = people.add_person(lib, name="Bob", professional_group="manager").id
        rate(lib, ann, {behaviour: -1}, framework=bundled)
        rate(lib, bob, {behaviour: 1}, framework=bundled)
        importance = bundled.importance_for(behaviour, "clinician")
        # Rated on the tests' framework too: that is not what the default reads.
        rate(lib, ann, {b: -2 for b in even_behaviours(pairing_framework(lib))})
    code, out, err = ppf(capsys, data, "pairs", "suggest")
    assert (code, err) == (0, "")
    assert lines(out) == [(ann, bob, importance)]
