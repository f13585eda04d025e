"""Portable imports: an older file never undoes a later edit here, and bad content is a
located refusal (exit 2) that changes nothing, never an unexpected error."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ppf_app.cli.main import main as cli_main
from ppf_app.core.errors import UserError
from ppf_app.services import assessments, people, plans, portable
from ppf_app.services.library import open_library
from ppf_app.services.plan_views import ObjectiveInput
from tests.portable.helpers import rewrite, trusted_import


def _export(tmp_path: Path, name: str = "asha.json") -> tuple[Path, Path, int]:
    """A library with one person who rated themselves, and their portable file."""
    data = tmp_path / "mine"
    out = tmp_path / name
    with open_library(data) as lib:
        person = people.add_person(
            lib, name="Asha Patel", professional_group="clinician", job_title="Staff nurse"
        )
        own = assessments.start_assessment(lib, person.id)
        behaviour = next(b.id for _, b in lib.frameworks.default().behaviours())
        assessments.set_rating(lib, own.id, behaviour, level=3, evidence="mine")
        portable.export_person(lib, person.id, out)
    return data, out, person.id


def _rewrite(source: Path, target: Path, change: Any) -> Path:
    """A copy of a portable file changed by ``change(document)``, with a true checksum
    and signed again (by a key of its own, trusted by the import: what is tried here is
    the content)."""
    return rewrite(source, target, change)


def _tables(database: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(database) as raw:
        names = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found = {t: raw.execute(f"SELECT * FROM {t}").fetchall() for t in sorted(names)}
    raw.close()
    return found


def test_an_older_file_never_undoes_a_later_profile_edit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    data, old_file, person_id = _export(tmp_path)
    edited = cli_main(
        ["--data-dir", str(data), "person", "edit", str(person_id), "--job-title", "Matron"]
    )
    assert edited == 0
    assert cli_main(["--data-dir", str(data), "import", str(old_file)]) == 0
    capsys.readouterr()
    with open_library(data) as lib:
        assert people.get_person(lib, person_id).job_title == "Matron"


def test_the_appraiser_round_trip_keeps_the_profile_edited_meanwhile(tmp_path: Path):
    data, to_appraiser, person_id = _export(tmp_path)
    back = tmp_path / "from-appraiser.json"
    with open_library(tmp_path / "appraiser") as lib:
        imported = trusted_import(lib, to_appraiser)
        portable.export_person(lib, imported.person.id, back)
    with open_library(data) as lib:
        people.update_person(lib, person_id, job_title="Matron")
        trusted_import(lib, back)
        assert people.get_person(lib, person_id).job_title == "Matron"


def test_a_newer_profile_in_a_file_still_comes_in(tmp_path: Path):
    data, to_other, person_id = _export(tmp_path)
    newer = tmp_path / "newer.json"
    with open_library(tmp_path / "other") as lib:
        imported = trusted_import(lib, to_other)
        people.update_person(lib, imported.person.id, job_title="Ward manager")
        portable.export_person(lib, imported.person.id, newer)
    with open_library(data) as lib:
        trusted_import(lib, newer)
        assert people.get_person(lib, person_id).job_title == "Ward manager"
        # Both copies now carry the same moment: the same file again changes nothing,
        # and an edit here after it wins over it.
        before = _tables(lib.paths.database)
        trusted_import(lib, newer)
        assert _tables(lib.paths.database) == before
        people.update_person(lib, person_id, job_title="Matron")
        trusted_import(lib, newer)
        assert people.get_person(lib, person_id).job_title == "Matron"


def test_a_level_too_large_for_the_database_is_a_located_refusal(tmp_path: Path):
    data, out, _person_id = _export(tmp_path)

    def huge(document: dict[str, Any]) -> None:
        document["assessments"][0]["ratings"][0]["level"] = 2**63

    bad = _rewrite(out, tmp_path / "huge.json", huge)
    before = _tables(data / "library.sqlite3")
    with open_library(data) as lib, pytest.raises(UserError) as caught:
        trusted_import(lib, bad)
    assert caught.value.problems[0].startswith(f"{bad}: assessments[0].ratings[0].level:")
    assert _tables(data / "library.sqlite3") == before


def _own_framework(document: dict[str, Any], content: str, level: int) -> None:
    content = content.replace('version = "2026.1"', 'version = "9"', 1)
    framework = document["frameworks"][0]
    framework.update(
        version="9", content=content, sha256=hashlib.sha256(content.encode()).hexdigest()
    )
    document["assessments"][0]["framework_version"] = "9"
    document["assessments"][0]["ratings"][0]["level"] = level


def test_a_huge_scale_value_in_a_carried_framework_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    _data, out, _person_id = _export(tmp_path)
    content = json.loads(out.read_text())["frameworks"][0]["content"]
    big = 10**30
    spoiled = re.sub(r"\nvalue = \d+\n", f"\nvalue = {big}\n", content, count=1)
    assert spoiled != content
    bad = _rewrite(out, tmp_path / "big.json", lambda d: _own_framework(d, spoiled, big))
    status = cli_main(["--data-dir", str(tmp_path / "fresh"), "import", str(bad)])
    err = capsys.readouterr().err
    assert status == 2, err
    assert f"{bad}: assessments[0].ratings[0].level:" in err


def test_deep_nesting_in_a_carried_framework_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    _data, out, _person_id = _export(tmp_path)
    content = json.loads(out.read_text())["frameworks"][0]["content"]
    deep = content + "\nx = " + "[" * 3000 + "]" * 3000 + "\n"
    bad = _rewrite(out, tmp_path / "deep.json", lambda d: _own_framework(d, deep, 3))
    status = cli_main(["--data-dir", str(tmp_path / "fresh"), "import", str(bad)])
    err = capsys.readouterr().err
    assert status == 2, err
    # Refused where it is: the carried framework, at the line the nesting goes too deep.
    assert f"{bad}: frameworks[0].content: line " in err
    assert "nested" in err


def test_deep_nesting_and_huge_integers_in_the_json_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    _data, out, _person_id = _export(tmp_path)
    text = out.read_text()
    cases = {
        "deep.json": text.rstrip().removesuffix("}")
        + ', "x": '
        + "[" * 50_000
        + "]" * 50_000
        + "}",
        "nested.json": text.rstrip().removesuffix("}") + ', "x": ' + "[" * 900 + "]" * 900 + "}",
        "digits.json": text.replace('"level": 3', '"level": ' + "9" * 5000, 1),
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_text(content)
        status = cli_main(["--data-dir", str(tmp_path / "fresh"), "import", str(path)])
        err = capsys.readouterr().err
        assert status == 2, (name, err)
        assert err.startswith(f"{path}: "), err


def test_a_plan_uid_taken_by_another_plan_here_is_a_located_refusal(tmp_path: Path):
    data, _out, person_id = _export(tmp_path)
    with open_library(data) as lib:
        own = assessments.list_assessments(lib, person_id)[0]
        plans.add_objective(lib, own.id, ObjectiveInput(text="Lead a safety huddle"))
        taken = plans.get_plan(lib, own.id).uid
    other_data, other_file, _ = _export(tmp_path / "elsewhere", "ben.json")
    with open_library(other_data) as lib:
        other = assessments.list_assessments(lib, 1)[0]
        plans.add_objective(lib, other.id, ObjectiveInput(text="Shadow a matron"))
        plans.set_review_date(lib, other.id, date(2027, 1, 1))
        portable.export_person(lib, 1, other_file)

    def collide(document: dict[str, Any]) -> None:
        document["person"]["uid"] = "0" * 8 + "-0000-4000-8000-" + "0" * 12
        document["plans"][0]["uid"] = taken

    bad = _rewrite(other_file, tmp_path / "collide.json", collide)
    before = _tables(data / "library.sqlite3")
    with open_library(data) as lib, pytest.raises(UserError) as caught:
        trusted_import(lib, bad)
    assert caught.value.problems == [
        f"{bad}: plans[0].uid: this plan belongs to another assessment in this library"
    ]
    assert _tables(data / "library.sqlite3") == before
