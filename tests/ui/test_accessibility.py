"""Screen readers: every table cell answers with its whole text, the radar chart has its
figures in words and as a table, and the accessibility tree of every page the window
builds has no focusable control without a name and no table whose cells read empty."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ppf_app.services import appraisal, assessments, people, plans
from ppf_app.services.library import Library
from ppf_app.services.plan_views import ObjectiveInput
from ppf_app.ui.main_window import MainWindow
from ppf_app.ui.models.table_model import Column, RowTableModel
from ppf_app.ui.widgets.radar_chart import Axis, FiguresModel, RadarChart
from tests.helpers.appraisals import appraiser_rates
from tests.ui.test_ui_support import library, make_window, ui_settings

__all__ = ["library", "ui_settings"]

Role = QAccessible.Role
Name = QAccessible.Text.Name

#: Roles that carry no name of their own: parts of a view or a window's furniture.
UNNAMED_OK = {
    Role.Cell,
    Role.ColumnHeader,
    Role.RowHeader,
    Role.Pane,
    Role.Client,
    Role.Window,
    Role.ScrollBar,
    Role.Grouping,
    Role.Separator,
}
#: Rows of a table read for each table (enough to find a column that reads empty).
ROWS_READ = 20


@dataclass(frozen=True)
class Problem:
    page: str
    what: str

    def __str__(self) -> str:
        return f"{self.page}: {self.what}"


def describe(interface: QAccessibleInterface) -> str:
    thing = interface.object()
    name = type(thing).__name__ if thing is not None else "?"
    object_name = thing.objectName() if isinstance(thing, QObject) else ""
    parent = thing.parent() if isinstance(thing, QObject) else None
    parent_name = type(parent).__name__ if parent is not None else ""
    return f"{interface.role().name} {name} {object_name!r} in {parent_name}"


def walk(interface: QAccessibleInterface, page: str, found: list[Problem], depth: int = 0) -> None:
    state = interface.state()
    if state.invisible or depth > 60:
        return
    role = interface.role()
    name = interface.text(Name)
    if role == Role.Table:
        check_table(interface, page, found)
        return
    if state.focusable and not name.strip() and role not in UNNAMED_OK:
        found.append(Problem(page, f"focusable without a name: {describe(interface)}"))
    for index in range(interface.childCount()):
        child = interface.child(index)
        if child is not None and child.isValid():
            walk(child, page, found, depth + 1)


def check_table(interface: QAccessibleInterface, page: str, found: list[Problem]) -> None:
    if not interface.text(Name).strip():
        found.append(Problem(page, f"table without a name: {describe(interface)}"))
    cells = [
        interface.child(i)
        for i in range(interface.childCount())
        if interface.child(i) is not None and interface.child(i).role() == Role.Cell
    ]
    empty = [cell for cell in cells[: ROWS_READ * 8] if not cell.text(Name).strip()]
    if empty:
        found.append(
            Problem(page, f"{len(empty)} of {len(cells)} cells read empty: {describe(interface)}")
        )


def problems_of(window: MainWindow, page: str) -> list[Problem]:
    found: list[Problem] = []
    root = QAccessible.queryAccessibleInterface(window)
    assert root is not None
    walk(root, page, found)
    return found


def small_library(lib: Library) -> tuple[int, int]:
    """One person with a completed assessment, a previous one, and a plan objective; an
    appraisal of it with some of the appraiser's ratings (the assessment's id and the
    appraisal's)."""
    person = people.add_person(lib, name="Nia Evans", professional_group="clinician")
    framework = lib.frameworks.default()
    levels = framework.scale_values
    earlier = assessments.start_assessment(lib, person.id)
    # The behaviours the assessment asks (a framework may ask a group only some of them).
    asked = assessments.unanswered(lib, earlier.id)
    for index, behaviour_id in enumerate(asked):
        assessments.set_rating(lib, earlier.id, behaviour_id, level=levels[index % 2])
    assessments.complete_assessment(lib, earlier.id)
    view = assessments.start_assessment(lib, person.id)
    for index, behaviour_id in enumerate(assessments.unanswered(lib, view.id)):
        evidence = "Led the handover" if index == 0 else ""
        level = levels[(index + 1) % 3]
        assessments.set_rating(lib, view.id, behaviour_id, level=level, evidence=evidence)
    assessments.complete_assessment(lib, view.id)
    plans.add_objective(lib, view.id, ObjectiveInput(text="Chair the weekly huddle"))
    record = appraisal.open_for(lib, view.id, appraiser_name="Grace Obi")
    appraiser_rates(lib, record.id, dict.fromkeys(asked[:5], 4))
    return view.id, record.id


