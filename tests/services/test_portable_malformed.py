"""Malformed portable files: a clear message, never a traceback, never a partial import."""

from __future__ import annotations

import copy
import json
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppf_app.core.errors import UserError
from ppf_app.domain import portable_format
from ppf_app.services import assessments, people, portable
from ppf_app.services.library import Library, open_library
from tests.portable.helpers import signer_of


def snapshot(lib: Library) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(lib.paths.database) as raw:
        return {
            table: raw.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("person", "assessment", "rating", "framework_snapshot")
        }


@pytest.fixture(scope="module")
def workspace() -> Iterator[tuple[Library, dict[str, Any], Path]]:
    """A library holding someone, and a valid portable file of a second person."""
    folder = Path(tempfile.mkdtemp(prefix="ppf-malformed-"))
    with open_library(folder / "source") as source:
        person = people.add_person(source, name="Ann", professional_group="clinician")
        view = assessments.start_assessment(source, person.id)
        for _, behaviour in list(source.frameworks.default().behaviours())[:3]:
            assessments.set_rating(source, view.id, behaviour.id, level=2, evidence="e")
        portable.export_person(source, person.id, folder / "valid.json")
    document = json.loads((folder / "valid.json").read_text(encoding="utf-8"))
    with open_library(folder / "target") as lib:
        people.add_person(lib, name="Already here", professional_group="manager")
        yield lib, document, folder
    shutil.rmtree(folder, ignore_errors=True)


def import_bytes(lib: Library, folder: Path, data: bytes) -> list[str] | None:
    """Import ``data``; the problems when refused (with the library untouched), else None."""
    path = folder / "candidate.json"
    path.write_bytes(data)
    before = snapshot(lib)
    try:
        # The sender's key, as if compared and confirmed: what is tried here is the content.
        portable.import_portable(lib, path, trust=signer_of(folder / "valid.json"))
    except UserError as exc:
        assert snapshot(lib) == before, "a refused import changed the library"
        assert exc.problems and all(line.startswith(str(path)) for line in exc.problems)
        return exc.problems
    return None


def dumps(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


# -- one case per rule -----------------------------------------------------------------


def mutate(document: dict[str, Any], change: str) -> dict[str, Any]:
    doc = copy.deepcopy(document)
    first = doc["assessments"][0]
    if change == "newer":
        doc["version"] = portable_format.FORMAT_VERSION + 1
        doc["something_new"] = True
    elif change == "unknown_key":
        doc["person"]["nickname"] = "A"
    elif change == "wrong_type":
        first["ratings"][0]["level"] = "2"
    elif change == "float_level":
        first["ratings"][0]["level"] = 2.0
    elif change == "missing_key":
        del doc["person"]["name"]
    elif change == "bad_uid":
        doc["person"]["uid"] = "not-a-uid"
    elif change == "bad_date":
        first["assessed_on"] = "31/03/2026"
    elif change == "unknown_behaviour":
        first["ratings"][0]["behaviour_id"] = "no-such-behaviour"
    elif change == "off_scale":
        first["ratings"][0]["level"] = 9
    elif change == "duplicate_rating":
        first["ratings"].append(copy.deepcopy(first["ratings"][0]))
    elif change == "sha_mismatch":
        doc["frameworks"][0]["sha256"] = "0" * 64
    elif change == "framework_missing":
        doc["frameworks"] = []
    elif change == "broken_framework":
        content = re.sub(
            r"^format = \d+", "format = 'one'", doc["frameworks"][0]["content"], flags=re.M
        )
        doc["frameworks"][0]["content"] = content
        doc["frameworks"][0]["sha256"] = assessments.sha256_text(content)
    elif change == "plans":
        doc["plans"] = [{"title": "x"}]
    elif change == "not_portable":
        doc["format"] = "something-else"
    elif change == "two_lines_name":
        doc["person"]["name"] = "Ann\nSmith"
    elif change == "bad_kind":
        first["kind"] = "peer"
    elif change == "duplicate_assessment":
        doc["assessments"].append(copy.deepcopy(first))
    return doc


EXPECTED = {
    "newer": "newer version of the app",
    "unknown_key": "person.nickname: unknown key",
    "wrong_type": "assessments[0].ratings[0].level:",
    "float_level": "assessments[0].ratings[0].level:",
    "missing_key": "person.name: required key is missing",
    "bad_uid": "person.uid:",
    "bad_date": "assessments[0].assessed_on:",
    "unknown_behaviour": "assessments[0].ratings[0].behaviour_id:",
    "off_scale": "assessments[0].ratings[0].level: level 9 is not on the scale",
    "duplicate_rating": "is rated twice",
    "sha_mismatch": "frameworks[0].sha256: does not match the content",
    "framework_missing": "is not in the file's frameworks",
    "broken_framework": "frameworks[0].content",
    "plans": "plans[0].title: unknown key",
    "not_portable": "not a PPF portable file",
    "two_lines_name": "person.name: value error, must be one line",
    "bad_kind": "assessments[0].kind:",
    "duplicate_assessment": "the same uid as assessments[0]",
}


@pytest.mark.parametrize("change", sorted(EXPECTED))
def test_each_rule_gives_a_located_message(workspace, change: str):
    lib, document, folder = workspace
    problems = import_bytes(lib, folder, dumps(mutate(document, change)))
    assert problems is not None, f"{change} was accepted"
    assert any(EXPECTED[change] in line for line in problems), problems


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "line 1, column 1: not valid JSON"),
        (b"{", "not valid JSON"),
        (b"[1, 2]", "not a PPF portable file"),
        (b'{"format": "ppf-portable", "version": 1, "person": "\xff"}', "line 1: not valid UTF-8"),
        (b"[" * 100_000, "not valid JSON"),
        (b'{"a": ' + b"9" * 5000 + b"}", "not valid JSON"),
    ],
)
def test_files_that_are_not_json(workspace, data: bytes, expected: str):
    lib, _, folder = workspace
    problems = import_bytes(lib, folder, data)
    assert problems is not None and expected in problems[0], problems


