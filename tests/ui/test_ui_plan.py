"""The Plan page: objectives made from suggestions, edited and saved as they are typed,
still there after the window is closed and the library opened again; Save as PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from ppf_app.services import assessments, people, plans
from ppf_app.services.library import Library, open_library
from ppf_app.services.plan_views import ObjectiveView
from ppf_app.services.unit import perform
from ppf_app.services.views import AssessmentView
from ppf_app.ui import pdf_export
from ppf_app.ui.carry_forward import CarryForwardDialog
from ppf_app.ui.main_window import MainWindow
from ppf_app.ui.models.objectives_model import ObjectivesModel
from ppf_app.ui.widgets.objective_editor import NO_DATE
from tests.ui.test_ui_support import make_window, ui_settings

__all__ = ["ui_settings"]


def assessed_below_target(lib: Library) -> AssessmentView:
    """A completed assessment, every behaviour its group is asked rated at the bottom of
    the scale: every area is suggested."""
    person = people.add_person(lib, name="Grace Adeyemi", professional_group="clinician")
    view = assessments.start_assessment(lib, person.id, assessed_on=date(2026, 3, 2))
    framework = lib.frameworks.default()
    for behaviour in framework.behaviours_for(view.group_id or None):
        assessments.set_rating(lib, view.id, behaviour.id, level=framework.scale_values[0])
    assessments.complete_assessment(lib, view.id)
    return view


def type_into(qtbot: QtBot, widget: object, text: str) -> None:
    qtbot.keyClicks(widget, text)


def open_plan(qtbot: QtBot, lib: Library, view: AssessmentView) -> MainWindow:
    window = make_window(qtbot, lib)
    window.go("results", view.id)
    qtbot.mouseClick(window.results.plan_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.plan
    return window


@pytest.fixture
def no_viewer() -> object:
    pdf_export.record_viewer()
    yield
    pdf_export.use_viewer()


@pytest.mark.gui
@pytest.mark.slow
def test_objectives_from_suggestions_edited_and_there_after_reopening(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path
) -> None:
    data = tmp_path / "data"
    lib = open_library(data)
    view = assessed_below_target(lib)
    window = open_plan(qtbot, lib, view)
    page = window.plan
    suggestions = plans.objectives_from_suggestions(lib, view.id)
    assert len(page.cards) == len(suggestions) >= 2
    assert all(card.reason.text() for card in page.cards)

    # Two suggestions become objectives; the second added is selected for editing.
    qtbot.mouseClick(page.cards[0].add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.cards[1].add_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 2
    assert page.editor.objective_uid == page.model.row_at(1).uid
    assert page.model.index(1, ObjectivesModel.OBJECTIVE).data() == suggestions[1].text

    editor = page.editor
    # Linked behaviours: the area's behaviours below target are checked.
    assert set(editor.linked_behaviours()) == set(suggestions[1].behaviour_ids)
    # The activity combo offers the area's activities.
    offered = [editor.activity.itemText(i) for i in range(editor.activity.count())]
    assert suggestions[1].activity in offered

    # Type the objective text: saved without waiting for anything but the debounce.
    editor.objective.setFocus()
    editor.objective.selectAll()
    type_into(qtbot, editor.objective, "Chair the monthly safety huddle")
    editor.support.setFocus()  # focus-out flushes at once
    editor.support.selectAll()
    type_into(qtbot, editor.support, "Ward manager as mentor")
    editor.success_measure.setFocus()
    editor.success_measure.selectAll()
    type_into(qtbot, editor.success_measure, "Six huddles chaired")
    editor.activity.setFocus()
    editor.activity.lineEdit().selectAll()
    type_into(qtbot, editor.activity.lineEdit(), "Shadow the matron")
    editor.target_date.setDate(QDate(2026, 9, 30))
    editor.status.setCurrentIndex(editor.status.findData("in_progress"))
    # Uncheck the first linked behaviour.
    for row in range(editor.behaviours.count()):
        item = editor.behaviours.item(row)
        if item.checkState() == Qt.CheckState.Checked:
            item.setCheckState(Qt.CheckState.Unchecked)
            unchecked = str(item.data(Qt.ItemDataRole.UserRole))
            break
    page.review_date.setDate(QDate(2026, 12, 1))
    # The last keystrokes are still in the debounce when the window closes.
    editor.success_measure.setFocus()
    editor.success_measure.end(False)
    type_into(qtbot, editor.success_measure, " by September")
    assert editor.has_pending()
    window.close()

    stored = plans.get_plan(lib, view.id)
    lib.close()

    # Open the same data folder again: everything is there.
    lib2 = open_library(data)
    try:
        plan = plans.get_plan(lib2, view.id)
        assert plan == stored
        assert plan.review_date == date(2026, 12, 1)
        first, second = plan.objectives
        assert first.text == suggestions[0].text
        assert second.text == "Chair the monthly safety huddle"
        assert second.support == "Ward manager as mentor"
        assert second.success_measure == "Six huddles chaired by September"
        assert second.activity == "Shadow the matron"
        assert second.target_date == date(2026, 9, 30)
        assert second.status.value == "in_progress"
        assert unchecked not in second.behaviour_ids
        assert set(second.behaviour_ids) == set(suggestions[1].behaviour_ids) - {unchecked}

        # The reopened window shows the plan as it was left.
        window2 = make_window(qtbot, lib2)
        assert window2.stack.currentWidget() is window2.plan
        page2 = window2.plan
        assert page2.model.rowCount() == 2
        page2.select(second.uid)
        assert page2.editor.objective.toPlainText() == second.text
        assert page2.editor.chosen_date() == date(2026, 9, 30)
        assert page2.review_date.date() == QDate(2026, 12, 1)
        window2.close()
    finally:
        lib2.close()


@pytest.mark.gui
def test_move_remove_and_clear_dates(qtbot: QtBot, tmp_path: Path, ui_settings: Path) -> None:
    lib = open_library(tmp_path / "data")
    try:
        view = assessed_below_target(lib)
        window = open_plan(qtbot, lib, view)
        page = window.plan
        for card in page.cards[:3]:
            qtbot.mouseClick(card.add_button, Qt.MouseButton.LeftButton)
        texts = [o.text for o in page.model.rows()]
        page.select(page.model.row_at(2).uid)
        qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
        assert [o.text for o in plans.get_plan(lib, view.id).objectives] == [
            texts[0],
            texts[2],
            texts[1],
        ]
        assert page.selected() is not None and page.selected().text == texts[2]
        qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)  # confirmed (logging)
        assert [o.text for o in plans.get_plan(lib, view.id).objectives] == [texts[0], texts[1]]

        # A target date set, then "No date": stored as none.
        editor = page.editor
        editor.target_date.setDate(QDate(2027, 1, 15))
        uid = editor.objective_uid
        assert uid is not None and plans.get_objective(lib, uid).target_date == date(2027, 1, 15)
        qtbot.mouseClick(editor.no_date_button, Qt.MouseButton.LeftButton)
        assert editor.target_date.date() == NO_DATE
        assert plans.get_objective(lib, uid).target_date is None

        # An objective emptied is not saved, and the page says why.
        editor.objective.setFocus()
        editor.objective.selectAll()
        qtbot.keyClick(editor.objective, Qt.Key.Key_Delete)
        page.leave()
        assert "Not saved" in page.save_note.text()
        assert plans.get_objective(lib, uid).text  # the last good text is kept
        window.close()
    finally:
        lib.close()


@pytest.mark.gui
def test_objectives_model(qtmodeltester: object, qtbot: QtBot, tmp_path: Path) -> None:
    lib = open_library(tmp_path / "data")
    try:
        view = assessed_below_target(lib)
        for proposal in plans.objectives_from_suggestions(lib, view.id)[:3]:
            plans.add_objective(lib, view.id, proposal)
        model = ObjectivesModel()
        model.set_rows(plans.get_plan(lib, view.id).objectives)
        qtmodeltester.check(model)  # type: ignore[attr-defined]
        assert model.index(0, ObjectivesModel.STATUS).data() == "Not started"
        assert model.index(2, ObjectivesModel.NUMBER).data() == "3"
    finally:
        lib.close()


@pytest.mark.gui
@pytest.mark.slow
def test_save_as_pdf_writes_the_objectives(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path, no_viewer: object
) -> None:
    lib = open_library(tmp_path / "data")
    try:
        view = assessed_below_target(lib)
        window = open_plan(qtbot, lib, view)
        page = window.plan
        qtbot.mouseClick(page.cards[0].add_button, Qt.MouseButton.LeftButton)
        page.editor.objective.setFocus()
        page.editor.objective.selectAll()
        qtbot.keyClicks(page.editor.objective, "Lead the discharge audit with pharmacy")
        out = tmp_path / "out" / "plan.pdf"
        out.parent.mkdir()
        window.plan.pdf_export.ask_path = lambda suggested: out  # type: ignore[method-assign]
        # The text still waiting for its debounce is saved before the PDF is written.
        with qtbot.waitSignal(window.plan.pdf_export.finished, timeout=60_000) as done:
            qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
        assert done.args == [out]
        text = "".join(p.extract_text() for p in PdfReader(out).pages)
        assert "Grace Adeyemi" in text
        assert "Lead the discharge audit with pharmacy" in " ".join(text.split())
        assert pdf_export.opened_files() == [out]
        window.close()
    finally:
        lib.close()


@pytest.mark.gui
def test_window_icon_has_every_bundled_size(qtbot: QtBot) -> None:
    from ppf_app.ui.application import ICON_SIZES, app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert sorted(s.width() for s in icon.availableSizes()) == list(ICON_SIZES)


@pytest.mark.gui
def test_new_assessment_offers_the_open_objectives_to_carry_forward(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path
) -> None:
    lib = open_library(tmp_path / "data")
    try:
        view = assessed_below_target(lib)
        proposals = plans.objectives_from_suggestions(lib, view.id)[:3]
        added = [plans.add_objective(lib, view.id, p) for p in proposals]
        plans.set_objective_status(lib, added[2].uid, "done")
        window = make_window(qtbot, lib)
        home = window.home
        offered: list[list[str]] = []

        def choose(objectives: list[ObjectiveView]) -> list[str]:
            offered.append([o.uid for o in objectives])
            dialog = CarryForwardDialog(objectives, window)
            qtbot.addWidget(dialog)
            assert dialog.checked_uids() == [o.uid for o in objectives]  # all checked at first
            dialog.checklist.item(1).setCheckState(Qt.CheckState.Unchecked)
            return dialog.checked_uids()

        # Declined: the new assessment starts with an empty plan.
        declined: list[int] = []
        home.choose_objectives_to_carry = (  # type: ignore[method-assign]
            lambda objectives: declined.append(len(objectives)) or []
        )
        window.show_page("home")
        qtbot.mouseClick(home.start_button, Qt.MouseButton.LeftButton)
        assert declined == [2]  # the done objective is not offered
        skipped = window.assessment.assessment
        assert skipped is not None and skipped.id != view.id
        assert plans.get_plan(lib, skipped.id).objectives == ()

        # Offered again at the next start; two checked, one unchecked in the checklist.
        home.choose_objectives_to_carry = choose  # type: ignore[method-assign]
        window.show_page("home")
        qtbot.mouseClick(home.start_button, Qt.MouseButton.LeftButton)
        assert offered == [[added[0].uid, added[1].uid]]
        new = window.assessment.assessment
        assert new is not None and new.id not in (view.id, skipped.id)
        carried = plans.get_plan(lib, new.id).objectives
        assert [o.carried_from_uid for o in carried] == [added[0].uid]
        assert carried[0].text == added[0].text
        assert plans.get_objective(lib, added[0].uid).status.value == "carried_forward"
        assert plans.get_objective(lib, added[1].uid).status.value == "not_started"
        window.close()
    finally:
        lib.close()


@pytest.mark.gui
def test_plan_in_the_page_list_follows_the_results_shown(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path
) -> None:
    lib = open_library(tmp_path / "data")
    try:
        first = assessed_below_target(lib)
        person_id = first.person_id
        second = assessments.start_assessment(lib, person_id, assessed_on=date(2026, 9, 1))
        window = make_window(qtbot, lib)
        assert not window.go_actions["plan"].isEnabled()  # nothing chosen yet
        window.go("results", first.id)
        window.navigate("plan")
        assert window.plan.assessment is not None and window.plan.assessment.id == first.id
        assert len(window.plan.cards) >= 2
        window.go("results", second.id)
        window.go_actions["plan"].trigger()
        assert window.stack.currentWidget() is window.plan
        assert window.plan.assessment is not None and window.plan.assessment.id == second.id
        assert window.plan.cards == []  # nothing rated: nothing suggested
        assert "No training area to suggest" in window.plan.suggestions_hint.text()
        # Rated on the Rate page: the suggestions are drawn again when the plan is shown.
        framework = lib.frameworks.default()
        behaviour = next(iter(framework.behaviour_index))
        done = perform(
            lib, assessments.set_rating, second.id, behaviour, level=framework.scale_values[0]
        )
        window.context.announce(done.changes)
        window.navigate("plan")
        assert len(window.plan.cards) >= 1
        window.close()
    finally:
        lib.close()
