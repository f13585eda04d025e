"""The Pairs page: the proposals and why, swap and accept, the pair's record kept from
the page, its report saved, the cohort figures, and a page a screen reader can read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ppf_app.services import assessments, pair_records, pairs, plans
from ppf_app.services.library import Library
from ppf_app.services.plan_views import ObjectiveInput
from ppf_app.ui import messages, pdf_export
from ppf_app.ui.main_window import NAVIGATION, MainWindow
from ppf_app.ui.models.pairs_model import PairsModel, ProposalsModel
from ppf_app.ui.pages.pairs import PairsPage
from tests.pairs.cohorts import FRAMEWORK_ID, Known, known_cohort
from tests.ui.test_accessibility import problems_of
from tests.ui.test_ui_support import library, make_window, ui_settings

__all__ = ["library", "ui_settings"]


def open_pairs(qtbot: QtBot, lib: Library) -> tuple[MainWindow, PairsPage]:
    """The Pairs page, proposing on the tests' framework when it is installed."""
    window = make_window(qtbot, lib)
    window.go("pairs")
    page = window.page("pairs")
    assert isinstance(page, PairsPage) and window.current_page() is page
    index = page.framework_choice.findData(FRAMEWORK_ID)
    if index >= 0:
        page.framework_choice.setCurrentIndex(index)
        qtbot.mouseClick(page.suggest_button, Qt.MouseButton.LeftButton)
        assert page.options.framework_id == FRAMEWORK_ID
    return window, page


def keys(page: PairsPage) -> list[tuple[int, int, int]]:
    return [(p.left.id, p.right.id, p.score) for p in page.proposals.rows()]


@pytest.mark.gui
def test_the_page_is_in_the_window(qtbot: QtBot, library: Library, ui_settings: Path) -> None:
    assert ("pairs", "Pairs") in NAVIGATION
    window, page = open_pairs(qtbot, library)
    assert page.proposals.rows() == []
    assert page.found.text().startswith("0 pairs proposed")
    assert problems_of(window, "pairs") == []


@pytest.mark.gui
def test_proposals_swap_and_accept(qtbot: QtBot, library: Library, ui_settings: Path) -> None:
    known = known_cohort(library)
    i = known.ids
    _window, page = open_pairs(qtbot, library)
    assert keys(page) == known.best()
    assert page.proposals.headerData(0, Qt.Orientation.Horizontal) == "Clinician"
    # The first proposal is chosen and explained both ways.
    text = page.reasons.toPlainText()
    assert "Asha Patel can learn from Nguyễn Thị Mai" in text
    assert "Nguyễn Thị Mai can learn from Asha Patel" in text
    assert "gap 2, partner 2 above target: 2 points" in text

    # Swap Asha's partner with Siân's: the greedy pairs, with their own scores.
    index = page.swap_with.findData(f"{i['C2']}:{i['M1']}")
    assert index >= 0
    page.swap_with.setCurrentIndex(index)
    qtbot.mouseClick(page.swap_button, Qt.MouseButton.LeftButton)
    assert keys(page)[:2] == [(i["C1"], i["M1"], 8), (i["C2"], i["M2"], 1)]
    assert page.selected_proposal() is not None
    assert page.selected_proposal().key == (i["C1"], i["M1"])  # type: ignore[union-attr]

    assert page.start.value() == date.today()
    page.months.setValue(6)
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    (made,) = pairs.list_pairs(library)
    assert (made.left.id, made.right.id, made.start_on, made.months) == (
        i["C1"], i["M1"], date.today(), 6,
    )  # fmt: skip
    assert page.tabs.currentIndex() == 1
    assert page.pairs_model.rowCount() == 1
    assert page.record is not None and page.record.record.pair.id == made.id
    # Both are now in an active pair: the proposals go on without them.
    assert keys(page) == [(i["C3"], i["M3"], 4), (i["C2"], i["M2"], 1)]


