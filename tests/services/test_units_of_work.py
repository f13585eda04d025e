"""Every operation is one unit of work: it reports what it changed, and an operation that
fails half way through leaves the database exactly as it was."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ppf_app.services import (
    appraisal,
    assessments,
    meeting,
    objective_review,
    people,
    plans,
    starting,
)
from ppf_app.services.library import Library, open_library
from ppf_app.services.plan_views import ObjectiveInput
from ppf_app.services.unit import Changes, perform, unit
from ppf_app.storage.repositories import appraisal as appraisal_repo
from tests.helpers.appraisals import rated_self, ready_to_sign


class Injected(RuntimeError):
    """The failure a test injects between two steps of an operation."""


def fail(*_args: object, **_kwargs: object) -> None:
    raise Injected("injected between two steps")


def dump(path: Path) -> list[tuple[str, list[tuple[object, ...]]]]:
    """Every row of every table, read straight from the file (through its WAL)."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return [
            (table, sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr))
            for table in tables
        ]
    finally:
        connection.close()


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    with open_library(tmp_path / "lib") as library:
        yield library


def _last_year_with_a_signed_plan(lib: Library) -> tuple[int, str, str]:
    """A person whose signed plan of last year has an open objective; a self assessment
    of this year. Returns the person id, the objective's uid and last year's id as text."""
    ann = people.add_person(lib, name="Ann Lee", professional_group="clinician")
    last = rated_self(lib, ann.id, on=date(2025, 3, 1))
    record = appraisal.open_for(lib, last.id, appraiser_name="Grace Obi")
    assert record.agreed_assessment is not None
    objective = plans.add_objective(
        lib, record.agreed_assessment.id, ObjectiveInput(text="Audit handover")
    )
    ready_to_sign(lib, record.id)
    appraisal.sign(lib, record.id, appraisee="Ann Lee", appraiser="Grace Obi")
    return ann.id, objective.uid, str(last.id)


