"""First start: what the app does, that everything stays here, then on to the profile."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ppf_app.ui.context import AppContext
from ppf_app.ui.pages.base import Page


class WelcomePage(Page):
    page_name = "welcome"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        data_folder = str(context.data_folder)
        self.page_layout.addStretch(1)
        self.add_title(self.tr("Welcome to PPF Self-Assessment"))
        points = [
            self.tr(
                "Rate yourself against a framework of shared values and behaviours for "
                "NHS clinicians and managers, one behaviour at a time."
            ),
            self.tr(
                "See your results against the target for your professional group, with your "
                "strengths and the areas to develop, and print a development plan with "
                "suggested training areas."
            ),
            self.tr(
                "Everything stays on this computer. There is no account and nothing is sent "
                "anywhere. Your records are kept in:"
            ),
        ]
        for text in points:
            label = QLabel(text)
            label.setWordWrap(True)
            label.setMaximumWidth(720)
            self.page_layout.addWidget(label)
        folder = QLabel(data_folder)
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder.setAccessibleName(self.tr("Data folder"))
        folder.setStyleSheet("font-family: monospace;")
        self.page_layout.addWidget(folder)
        row = QHBoxLayout()
        self.start_button = QPushButton(self.tr("Create my profile"))
        self.start_button.setAccessibleName(self.tr("Create my profile"))
        self.start_button.setDefault(True)
        self.start_button.setMinimumHeight(36)
        self.start_button.clicked.connect(lambda: context.go("new-person"))
        row.addWidget(self.start_button)
        row.addStretch(1)
        self.page_layout.addLayout(row)
        self.page_layout.addStretch(2)

    def activated(self) -> None:
        self.start_button.setFocus()
