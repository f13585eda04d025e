"""Starting an assessment on the home page: the group it is made for is chosen from the
framework's own groups, the person's usual group preselected; the rating page then asks
what that group is asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ppf_app.services import frameworks, people
from ppf_app.services.library import open_library
from ppf_app.ui import messages
from tests.ui.test_ui_support import make_window, ui_settings

__all__ = ["ui_settings"]

BOARD = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "frameworks"
    / "format2"
    / "board-leadership.toml"
)


@pytest.mark.gui
def test_the_group_is_chosen_per_assessment(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path
) -> None:
    lib = open_library(tmp_path / "data")
    try:
        frameworks.add_framework(lib, BOARD)
        nia = people.add_person(lib, name="Nia Edwards", professional_group="non-executive")
        window = make_window(qtbot, lib)
        window.context.set_person(nia)
        window.show_page("home")
        home = window.home
        home.framework_picker.setCurrentIndex(
            home.framework_picker.findData("board-leadership@2025.1")
        )
        assert home.group_picker.isVisible()
        groups = [home.group_picker.itemData(i) for i in range(home.group_picker.count())]
        assert groups == ["chair", "non-executive", "executive"]
        assert home.group_picker.currentData() == "non-executive"  # her usual group

        # Made for the chair's role this time: the chair-only behaviours are asked.
        home.group_picker.setCurrentIndex(home.group_picker.findData("chair"))
        home.start_new()
        page = window.assessment
        assert page.assessment is not None and page.assessment.group_id == "chair"
        assert "bl-strategy-agenda" in {row.behaviour_id for row in page.rows()}

        # A person whose usual group the framework lacks chooses one; Start asks for it.
        ann = people.add_person(lib, name="Ann Lee", professional_group="clinician")
        window.context.set_person(ann)
        window.show_page("home")
        home.framework_picker.setCurrentIndex(
            home.framework_picker.findData("board-leadership@2025.1")
        )
        assert home.group_picker.currentIndex() == -1
        started = page.assessment
        home.start_new()
        assert messages.shown()[-1][1] == "Choose a group"
        assert window.assessment.assessment == started  # nothing started

        # The bundled framework: her usual group is there and preselected.
        default = lib.frameworks.default()
        home.framework_picker.setCurrentIndex(
            home.framework_picker.findData(f"{default.id}@{default.version}")
        )
        assert home.group_picker.currentData() == "clinician"
        window.close()
    finally:
        lib.close()
