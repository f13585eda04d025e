"""The Training needs page: the analysis as a ranking, a heat map and every figure, with
the breakdown, framework and smallest group chosen, saved as CSV and PDF; the profile's
department; the models."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from ppf_app.domain.disclosure import HIDDEN
from ppf_app.services import people, tna
from ppf_app.services.library import Library
from ppf_app.ui import pdf_export
from ppf_app.ui.main_window import MainWindow
from ppf_app.ui.models.tna_model import TnaFiguresModel, TnaHeatMapModel, TnaRankingModel
from ppf_app.ui.pages.tna import TnaPage
from tests.tna.cohort import build
from tests.ui.test_ui_support import library, make_window, ui_settings

__all__ = ["library", "ui_settings"]

pytestmark = pytest.mark.gui


def _open(qtbot: QtBot, window: MainWindow) -> TnaPage:
    window.show_page("tna")
    page = window.page("tna")
    assert isinstance(page, TnaPage)
    qtbot.waitUntil(lambda: page.shown is not None and not page._reading, timeout=20000)
    return page


def _wait_read(qtbot: QtBot, page: TnaPage) -> None:
    with qtbot.waitSignal(page.read_finished, timeout=20000):
        pass


def test_the_page_shows_the_analysis_with_small_departments_hidden(
    qtbot: QtBot, library: Library, ui_settings: Path, tmp_path: Path
) -> None:
    build(library, signed=1)
    window = make_window(qtbot, library)
    page = _open(qtbot, window)
    assert page.breakdown.currentData() == "department"
    result = tna.training_needs_analysis(library, breakdown="department")
    assert page.shown is not None and page.shown.result == result
    # the ranking: every training area, the organisation-wide order
    ranked = [page.ranking_model.row_at(r).row for r in range(page.ranking_model.rowCount())]
    assert ranked == list(result.report.area_ranking)
    # the heat map: segments by values, hidden cells marked
    heat = page.heat_model
    segments = [heat.headerData(r, Qt.Orientation.Vertical) for r in range(heat.rowCount())]
    assert segments == list(result.report.segments)
    radiology = segments.index("Radiology")
    assert heat.data(heat.index(radiology, 0)) == HIDDEN
    assert "hidden" in heat.data(heat.index(radiology, 0), Qt.ItemDataRole.AccessibleTextRole)
    everyone = heat.index(0, 0)
    assert isinstance(heat.data(everyone, Qt.ItemDataRole.BackgroundRole), QColor)
    assert page.figures_model.rowCount() == len(result.report.rows)
    assert "nearest 5" in page.status.text()

    # another breakdown and a larger minimum group read again
    page.breakdown.setCurrentIndex(page.breakdown.findData("organisation"))
    page.breakdown.activated.emit(page.breakdown.currentIndex())
    _wait_read(qtbot, page)
    assert page.shown is not None and page.shown.result is not None
    assert page.shown.result.report.segments == ("all",)
    page.breakdown.setCurrentIndex(page.breakdown.findData("department"))
    page.min_group.setValue(15)
    page.min_group.editingFinished.emit()
    _wait_read(qtbot, page)
    assert page.shown is not None and page.shown.result is not None
    report = page.shown.result.report
    assert report.min_group == 15 and report.row("Pharmacy", "value", report.values[0].id).hidden

    # saving: CSV and PDF, where the user chose; the PDF is shown in the print preview
    pdf_export.record_viewer()
    for suffix in (".csv", ".pdf"):
        target = tmp_path / f"out{suffix}"
        page.ask_save_path = lambda _suffix, _name, target=target: target  # type: ignore[method-assign]
        with qtbot.waitSignal(page.save_finished, timeout=20000) as saved:
            page.save_pdf_button.click() if suffix == ".pdf" else page.save_csv_button.click()
        assert saved.args == [target] and target.stat().st_size > 0
    assert pdf_export.opened_files() == [tmp_path / "out.pdf"]
    pdf_export.use_viewer()
    rows = list(csv.reader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert rows == [list(r) for r in report.csv_records()]


def test_a_rating_change_elsewhere_is_read_again_when_next_shown(
    qtbot: QtBot, library: Library, ui_settings: Path
) -> None:
    build(library, signed=0, departments={"Wards": 6})
    window = make_window(qtbot, library)
    page = _open(qtbot, window)
    window.show_page("frameworks")
    person = people.add_person(library, name="New", professional_group="manager",
                               department="Wards")  # fmt: skip
    window.context.announce(tna_changes(person.id))
    assert page._stale
    window.show_page("tna")
    _wait_read(qtbot, page)
    assert not page._stale


def tna_changes(person_id: int):  # type: ignore[no-untyped-def]
    from ppf_app.services.unit import Changes

    return Changes(people=frozenset({person_id}))


def test_an_empty_library_shows_zeros_and_saves(
    qtbot: QtBot, library: Library, ui_settings: Path, tmp_path: Path
) -> None:
    window = make_window(qtbot, library)
    page = _open(qtbot, window)
    assert page.shown is not None and page.shown.result is not None
    report = page.shown.result.report
    assert all(row.people == 0 for row in report.rows)
    target = tmp_path / "empty.csv"
    page.ask_save_path = lambda _suffix, _name: target  # type: ignore[method-assign]
    with qtbot.waitSignal(page.save_finished, timeout=20000) as saved:
        page.save_csv_button.click()
    assert saved.args == [target]
    rows = list(csv.reader(target.open(encoding="utf-8")))
    assert rows == [list(r) for r in report.csv_records()] and len(rows) > 1


def test_the_models(qtmodeltester: object, library: Library) -> None:
    build(library, signed=0)
    report = tna.training_needs_analysis(library, breakdown="department").report
    ranking = TnaRankingModel()
    ranking.set_ranking(report.area_ranking)
    heat = TnaHeatMapModel()
    heat.set_heat_map(report.heat_map)
    figures = TnaFiguresModel()
    figures.set_rows(list(report.rows))
    for model in (ranking, heat, figures):
        qtmodeltester.check(model)  # type: ignore[attr-defined]
    hidden = next(r for r in range(figures.rowCount()) if figures.row_at(r).hidden)
    cell = figures.index(hidden, TnaFiguresModel.PEOPLE)
    assert figures.data(cell) == HIDDEN
    assert figures.data(cell, Qt.ItemDataRole.AccessibleTextRole) == "hidden"
    assert "Patients" in heat.key_text()


def test_the_profile_has_a_department(qtbot: QtBot, library: Library, ui_settings: Path) -> None:
    people.add_person(library, name="Asha", professional_group="clinician")
    window = make_window(qtbot, library)
    window.show_page("profile")
    profile = window.profile
    profile.department.setText("Pharmacy")
    profile.save()
    saved = people.list_people(library)[0]
    assert saved.department == "Pharmacy"
    window.show_page("profile")
    assert profile.department.text() == "Pharmacy"
