"""Portable files: one person out of one data folder and into another, without copies."""

from __future__ import annotations

import json
import sqlite3
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ppf_app.core.errors import NotFound, UserError
from ppf_app.domain import portable_format
from ppf_app.services import assessments, people, portable
from ppf_app.services.library import Library, open_library
from tests.portable.helpers import key_of, seal, trusted_import

MINI = """\
format = 1

[framework]
id = "mini"
version = "1"
title = "Mini framework"

[[scale]]
value = 1
label = "Rarely"

[[scale]]
value = 2
label = "Always"

[[values]]
id = "care"
title = "Care"

[[values.behaviours]]
id = "care-listen"
text = "Listens"

[[values.behaviours]]
id = "care-explain"
text = "Explains"
"""


def table_rows(lib: Library) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(lib.paths.database) as raw:
        return {
            table: raw.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("person", "assessment", "rating", "framework_snapshot")
        }


def content(lib: Library, person_id: int) -> dict[str, Any]:
    """What a person's records say, without the ids local to one library."""
    person = people.get_person(lib, person_id)
    result: dict[str, Any] = {
        "person": (person.uid, person.name, person.professional_group, person.job_title),
        "assessments": {},
    }
    for view in assessments.list_assessments(lib, person_id):
        result["assessments"][view.uid] = (
            view.framework_id,
            view.framework_version,
            view.kind,
            view.assessed_on,
            view.status,
            view.completed_at,
            view.progress,
            {b: (r.level, r.evidence) for b, r in assessments.ratings(lib, view.id).items()},
        )
    return result


def fill_first_library(data: Path, tmp_path: Path) -> tuple[int, int]:
    """Ann (the one exported) and Bo (who must not travel with her)."""
    with open_library(data) as lib:
        ann = people.add_person(
            lib, name="Ann Ward", professional_group="clinician", job_title="Consultant"
        )
        bo = people.add_person(lib, name="Bo Secret", professional_group="manager")
        mini = tmp_path / "mini.toml"
        mini.write_text(MINI, encoding="utf-8")
        lib.frameworks.add(mini)
        first = assessments.start_assessment(lib, ann.id, assessed_on=date(2026, 1, 5))
        b = next(lib.frameworks.default().behaviours())[1].id
        assessments.set_rating(lib, first.id, b, level=4, evidence="Chaired the M&M — “well”")
        assessments.complete_assessment(lib, first.id, force=True)
        second = assessments.start_assessment(lib, ann.id, "mini", kind="appraiser")
        assessments.set_rating(lib, second.id, "care-listen", level=2)
        theirs = assessments.start_assessment(lib, bo.id, "mini")
        assessments.set_rating(lib, theirs.id, "care-listen", level=1, evidence="BO-EVIDENCE")
        return ann.id, bo.id


def test_round_trip_between_two_data_folders(tmp_path: Path):
    ann_id, _ = fill_first_library(tmp_path / "one", tmp_path)
    out = tmp_path / "ann.ppf.json"
    with open_library(tmp_path / "one") as lib:
        assert portable.export_person(lib, ann_id, out) == out
        original = content(lib, ann_id)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

    with open_library(tmp_path / "two") as lib:
        people.add_person(lib, name="Someone Else", professional_group="manager")
        result = trusted_import(lib, out)
        assert result.person_created and result.assessments_created == 2
        assert result.person.id != ann_id  # ids are local; uids travel
        assert content(lib, result.person.id) == original
        # The mini framework was never installed here: the carried copy shows it.
        with pytest.raises(NotFound):
            lib.frameworks.get("mini")
        views = assessments.list_assessments(lib, result.person.id)
        mini_view = next(v for v in views if v.framework_id == "mini")
        assert assessments.framework_for(lib, mini_view).title == "Mini framework"
        assessments.set_rating(lib, mini_view.id, "care-explain", level=1)


def test_importing_twice_changes_nothing(tmp_path: Path):
    ann_id, _ = fill_first_library(tmp_path / "one", tmp_path)
    out = tmp_path / "ann.json"
    with open_library(tmp_path / "one") as lib:
        portable.export_person(lib, ann_id, out)
    with open_library(tmp_path / "two") as lib:
        first = trusted_import(lib, out)
        before = table_rows(lib)
        second = trusted_import(lib, out)
        assert table_rows(lib) == before
        assert second.person.id == first.person.id
        assert not second.person_created
        assert (second.assessments_created, second.assessments_updated) == (0, 0)


def test_importing_into_the_library_it_came_from_changes_nothing(tmp_path: Path):
    ann_id, _ = fill_first_library(tmp_path / "one", tmp_path)
    out = tmp_path / "ann.json"
    with open_library(tmp_path / "one") as lib:
        portable.export_person(lib, ann_id, out)
        before = table_rows(lib)
        result = trusted_import(lib, out)
        assert result.person.id == ann_id
        assert table_rows(lib) == before


