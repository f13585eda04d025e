"""Every page is usable on a small laptop screen.

Two sizes: a 1366x768 laptop at 150 % scaling, whose screen is about 910x512 logical
pixels and leaves 910x480 once a task bar is taken off; and a 1024x768 screen at 100 %
with a 1024x700 window. Each runs in its own process (``tests/ui/screen_fit.py``): the
scale factor must be set before the QApplication exists, and the offscreen platform is
given a screen of that size.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from pytestqt.qtbot import QtBot

from ppf_app.services.library import Library
from ppf_app.ui.main_window import MainWindow
from tests.ui.test_ui_support import library, make_window, ui_settings

__all__ = ["library", "ui_settings"]

REPO_ROOT = Path(__file__).resolve().parents[2]

#: (window width, height, scale factor, screen width, height in device pixels)
SIZES = {
    "1366x768 at 150%": (910, 480, 1.5, 1366, 768),
    "1024x700 at 100%": (1024, 700, 1.0, 1024, 768),
}


def check_in_process(
    tmp_path: Path, width: int, height: int, scale: float, screen: tuple[int, int]
) -> list[str]:
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "laptop",
                        "x": 0,
                        "y": 0,
                        "width": screen[0],
                        "height": screen[1],
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        QT_SCALE_FACTOR=str(scale),
        PPF_DATA_DIR=str(tmp_path / "data"),
        PPF_LOG_DIR=str(tmp_path / "logs"),
    )
    env.pop("QT_SCREEN_SCALE_FACTORS", None)
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.screen_fit", str(width), str(height)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout[done.stdout.index("[") :])
    assert isinstance(found, list)
    return [str(problem) for problem in found]


@pytest.mark.gui
@pytest.mark.parametrize("size", list(SIZES))
def test_every_page_is_usable_on_a_small_screen(tmp_path: Path, size: str) -> None:
    width, height, scale, *screen = SIZES[size]
    problems = check_in_process(tmp_path, width, height, scale, (screen[0], screen[1]))
    assert not problems, f"{size}:\n" + "\n".join(problems)


@pytest.mark.gui
def test_a_saved_window_larger_than_the_screen_is_fitted_to_it(
    qtbot: QtBot, library: Library, ui_settings: Path
) -> None:
    window: MainWindow = make_window(qtbot, library)
    available = window.screen().availableGeometry()
    window.setGeometry(QRect(available.x() - 50, available.y() - 40, 2400, 1600))
    window.settings.set_geometry(window.saveGeometry())
    window.settings.sync()

    again = MainWindow(window.context)
    qtbot.addWidget(again)
    again.restore()
    frame = again.frameGeometry()
    assert available.contains(frame), (frame, available)
    assert again.width() >= again.minimumWidth() and again.height() >= again.minimumHeight()
