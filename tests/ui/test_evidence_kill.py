"""Typed evidence survives a kill: saved within half a second of the last keystroke, and
at once when the focus leaves the note.

The app runs in its own process (tests/ui/evidence_typist.py) and types with real key
events; this test kills it with SIGKILL and reads the library back.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ppf_app.services import assessments
from ppf_app.services.library import open_library
from ppf_app.ui.widgets.behaviour_row import EVIDENCE_DEBOUNCE_MS, BehaviourRow
from ppf_app.ui.widgets.rating_control import Level
from tests.conftest import REPO_ROOT
from tests.ui.lines import Lines

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

TEXT = "Led the handover when the registrar was called away"


def start_typist(tmp_path: Path, mode: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO_ROOT))
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.ui.evidence_typist",
            str(tmp_path / "data"),
            str(tmp_path / "settings"),
            mode,
            TEXT,
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def stored_evidence(data: Path, assessment_id: int, behaviour_id: str) -> str:
    library = open_library(data)
    try:
        rating = assessments.ratings(library, assessment_id).get(behaviour_id)
        return rating.evidence if rating is not None else ""
    finally:
        library.close()


@pytest.mark.slow
@pytest.mark.gui
def test_evidence_typed_then_killed_half_a_second_later_is_saved(tmp_path: Path) -> None:
    process = start_typist(tmp_path, "stop")
    lines = Lines(process)
    try:
        _, assessment_id, behaviour_id = lines.next().split()
        word, stopped = lines.next().split()
        assert word == "typed"
        # Half a second after the last keystroke (the clock is the system's, shared).
        time.sleep(max(0.0, float(stopped) + 0.5 - time.monotonic()))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert stored_evidence(tmp_path / "data", int(assessment_id), behaviour_id) == TEXT


@pytest.mark.slow
@pytest.mark.gui
def test_evidence_is_saved_the_moment_the_focus_leaves_it(tmp_path: Path) -> None:
    process = start_typist(tmp_path, "tab")
    lines = Lines(process)
    try:
        _, assessment_id, behaviour_id = lines.next().split()
        assert lines.next().split()[0] == "moved"
        process.send_signal(signal.SIGKILL)  # no time at all for a timer
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)
    assert stored_evidence(tmp_path / "data", int(assessment_id), behaviour_id) == TEXT


@pytest.mark.gui
def test_evidence_waits_400_ms_after_the_last_keystroke(qtbot: QtBot) -> None:
    assert EVIDENCE_DEBOUNCE_MS == 400
    row = BehaviourRow("b1", "1.1", "I listen", [Level(1, "Rarely"), Level(2, "Often")])
    holder = QWidget()
    qtbot.addWidget(holder)
    row.setParent(holder)
    holder.show()
    qtbot.waitExposed(holder)
    saved: list[tuple[str, float]] = []
    started = time.monotonic()
    row.evidence_edited.connect(lambda _id, text: saved.append((text, time.monotonic())))
    row.evidence.setFocus()
    qtbot.keyClicks(row.evidence, "abc")
    typed = time.monotonic()
    assert saved == []
    qtbot.waitUntil(lambda: bool(saved), timeout=2000)
    text, at = saved[0]
    assert text == "abc"
    assert 0.35 <= at - typed <= 0.5 + (typed - started)
    # Each keystroke starts the wait again; a focus change saves at once.
    qtbot.keyClicks(row.evidence, "d")
    row.rating.setFocus()
    assert saved[-1][0] == "abcd"
    assert not row._debounce.isActive()
    # Nothing pending: no second save on the next focus change.
    row.evidence.setFocus()
    row.rating.setFocus()
    QTimer.singleShot(0, lambda: None)
    assert [t for t, _ in saved] == ["abc", "abcd"]
    assert row.rating.focusPolicy() == Qt.FocusPolicy.StrongFocus
