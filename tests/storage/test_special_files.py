"""No file in the data folder can stop the app or a command starting: a named pipe, a
folder or a device where a file belongs is refused (or ignored) at once, never waited on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ppf_app.services import people
from ppf_app.services.library import open_library
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


def ppf(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ppf_app.cli.main", "--data-dir", str(data_dir), "--wait", "0",
         *args],
        capture_output=True,
        text=True,
        timeout=60,  # a read waiting on a named pipe would never end
        cwd=REPO_ROOT,
    )  # fmt: skip


def _library(data_dir: Path) -> None:
    with open_library(data_dir) as lib:
        people.add_person(lib, name="Asha Patel", professional_group="clinician")


@pytest.mark.parametrize(
    ("name", "wording"),
    [
        ("library.sqlite3", "is not a database: it is a named pipe (FIFO), not a file"),
        ("library.sqlite3-wal", "library.sqlite3-wal is a named pipe (FIFO), not a file"),
        ("library.lock", "library.lock cannot be opened (it is not a regular file"),
    ],
)
def test_a_named_pipe_in_place_of_a_library_file_is_refused_at_once(
    data_dir: Path, name: str, wording: str
):
    _library(data_dir)
    target = data_dir / name
    target.unlink(missing_ok=True)
    os.mkfifo(target)
    result = ppf(data_dir, "person", "list")
    assert result.returncode == 2, result.stderr
    assert wording in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert target.exists() and not target.is_file()  # left as it was found


def test_a_named_pipe_as_the_backup_state_is_ignored(data_dir: Path):
    _library(data_dir)
    state = data_dir / "library.sqlite3.backup-state"
    state.unlink(missing_ok=True)
    os.mkfifo(state)
    result = ppf(data_dir, "person", "list")
    assert result.returncode == 0, result.stderr
    assert "Asha Patel" in result.stdout
