"""One path for unexpected errors: log them, then one dialog with a copyable report."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from ppf_app.core.logs import log_file_path

log = logging.getLogger(__name__)

#: Tests switch dialogs off; errors are then only logged.
dialogs_enabled = True


def report_unexpected(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    log.critical("Unexpected error", exc_info=(exc_type, exc, tb))
    if not dialogs_enabled or QApplication.instance() is None:
        return
    report = "".join(traceback.format_exception(exc_type, exc, tb))
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QApplication.translate("errors", "Something went wrong"))
    box.setText(
        QApplication.translate(
            "errors",
            "An unexpected error occurred. Your saved work is safe.\n\n"
            "The details are in the log file:\n{path}",
        ).format(path=log_file_path())
    )
    box.setDetailedText(report)
    box.exec()


def install_excepthook() -> None:
    sys.excepthook = report_unexpected
