"""Every page of the main window at a small window size: what cannot be reached.

Used by ``tests/ui/test_small_screens.py``. Each size is checked in a process of its own,
because the scale factor (``QT_SCALE_FACTOR``) must be set before the QApplication
exists, and the offscreen platform is given a screen of the laptop's size::

    QT_SCALE_FACTOR=1.5 QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json \\
        python -m tests.ui.screen_fit 910 480

The process builds realistic records through the services (a person with two completed
self assessments with evidence, an appraisal with the appraiser's ratings and some agreed
levels, plans with objectives, a learning pair), opens every page in the real main window
at the size asked for, and prints one JSON list of problems: a window minimum larger
than the size; a button, field, list or table that lies outside the window sideways, or
cannot be brought into view by scrolling; a page or table that scrolls sideways; a text
column squeezed to a few characters; wrapped text cut off at the bottom.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QThreadPool
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTableView,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from ppf_app.services.library import Library

#: What a user must be able to reach: every control and every list or table.
REACHABLE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QTextEdit,
    QPlainTextEdit,
    QAbstractSpinBox,
    QAbstractItemView,
)
#: A stretching text column narrower than this many average characters reads one word a
#: line (or "1. P… c… …").
MIN_TEXT_COLUMN_CHARS = 16
#: Of a widget taller than the view, this much must show once scrolled to it.
MIN_VISIBLE_HEIGHT = 16

EVIDENCE = (
    "Led the morning safety huddle for a month and followed up every concern raised, "
    "writing back to each person who raised one.",
    "Asked the ward manager to co-present the audit results, so both views were heard.",
    "Gave honest feedback to a trainee after a difficult handover, with a plan agreed.",
)


@dataclass(frozen=True)
class Records:
    """The ids the pages are opened with."""

    earlier: int
    latest: int
    appraiser: int
    appraisal: int


def build_records(lib: Library) -> Records:
    """A realistic record, built through the services as the app builds it."""
    from ppf_app.services import appraisal, assessments, people, plans
    from ppf_app.services.plan_views import ObjectiveInput

    person = people.add_person(
        lib,
        name="Dr Amina Okafor-Whitfield",
        professional_group="clinician",
        job_title="Specialty registrar in acute and general internal medicine",
        organisation="Northfield Hospitals NHS Foundation Trust",
        department="Acute medicine",
    )
    people.add_person(
        lib,
        name="Sam Patel",
        professional_group="manager",
        job_title="Ward manager",
        organisation="Northfield Hospitals NHS Foundation Trust",
        department="Acute medicine",
    )
    framework = lib.frameworks.default()
    asked = framework.behaviours_for("clinician")
    scale = framework.scale_values
    today = date.today()

    earlier = assessments.start_assessment(lib, person.id, assessed_on=date(today.year - 1, 3, 2))
    for index, behaviour in enumerate(asked):
        level = scale[(index * 3) % len(scale)]
        assessments.set_rating(lib, earlier.id, behaviour.id, level=level)
    assessments.complete_assessment(lib, earlier.id)
    for text in (
        "Teach the new registrars the handover tool, with a session each rotation",
        "Audit sepsis screening on the acute wards and present the results",
    ):
        plans.add_objective(lib, earlier.id, ObjectiveInput(text=text))

    latest = assessments.start_assessment(lib, person.id)
    for index, behaviour in enumerate(asked):
        level = scale[min(len(scale) - 1, 1 + (index * 7) % 4)]
        evidence = EVIDENCE[index % len(EVIDENCE)] if index % 3 == 0 else ""
        assessments.set_rating(lib, latest.id, behaviour.id, level=level, evidence=evidence)
    assessments.complete_assessment(lib, latest.id)
    for proposal in plans.objectives_from_suggestions(lib, latest.id)[:2]:
        plans.add_objective(lib, latest.id, proposal)
    plans.add_objective(
        lib,
        latest.id,
        ObjectiveInput(
            text="Chair the weekly bed-management meeting for a quarter, with the site "
            "manager as a mentor, and hand the chair on with a written guide",
            behaviour_ids=tuple(b.id for b in asked[:3]),
            support="The site manager as a mentor; a protected slot in the rota",
            success_measure="Twelve meetings chaired; actions closed within the week",
            target_date=date(today.year + 1, 3, 31),
            status="in_progress",
        ),
    )
    plans.set_review_date(lib, latest.id, date(today.year + 1, 5, 1))

    record = appraisal.open_for(lib, latest.id, appraiser_name="Dr Helen Marsh")
    rated = appraisal.rate_as_appraiser(lib, record.id, appraiser_name="Dr Helen Marsh")
    for index, behaviour in enumerate(asked):
        level = scale[(index * 5 + 1) % len(scale)]
        seen = "Seen on the ward round and at the bed meeting." if index % 4 == 0 else ""
        assessments.set_rating(lib, rated.id, behaviour.id, level=level, evidence=seen)
    assessments.complete_assessment(lib, rated.id)
    for index, behaviour in enumerate(asked[:12]):
        note = "Agreed after the audit example; keep asking for feedback." if index % 2 else ""
        appraisal.agree(lib, record.id, behaviour.id, scale[index % len(scale)], note)
    return Records(earlier=earlier.id, latest=latest.id, appraiser=rated.id, appraisal=record.id)


def build_pair(lib: Library) -> None:
    """Four more people and a learning pair, so the Pairs page has a pair's record to show
    and proposals left to choose from."""
    from ppf_app.services import assessments, pairs, people

    framework = lib.frameworks.default()
    steps = framework.scale_values
    for number, (name, group) in enumerate(
        (
            ("Dr Siân Jones", "clinician"),
            ("Grace Mensah", "manager"),
            ("Dr Łukasz Nowak", "clinician"),
            ("Nguyễn Thị Mai", "manager"),
        )
    ):
        person = people.add_person(
            lib,
            name=name,
            professional_group=group,
            job_title="Service manager" if group == "manager" else "Specialty registrar",
            organisation="Northfield Hospitals NHS Foundation Trust",
            department=("Surgery", "Emergency care")[number % 2],
        )
        view = assessments.start_assessment(lib, person.id, assessed_on=date(2026, 2, 16))
        for index, behaviour in enumerate(framework.behaviours_for(group)):
            level = steps[(index * (number + 2) + number) % len(steps)]
            assessments.set_rating(lib, view.id, behaviour.id, level=level)
        assessments.complete_assessment(lib, view.id)
    best = pairs.suggest(lib).proposals[0]
    pairs.create_pair(lib, best.left.id, best.right.id, start=date(2026, 3, 2), months=9)
    assert pairs.suggest(lib).proposals, "proposals are left to show"


# -- looking at a page -------------------------------------------------------------------


def settle() -> None:
    """Let queued work finish: layouts, rows built in steps, reads in the background."""
    for _ in range(4):
        QApplication.processEvents()
    pool = QThreadPool.globalInstance()
    for _ in range(500):
        if pool.activeThreadCount() == 0:
            break
        pool.waitForDone(10)
        QApplication.processEvents()
    QApplication.processEvents()


def _ancestors(widget: QWidget, top: QWidget) -> Iterator[QWidget]:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        yield parent
        parent = parent.parentWidget()


def _part_of_another(widget: QWidget, top: QWidget) -> bool:
    """A piece of a composite control (a combo box's line, a table's header or corner)."""
    return any(
        isinstance(parent, QAbstractItemView | QComboBox | QAbstractSpinBox)
        for parent in _ancestors(widget, top)
    )


def reveal(widget: QWidget, top: QWidget) -> None:
    """Scroll every scroll area holding ``widget`` (innermost first) to show all of it.

    (``QScrollArea.ensureWidgetVisible`` shows a line edit's text cursor only.)
    """
    for parent in _ancestors(widget, top):
        inner = parent.widget() if isinstance(parent, QScrollArea) else None
        if not isinstance(parent, QScrollArea) or inner is None:
            continue
        corner = widget.mapTo(inner, QPoint(0, 0))
        half_width, half_height = widget.width() // 2, widget.height() // 2
        parent.ensureVisible(
            corner.x() + half_width, corner.y() + half_height, half_width + 1, half_height + 1
        )
        settle()


def in_window(widget: QWidget, window: QWidget, screen: QRect) -> tuple[QRect, QRect]:
    """The widget's rectangle in window coordinates, and the part of it that shows
    (clipped by every ancestor, and by the ``screen`` area the window must fit)."""
    whole = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    shown = QRect(whole)
    for parent in _ancestors(widget, window):
        shown = shown.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
    return whole, shown.intersected(screen)


def describe(widget: QWidget) -> str:
    name = widget.accessibleName() or widget.objectName()
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return f"{type(widget).__name__} {(name or text or '').replace('&', '')!r}"


def page_problems(window: QWidget, page: QWidget, where: str, width: int, height: int) -> list[str]:
    """What on the page shown cannot be reached in a window of ``width`` x ``height``
    (a window that stays larger runs off the screen: what lies beyond is not reached)."""
    settle()
    problems: list[str] = []
    screen = QRect(0, 0, width, height)
    for area in [page, *page.findChildren(QWidget)]:
        if not isinstance(area, QAbstractScrollArea) or not area.isVisible():
            continue
        bar = area.horizontalScrollBar()
        if bar.isVisible() and bar.maximum() > 0:
            kind = "table" if isinstance(area, QAbstractItemView) else "page part"
            problems.append(
                f"{where}: a {kind} scrolls sideways ({describe(area)}, {bar.maximum()} px)"
            )
    for table in page.findChildren(QTableView):
        if not table.isVisible() or table.model() is None or not table.model().rowCount():
            continue
        head = table.horizontalHeader()
        metrics = table.fontMetrics()
        least = metrics.averageCharWidth() * MIN_TEXT_COLUMN_CHARS
        model = table.model()
        for column in range(head.count()):
            if head.isSectionHidden(column):
                continue
            if head.sectionResizeMode(column) != QHeaderView.ResizeMode.Stretch:
                continue
            # A column of short figures may be narrow; one of sentences may not.
            texts = (
                str(model.index(row, column).data() or "")
                for row in range(min(model.rowCount(), 50))
            )
            needed = max((metrics.horizontalAdvance(text) + 12 for text in texts), default=0)
            if head.sectionSize(column) < min(least, needed):
                problems.append(
                    f"{where}: column {column} of {describe(table)} is "
                    f"{head.sectionSize(column)} px wide, under {MIN_TEXT_COLUMN_CHARS} "
                    "characters"
                )
    for label in page.findChildren(QLabel):
        if not label.isVisible() or not label.wordWrap() or not label.text():
            continue
        needed = label.heightForWidth(label.width())
        if needed > label.height() + 1:
            problems.append(
                f"{where}: the text {label.text()[:40]!r} is cut off "
                f"({label.height()} of {needed} px high)"
            )
    for widget in page.findChildren(QWidget):
        if not isinstance(widget, REACHABLE) or _part_of_another(widget, page):
            continue
        if not (widget.isVisible() and widget.isEnabled()) or widget.size().isEmpty():
            continue
        reveal(widget, window)
        whole, shown = in_window(widget, window, screen)
        if whole.left() < 0 or whole.right() >= width:
            problems.append(
                f"{where}: {describe(widget)} lies outside the window sideways "
                f"(x {whole.left()}..{whole.right()}, window {width} wide)"
            )
        elif shown.isEmpty() or shown.height() < min(whole.height(), MIN_VISIBLE_HEIGHT):
            problems.append(
                f"{where}: {describe(widget)} cannot be scrolled into view "
                f"(y {whole.top()}..{whole.bottom()}, window {height} high)"
            )
        elif shown.width() < whole.width():
            problems.append(
                f"{where}: {describe(widget)} is cut off sideways "
                f"({shown.width()} of {whole.width()} px show)"
            )
    return problems


def shown_states(page: QWidget) -> Iterator[str]:
    """Each state of the page to look at: every tab of its tab widgets."""
    tabs = [tab for tab in page.findChildren(QTabWidget) if tab.isVisible()]
    if not tabs:
        yield ""
        return
    for widget in tabs:
        for index in range(widget.count()):
            widget.setCurrentIndex(index)
            settle()
            choose_first_rows(page)
            yield f" ({widget.tabText(index).replace('&', '')} tab)"


# -- the whole window --------------------------------------------------------------------


def visits(records: Records) -> list[tuple[str, str, int | None]]:
    """(what, page name, subject) for every page, as a user reaches it; the pages of the
    page list that are not named here are visited too (their own state)."""
    from ppf_app.ui.main_window import NAVIGATION

    shown: list[tuple[str, str, int | None]] = [
        ("welcome", "welcome", None),
        ("home", "home", None),
        ("people (add a person)", "new-person", None),
        ("profile", "profile", None),
        ("rating (self)", "assessment", records.latest),
        ("rating (appraiser)", "assessment", records.appraiser),
        ("results", "results", records.latest),
        ("plan", "plan", records.latest),
        ("meeting", "meeting", records.appraisal),
        ("frameworks", "frameworks", None),
    ]
    named = {name for _, name, _ in shown}
    return shown + [(title.lower(), name, None) for name, title in NAVIGATION if name not in named]


def prepare(window: object, name: str) -> None:
    """Bring the page to the state a user works in: a row chosen, every row built."""
    from ppf_app.ui.main_window import MainWindow
    from ppf_app.ui.pages.assessment import AssessmentPage

    assert isinstance(window, MainWindow)
    page = window.current_page()
    if name == "assessment" and isinstance(page, AssessmentPage):
        for _ in range(200):
            if page.is_fully_built():
                break
            QApplication.processEvents()
    if page is not None:
        choose_first_rows(page)


def choose_first_rows(page: QWidget) -> None:
    """Choose the first row of every table shown with none chosen (what it opens, such as
    a pair's record or an objective's editor, is then on the page)."""
    for table in page.findChildren(QTableView):
        model = table.model()
        chosen = table.selectionModel().hasSelection()
        if table.isVisible() and model is not None and model.rowCount() and not chosen:
            table.selectRow(0)
    settle()


def window_problems(window: object, width: int, height: int, records: Records) -> list[str]:
    from ppf_app.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    problems: list[str] = []
    size = f"{width}x{height}"
    for what, hint in (
        ("minimum size", window.minimumSize()),
        ("minimum size hint", window.minimumSizeHint()),
    ):
        if hint.width() > width or hint.height() > height:
            problems.append(
                f"{size}: the window's {what} {hint.width()}x{hint.height()} does not fit"
            )
    for what, name, subject in visits(records):
        window.go(name, subject)
        window.resize(width, height)
        settle()
        prepare(window, name)
        page = window.current_page()
        if page is None:
            problems.append(f"{size} {what}: the page did not open")
            continue
        if (window.width(), window.height()) != (width, height):
            problems.append(f"{size} {what}: the window stays {window.width()}x{window.height()}")
        for state in shown_states(page):
            problems += page_problems(window, page, f"{size} {what}{state}", width, height)
    return problems


def run(width: int, height: int) -> list[str]:
    """Build the records in a temporary data folder and check every page."""
    from ppf_app.services.library import open_library
    from ppf_app.ui import errors, messages, settings
    from ppf_app.ui.application import make_qapplication
    from ppf_app.ui.context import AppContext
    from ppf_app.ui.main_window import MainWindow

    root = Path(tempfile.mkdtemp(prefix="ppf-screen-fit-"))
    os.environ.setdefault("PPF_LOG_DIR", str(root / "logs"))
    settings.use_ini_folder(root / "settings")
    make_qapplication()
    messages.use_logging()
    errors.use_logging()
    try:
        with open_library(root / "data") as lib:
            records = build_records(lib)
            build_pair(lib)
            window = MainWindow(AppContext(lib))
            window.restore()
            window.resize(width, height)
            window.show()
            settle()
            try:
                return window_problems(window, width, height, records)
            finally:
                window.close()
                settle()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str]) -> int:
    width, height = (int(text) for text in argv)
    print(json.dumps(run(width, height), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
