"""Real crashes: a writer killed with SIGKILL at random moments, and a full disk."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ppf_app.services.library import open_library
from tests.conftest import REPO_ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix", reason="SIGKILL and RLIMIT_FSIZE are POSIX"),
]

TRIALS = 24
STEPS_PER_TRIAL = 100_000


def _check(database: Path, reported: list[tuple[int, str]]) -> int:
    """Every reported step is in the file unless a later step replaced it, and the file
    is sound; returns the number of ratings."""
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {
            str(behaviour): int(str(evidence).removeprefix("step "))
            for behaviour, evidence in connection.execute(
                "SELECT behaviour_id, evidence FROM rating"
            )
        }
    connection.close()
    last: dict[str, int] = {}
    for step, behaviour in reported:
        last[behaviour] = max(step, last.get(behaviour, step))
    lost = {b: (step, stored.get(b)) for b, step in last.items() if stored.get(b, -1) < step}
    assert lost == {}, f"reported commits lost (behaviour: reported, stored): {lost}"
    # A stored step nobody reported is the one being committed when the kill came: it
    # follows a reported step, or is the first step of its writer.
    reported_steps = {step for step, _b in reported}
    unexplained = {
        b: step
        for b, step in stored.items()
        if step not in reported_steps
        and step - 1 not in reported_steps
        and step % STEPS_PER_TRIAL != 0
    }
    assert unexplained == {}, f"stored steps no writer could have committed: {unexplained}"
    return len(stored)


def _lines(report: Path) -> list[str]:
    return report.read_text().splitlines() if report.exists() else []


def test_sigkill_at_random_moments_loses_no_reported_commit(tmp_path: Path):
    data_dir = tmp_path / "library"
    chance = random.Random(20261126)
    all_reported: list[tuple[int, str]] = []
    forker = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.rating_writer", "--forker", str(data_dir)],
        cwd=REPO_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert forker.stdin is not None and forker.stdout is not None
    try:
        assert forker.stdout.readline().strip() == "forker ready"
        for trial in range(TRIALS):
            report = tmp_path / f"report-{trial}.txt"
            forker.stdin.write(f"{report} {trial * STEPS_PER_TRIAL}\n")
            forker.stdin.flush()
            pid = int(forker.stdout.readline())
            # Mostly while it writes; sometimes while it is still opening the library.
            if chance.random() < 0.25:
                time.sleep(chance.uniform(0.0, 0.08))
            else:
                deadline = time.monotonic() + 20
                while "ready" not in _lines(report) and time.monotonic() < deadline:
                    time.sleep(0.002)
                assert "ready" in _lines(report), f"writer {trial} never became ready"
                time.sleep(chance.uniform(0.0, 0.25))
            os.kill(pid, signal.SIGKILL)
            assert forker.stdout.readline().strip() == "ended"
            all_reported += [
                (int(step), behaviour)
                for step, behaviour in (
                    line.split() for line in _lines(report) if line[0].isdigit()
                )
            ]
            if (data_dir / "library.sqlite3").exists():
                _check(data_dir / "library.sqlite3", all_reported)
    finally:
        forker.kill()
        forker.wait()

    assert len(all_reported) > TRIALS  # the kills did land among commits
    assert _check(data_dir / "library.sqlite3", all_reported) == len(
        {behaviour for _step, behaviour in all_reported}
    )
    # The lock went with the killed writers, and the real open path accepts the file.
    lib = open_library(data_dir)
    lib.close()


def test_full_disk_is_a_clear_error_and_earlier_work_is_intact(tmp_path: Path):
    data_dir = tmp_path / "library"
    result = subprocess.run(
        [sys.executable, "-m", "tests.helpers.disk_filler", str(data_dir), "8"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "saved 8"
    assert result.returncode == 2, result.stderr
    assert "The disk is full or refused the write" in result.stderr
    assert "Your earlier work is safe" in result.stderr
    assert "Traceback" not in result.stderr

    lib = open_library(data_dir)  # the real checks pass: nothing is damaged
    try:
        with lib.db.engine.connect() as connection:
            early = connection.exec_driver_sql(
                "SELECT count(*) FROM rating WHERE evidence = 'early' AND level IS NOT NULL"
            ).scalar()
            integrity = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
    finally:
        lib.close()
    assert early == 8
    assert integrity == "ok"


def test_no_half_made_library_when_the_disk_is_full_at_creation(tmp_path: Path):
    data_dir = tmp_path / "library"
    code = (
        "import resource, signal, sys\n"
        "from ppf_app.core.errors import UserError\n"
        "from ppf_app.services.library import open_library\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (12_000, resource.RLIM_INFINITY))\n"
        "try:\n"
        "    open_library(sys.argv[1])\n"
        "except UserError as exc:\n"
        "    print(exc, file=sys.stderr)\n"
        "    sys.exit(2)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(data_dir)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert "The disk is full or refused the write" in result.stderr
    assert not (data_dir / "library.sqlite3").exists()
    assert [p.name for p in data_dir.iterdir() if p.is_file() and p.name != "library.lock"] == []
    open_library(data_dir).close()  # with room again, it starts normally
