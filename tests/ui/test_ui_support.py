"""Fixtures and helpers shared by the app's tests (imported by the test_ui_* modules).

Every window gets a fresh library in a temporary data folder, settings in a temporary
ini file, and messages switched to logging (no dialog ever waits for a click).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from ppf_app.services.library import Library, open_library
from ppf_app.ui import errors, messages, settings
from ppf_app.ui.context import AppContext
from ppf_app.ui.main_window import MainWindow


@pytest.fixture
def ui_settings(tmp_path: Path) -> Iterator[Path]:
    """Settings in a temporary ini folder; messages and error dialogs go to the log."""
    folder = tmp_path / "settings"
    settings.use_ini_folder(folder)
    QSettings().clear()
    messages.use_logging()
    errors.use_logging()
    yield folder
    QSettings().clear()


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = open_library(tmp_path / "data")
    yield lib
    lib.close()


def make_window(qtbot: QtBot, library: Library) -> MainWindow:
    window = MainWindow(AppContext(library))
    qtbot.addWidget(window)
    window.restore()
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    return window


@pytest.fixture
def window(qtbot: QtBot, library: Library, ui_settings: Path) -> MainWindow:
    return make_window(qtbot, library)


def framework_toml(
    *,
    framework_id: str = "big",
    values: int = 10,
    per_value: int = 30,
    version: str = "1",
) -> str:
    """A valid framework file with ``values * per_value`` behaviours."""
    lines = [
        "format = 1",
        "",
        "[framework]",
        f'id = "{framework_id}"',
        f'version = "{version}"',
        f'title = "Generated framework {framework_id}"',
        "",
    ]
    for value, label in enumerate(["Rarely", "Sometimes", "Often", "Always"], start=1):
        lines += ["[[scale]]", f"value = {value}", f'label = "{label}"', ""]
    lines += [
        "[[groups]]",
        'id = "clinician"',
        'title = "Clinician"',
        "default_target = 3",
        "",
    ]
    for v in range(values):
        lines += ["[[values]]", f'id = "v{v}"', f'title = "Value number {v + 1}"', ""]
        for b in range(per_value):
            lines += [
                "[[values.behaviours]]",
                f'id = "v{v}-b{b}"',
                f'text = "Behaviour {b + 1} of value {v + 1}, written out as a full sentence."',
                "",
            ]
    return "\n".join(lines)


def test_settings_remember_page_and_person_per_data_folder(ui_settings: Path) -> None:
    first = settings.AppSettings()
    first.set_last_page("frameworks")
    first.set_last_person(Path("/a"), 7)
    first.set_last_person(Path("/b"), 9)
    first.sync()
    again = settings.AppSettings()
    assert again.last_page() == "frameworks"
    assert again.last_person(Path("/a")) == 7
    assert again.last_person(Path("/b")) == 9
    assert again.last_person(Path("/c")) is None
    assert list(ui_settings.rglob("*.ini")), "settings must live in the temporary ini folder"
