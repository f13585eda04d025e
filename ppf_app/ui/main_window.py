"""The main window: assembles the pages; holds no logic of its own."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget


class MainWindow(QMainWindow):
    def __init__(self, *, data_dir: str | None = None) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("PPF Self-Assessment"))
        central = QWidget(self)
        layout = QVBoxLayout(central)
        welcome = QLabel(
            self.tr(
                "Rate yourself against shared values and behaviours, keep the results "
                "on this computer, and print a development plan."
            )
        )
        welcome.setWordWrap(True)
        layout.addWidget(welcome)
        self.setCentralWidget(central)
        self.resize(960, 680)
