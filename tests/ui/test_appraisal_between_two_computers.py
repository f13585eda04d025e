"""The whole appraisal in the real app, between two data folders as two computers.

The appraisee rates themselves and exports their record from the File menu; the
appraiser imports it, rates as appraiser and exports it back; the appraisee imports it,
and in the meeting they agree, plan and sign with Enter. Then every source is edited: the
signed appraisal, its plan PDF and its brief stay exactly as signed.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ppf_app.services import appraisal, assessments, meeting_brief, people, plan_report
from ppf_app.services.library import open_library
from ppf_app.ui import messages, pdf_export
from ppf_app.ui.main_window import MainWindow
from ppf_app.ui.widgets.sign_off_dialog import SignOffDialog
from tests.ui.test_ui_journey import create_profile
from tests.ui.test_ui_support import make_window, ui_settings

__all__ = ["ui_settings"]


def rate_everything(qtbot: QtBot, window: MainWindow, levels: list[int]) -> None:
    """Rate every behaviour on the Rate page from the keyboard (number keys)."""
    page = window.assessment
    rows = page.rows()
    for row, level in zip(rows, levels, strict=False):
        qtbot.keyClick(row.rating, Qt.Key(Qt.Key.Key_0 + level))


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def dump(path: Path) -> list[tuple[str, list[tuple[object, ...]]]]:
    connection = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return [
            (name, sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr))
            for name in names
        ]
    finally:
        connection.close()


@pytest.mark.gui
@pytest.mark.slow
@pytest.mark.qt_log_ignore("propagateSizeHints")  # the real sign-off dialog, offscreen
def test_an_appraisal_between_two_computers_and_nothing_signed_drifts(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path
) -> None:
    pdf_export.record_viewer()
    appraisee_folder, appraiser_folder = tmp_path / "appraisee", tmp_path / "appraiser"
    to_appraiser, to_appraisee = tmp_path / "asha.ppf.json", tmp_path / "asha-rated.ppf.json"
    try:
        # -- the appraisee's computer: a self assessment, exported -------------------------
        lib = open_library(appraisee_folder)
        window = make_window(qtbot, lib)
        create_profile(qtbot, window, "Asha Patel")
        qtbot.mouseClick(window.home.start_button, Qt.MouseButton.LeftButton)
        framework = lib.frameworks.default()
        count = framework.behaviour_count
        rate_everything(qtbot, window, [(n % 4) + 1 for n in range(count)])
        with messages.answering(True):
            qtbot.mouseClick(window.assessment.complete_button, Qt.MouseButton.LeftButton)
        own = window.results.assessment
        assert own is not None and own.is_complete
        window.portable.ask_export_path = lambda suggested: to_appraiser  # type: ignore[method-assign]
        with qtbot.waitSignal(window.portable.exported, timeout=20_000) as exported:
            window.export_action.trigger()
        assert exported.args == [to_appraiser]
        window.close()
        lib.close()

        # -- the appraiser's computer: import, rate as appraiser, export back --------------
        lib = open_library(appraiser_folder)
        window = make_window(qtbot, lib)
        window.portable.ask_import_path = lambda: to_appraiser  # type: ignore[method-assign]
        with messages.answering(True):  # the one question: add Asha, trust her key: yes
            window.import_action.trigger()
        assert window.context.person is not None
        assert window.context.person.name == "Asha Patel"
        (imported,) = assessments.list_assessments(lib, 1)
        window.go("results", imported.id)
        qtbot.mouseClick(window.results.meeting_button, Qt.MouseButton.LeftButton)
        assert window.stack.currentWidget() is window.meeting
        with messages.answering_text("Grace Obi"):
            qtbot.mouseClick(window.meeting.rate_button, Qt.MouseButton.LeftButton)
        rated = window.assessment.assessment
        assert rated is not None and rated.kind == "appraiser"
        rate_everything(qtbot, window, [((n + 1) % 4) + 1 for n in range(count)])
        window.portable.ask_export_path = lambda suggested: to_appraisee  # type: ignore[method-assign]
        with qtbot.waitSignal(window.portable.exported, timeout=20_000):
            window.export_action.trigger()
        window.close()
        lib.close()

        # -- back on the appraisee's computer: the meeting -------------------------------
        lib = open_library(appraisee_folder)
        window = make_window(qtbot, lib)
        window.portable.ask_import_path = lambda: to_appraisee  # type: ignore[method-assign]
        window.import_action.trigger()  # the appraiser's key confirmed (logging mode: yes)
        record = appraisal.appraisal_holding(lib, own.id)
        assert record is not None and record.appraiser_name == "Grace Obi"
        window.go("meeting", record.id)
        page = window.meeting
        assert page.meeting is not None
        assert len(page.meeting.discussion) == count  # every behaviour differs by one
        first = page.model.row_at(0).behaviour_id
        page.select_behaviour(first)
        page.agreed.setCurrentIndex(page.agreed.findData(3))
        page.agreed.activated.emit(page.agreed.currentIndex())
        qtbot.mouseClick(page.agree_rest_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(page.plan_button, Qt.MouseButton.LeftButton)
        plan_page = window.plan
        assert "agreed in the appraisal" in plan_page.subtitle.text()
        qtbot.mouseClick(plan_page.cards[0].add_button, Qt.MouseButton.LeftButton)
        plan_page.review_date.setDate(plan_page.review_date.minimumDate().addYears(27))
        window.go("meeting", record.id)
        assert page.sign_needs.text() == "Ready to sign."

        def sign_with_enter() -> None:
            dialog = QApplication.activeModalWidget()
            assert isinstance(dialog, SignOffDialog)
            assert dialog.appraisee.text() == "Asha Patel"
            assert dialog.appraiser.text() == "Grace Obi"
            qtbot.keyClick(dialog.appraiser, Qt.Key.Key_Return)

        messages.use_dialogs()
        try:
            QTimer.singleShot(50, sign_with_enter)
            qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
        finally:
            messages.use_logging()
        assert page.signed

        signed = appraisal.get_appraisal(lib, record.id)
        assert signed.signed_on == date.today()
        plan_before = tmp_path / "plan-before.pdf"
        brief_before = tmp_path / "brief-before.pdf"
        plan_report.write_plan_pdf(lib, 1, plan_before, own.id, invariant=True)
        meeting_brief.write_brief(lib, 1, brief_before, self_assessment_id=own.id, invariant=True)
        shown_before = appraisal.meeting_view(lib, record.id)
        database = lib.paths.database
        window.close()
        lib.close()
        tables_before = dump(database)

        # -- every source edited afterwards, on both computers ----------------------------
        with open_library(appraisee_folder) as lib:
            behaviour = next(iter(lib.frameworks.default().behaviour_index))
            for member in signed.members:
                with pytest.raises(Exception, match="signed"):
                    assessments.set_rating(lib, member, behaviour, level=4, evidence="later")
            # The appraiser's file, imported again, and a copy of the self assessment.
            from ppf_app.services import portable

            portable.import_portable(lib, to_appraisee)
            copy = assessments.new_version(lib, own.id)
            assessments.set_rating(lib, copy.id, behaviour, level=4, evidence="changed later")
            people.update_person(lib, 1, job_title="Consultant")
            after = appraisal.meeting_view(lib, record.id)
            assert after.rows == shown_before.rows
            plan_after = tmp_path / "plan-after.pdf"
            brief_after = tmp_path / "brief-after.pdf"
            plan_report.write_plan_pdf(lib, 1, plan_after, own.id, invariant=True)
            meeting_brief.write_brief(
                lib, 1, brief_after, self_assessment_id=own.id, invariant=True
            )
        assert pdf_text(plan_after) == pdf_text(plan_before)
        assert pdf_text(brief_after) == pdf_text(brief_before)
        # The signed rows are byte for byte as they were: the appraisal, its plan and the
        # ratings of its three assessments. Only the new copy was added.
        after_tables = dict(dump(database))
        before_tables = dict(tables_before)
        for table in ("appraisal", "plan", "objective"):
            assert after_tables[table] == before_tables[table], table
        members = set(signed.members)
        assert [r for r in after_tables["rating"] if r[1] in members] == [
            r for r in before_tables["rating"] if r[1] in members
        ]
    finally:
        pdf_export.use_viewer()
