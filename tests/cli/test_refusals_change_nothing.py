"""Bad input to ``ppf`` is exit 2 with what and where, and nothing is written first."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ppf_app.cli.main import main as cli_main
from ppf_app.services import people
from ppf_app.services.library import open_library
from tests.conftest import REPO_ROOT

TOO_BIG = str(2**63)


def _library(data: Path) -> tuple[int, Path]:
    """A person with a self assessment, and a CSV of appraiser ratings for them."""
    with open_library(data) as lib:
        person = people.add_person(lib, name="Asha Patel", professional_group="clinician")
        ids = [b.id for _, b in lib.frameworks.default().behaviours()]
    ratings = data.parent / "ratings.csv"
    ratings.write_text(
        "behaviour_id,level\n" + "".join(f"{b},3\n" for b in ids[:5]), encoding="utf-8"
    )
    assert cli_main(["--data-dir", str(data), "assess", "import", "--person", "1",
                     "--ratings", str(ratings)]) == 0  # fmt: skip
    return person.id, ratings


def _assessments(data: Path) -> int:
    with sqlite3.connect(data / "library.sqlite3") as raw:
        found = int(raw.execute("SELECT count(*) FROM assessment").fetchone()[0])
    raw.close()
    return found


@pytest.mark.parametrize(
    ("rated_by", "problem"),
    [
        ("Sam\tLee", "--rated-by: must be one line without control characters"),
        ("S" * 300, "--rated-by: at most 200 characters (found 300)"),
    ],
    ids=["tab", "300-characters"],
)
@pytest.mark.parametrize("kind", ["appraiser", "agreed"])
def test_a_bad_appraiser_name_records_no_assessment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, rated_by: str, problem: str
):
    data = tmp_path / "data"
    person_id, ratings = _library(data)
    capsys.readouterr()
    before = _assessments(data)
    for _attempt in range(2):  # retrying makes no duplicates either
        status = cli_main(
            ["--data-dir", str(data), "assess", "import", "--person", str(person_id),
             "--ratings", str(ratings), "--kind", kind, "--rated-by", rated_by]
        )  # fmt: skip
        captured = capsys.readouterr()
        assert status == 2
        assert captured.out == ""
        assert captured.err.strip() == problem
    assert _assessments(data) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["person", "edit", TOO_BIG, "--job-title", "Matron"],
        ["assess", "list", "--person", TOO_BIG],
        ["assess", "import", "--person", TOO_BIG, "--ratings", "x.csv"],
        ["assess", "sign", "--assessment", TOO_BIG, "--appraisee", "A", "--appraiser", "B"],
        ["plan", "--person", "1", "--assessment", TOO_BIG, "--out", "plan.pdf"],
        ["plan", "--person", "99999999999999999999999", "--out", "plan.pdf"],
        ["brief", "--person", TOO_BIG, "--out", "brief.pdf"],
        ["export", "--person", TOO_BIG, "--out", "x.ppf"],
        ["assess", "list", "--person", "-1"],
        ["assess", "list", "--person", "٣"],
    ],
    ids=lambda argv: "-".join(a for a in argv if a.startswith("--") or a.isalpha())[:40],
)
def test_an_id_out_of_range_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
):
    data = tmp_path / "data"
    with pytest.raises(SystemExit) as caught:
        cli_main(["--data-dir", str(data), *argv])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "is not an id; an id is a whole number from 1 to 9223372036854775807" in err
    assert "argument" in err and "Traceback" not in err
    assert not data.exists(), "a usage error must not even create the data folder"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("command", ["ratings", "portable"])
def test_a_named_pipe_is_refused_at_once_without_the_lock(tmp_path: Path, command: str):
    data = tmp_path / "data"
    open_library(data).close()
    fifo = tmp_path / "input"
    os.mkfifo(fifo)
    if command == "ratings":
        argv = ["assess", "import", "--person", "1", "--ratings", str(fifo)]
    else:
        argv = ["import", str(fifo)]
    done = subprocess.run(
        [sys.executable, "-m", "ppf_app.cli.main", "--data-dir", str(data), *argv],
        capture_output=True,
        text=True,
        timeout=60,  # before the fix: waits for a writer forever, holding the lock
        cwd=REPO_ROOT,
    )
    assert done.returncode == 2, done.stderr
    assert f"{fifo}: is a named pipe (FIFO), not a regular file" in done.stderr
