"""The About box: version, data folder, log file and licence."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ppf_app import __version__
from ppf_app.core.logs import log_file_path

LICENCE = "MIT"


class AboutDialog(QDialog):
    def __init__(self, data_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About PPF Self-Assessment"))
        self.setAccessibleName(self.tr("About PPF Self-Assessment"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "<b>PPF Self-Assessment</b><br>Rate yourself against shared values and "
                "behaviours, keep the results on this computer, and print a development plan."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.fields: dict[str, QLabel] = {}
        for key, label, value in (
            ("version", self.tr("Version"), __version__),
            ("data", self.tr("Data folder"), str(data_folder)),
            ("log", self.tr("Log file"), str(log_file_path())),
            ("licence", self.tr("Licence"), LICENCE),
        ):
            field = QLabel(value)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            field.setAccessibleName(label)
            form.addRow(label + ":", field)
            self.fields[key] = field
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
