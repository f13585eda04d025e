"""The Frameworks page: installed frameworks, adding one from a file off the UI thread,
and the loader's messages shown exactly as they are."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ppf_app.services import frameworks, people
from ppf_app.ui.main_window import MainWindow
from tests.ui.test_ui_support import framework_toml, library, ui_settings, window

__all__ = ["library", "ui_settings", "window"]


def add_through_button(qtbot: QtBot, window: MainWindow, path: Path) -> bool:
    page = window.frameworks
    page.ask_framework_file = lambda: path  # type: ignore[method-assign]
    with qtbot.waitSignal(page.add_finished, timeout=10_000) as blocker:
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    return bool(blocker.args and blocker.args[0])


@pytest.mark.gui
def test_adding_a_framework_file(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    window.show_page("frameworks")
    page = window.frameworks
    default = window.context.library.frameworks.default()
    # Both bundled versions: the default and the one it supersedes.
    bundled = [f.key for f in frameworks.list_frameworks(window.context.library)]
    assert bundled == [("ppf", "2026.1"), default.key]
    assert page.model.rowCount() == len(bundled)
    assert page.selected() is not None
    assert page.selected().key == default.key  # type: ignore[union-attr]
    assert default.title in page.details.toPlainText()

    source = tmp_path / "team.toml"
    source.write_text(framework_toml(framework_id="team", values=3, per_value=4))
    assert add_through_button(qtbot, window, source)
    assert page.model.rowCount() == len(bundled) + 1
    assert page.selected().key == ("team", "1")  # type: ignore[union-attr]
    assert "12" in page.model.index(page.model.row_of(("team", "1")), 3).data()
    assert not page.problems_box.isVisible()
    # The home page offers it for a new assessment.
    person = people.add_person(
        window.context.library, name="Ana Lee", professional_group="clinician"
    )
    window.context.set_person(person)
    window.show_page("home")
    assert window.home.framework_picker.findData("team@1") >= 0
    assert [f.key for f in frameworks.list_frameworks(window.context.library)] == sorted(
        [*bundled, ("team", "1")]
    )


@pytest.mark.gui
def test_a_broken_file_shows_every_problem_with_its_location(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.show_page("frameworks")
    page = window.frameworks
    bundled = page.model.rowCount()
    broken = tmp_path / "broken.toml"
    text = framework_toml(framework_id="bad", values=1, per_value=2)
    broken.write_text(text.replace('title = "Value number 1"', 'titel = "Value number 1"'))
    assert not add_through_button(qtbot, window, broken)
    assert page.problems_box.isVisible()
    shown = page.problems.toPlainText().splitlines()
    with pytest.raises(frameworks.FrameworkError) as expected:
        frameworks.validate_file(broken)
    assert shown == expected.value.problems  # exactly the loader's lines
    assert any("values[0]" in line for line in shown)
    assert page.model.rowCount() == bundled  # nothing added
    assert page.add_button.isEnabled()

    syntax = tmp_path / "syntax.toml"
    syntax.write_text("format = 1\n[framework\n")
    assert not add_through_button(qtbot, window, syntax)
    assert f"{syntax}:" in page.problems.toPlainText()
