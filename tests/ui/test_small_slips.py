"""Small slips: the Folder label's mnemonic in Print plans for everyone, singular counts,
and save dialogs that start in Documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from ppf_app.services import people
from ppf_app.services.library import Library
from ppf_app.ui import messages, pdf_export
from ppf_app.ui.batch_print import BatchPrintDialog, BatchSummary, documents_folder
from tests.ui.test_ui_support import library, make_window, ui_settings

__all__ = ["library", "ui_settings"]


def documents() -> str:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return location or str(Path.home())


@pytest.fixture
def dialog(qtbot: QtBot, library: Library, ui_settings: Path) -> BatchPrintDialog:
    people.add_person(library, name="Aled Hughes", professional_group="clinician")
    window = make_window(qtbot, library)
    dialog = BatchPrintDialog(window.context, window)
    qtbot.addWidget(dialog)
    return dialog


@pytest.mark.gui
@pytest.mark.qt_log_ignore("propagateSizeHints")  # a real dialog, offscreen
def test_folder_label_is_a_mnemonic_for_the_folder_field(
    qtbot: QtBot, dialog: BatchPrintDialog
) -> None:
    labels = [label for label in dialog.findChildren(QLabel) if label.buddy() is dialog.folder]
    assert [label.text() for label in labels] == ["&Folder:"]  # drawn as "Folder:", F underlined
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    dialog.group.setFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.folder.hasFocus, timeout=2000)


@pytest.mark.gui
def test_one_plan_and_one_person_are_counted_in_the_singular(
    dialog: BatchPrintDialog, tmp_path: Path
) -> None:
    dialog._report(BatchSummary(folder=tmp_path, written=[tmp_path / "a.pdf"]))
    kind, _title, text = messages.shown()[-1]
    assert text == f"1 plan written to {tmp_path}."
    dialog._report(
        BatchSummary(folder=tmp_path, written=[], skipped=["Cai Lewis: no assessment yet"])
    )
    kind, _title, text = messages.shown()[-1]
    assert kind == "warning"
    assert text.startswith(f"0 plans written to {tmp_path}.")
    assert "1 person skipped:" in text and "people" not in text


@pytest.mark.gui
def test_the_folder_dialog_starts_in_documents_or_the_nearest_existing_folder(
    dialog: BatchPrintDialog, tmp_path: Path
) -> None:
    assert dialog.folder.text().startswith(documents_folder())
    assert documents_folder() == documents()
    dialog.folder.setText(str(tmp_path / "not" / "made" / "yet"))
    assert dialog.start_folder() == str(tmp_path)
    dialog.folder.setText("")
    assert dialog.start_folder() == documents()


@pytest.mark.gui
def test_save_as_pdf_starts_in_documents(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, ui_settings: Path
) -> None:
    asked: list[str] = []

    def fake_save(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    assert pdf_export.ask_pdf_path(None, "Save", "plan.pdf") is None
    assert asked == [str(Path(documents()) / "plan.pdf")]