def test_a_start_that_cannot_carry_its_objectives_starts_nothing(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    person_id, objective_uid, _ = _last_year_with_a_signed_plan(lib)
    assert lib.db.path is not None
    before = dump(lib.db.path)
    monkeypatch.setattr(plans, "carry_objectives", fail)
    with pytest.raises(Injected):
        starting.start(lib, person_id, carry=[objective_uid])
    assert dump(lib.db.path) == before


def test_an_objective_review_that_fails_after_carrying_changes_nothing(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    person_id, objective_uid, _ = _last_year_with_a_signed_plan(lib)
    this_year = assessments.start_assessment(lib, person_id, assessed_on=date(2026, 3, 1))
    agreed = appraisal.open_for(lib, this_year.id).agreed_assessment
    assert agreed is not None
    assert lib.db.path is not None
    before = dump(lib.db.path)
    monkeypatch.setattr(plans, "change_objective", fail)
    with pytest.raises(Injected):
        objective_review.review_objective(lib, agreed.id, objective_uid, done=True)
    assert dump(lib.db.path) == before


@pytest.mark.parametrize(
    ("operation", "step"),
    [
        ("agree", (assessments, "set_rating")),
        ("agree-rest", (assessments, "set_rating")),
        ("review", (objective_review, "review_objective")),
        ("review-late", (plans, "change_objective")),
        ("sign", (appraisal_repo, "sign")),
        ("appraiser", (assessments, "create_assessment")),
    ],
)
def test_an_appraisal_step_that_fails_leaves_no_record_behind(
    lib: Library, monkeypatch: pytest.MonkeyPatch, operation: str, step: tuple[object, str]
) -> None:
    """Each of these starts the appraisal's agreed (or appraiser's) record first; a
    failure after that leaves nothing, not even the started record."""
    person_id, objective_uid, _ = _last_year_with_a_signed_plan(lib)
    this_year = rated_self(lib, person_id, on=date(2026, 3, 1))
    record = appraisal.open_for(lib, this_year.id)
    if operation == "sign":
        ready_to_sign(lib, record.id)
    else:
        # An appraisal opened by an older release: no agreed record yet.
        from ppf_app.storage.models import Appraisal

        with unit(lib) as work:
            row = work.session.get(Appraisal, record.id)
            assert row is not None and row.agreed_assessment_id is not None
            agreed_id = row.agreed_assessment_id
            row.agreed_assessment_id = None
            work.session.add(row)
        assessments.delete_assessment(lib, agreed_id)
    behaviour = next(iter(lib.frameworks.default().behaviour_index))
    assert lib.db.path is not None
    before = dump(lib.db.path)
    monkeypatch.setattr(*step, fail)
    with pytest.raises(Injected):
        if operation == "agree":
            appraisal.agree(lib, record.id, behaviour, 3, "Agreed after discussion")
        elif operation == "agree-rest":
            appraisal.agree_remaining_at_self(lib, record.id)
        elif operation in ("review", "review-late"):
            meeting.review_previous_objective(
                lib, record.id, objective_uid, done=False, reflection="Half done"
            )
        elif operation == "sign":
            appraisal.sign(lib, record.id, appraisee="Ann Lee", appraiser="Grace Obi")
        else:
            appraisal.rate_as_appraiser(lib, record.id, appraiser_name="Grace Obi")
    assert dump(lib.db.path) == before


def test_operations_report_what_they_changed(lib: Library) -> None:
    added = perform(lib, people.add_person, name="Bo Chan", professional_group="manager")
    person = added.value
    assert added.changes == Changes(people=frozenset({person.id}))

    started = perform(lib, starting.start, person.id)
    view = started.value
    assert started.changes.touches_person(person.id)
    assert started.changes.assessments == {view.id}

    behaviour = next(iter(lib.frameworks.default().behaviour_index))
    rated = perform(lib, assessments.set_rating, view.id, behaviour, level=2)
    assert rated.changes == Changes(
        records=frozenset({person.id}), assessments=frozenset({view.id})
    )

    planned = perform(lib, plans.add_objective, view.id, ObjectiveInput(text="Shadow the COO"))
    assert planned.changes.plans == {view.id}
    assert planned.changes.assessments == frozenset()

    opened = perform(lib, appraisal.open_for, view.id)
    record = opened.value
    assert record.agreed_assessment is not None
    assert opened.changes.assessments == {view.id, record.agreed_assessment.id}
    agreed = perform(lib, appraisal.agree, record.id, behaviour, 3, "")
    agreed_id = agreed.value.assessment.id
    assert agreed.changes.assessments == {agreed_id}

    removed = perform(lib, appraisal.delete_appraisal, record.id)
    assert removed.changes.removed == {agreed_id}

    # A read changes nothing and says so.
    assert perform(lib, assessments.list_assessments, person.id).changes.empty


def test_a_unit_inside_a_unit_is_one_transaction(lib: Library) -> None:
    person = people.add_person(lib, name="Cy Dee", professional_group="clinician")
    with pytest.raises(Injected), unit(lib):
        assessments.start_assessment(lib, person.id)
        assessments.start_assessment(lib, person.id)
        raise Injected("after both")
    assert assessments.list_assessments(lib, person.id) == []


def test_a_unit_is_alone_unless_it_was_joined(lib: Library) -> None:
    """:attr:`Unit.alone`: the operation running opened the unit itself, so its
    transaction ends when that operation returns (what lets an autosave on a server be
    one statement)."""
    seen: list[tuple[str, bool]] = []

    def inner(on: Library) -> None:
        with unit(on) as work:
            seen.append(("inner", work.alone))

    with unit(lib) as outer:
        seen.append(("outer", outer.alone))
        inner(lib)
        seen.append(("outer again", outer.alone))
    perform(lib, inner)  # perform's own unit is joined by the operation's
    perform(lib, inner, alone=True)  # no outer unit: the operation's is its own
    assert seen == [
        ("outer", True),
        ("inner", False),
        ("outer again", True),
        ("inner", False),
        ("inner", True),
    ]


def test_perform_alone_still_reports_the_changes(lib: Library) -> None:
    person = people.add_person(lib, name="Di Eze", professional_group="clinician")
    view = assessments.start_assessment(lib, person.id)
    behaviour = next(iter(lib.frameworks.default().behaviour_index))
    rated = perform(lib, assessments.set_rating, view.id, behaviour, level=2, alone=True)
    assert rated.value.rating is not None and rated.value.rating.level == 2
    assert rated.changes == Changes(
        records=frozenset({person.id}), assessments=frozenset({view.id})
    )
