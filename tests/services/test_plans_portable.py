"""Plans travel in portable files: exported with their assessments, imported by uid, and a
second import of the same file changes nothing."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ppf_app.core.errors import UserError
from ppf_app.domain.objective_status import ObjectiveStatus
from ppf_app.services import appraisal, assessments, people, plans, portable
from ppf_app.services.library import Library, open_library
from ppf_app.services.plans import ObjectiveInput
from tests.helpers.appraisals import rated_self
from tests.portable.helpers import as_version, trusted_import


def plan_tables(lib: Library) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(lib.paths.database) as raw:
        rows = {
            table: raw.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("plan", "objective", "assessment")
        }
    raw.close()
    return rows


def plans_by_assessment_uid(lib: Library, person_id: int) -> dict[str, plans.PlanView]:
    return {a.uid: plans.get_plan(lib, a.id) for a in assessments.list_assessments(lib, person_id)}


def comparable(view: plans.PlanView) -> tuple[Any, ...]:
    """A plan's content without the ids local to one library."""
    return (view.uid, view.review_date, view.objectives)


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Path, Path, int]:
    """Library "one": a person with two assessments and plans, one objective carried."""
    data = tmp_path / "one"
    with open_library(data) as lib:
        person = people.add_person(lib, name="Nia Pritchard", professional_group="clinician").id
        ids = [b.id for _, b in lib.frameworks.default().behaviours()]
        old = assessments.start_assessment(lib, person, assessed_on=date(2025, 5, 1)).id
        carried = plans.add_objective(
            lib, old, ObjectiveInput(text="Mentor a new starter", behaviour_ids=(ids[3],))
        )
        plans.add_objective(lib, old, ObjectiveInput(text="Finished", status="done"))
        new = assessments.start_assessment(lib, person, assessed_on=date(2026, 5, 1)).id
        plans.carry_forward(lib, new, [carried.uid])
        plans.add_objective(
            lib,
            new,
            ObjectiveInput(
                text="Lead the audit ✓ “quality”",
                behaviour_ids=(ids[0], ids[1]),
                activity="Audit course",
                support="Two afternoons",
                success_measure="Audit presented",
                target_date=date(2026, 11, 30),
                status="in_progress",
                reflection="Started well",
            ),
        )
        plans.set_review_date(lib, new, date(2027, 5, 1))
        out = portable.export_person(lib, person, tmp_path / "nia.json")
    return data, out, person


def test_export_carries_the_plans_with_their_objectives_in_order(
    exported: tuple[Path, Path, int],
) -> None:
    data, out, person = exported
    document = json.loads(out.read_text(encoding="utf-8"))
    with open_library(data) as lib:
        stored = plans_by_assessment_uid(lib, person)
    assert {p["assessment_uid"] for p in document["plans"]} == set(stored)
    for item in document["plans"]:
        view = stored[item["assessment_uid"]]
        assert item["uid"] == view.uid
        assert [o["uid"] for o in item["objectives"]] == [o.uid for o in view.objectives]
    newest = next(p for p in document["plans"] if p["review_date"] == "2027-05-01")
    assert [o["text"] for o in newest["objectives"]] == [
        "Mentor a new starter",
        "Lead the audit ✓ “quality”",
    ]
    assert newest["objectives"][0]["status"] == "carried_forward"
    assert newest["objectives"][0]["carried_from_uid"]
    assert newest["objectives"][1]["target_date"] == "2026-11-30"


def test_import_recreates_the_plans_and_a_second_import_changes_nothing(
    exported: tuple[Path, Path, int], tmp_path: Path
) -> None:
    data, out, person = exported
    with open_library(data) as lib:
        original = {uid: comparable(v) for uid, v in plans_by_assessment_uid(lib, person).items()}
    with open_library(tmp_path / "two") as lib:
        result = trusted_import(lib, out)
        imported = plans_by_assessment_uid(lib, result.person.id)
        assert {uid: comparable(v) for uid, v in imported.items()} == original
        carried = [o for v in imported.values() for o in v.objectives if o.carried_from_uid]
        assert len(carried) == 1 and carried[0].status is ObjectiveStatus.CARRIED_FORWARD
        before = plan_tables(lib)
        again = trusted_import(lib, out)
        assert (again.assessments_created, again.assessments_updated) == (0, 0)
        assert plan_tables(lib) == before


