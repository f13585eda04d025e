"""Outputs never replace a file of the data folder; logs and output folders keep personal
data private."""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from pathlib import Path

import pytest

from ppf_app.cli.main import main as cli_main
from ppf_app.core.errors import UserError
from ppf_app.core.files import write_private_atomic
from ppf_app.core.logs import REDACTED, redact_arguments
from ppf_app.services import assessments, people
from ppf_app.services.library import open_library


def _library(data: Path) -> int:
    with open_library(data) as lib:
        person = people.add_person(lib, name="Asha Patel", professional_group="clinician")
        own = assessments.start_assessment(lib, person.id)
        for behaviour in lib.frameworks.default().behaviours_for(own.group_id or None):
            assessments.set_rating(lib, own.id, behaviour.id, level=3, evidence="")
        assessments.complete_assessment(lib, own.id, force=True)
        return person.id


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "library.lock"
    }


@pytest.mark.parametrize(
    "argv",
    [
        ["plan", "--person", "1", "--out", "{data}/library.sqlite3"],
        ["brief", "--person", "1", "--out", "{data}/library.sqlite3"],
        ["export", "--person", "1", "--out", "{data}/library.sqlite3"],
        ["export", "--person", "1", "--out", "{data}/backups/copy.ppf"],
        ["plan", "--person", "1", "--out", "{data}/../data/plan.pdf"],
        ["plan", "--all", "--out-dir", "{data}"],
        ["plan", "--all", "--out-dir", "{data}/plans"],
    ],
    ids=["plan", "brief", "export", "export-into-backups", "dot-dot", "out-dir", "out-dir-below"],
)
def test_no_output_may_be_a_file_of_the_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
):
    data = tmp_path / "data"
    _library(data)
    before = _digests(data)
    argv = [arg.replace("{data}", str(data)) for arg in argv]
    assert cli_main(["--data-dir", str(data), *argv]) == 2
    err = capsys.readouterr().err
    assert f"is in the data folder {data.resolve()}" in err, err
    assert _digests(data) == before
    assert not (data / "plans").exists()


def test_a_link_into_the_data_folder_is_refused_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    data = tmp_path / "data"
    _library(data)
    link = tmp_path / "plan.pdf"
    link.symlink_to(data / "library.sqlite3")
    before = _digests(data)
    assert cli_main(["--data-dir", str(data), "plan", "--person", "1", "--out", str(link)]) == 2
    assert "is in the data folder" in capsys.readouterr().err
    assert _digests(data) == before


def test_the_writer_itself_refuses_any_data_folder(tmp_path: Path):
    """The app's save dialogs write through the same function: another data folder, or
    one whose name the caller does not know, is refused all the same."""
    data = tmp_path / "elsewhere"
    open_library(data).close()
    for target in (data / "library.sqlite3", data / "plan.pdf", data / "frameworks" / "x.pdf"):
        with pytest.raises(UserError) as caught:
            write_private_atomic(target, b"%PDF-1.4")
        assert f"is in the data folder {data.resolve()}" in caught.value.problems[0]
    assert write_private_atomic(tmp_path / "plan.pdf", b"%PDF-1.4").exists()


def test_an_unexpected_error_logs_no_personal_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    data = tmp_path / "Asha-Patel-records"
    _library(data)

    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr("ppf_app.services.people.add_person", broken)
    with caplog.at_level(logging.CRITICAL):
        status = cli_main(
            ["--data-dir", str(data), "person", "add", "--name", "Sam Lee",
             "--group", "manager", "--organisation=Asha Patel Trust"]
        )  # fmt: skip
    assert status == 1
    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.CRITICAL)
    assert "Unexpected error in ppf" in logged
    for personal in ("Asha", "Patel", "Sam Lee"):
        assert personal not in logged, logged
    assert "person add --name <redacted> --group manager --organisation=<redacted>" in logged


def test_redaction_keeps_commands_options_and_ids():
    words = {"person", "add", "plan", "import"}
    safe = {"--person", "--kind"}
    assert redact_arguments(
        ["--data-dir", "/home/asha", "person", "add", "--name=Asha Patel", "--group", "nurse"],
        words,
        safe,
    ) == ["--data-dir", REDACTED, "person", "add", f"--name={REDACTED}", "--group", REDACTED]
    assert redact_arguments(["plan", "--person", "3", "--out", "asha-patel.pdf"], words, safe) == [
        "plan",
        "--person",
        "3",
        "--out",
        REDACTED,
    ]
    assert redact_arguments(["import", "asha.ppf", "12"], words, safe) == [
        "import",
        REDACTED,
        "12",
    ]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_plan_all_makes_its_folders_private_under_any_umask(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    data = tmp_path / "data"
    _library(data)
    out = tmp_path / "team" / "plans"
    old = os.umask(0)
    try:
        assert cli_main(["--data-dir", str(data), "plan", "--all", "--out-dir", str(out)]) == 0
    finally:
        os.umask(old)
    capsys.readouterr()
    for folder in (tmp_path / "team", out):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for pdf in out.iterdir():
        assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
