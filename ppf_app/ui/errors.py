"""One path for unexpected errors: log them, then one dialog with a copyable report.

Tests call :func:`use_logging` (or :func:`ppf_app.ui.messages.use_logging`): the error is
then only logged at critical level.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ppf_app import __version__
from ppf_app.core.logs import log_file_path

log = logging.getLogger(__name__)

#: Tests switch dialogs off; errors are then only logged.
dialogs_enabled = True


def use_logging() -> None:
    global dialogs_enabled
    dialogs_enabled = False


def _tr(text: str) -> str:
    return QCoreApplication.translate("errors", text)


def build_report(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """The text a user can paste into a support request."""
    lines = [
        f"PPF Self-Assessment {__version__}",
        f"Python {platform.python_version()} on {platform.platform()}",
        f"Log file: {log_file_path()}",
        "",
        *traceback.format_exception(exc_type, exc, tb),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


class ErrorDialog(QDialog):
    """Says that something went wrong, where the log is, and offers the report to copy."""

    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Something went wrong"))
        self.setAccessibleName(_tr("Unexpected error"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _tr(
                "An unexpected error occurred. Everything saved so far is safe.\n\n"
                "The details are in the log file:\n{path}\n\n"
                "If it happens again, copy the report below and send it with a short "
                "description of what you were doing."
            ).format(path=log_file_path())
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(intro)
        self.report_view = QPlainTextEdit(report)
        self.report_view.setReadOnly(True)
        self.report_view.setAccessibleName(_tr("Error report"))
        self.report_view.setMinimumSize(560, 220)
        layout.addWidget(self.report_view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton(_tr("&Copy report"))
        copy.setAccessibleName(_tr("Copy report"))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._report = report

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self._report)


def report_unexpected(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    log.critical("Unexpected error", exc_info=(exc_type, exc, tb))
    if not dialogs_enabled or QApplication.instance() is None:
        return
    ErrorDialog(build_report(exc_type, exc, tb), QApplication.activeWindow()).exec()


def install_excepthook() -> None:
    sys.excepthook = report_unexpected
