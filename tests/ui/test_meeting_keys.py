"""The meeting table at the keyboard: a number key agrees the selected behaviour at that
level of the scale, Delete takes it away; the table opens on the largest difference."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ppf_app.services import appraisal, assessments, people
from ppf_app.services.library import open_library
from tests.ui.test_ui_support import make_window, ui_settings

__all__ = ["ui_settings"]


@pytest.mark.gui
def test_number_keys_agree_the_selected_behaviour(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path
) -> None:
    lib = open_library(tmp_path / "data")
    try:
        ann = people.add_person(lib, name="Ann Lee", professional_group="clinician")
        own = assessments.start_assessment(lib, ann.id)
        framework = assessments.framework_for(lib, own)
        asked = [b.id for b in framework.behaviours_for(own.group_id or None)][:4]
        for behaviour_id in asked:
            assessments.set_rating(lib, own.id, behaviour_id, level=framework.scale_values[2])
        record = appraisal.open_for(lib, own.id, appraiser_name="Grace Hopper")
        theirs = appraisal.rate_as_appraiser(lib, record.id, appraiser_name="Grace Hopper")
        # The third behaviour differs most: two levels.
        assessments.set_rating(lib, theirs.id, asked[2], level=framework.scale_values[0])
        assessments.set_rating(lib, theirs.id, asked[0], level=framework.scale_values[3])

        window = make_window(qtbot, lib)
        window.go("meeting", record.id)
        page = window.meeting
        assert page.selected_behaviour() == asked[2]  # the largest difference, at the top
        assert page.table.verticalScrollBar().value() == 0
        assert page.model.columnCount() == 5  # the note is beside the table, not in it

        page.table.setFocus()
        qtbot.keyClick(page.table, Qt.Key.Key_2)
        agreed = appraisal.agreed_levels(lib, record.id)
        assert agreed[asked[2]][0] == framework.scale_values[1]  # 2: the second level
        assert page.selected_behaviour() == asked[2]  # still on it, to write the note

        qtbot.keyClick(page.table, Qt.Key.Key_Down)
        moved_to = page.selected_behaviour()
        assert moved_to is not None and moved_to != asked[2]
        qtbot.keyClick(page.table, Qt.Key.Key_4)
        assert appraisal.agreed_levels(lib, record.id)[moved_to][0] == framework.scale_values[3]
        qtbot.keyClick(page.table, Qt.Key.Key_Delete)
        assert moved_to not in appraisal.agreed_levels(lib, record.id)
        # A key past the top of the scale changes nothing.
        qtbot.keyClick(page.table, Qt.Key.Key_9)
        assert moved_to not in appraisal.agreed_levels(lib, record.id)
        window.close()
    finally:
        lib.close()


@pytest.mark.gui
def test_n_agrees_not_applicable_where_the_behaviour_offers_it(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path
) -> None:
    from ppf_app.domain.answers import NOT_APPLICABLE
    from ppf_app.services import frameworks

    board = Path(__file__).resolve().parents[1] / "data" / "frameworks" / "format2"
    lib = open_library(tmp_path / "data")
    try:
        frameworks.add_framework(lib, board / "board-leadership.toml")
        nia = people.add_person(lib, name="Nia Edwards", professional_group="chair")
        own = assessments.start_assessment(lib, nia.id, framework_id="board-leadership")
        assessments.set_rating(lib, own.id, "bl-outcomes-evidence", level=NOT_APPLICABLE)
        assessments.set_rating(lib, own.id, "bl-strategy-agenda", level=2)
        record = appraisal.open_for(lib, own.id, appraiser_name="Grace Hopper")
        window = make_window(qtbot, lib)
        window.go("meeting", record.id)
        page = window.meeting
        model = page.model
        rows = {row.behaviour_id: index for index, row in enumerate(model.rows())}
        self_column = model.index(rows["bl-outcomes-evidence"], model.SELF)
        assert self_column.data() == "No chance to demonstrate"

        page.table.setFocus()
        page.select_behaviour("bl-outcomes-evidence")
        qtbot.keyClick(page.table, Qt.Key.Key_N)
        assert appraisal.agreed_levels(lib, record.id)["bl-outcomes-evidence"][0] is (
            NOT_APPLICABLE
        )
        assert page.agreed.currentText() == "No chance to demonstrate"
        # The chair-only agenda behaviour offers no "not applicable": N does nothing.
        page.select_behaviour("bl-strategy-agenda")
        qtbot.keyClick(page.table, Qt.Key.Key_N)
        assert "bl-strategy-agenda" not in appraisal.agreed_levels(lib, record.id)
        window.close()
    finally:
        lib.close()