@pytest.mark.gui
@pytest.mark.slow
def test_every_built_page_reads_well_to_a_screen_reader(
    qtbot: QtBot, library: Library, ui_settings: Path
) -> None:
    assessment_id, appraisal_id = small_library(library)
    window = make_window(qtbot, library)
    found: list[Problem] = []
    for name, subject in (
        ("home", None),
        ("assessment", assessment_id),
        ("results", assessment_id),
        ("plan", assessment_id),
        ("meeting", appraisal_id),
        ("frameworks", None),
        ("profile", None),
    ):
        window.go(name, subject)
        assert window.current_page() is window.page(name), name
        if name == "assessment":
            window.assessment.rows()  # every row built
        if name == "plan":
            window.plan.select(window.plan.model.row_at(0).uid)
        qtbot.wait(10)
        assert count_named(window) >= 8, f"the walk reached too little of {name}"
        found += problems_of(window, name)
    assert [str(problem) for problem in found] == []


@pytest.mark.gui
def test_the_welcome_page_reads_well_to_a_screen_reader(
    qtbot: QtBot, library: Library, ui_settings: Path
) -> None:
    window = make_window(qtbot, library)
    assert window.current_page() is window.page("welcome")
    assert [str(problem) for problem in problems_of(window, "welcome")] == []


# -- the parts ---------------------------------------------------------------------------


def test_table_cells_say_their_whole_text_and_none_for_a_blank() -> None:
    model: RowTableModel[tuple[str, str]] = RowTableModel(
        [
            Column("Note", lambda r: r[0]),
            Column("Change", lambda r: r[1]),
            Column("Said", lambda r: r[1], accessible=lambda r: f"said {r[0]}"),
        ]
    )
    model.set_rows([("first line\nsecond line", "–")])
    role = Qt.ItemDataRole.AccessibleTextRole
    assert model.data(model.index(0, 0), role) == "first line second line"
    assert model.data(model.index(0, 1), role) == "none"
    assert model.data(model.index(0, 1)) == "–"  # the eye still sees the dash
    assert model.data(model.index(0, 2), role).startswith("said first line")
    assert model.headerData(1, Qt.Orientation.Horizontal, role) == "Change"


@pytest.mark.gui
def test_radar_chart_figures_in_words_and_as_a_table(qtbot: QtBot) -> None:
    chart = RadarChart()
    qtbot.addWidget(chart)
    assert chart.accessibleDescription() == "Nothing rated yet"
    chart.set_data(
        [
            Axis("1. Patients first", 3.25, 4.0, 2.5),
            Axis("2. Respect", None, 4.0),
            Axis("3. Learning", 4.5, 4.0),
        ],
        1,
        5,
    )
    rows = [(f.title, f.level, f.target, f.previous) for f in chart.figures()]
    assert rows == [
        ("1. Patients first", "3.2", "4.0", "2.5"),
        ("2. Respect", "not rated", "4.0", ""),
        ("3. Learning", "4.5", "4.0", ""),
    ]
    description = chart.accessibleDescription()
    assert description.startswith("Average level of each value on a scale of 1 to 5.")
    assert "1. Patients first: 3.2 (target 4.0), previous 2.5." in description
    assert "2. Respect: not rated (target 4.0)." in description
    model = chart.figures_model
    assert isinstance(model, FiguresModel)
    assert model.rowCount() == 3
    role = Qt.ItemDataRole.AccessibleTextRole
    assert model.data(model.index(1, FiguresModel.LEVEL), role) == "not rated"
    assert model.data(model.index(2, FiguresModel.PREVIOUS)) == "–"
    assert model.data(model.index(2, FiguresModel.PREVIOUS), role) == "no previous assessment"
    # The chart's own accessible interface carries the description.
    interface = QAccessible.queryAccessibleInterface(chart)
    assert interface is not None
    assert interface.text(QAccessible.Text.Description) == description
    assert isinstance(chart, QWidget)


def count_named(window: MainWindow) -> int:
    """Focusable controls with a name, outside table cells (the walk reaches the page)."""
    named = 0

    def visit(interface: QAccessibleInterface) -> None:
        nonlocal named
        state = interface.state()
        if state.invisible:
            return
        if state.focusable and interface.text(Name).strip():
            named += 1
        for index in range(interface.childCount()):
            child = interface.child(index)
            if child is not None and child.isValid() and child.role() != Role.Cell:
                visit(child)

    root = QAccessible.queryAccessibleInterface(window)
    assert root is not None
    visit(root)
    return named