def test_a_valid_file_still_imports_after_all_that(workspace):
    lib, document, folder = workspace
    assert import_bytes(lib, folder, dumps(document)) is None
    assert len(people.list_people(lib)) == 2


def test_too_large_file_is_refused_from_its_size(workspace, tmp_path: Path):
    lib, _, _ = workspace
    path = tmp_path / "big.json"
    with path.open("wb") as handle:
        handle.truncate(portable_format.MAX_BYTES + 1)
    with pytest.raises(UserError) as caught:
        portable.import_portable(lib, path)
    assert caught.value.problems == [f"{path}: larger than 20 MiB"]


# -- generated damage ------------------------------------------------------------------

json_leaf = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(["2026-01-01", "ppf", "2026.1", "self", "complete", "\ud800"])
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


def paths_in(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "content":  # framework text: too long to walk usefully
                found.extend(paths_in(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node[:3]):
            found.extend(paths_in(value, (*prefix, index)))
    return found


def apply_mutation(doc: Any, path: tuple[Any, ...], action: str, value: Any) -> Any:
    if not path:
        return value
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "add" and isinstance(parent[last], dict):
        parent[last]["zz_extra"] = value
    else:
        parent[last] = value
    return doc


settings_for_generated = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@settings_for_generated
@given(data=st.data())
def test_mutated_documents_never_crash_or_half_import(workspace, data: st.DataObject):
    lib, document, folder = workspace
    doc = copy.deepcopy(document)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3), label="mutations")):
        path = data.draw(st.sampled_from(paths_in(doc)), label="path")
        action = data.draw(st.sampled_from(["replace", "delete", "add"]), label="action")
        doc = apply_mutation(doc, path, action, data.draw(json_value, label="value"))
    try:
        encoded = json.dumps(doc, ensure_ascii=data.draw(st.booleans())).encode(
            "utf-8", "surrogatepass"
        )
    except (TypeError, ValueError):
        return
    import_bytes(lib, folder, encoded)


@settings_for_generated
@given(cut=st.floats(min_value=0, max_value=1), junk=st.binary(max_size=16))
def test_truncated_or_damaged_bytes_never_crash(workspace, cut: float, junk: bytes):
    lib, document, folder = workspace
    valid = dumps(document)
    damaged = valid[: int(len(valid) * cut)] + junk
    problems = import_bytes(lib, folder, damaged)
    try:
        same = json.loads(damaged) == document
    except ValueError:
        same = False
    if not same:
        assert problems is not None
