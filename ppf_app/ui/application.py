"""Builds the QApplication and the main window, and runs the event loop."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from ppf_app import __version__
from ppf_app.ui import errors
from ppf_app.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def make_qapplication() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName("PPF")
    QCoreApplication.setApplicationName("PPF Self-Assessment")
    QCoreApplication.setApplicationVersion(__version__)
    return QApplication([])


def run_application(*, data_dir: str | None, smoke: bool) -> int:
    app = make_qapplication()
    errors.install_excepthook()
    window = MainWindow(data_dir=data_dir)
    window.show()
    if smoke:
        # Quit once the event loop has processed everything queued at start-up.
        QTimer.singleShot(0, app.quit)
    status = app.exec()
    log.info("Event loop ended with status %s", status)
    return int(status)
