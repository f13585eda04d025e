"""A busy library: ``ppf`` waits for it (``--wait``), the app refuses at once, and both
say who has it open."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ppf_app.cli.main import main as cli_main
from ppf_app.core import process
from ppf_app.core.paths import DataPaths
from ppf_app.services.library import DataFolderError, DataFolderProblem, open_library
from ppf_app.storage.lock import WriterLock, read_holder
from tests.conftest import REPO_ROOT

HOLDER = (
    "import sys, time\n"
    "from ppf_app.core import process\n"
    "from ppf_app.services.library import open_library\n"
    "with process.settings(program='ppf assess import'):\n"
    "    lib = open_library(sys.argv[1])\n"
    "print('open', flush=True)\n"
    "time.sleep(float(sys.argv[2]))\n"
    "lib.close()\n"
)


def _hold(data_dir: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir), str(seconds)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
    return holder


def ppf(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ppf_app.cli.main", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
    )


def test_the_lock_file_names_its_holder_while_held(data_dir: Path):
    with process.settings(program="ppf person add"), open_library(data_dir) as lib:
        record = read_holder(lib.paths)
        assert record is not None
        assert record["program"] == "ppf person add"
        assert record["pid"] == os.getpid()
        assert record["host"] == socket.gethostname()
    assert read_holder(DataPaths(data_dir)) is None  # released: no stale record


def test_a_second_opener_in_the_app_is_refused_at_once_and_told_who(data_dir: Path):
    holder = _hold(data_dir, 30)
    try:
        started = time.monotonic()
        with pytest.raises(DataFolderError) as caught:
            open_library(data_dir)  # the app's default: no wait
        assert time.monotonic() - started < 2
        assert caught.value.kind is DataFolderProblem.LOCKED
        message = str(caught.value)
        assert "already open in another PPF Self-Assessment window or command" in message
        assert f"ppf assess import (process {holder.pid} on {socket.gethostname()}" in message
    finally:
        holder.kill()
        holder.wait()


def test_ppf_waits_for_a_command_that_finishes(data_dir: Path):
    open_library(data_dir).close()
    holder = _hold(data_dir, 1.5)
    try:
        started = time.monotonic()
        result = ppf(data_dir, "person", "add", "--name", "Ben Cole", "--group", "manager")
        assert result.returncode == 0, result.stderr
        assert result.stdout == "1\n"
        assert time.monotonic() - started >= 1.0  # it did wait
    finally:
        holder.wait(timeout=30)


def test_ppf_gives_up_after_its_wait_and_says_who(data_dir: Path):
    open_library(data_dir).close()
    holder = _hold(data_dir, 60)
    try:
        started = time.monotonic()
        result = ppf(data_dir, "--wait", "1", "person", "list")
        took = time.monotonic() - started
        assert result.returncode == 2, result.stderr
        assert "It was still open after waiting 1 seconds" in result.stderr
        assert f"ppf assess import (process {holder.pid}" in result.stderr
        assert 1.0 <= took < 30
        started = time.monotonic()
        result = ppf(data_dir, "--wait", "0", "person", "list")
        assert result.returncode == 2 and "already open" in result.stderr
        assert "waiting" not in result.stderr
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("value", ["-1", "ten", "1e3", "86401", "٣"])
def test_wait_must_be_seconds(data_dir: Path, capsys: pytest.CaptureFixture[str], value: str):
    with pytest.raises(SystemExit) as caught:
        cli_main(["--data-dir", str(data_dir), "--wait", value, "person", "list"])
    assert caught.value.code == 2
    assert "is not a number of seconds" in capsys.readouterr().err


def test_the_cli_leaves_the_process_settings_as_they_were(data_dir: Path):
    assert cli_main(["--data-dir", str(data_dir), "--wait", "3", "person", "list"]) == 0
    assert process.lock_wait() == 0.0
    with WriterLock(DataPaths(data_dir)) as lock:
        assert lock.held


FRAMEWORK = """format = 1

[framework]
id = "race-values"
version = "1"
title = "{title}"

[[scale]]
value = 1
label = "Developing"

[[scale]]
value = 2
label = "Role model"

[[values]]
id = "kindness"
title = "Kindness"

[[values.behaviours]]
id = "k-listen"
text = "I listen to patients and colleagues."
"""


def test_two_adds_of_one_framework_version_with_different_content_conflict(tmp_path: Path):
    data_dir = tmp_path / "library"
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    first.write_text(FRAMEWORK.format(title="First text"), encoding="utf-8")
    second.write_text(FRAMEWORK.format(title="Second text"), encoding="utf-8")
    paths = DataPaths(data_dir).ensure()
    command = [sys.executable, "-m", "ppf_app.cli.main", "--data-dir", str(data_dir)]
    with WriterLock(paths, wait=0):  # both start while the folder is busy, then race
        racers = [
            subprocess.Popen(
                [*command, "--wait", "60", "framework", "add", str(path)],
                cwd=REPO_ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for path in (first, second)
        ]
        time.sleep(1.5)
    results = [(racer.wait(timeout=120), *racer.communicate()) for racer in racers]
    statuses = sorted(status for status, _out, _err in results)
    assert statuses == [0, 2], results
    loser_err = next(err for status, _out, err in results if status == 2)
    assert "already installed with different content" in loser_err
    installed = sorted(p.name for p in paths.frameworks.iterdir())
    assert installed == ["race-values@1.toml"], installed


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_framework_add_refuses_a_named_pipe_at_once(tmp_path: Path):
    fifo = tmp_path / "framework.toml"
    os.mkfifo(fifo)
    result = ppf(tmp_path / "library", "framework", "add", str(fifo))
    assert result.returncode == 2, result.stderr
    assert f"{fifo}: is not a regular file" in result.stderr
