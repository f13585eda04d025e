"""People: add, edit, list, with the checks a user can trip over."""

from __future__ import annotations

from pathlib import Path

import pytest

from ppf_app.core.errors import NotFound, UserError
from ppf_app.services import people
from ppf_app.services.library import Library, open_library


def test_add_person_trims_and_returns_a_plain_view(lib: Library):
    view = people.add_person(
        lib,
        name="  Priya Shah ",
        professional_group="clinician",
        job_title=" Consultant ",
        organisation="North Trust",
    )
    assert view.id > 0
    assert view.name == "Priya Shah"
    assert view.job_title == "Consultant"
    assert view.professional_group == "clinician"
    assert view.created_at.tzinfo is not None
    assert people.get_person(lib, view.id) == view


def test_people_are_listed_by_name_ignoring_case(lib: Library):
    for name in ("zoe", "Adam", "beth"):
        people.add_person(lib, name=name, professional_group="manager")
    assert [p.name for p in people.list_people(lib)] == ["Adam", "beth", "zoe"]


def test_people_persist_after_reopening(tmp_path: Path):
    with open_library(tmp_path / "data") as library:
        added = people.add_person(library, name="Sam", professional_group="clinical-manager")
    with open_library(tmp_path / "data") as library:
        assert people.list_people(library) == [added]


@pytest.mark.parametrize("name", ["", "   ", "two\nlines", "tab\there", "x" * 201])
def test_bad_names_are_refused(lib: Library, name: str):
    with pytest.raises(UserError) as caught:
        people.add_person(lib, name=name, professional_group="clinician")
    assert caught.value.problems[0].startswith("name: ")
    assert people.list_people(lib) == []


def test_unknown_group_lists_the_allowed_ids(lib: Library):
    with pytest.raises(UserError) as caught:
        people.add_person(lib, name="Ann", professional_group="nurse")
    message = caught.value.problems[0]
    assert "'nurse'" in message
    for group in ("clinician", "manager", "clinical-manager"):
        assert group in message
    assert set(people.allowed_groups(lib)) >= {"clinician", "manager", "clinical-manager"}


def test_update_changes_only_the_given_fields(lib: Library):
    person = people.add_person(lib, name="Ann", professional_group="clinician", job_title="GP")
    updated = people.update_person(lib, person.id, professional_group="clinical-manager")
    assert updated.professional_group == "clinical-manager"
    assert updated.name == "Ann"
    assert updated.job_title == "GP"
    assert updated.updated_at >= person.updated_at
    assert people.get_person(lib, person.id) == updated


def test_update_validates_like_add(lib: Library):
    person = people.add_person(lib, name="Ann", professional_group="clinician")
    with pytest.raises(UserError):
        people.update_person(lib, person.id, name=" ")
    with pytest.raises(UserError):
        people.update_person(lib, person.id, professional_group="surgeon")
    assert people.get_person(lib, person.id) == person


def test_unknown_person_is_not_found(lib: Library):
    with pytest.raises(NotFound):
        people.get_person(lib, 42)
    with pytest.raises(NotFound):
        people.update_person(lib, 42, name="X")
