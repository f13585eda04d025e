"""The Results page: radar chart numbers, strengths and development areas, changes since
the previous assessment, and the development plan written off the UI thread."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from pytestqt.qtbot import QtBot

from ppf_app.domain.framework import Framework
from ppf_app.services import assessments, people
from ppf_app.services.library import Library
from ppf_app.services.views import AssessmentView
from ppf_app.ui import pdf_export
from ppf_app.ui.models.value_results_model import ValueResultsModel
from ppf_app.ui.widgets.radar_chart import Axis, RadarChart
from tests.ui.test_ui_support import library, make_window, ui_settings

__all__ = ["library", "ui_settings"]


def rate_all(lib: Library, view: AssessmentView, level_of: dict[str, int]) -> None:
    for behaviour_id, level in level_of.items():
        assessments.set_rating(lib, view.id, behaviour_id, level=level)
    assessments.complete_assessment(lib, view.id, force=True)


def levels(
    framework: Framework, first_value_level: int, others: int, group: str = "clinician"
) -> dict[str, int]:
    """A level for every behaviour asked of ``group``: one for the first value's, one for
    the rest."""
    first = framework.values[0].id
    return {
        b.id: (first_value_level if v.id == first else others)
        for v, asked in framework.values_for(group)
        for b in asked
    }


@pytest.mark.gui
def test_results_against_targets_and_the_previous_assessment(
    qtbot: QtBot, library: Library, ui_settings: Path, tmp_path: Path
) -> None:
    framework = library.frameworks.default()
    low, high = framework.scale_values[0], framework.scale_values[-1]
    person = people.add_person(library, name="Ruth Evans", professional_group="clinician")
    before = assessments.start_assessment(library, person.id, assessed_on=date(2025, 6, 1))
    rate_all(library, before, levels(framework, low, low))
    latest = assessments.start_assessment(library, person.id, assessed_on=date(2026, 6, 1))
    rate_all(library, latest, levels(framework, low, high))

    window = make_window(qtbot, library)
    window.go("results", latest.id)
    page = window.results
    assert window.stack.currentWidget() is page
    assert "Ruth Evans" in page.title.text()
    # The chart: one axis per value, the person's averages against the group's targets.
    axes = page.chart.axes()
    assert [a.title for a in axes] == [
        f"{n}. {v.title}" for n, v in enumerate(framework.values, start=1)
    ]
    assert axes[0].level == low and all(a.level == high for a in axes[1:])
    asked = framework.values_for("clinician")  # every value asks a clinician something
    assert [v.id for v, _ in asked] == [v.id for v in framework.values]
    group_targets = [
        sum(framework.target_for(b.id, "clinician") for b in behaviours) / len(behaviours)
        for _, behaviours in asked
    ]
    assert [a.target for a in axes] == pytest.approx(group_targets)
    assert [a.previous for a in axes] == [low] * len(axes)
    # Development areas are the first value's behaviours; strengths come from the others.
    first_value_texts = {b.text for b in asked[0][1]}
    development = page.development.text()
    assert any(text in development for text in first_value_texts)
    strengths = page.strengths.text()
    assert not any(text in strengths for text in first_value_texts)
    # Changes since the previous assessment on the same framework.
    model = page.values_model
    assert model.index(0, ValueResultsModel.CHANGE).data() == "no change"
    assert model.index(1, ValueResultsModel.CHANGE).data() == f"+{high - low:.1f}"
    changed = sum(len(behaviours) for _, behaviours in asked[1:])
    assert f"{changed} behaviours rated higher, 0 lower" in page.change_summary.text()
    assert "2025-06-01" in page.change_summary.text()

    # The development plan opens on the Plan page; Save as PDF there asks where, writes
    # in the background a real PDF, and hands it to the viewer.
    qtbot.mouseClick(page.plan_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.plan
    out = tmp_path / "plan.pdf"
    window.plan.pdf_export.ask_path = lambda suggested: out  # type: ignore[method-assign]
    pdf_export.record_viewer()
    try:
        with qtbot.waitSignal(window.plan.pdf_export.finished, timeout=60_000) as done:
            qtbot.mouseClick(window.plan.pdf_button, Qt.MouseButton.LeftButton)
    finally:
        pdf_export.use_viewer()
    assert done.args == [out]
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Ruth Evans" in text


@pytest.mark.gui
def test_a_draft_says_what_is_left_out(qtbot: QtBot, library: Library, ui_settings: Path) -> None:
    person = people.add_person(library, name="Sol", professional_group="manager")
    view = assessments.start_assessment(library, person.id)
    framework = library.frameworks.default()
    first = next(iter(framework.behaviour_index))
    assessments.set_rating(library, view.id, first, level=framework.scale_values[-1])
    window = make_window(qtbot, library)
    window.go("results", view.id)
    page = window.results
    assert f"1 of {framework.behaviour_count} behaviours are rated" in page.note.text()
    assert "No earlier assessment" in page.change_summary.text()
    # "Edit ratings" goes back to rating the same assessment.
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.assessment
    assert window.assessment.assessment is not None
    assert window.assessment.assessment.id == view.id
    # Rated there, the results page is drawn again when shown.
    qtbot.keyClick(window.assessment.rows()[1].rating, Qt.Key.Key_2)
    window.show_page("results")
    assert f"2 of {framework.behaviour_count} behaviours are rated" in page.note.text()


@pytest.mark.gui
@pytest.mark.parametrize("count", [1, 2, 6])
def test_chart_draws_any_number_of_values(qtbot: QtBot, count: int) -> None:
    chart = RadarChart()
    qtbot.addWidget(chart)
    chart.resize(520, 420)
    axes = [Axis(f"{n}. Value {n}", 1 + n % 4, 3.0, 2.0) for n in range(1, count + 1)]
    chart.set_data(axes, 1, 5)
    image = chart.grab().toImage()
    # The person's levels are drawn in the palette's highlight colour (a blue by default).
    highlight = chart.palette().color(QPalette.ColorRole.Highlight)
    assert highlight.blue() - highlight.red() > 60
    bluish = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).blue() - image.pixelColor(x, y).red() > 40
    )
    assert bluish > 100
    assert "Value 1: 2.0 (target 3.0)" in chart.accessibleDescription()
