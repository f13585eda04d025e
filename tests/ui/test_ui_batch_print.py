"""Print plans for everyone from the app: one PDF per person in the chosen folder, a
person without an assessment skipped and listed, Cancel stops before the next person."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QDialog, QPushButton
from pytestqt.qtbot import QtBot

from ppf_app.services import assessments, people
from ppf_app.services.library import Library
from ppf_app.ui import messages
from ppf_app.ui.batch_print import BatchPrintDialog, BatchSummary
from ppf_app.ui.main_window import MainWindow
from tests.ui.test_ui_support import library, make_window, ui_settings

__all__ = ["library", "ui_settings"]


def add_assessed(lib: Library, name: str, group: str) -> int:
    person = people.add_person(lib, name=name, professional_group=group)
    view = assessments.start_assessment(lib, person.id)
    framework = lib.frameworks.default()
    for _, behaviour in list(framework.behaviours())[:4]:
        assessments.set_rating(lib, view.id, behaviour.id, level=framework.scale_values[0])
    return person.id


def run_batch(qtbot: QtBot, dialog: BatchPrintDialog) -> BatchSummary:
    with qtbot.waitSignal(dialog.finished_batch, timeout=120_000) as done:
        dialog.start()
    summary = done.args[0]
    assert isinstance(summary, BatchSummary)
    return summary


def dialog_of(qtbot: QtBot, window: MainWindow, folder: Path) -> BatchPrintDialog:
    dialog = BatchPrintDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.ask_folder = lambda start: folder  # type: ignore[method-assign]
    dialog.choose_button.click()
    assert dialog.folder.text() == str(folder)
    return dialog


@pytest.mark.gui
@pytest.mark.slow
def test_one_group_written_and_the_person_without_an_assessment_listed(
    qtbot: QtBot, library: Library, ui_settings: Path, tmp_path: Path
) -> None:
    add_assessed(library, "Aled Hughes", "clinician")
    add_assessed(library, "Bea Okoro", "clinician")
    people.add_person(library, name="Cai Lewis", professional_group="clinician")
    add_assessed(library, "Dee Morgan", "manager")
    window = make_window(qtbot, library)
    folder = tmp_path / "plans" / "ward 7"
    dialog = dialog_of(qtbot, window, folder)
    groups = [dialog.group.itemData(i) for i in range(dialog.group.count())]
    assert groups == [None, "clinician", "manager"]
    dialog.group.setCurrentIndex(groups.index("clinician"))

    summary = run_batch(qtbot, dialog)
    assert not summary.cancelled
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in summary.written)
    assert len(summary.written) == 2
    names = set()
    for path in summary.written:
        text = "".join(page.extract_text() for page in PdfReader(path).pages)
        names |= {n for n in ("Aled Hughes", "Bea Okoro", "Dee Morgan") if n in text}
    assert names == {"Aled Hughes", "Bea Okoro"}
    assert len(summary.skipped) == 1 and "Cai Lewis" in summary.skipped[0]
    kind, _title, text = messages.shown()[-1]
    assert kind == "warning" and "Cai Lewis" in text and "2 plans written" in text
    assert not dialog.is_running()


@pytest.mark.gui
def test_cancel_after_the_first_leaves_fewer_files_than_people(
    qtbot: QtBot, library: Library, ui_settings: Path, tmp_path: Path
) -> None:
    count = 6
    for number in range(count):
        add_assessed(library, f"Person {number}", "clinician")
    window = make_window(qtbot, library)
    folder = tmp_path / "plans"
    dialog = dialog_of(qtbot, window, folder)
    seen: list[object] = []

    def cancel_after_first(result: object) -> None:
        seen.append(result)
        if len(seen) == 1:
            assert dialog.progress is not None
            cancel = dialog.progress.findChild(QPushButton)
            assert cancel is not None and cancel.text() == "Cancel"
            cancel.click()

    dialog.progressed.connect(cancel_after_first)
    summary = run_batch(qtbot, dialog)
    assert summary.cancelled
    written = sorted(folder.iterdir())
    assert len(written) == 1 < count
    assert written == sorted(summary.written)
    assert "Stopped" in messages.shown()[-1][2]


@pytest.mark.gui
def test_from_the_file_menu_and_closing_the_window_stops_the_batch(
    qtbot: QtBot,
    library: Library,
    ui_settings: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    count = 5
    for number in range(count):
        add_assessed(library, f"Person {number}", "manager")
    window = make_window(qtbot, library)
    folder = tmp_path / "team plans"

    def accept_with_folder(dialog: BatchPrintDialog) -> int:
        dialog.folder.setText(str(folder))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(BatchPrintDialog, "exec", accept_with_folder)
    assert window.print_all_action.isEnabled()
    window.print_all_action.trigger()
    batch = window._batch
    assert isinstance(batch, BatchPrintDialog) and batch.is_running()
    batch.progressed.connect(lambda _result: window.close())
    with qtbot.waitSignal(batch.finished_batch, timeout=120_000) as done:
        pass
    summary = done.args[0]
    assert summary.cancelled
    assert len(list(folder.iterdir())) == len(summary.written) == 1
