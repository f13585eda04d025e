"""The library generator: the counts asked for, varied realistic data, the same from a seed."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from ppf_app.core.errors import UserError
from ppf_app.services import assessments, people
from ppf_app.services.generate import generate_library
from ppf_app.services.library import Library, open_library
from tests.domain.frameworks import GOOD
from tests.helpers.cli import ppf

AS_OF = date(2026, 6, 30)


def snapshot(lib: Library) -> list[tuple[object, ...]]:
    """Everything generated, read back through the services, without database ids."""
    rows: list[tuple[object, ...]] = []
    for person in people.list_people(lib):
        rows.append(
            (person.uid, person.name, person.professional_group, person.job_title,
             person.organisation, person.created_at)
        )  # fmt: skip
        for view in assessments.list_assessments(lib, person.id):
            rows.append((view.uid, view.assessed_on, view.kind, view.status, view.updated_at))
            for rating in sorted(assessments.ratings(lib, view.id).values(), key=str):
                rows.append((rating.behaviour_id, rating.level, rating.evidence, rating.updated_at))
    return rows


def generated(folder: Path, **kwargs: object) -> list[tuple[object, ...]]:
    with open_library(folder) as lib:
        generate_library(lib, as_of=AS_OF, **kwargs)  # type: ignore[arg-type]
        return snapshot(lib)


def test_adds_the_people_assessments_and_ratings_asked_for(data_dir: Path) -> None:
    with open_library(data_dir) as lib:
        result = generate_library(
            lib, people_count=23, assessments_per_person=2, seed=5, as_of=AS_OF
        )
        everyone = people.list_people(lib)
        histories = {p.id: assessments.list_assessments(lib, p.id) for p in everyone}
        rated = {
            view.id: set(assessments.ratings(lib, view.id))
            for views in histories.values()
            for view in views
        }
        framework = lib.frameworks.default()

    rating_count = sum(len(behaviours) for behaviours in rated.values())
    assert (result.people, result.assessments, result.ratings) == (23, 46, rating_count)
    assert len(everyone) == 23
    assert all(len(views) == 2 for views in histories.values())
    group_of = {p.id: p.professional_group for p in everyone}
    for person_id, views in histories.items():
        for view in views:
            assert (view.framework_id, view.framework_version) == framework.key
            # Made for the person's group, and rating only what that group is asked.
            assert view.group_id == group_of[person_id]
            asked = {b.id for b in framework.behaviours_for(view.group_id)}
            assert view.progress.total == len(asked)
            assert rated[view.id] <= asked
            if view.is_complete:
                assert view.progress.answered == len(asked)
            else:
                assert 0 < view.progress.answered < len(asked)


@pytest.mark.parametrize("name", ["minimal", "leadership-model"])
def test_assesses_against_an_added_framework_on_its_own_scale(data_dir: Path, name: str) -> None:
    framework_file = GOOD / f"{name}.toml"
    with open_library(data_dir) as lib:
        added = lib.frameworks.add(framework_file)
        result = generate_library(
            lib,
            people_count=6,
            assessments_per_person=2,
            seed=2,
            framework_id=added.id,
            as_of=AS_OF,
        )
        views = [
            v for p in people.list_people(lib) for v in assessments.list_assessments(lib, p.id)
        ]
        levels = {r.level for v in views for r in assessments.ratings(lib, v.id).values()}

    assert (result.framework_id, result.framework_version) == added.key
    assert {(v.framework_id, v.framework_version) for v in views} == {added.key}
    assert levels <= set(added.scale_values)
    assert len(levels) >= 2


def test_people_without_assessments(data_dir: Path) -> None:
    with open_library(data_dir) as lib:
        result = generate_library(lib, people_count=5, assessments_per_person=0, as_of=AS_OF)
        everyone = people.list_people(lib)
        histories = [assessments.list_assessments(lib, p.id) for p in everyone]
    assert (result.people, result.assessments, result.ratings) == (5, 0, 0)
    assert len(everyone) == 5
    assert histories == [[]] * 5


def test_adds_to_a_library_that_already_has_people(data_dir: Path) -> None:
    with open_library(data_dir) as lib:
        mine = people.add_person(lib, name="Real Person", professional_group="manager")
        generate_library(lib, people_count=4, assessments_per_person=1, seed=1, as_of=AS_OF)
        names = [p.name for p in people.list_people(lib)]
    assert len(names) == 5
    assert mine.name in names


@pytest.mark.slow
def test_people_and_histories_look_like_a_real_library(data_dir: Path) -> None:
    with open_library(data_dir) as lib:
        generate_library(lib, people_count=150, assessments_per_person=3, seed=11, as_of=AS_OF)
        everyone = people.list_people(lib)
        histories = {p.id: assessments.list_assessments(lib, p.id) for p in everyone}
        sample = [view for p in everyone[:40] for view in histories[p.id]]
        ratings = [r for view in sample for r in assessments.ratings(lib, view.id).values()]
        scale = lib.frameworks.default().scale_values
        every_group = {group.id for group in lib.frameworks.default().groups}

    groups = Counter(p.professional_group for p in everyone)
    assert set(groups) == every_group
    assert groups["clinician"] > groups["clinical-manager"]
    assert len({p.name for p in everyone}) > 100
    assert any(not p.name.isascii() for p in everyone)
    assert len({p.job_title for p in everyone}) > 15
    assert len({p.organisation for p in everyone}) > 20

    levels = Counter(r.level for r in ratings)
    assert set(levels) <= set(scale)
    assert len(levels) >= 4
    with_evidence = sum(1 for r in ratings if r.evidence)
    assert 0.1 < with_evidence / len(ratings) < 0.4

    all_views = [view for views in histories.values() for view in views]
    assert {view.kind for view in all_views} == {"self", "appraiser", "agreed"}
    assert {view.status for view in all_views} == {"draft", "complete"}
    for person in everyone:
        views = histories[person.id]  # newest first
        dates = [view.assessed_on for view in views]
        assert dates == sorted(dates, reverse=True)
        assert AS_OF - timedelta(days=330) <= dates[0] <= AS_OF
        gaps = [later - earlier for later, earlier in itertools.pairwise(dates)]
        assert all(gap > timedelta(days=250) for gap in gaps)
        assert person.created_at.date() < dates[-1]
        assert all(view.is_complete for view in views[1:])


def test_the_same_seed_gives_the_same_library(tmp_path: Path) -> None:
    first = generated(tmp_path / "a", people_count=12, assessments_per_person=2, seed=42)
    second = generated(tmp_path / "b", people_count=12, assessments_per_person=2, seed=42)
    other = generated(tmp_path / "c", people_count=12, assessments_per_person=2, seed=43)

    assert first == second
    assert len(first) > 12 * 2 * 20
    assert other != first
    assert [row[1] for row in other[:3]] != [row[1] for row in first[:3]]


@pytest.mark.parametrize(
    ("people_count", "per_person", "problem"),
    [
        (0, 3, "people: must be 1 to 1,000,000 (found 0)"),
        (5, -1, "assessments per person: must be 0 to 50 (found -1)"),
        (5, 51, "assessments per person: must be 0 to 50 (found 51)"),
    ],
)
def test_counts_out_of_range_are_refused_and_nothing_is_written(
    data_dir: Path, people_count: int, per_person: int, problem: str
) -> None:
    with open_library(data_dir) as lib:
        with pytest.raises(UserError) as caught:
            generate_library(lib, people_count=people_count, assessments_per_person=per_person)
        assert caught.value.problems == [problem]
        assert people.list_people(lib) == []


def test_an_unknown_framework_is_refused_and_nothing_is_written(data_dir: Path) -> None:
    with open_library(data_dir) as lib:
        with pytest.raises(UserError):
            generate_library(lib, people_count=3, framework_id="no-such-framework")
        assert people.list_people(lib) == []


@pytest.mark.slow
def test_ppf_dev_generate_adds_a_library_the_other_commands_read(data_dir: Path) -> None:
    made = ppf(
        data_dir, "dev", "generate", "--people", "7", "--assessments-per-person", "2",
        "--seed", "3", "--as-of", "2026-01-31",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("Added 7 people, 14 assessments and ")

    with open_library(data_dir) as lib:
        everyone = people.list_people(lib)
        histories = [assessments.list_assessments(lib, p.id) for p in everyone]
    assert len(everyone) == 7
    assert all(len(views) == 2 for views in histories)
    assert all(views[0].assessed_on <= date(2026, 1, 31) for views in histories)


@pytest.mark.slow
def test_ppf_dev_generate_adds_to_a_library_with_people_only_when_forced(data_dir: Path) -> None:
    with open_library(data_dir) as lib:
        people.add_person(lib, name="Real Person", professional_group="manager")

    refused = ppf(data_dir, "dev", "generate", "--people", "3")
    assert refused.returncode == 2
    assert "the library already holds 1 person;" in refused.stderr
    assert "--force" in refused.stderr

    forced = ppf(data_dir, "dev", "generate", "--people", "3", "--force")
    assert forced.returncode == 0, forced.stderr
    with open_library(data_dir) as lib:
        assert len(people.list_people(lib)) == 4


@pytest.mark.slow
def test_ppf_dev_generate_refuses_bad_counts(data_dir: Path) -> None:
    refused = ppf(data_dir, "dev", "generate", "--people", "0")
    assert refused.returncode == 2
    assert refused.stderr.strip() == "people: must be 1 to 1,000,000 (found 0)"

    bad_date = ppf(data_dir, "dev", "generate", "--people", "2", "--as-of", "31/01/2026")
    assert bad_date.returncode == 2
    assert "'31/01/2026' is not a date; write it as YYYY-MM-DD" in bad_date.stderr
