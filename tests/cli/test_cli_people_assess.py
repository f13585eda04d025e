"""``ppf person``, ``ppf assess`` and ``ppf export|import`` through a real subprocess."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from ppf_app.domain.framework import Framework
from ppf_app.services import assessments, people
from ppf_app.services.library import open_library
from tests.helpers.cli import ppf


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def refused(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    return result.stderr.strip().splitlines()


def add_people(data_dir: Path, *names_and_groups: tuple[str, str]) -> None:
    """Set-up done in-process: only the command under test pays for a subprocess."""
    with open_library(data_dir) as lib:
        for name, group in names_and_groups:
            people.add_person(lib, name=name, professional_group=group)


@pytest.fixture
def framework(tmp_path: Path) -> Framework:
    """The default framework (what ``ppf assess import`` uses unless told otherwise)."""
    with open_library(tmp_path / "probe") as lib:
        return lib.frameworks.default()


@pytest.fixture
def behaviour_ids(framework: Framework) -> list[str]:
    """The default framework's behaviours asked of a clinician (Ann's group)."""
    return [b.id for b in framework.behaviours_for("clinician")]


def test_person_add_and_list(tmp_path: Path):
    data = tmp_path / "data"
    assert ok(ppf(data, "person", "add", "--name", "Zoë Adams", "--group", "clinician")) == "1\n"
    second = ppf(
        data,
        "person",
        "add",
        "--name",
        "Ben Cole",
        "--group",
        "manager",
        "--job-title",
        "Service manager",
        "--organisation",
        "North Trust",
    )
    assert ok(second) == "2\n"
    assert ok(ppf(data, "person", "list")) == "2\tBen Cole\tmanager\n1\tZoë Adams\tclinician\n"
    assert ok(ppf(data, "person", "edit", "1", "--group", "clinical-manager")) == ""
    assert "1\tZoë Adams\tclinical-manager" in ok(ppf(data, "person", "list"))


def test_person_add_refuses_an_unknown_group_and_an_empty_name(
    tmp_path: Path, framework: Framework
):
    data = tmp_path / "data"
    lines = refused(ppf(data, "person", "add", "--name", "Ann", "--group", "nurse"))
    groups = [group.id for group in framework.groups]
    assert groups[:3] == ["clinician", "manager", "clinical-manager"]
    assert lines == [
        f"group: 'nurse' is not a professional group; choose one of: {', '.join(groups)}"
    ]
    assert refused(ppf(data, "person", "add", "--name", "  ", "--group", "manager")) == [
        "name: must not be empty"
    ]
    assert ok(ppf(data, "person", "list")) == ""


def test_assess_import_records_a_completed_assessment(
    tmp_path: Path, framework: Framework, behaviour_ids
):
    data = tmp_path / "data"
    add_people(data, ("Ann", "clinician"))
    csv_file = tmp_path / "survey.csv"
    rows = "".join(f"{b},3,seen at work\r\n" for b in behaviour_ids)
    csv_file.write_bytes(("\ufeffbehaviour_id,level,evidence\r\n" + rows).encode("utf-8"))
    out = ppf(
        data, "assess", "import", "--person", "1", "--ratings", csv_file, "--date", "2026-03-31"
    )
    assert ok(out) == "1\n"
    assert out.stderr == ""
    listed = ok(ppf(data, "assess", "list", "--person", "1")).splitlines()
    total = len(behaviour_ids)
    # id, date, kind, framework, status, answered, who rated, the appraisal it belongs to
    key = f"{framework.id}@{framework.version}"
    assert listed == [f"1\t2026-03-31\tself\t{key}\tcomplete\t{total}/{total}\t\t"]
    with open_library(data) as lib:
        saved = assessments.ratings(lib, 1)
    assert {r.level for r in saved.values()} == {3}
    assert len(saved) == total


def test_assess_import_partial_file_notes_the_unanswered(tmp_path: Path):
    data = tmp_path / "data"
    add_people(data, ("Ann", "clinician"))
    with open_library(data) as lib:  # named with --framework: not the default
        older = [b.id for _, b in lib.frameworks.get("ppf", "2026.1").behaviours()]
    csv_file = tmp_path / "part.csv"
    csv_file.write_text(f"behaviour_id,level\n{older[0]},2\n", encoding="utf-8")
    result = ppf(
        data,
        "assess",
        "import",
        "--person",
        "1",
        "--ratings",
        csv_file,
        "--kind",
        "appraiser",
        "--framework",
        "ppf@2026.1",
    )
    assert ok(result) == "1\n"
    assert f"{len(older) - 1} of {len(older)} behaviours have no level" in result.stderr


def test_assess_import_bad_rows_exit_2_and_record_nothing(tmp_path: Path, behaviour_ids):
    data = tmp_path / "data"
    add_people(data, ("Ann", "clinician"))
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(
        f"behaviour_id,level\n{behaviour_ids[0]},3\n{behaviour_ids[0]},4\nnope,2\n",
        encoding="utf-8",
    )
    lines = refused(ppf(data, "assess", "import", "--person", "1", "--ratings", csv_file))
    assert [line.split(": ")[0] for line in lines] == [f"{csv_file}:3", f"{csv_file}:4"]
    assert ok(ppf(data, "assess", "list", "--person", "1")) == ""


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--person", "1", "--date", "31/03/2026"], "is not a date; write it as YYYY-MM-DD"),
        (["--person", "1", "--date", "2026-02-30"], "is not a date"),
        (["--person", "7"], "person 7: no such person"),
        (["--person", "1", "--framework", "nope"], "no framework 'nope' is installed"),
        (["--person", "1", "--framework", "ppf@"], "ID@VERSION"),
        (["--person", "1", "--kind", "peer"], "invalid choice"),
    ],
)
def test_assess_import_bad_arguments_exit_2(tmp_path: Path, behaviour_ids, args, expected):
    data = tmp_path / "data"
    add_people(data, ("Ann", "clinician"))
    csv_file = tmp_path / "r.csv"
    csv_file.write_text(f"behaviour_id,level\n{behaviour_ids[0]},3\n", encoding="utf-8")
    result = ppf(data, "assess", "import", "--ratings", csv_file, *args)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_export_and_import_between_data_folders(tmp_path: Path, behaviour_ids):
    one, two = tmp_path / "one", tmp_path / "two"
    add_people(one, ("Other", "manager"), ("Ann", "clinician"))
    csv_file = tmp_path / "r.csv"
    csv_file.write_text(f"behaviour_id,level\n{behaviour_ids[0]},4\n", encoding="utf-8")
    ok(ppf(one, "assess", "import", "--person", "2", "--ratings", csv_file))
    out = tmp_path / "ann.json"
    assert ok(ppf(one, "export", "--person", "2", "--out", out)) == f"{out}\n"
    assert "Other" not in out.read_text(encoding="utf-8")

    fingerprint = ok(ppf(one, "key", "show")).strip()
    refusal = refused(ppf(two, "import", out))  # the first file from a key: confirm it
    assert any(f"--trust {fingerprint}" in line for line in refusal), refusal
    assert ok(ppf(two, "import", out, "--trust", fingerprint)) == "1\n"
    assert ok(ppf(two, "import", out)) == "1\n"  # known now
    assert ok(ppf(two, "person", "list")) == "1\tAnn\tclinician\n"
    listed = ok(ppf(two, "assess", "list", "--person", "1")).splitlines()
    assert len(listed) == 1 and listed[0].endswith(f"complete\t1/{len(behaviour_ids)}\t\t")


def test_import_of_a_damaged_file_exit_2_without_traceback(tmp_path: Path):
    data = tmp_path / "data"
    add_people(data, ("Ann", "clinician"))
    out = tmp_path / "ann.json"
    ok(ppf(data, "export", "--person", "1", "--out", out))
    document = json.loads(out.read_text(encoding="utf-8"))
    document["version"] = 7
    damaged = tmp_path / "newer.json"
    damaged.write_text(json.dumps(document), encoding="utf-8")
    lines = refused(ppf(data, "import", damaged))
    assert len(lines) == 1 and "newer version of the app" in lines[0]
    truncated = tmp_path / "cut.json"
    truncated.write_bytes(out.read_bytes()[:50])
    assert "not valid JSON" in refused(ppf(data, "import", truncated))[0]
    assert "no such person" in refused(ppf(data, "export", "--person", "9", "--out", out))[0]
    assert "cannot read" in refused(ppf(data, "import", tmp_path / "missing.json"))[0]