def test_a_newer_file_brings_edits_and_a_plan_changed_here_later_is_kept(
    exported: tuple[Path, Path, int], tmp_path: Path
) -> None:
    data, out, person = exported
    other = tmp_path / "two"
    with open_library(other) as lib:
        trusted_import(lib, out)
    with open_library(data) as lib:
        newest = assessments.latest_assessment(lib, person)
        assert newest is not None
        plan = plans.get_plan(lib, newest.id)
        first, second = plan.objectives
        plans.update_objective(lib, second.uid, ObjectiveInput(text="Lead two audits"))
        plans.delete_objective(lib, first.uid)
        plans.add_objective(lib, newest.id, ObjectiveInput(text="Brand new"), position=0)
        plans.set_review_date(lib, newest.id, None)
        wanted = comparable(plans.get_plan(lib, newest.id))
        portable.export_person(lib, person, tmp_path / "newer.json")
    with open_library(other) as lib:
        trusted_import(lib, tmp_path / "newer.json")
        here = next(a for a in assessments.list_assessments(lib, 1) if a.uid == newest.uid)
        assert comparable(plans.get_plan(lib, here.id)) == wanted
        # Changed here after that file was written: importing it again keeps this change.
        plans.add_objective(lib, here.id, ObjectiveInput(text="Only here"))
        trusted_import(lib, tmp_path / "newer.json")
        texts = [o.text for o in plans.get_plan(lib, here.id).objectives]
    assert texts == ["Brand new", "Lead two audits", "Only here"]


def test_a_version_1_file_without_plans_still_imports(
    exported: tuple[Path, Path, int], tmp_path: Path
) -> None:
    _, out, _ = exported
    document = json.loads(out.read_text(encoding="utf-8"))
    document.update(plans=[])
    as_version(document, 1)
    old = tmp_path / "old.json"
    old.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with open_library(tmp_path / "two") as lib:
        result = trusted_import(lib, old)
        views = plans_by_assessment_uid(lib, result.person.id).values()
        assert len(views) == 2
        assert all(v.uid is None and v.objectives == () for v in views)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("unknown_assessment", "plans[0].assessment_uid: not an assessment in this file"),
        ("unknown_behaviour", "behaviour_ids: 'no-such-behaviour' not in the framework"),
        ("bad_status", "plans[0].objectives[0].status:"),
        ("duplicate_objective", "appears more than once in the file"),
    ],
)
def test_bad_plans_are_refused_with_their_place_and_nothing_is_imported(
    exported: tuple[Path, Path, int], tmp_path: Path, change: str, message: str
) -> None:
    _, out, _ = exported
    document = json.loads(out.read_text(encoding="utf-8"))
    plan = document["plans"][0]
    if change == "unknown_assessment":
        plan["assessment_uid"] = "00000000-0000-4000-8000-000000000000"
    elif change == "unknown_behaviour":
        plan["objectives"][0]["behaviour_ids"] = ["no-such-behaviour"]
    elif change == "bad_status":
        plan["objectives"][0]["status"] = "finished"
    elif change == "duplicate_objective":
        plan["objectives"].append(dict(plan["objectives"][0]))
    as_version(document, 1)  # a version 1 file needs no checksum: the change is the problem
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with open_library(tmp_path / "two") as lib:
        with pytest.raises(UserError) as caught:
            trusted_import(lib, bad)
        assert any(message in line for line in caught.value.problems), caught.value.problems
        assert people.list_people(lib) == []


def test_a_plan_signed_here_is_kept_whatever_the_file_says(tmp_path: Path) -> None:
    with open_library(tmp_path / "one") as lib:
        person = people.add_person(lib, name="Osian Bell", professional_group="manager").id
        own = rated_self(lib, person, on=date(2026, 1, 5)).id
        record = appraisal.open_for(lib, own, held_on=date(2026, 1, 6))
        assert record.agreed_assessment is not None
        agreed = record.agreed_assessment.id
        appraisal.agree_remaining_at_self(lib, record.id)
        plans.add_objective(lib, agreed, ObjectiveInput(text="Agreed here first"))
        plans.set_review_date(lib, agreed, date(2027, 1, 6))
        portable.export_person(lib, person, tmp_path / "before.json")
        plans.add_objective(lib, agreed, ObjectiveInput(text="Written in the other library"))
        portable.export_person(lib, person, tmp_path / "with-more.json")
    with open_library(tmp_path / "two") as lib:
        trusted_import(lib, tmp_path / "before.json")
        here = appraisal.appraisals_of(lib, 1)[0]
        assert here.agreed_assessment is not None
        appraisal.sign(lib, here.id, appraisee="Osian Bell", appraiser="Dr Jones")
        before = plan_tables(lib)
        trusted_import(lib, tmp_path / "with-more.json")
        assert plan_tables(lib) == before
        assert [o.text for o in plans.get_plan(lib, here.agreed_assessment.id).objectives] == [
            "Agreed here first"
        ]