@pytest.mark.gui
def test_the_record_kept_from_the_page_and_the_report(
    qtbot: QtBot, library: Library, ui_settings: Path, tmp_path: Path
) -> None:
    known = known_cohort(library)
    i = known.ids
    (before,) = assessments.list_assessments(library, i["C1"])
    for text in ("Lead the huddle", "Present to the board", "Audit discharges"):
        plans.add_objective(library, before.id, ObjectiveInput(text=text))
    made = pairs.create_pair(
        library, i["C1"], i["M2"], start=date(2026, 2, 1), framework_id=FRAMEWORK_ID
    )
    window, page = open_pairs(qtbot, library)
    page.tabs.setCurrentIndex(1)
    page.pairs_table.selectRow(0)
    panel = page.panel
    assert panel.isEnabled() and "Asha Patel and Nguyễn Thị Mai" in panel.summary.text()

    # Objectives: Asha ticks two of her plan's three.
    listing = panel.objective_lists[0]
    assert listing.count() == 3
    listing.item(0).setCheckState(Qt.CheckState.Checked)
    listing = panel.objective_lists[0]
    listing.item(2).setCheckState(Qt.CheckState.Checked)
    record = pair_records.pair_record(library, made.id)
    assert [o.text for o in record.left.objectives] == ["Lead the huddle", "Audit discharges"]

    for day, note in ((date(2026, 2, 10), "First"), (date(2026, 3, 10), "Second")):
        panel.meeting_date.set_value(day)
        panel.meeting_note.setText(note)
        qtbot.mouseClick(panel.add_meeting_button, Qt.MouseButton.LeftButton)
    assert [m.note for m in panel.meetings_model.rows()] == ["First", "Second"]
    assert panel.meeting_note.text() == ""
    assert page.pairs_model.rows()[0].meetings == 2

    panel.shadow_date.set_value(date(2026, 3, 3))
    panel.shadow_who.setCurrentIndex(1)  # Mai shadowed Asha
    panel.shadow_place.setText("Theatre list")
    panel.shadow_learned.setText("How a list is planned")
    qtbot.mouseClick(panel.add_shadowing_button, Qt.MouseButton.LeftButton)
    (sitting,) = panel.shadowing_model.rows()
    assert (sitting.shadow.id, sitting.host.id) == (i["M2"], i["C1"])

    panel.project_title.setText("Discharges before noon")
    panel.project_presented.set_value(date(2026, 7, 1))
    qtbot.mouseClick(panel.save_project_button, Qt.MouseButton.LeftButton)
    assert pair_records.pair_record(library, made.id).project.title == "Discharges before noon"

    # A meeting before the pair started is refused, and nothing is added.
    messages.use_logging()
    panel.meeting_date.set_value(date(2026, 1, 1))
    qtbot.mouseClick(panel.add_meeting_button, Qt.MouseButton.LeftButton)
    assert len(panel.meetings_model.rows()) == 2
    assert any("before the pair started" in text for _, _, text in messages.shown())

    # The report, written in the background and shown.
    pdf_export.record_viewer()
    out = tmp_path / "pair.pdf"
    page.ask_report_path = lambda _suggested: out  # type: ignore[method-assign]
    qtbot.mouseClick(panel.report_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.last_report is not None, timeout=20000)
    assert out.is_file() and pdf_export.opened_files() == [out]

    assert problems_of(window, "pairs") == []


@pytest.mark.gui
def test_the_note_on_missing_objectives_goes_with_the_pair_it_was_about(
    qtbot: QtBot, library: Library, ui_settings: Path
) -> None:
    known = known_cohort(library)
    i = known.ids
    for who in ("C1", "M2"):
        (latest,) = assessments.list_assessments(library, i[who])
        plans.add_objective(library, latest.id, ObjectiveInput(text=f"Objective of {who}"))
    planned = pairs.create_pair(library, i["C1"], i["M2"], framework_id=FRAMEWORK_ID)
    unplanned = pairs.create_pair(library, i["C2"], i["M1"], framework_id=FRAMEWORK_ID)
    _window, page = open_pairs(qtbot, library)
    page.tabs.setCurrentIndex(1)
    rows = {view.id: row for row, view in enumerate(page.pairs_model.rows())}
    panel = page.panel
    page.pairs_table.selectRow(rows[unplanned.id])
    assert "add them on the Plan page" in panel.objectives_note.text()
    page.pairs_table.selectRow(rows[planned.id])
    assert [listing.count() for listing in panel.objective_lists] == [1, 1]
    assert panel.objectives_note.text() == ""


@pytest.mark.gui
def test_the_cohort_tab_hides_a_small_cohort(
    qtbot: QtBot, library: Library, ui_settings: Path
) -> None:
    known: Known = known_cohort(library)
    pairs.create_pair(library, known.ids["C1"], known.ids["M2"], framework_id=FRAMEWORK_ID)
    _window, page = open_pairs(qtbot, library)
    page.tabs.setCurrentIndex(2)
    figures = [label.text() for label in page.cohort_figures]
    assert figures and set(figures) == {"*"}
    page.min_group_choice.setValue(6)
    assert page.min_group == 6


def test_the_models(qtmodeltester, library: Library) -> None:  # type: ignore[no-untyped-def]
    known = known_cohort(library)
    model = ProposalsModel()
    model.set_rows(pairs.suggest(library, pairs.PairOptions(FRAMEWORK_ID)).proposals)
    qtmodeltester.check(model)
    model.set_group_titles("Doctor", "Manager")
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Doctor"
    pairs.create_pair(
        library, known.ids["C1"], known.ids["M2"], start=date(2026, 2, 1), framework_id=FRAMEWORK_ID
    )
    listed = PairsModel(today=date(2026, 3, 1))
    listed.set_rows(pairs.list_pairs(library))
    qtmodeltester.check(listed)
    status = listed.index(0, PairsModel.STATUS)
    assert listed.data(status) == "Active"
    listed.today = date(2026, 12, 1)
    assert listed.data(status) == "Finished"