def test_a_later_file_updates_instead_of_duplicating(tmp_path: Path):
    ann_id, _ = fill_first_library(tmp_path / "one", tmp_path)
    out = tmp_path / "ann.json"
    with open_library(tmp_path / "one") as lib:
        portable.export_person(lib, ann_id, out)
    with open_library(tmp_path / "two") as lib:
        trusted_import(lib, out)
    with open_library(tmp_path / "one") as lib:
        people.update_person(lib, ann_id, job_title="Clinical director")
        draft = next(v for v in assessments.list_assessments(lib, ann_id) if v.kind == "appraiser")
        assessments.set_rating(lib, draft.id, "care-explain", level=1, evidence="new")
        portable.export_person(lib, ann_id, out)
        expected = content(lib, ann_id)
    with open_library(tmp_path / "two") as lib:
        result = trusted_import(lib, out)
        assert (result.assessments_created, result.assessments_updated) == (0, 1)
        assert result.person.job_title == "Clinical director"
        assert content(lib, result.person.id) == expected
        assert len(people.list_people(lib)) == 1


def test_the_file_holds_nothing_of_anyone_else(tmp_path: Path):
    ann_id, bo_id = fill_first_library(tmp_path / "one", tmp_path)
    out = tmp_path / "ann.json"
    with open_library(tmp_path / "one") as lib:
        portable.export_person(lib, ann_id, out)
        bo = people.get_person(lib, bo_id)
        bo_uids = [v.uid for v in assessments.list_assessments(lib, bo_id)]
    text = out.read_text(encoding="utf-8")
    for secret in ("Bo Secret", "BO-EVIDENCE", bo.uid, *bo_uids):
        assert secret not in text
    document = json.loads(text)
    assert document["format"] == "ppf-portable" and document["version"] == 3
    assert document["person"]["name"] == "Ann Ward"
    assert len(document["assessments"]) == 2
    with open_library(tmp_path / "one") as lib:
        default = lib.frameworks.default().key
    assert {(f["id"], f["version"]) for f in document["frameworks"]} == {default, ("mini", "1")}
    assert document["plans"] == []


def test_export_of_unknown_person_or_to_a_missing_folder(tmp_path: Path):
    with open_library(tmp_path / "one") as lib:
        with pytest.raises(NotFound):
            portable.export_person(lib, 7, tmp_path / "x.json")
        person = people.add_person(lib, name="Ann", professional_group="clinician")
        with pytest.raises(UserError) as caught:
            portable.export_person(lib, person.id, tmp_path / "no" / "such" / "x.json")
        assert "does not exist" in caught.value.problems[0]
        with pytest.raises(UserError):
            portable.export_person(lib, person.id, tmp_path)


def test_an_assessment_uid_owned_by_another_person_is_refused(tmp_path: Path):
    ann_id, _ = fill_first_library(tmp_path / "one", tmp_path)
    out = tmp_path / "ann.json"
    with open_library(tmp_path / "one") as lib:
        portable.export_person(lib, ann_id, out)
    document = json.loads(out.read_text(encoding="utf-8"))
    document["person"]["uid"] = "00000000-0000-4000-8000-000000000000"
    seal(document, key_of(tmp_path / "one"))  # a consistent file, signed by its library
    out.write_text(json.dumps(document), encoding="utf-8")
    with open_library(tmp_path / "one") as lib:
        before = table_rows(lib)
        with pytest.raises(UserError) as caught:
            trusted_import(lib, out)
        assert "belongs to another person" in caught.value.problems[0]
        assert table_rows(lib) == before


def test_a_different_framework_under_the_same_id_and_version_is_refused(tmp_path: Path):
    ann_id, _ = fill_first_library(tmp_path / "one", tmp_path)
    out = tmp_path / "ann.json"
    with open_library(tmp_path / "one") as lib:
        portable.export_person(lib, ann_id, out)
    document = json.loads(out.read_text(encoding="utf-8"))
    mini = next(f for f in document["frameworks"] if f["id"] == "mini")
    mini["content"] = mini["content"].replace("Listens", "Listens well")
    mini["sha256"] = assessments.sha256_text(mini["content"])
    seal(document, key_of(tmp_path / "one"))  # a consistent file, signed by its library
    out.write_text(json.dumps(document), encoding="utf-8")
    # Only the kept copy of mini@1 remains to compare with.
    for installed in (tmp_path / "one" / "frameworks").glob("mini*.toml"):
        installed.unlink()
    with open_library(tmp_path / "one") as lib:
        before = table_rows(lib)
        with pytest.raises(UserError) as caught:
            trusted_import(lib, out)
        assert "already holds a different framework mini@1" in caught.value.problems[0]
        assert table_rows(lib) == before


def test_format_version_is_the_contract():
    assert portable_format.FORMAT_NAME == "ppf-portable"
    assert portable_format.FORMAT_VERSION == 3


def test_a_different_installed_framework_with_the_same_key_is_refused(tmp_path: Path):
    ann_id, _ = fill_first_library(tmp_path / "one", tmp_path)
    out = tmp_path / "ann.json"
    with open_library(tmp_path / "one") as lib:
        portable.export_person(lib, ann_id, out)
    other = tmp_path / "other-mini.toml"
    other.write_text(MINI.replace("Explains", "Explains clearly"), encoding="utf-8")
    with open_library(tmp_path / "two") as lib:
        lib.frameworks.add(other)
        before = table_rows(lib)
        with pytest.raises(UserError) as caught:
            trusted_import(lib, out)
        assert "mini@1 installed here has a different text" in caught.value.problems[0]
        assert table_rows(lib) == before
