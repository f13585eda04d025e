"""The start-up floor: a bare PySide6 main window in a script that also imports SQLModel.

Shown and closed the way ``ppf-app --smoke`` does it, so the two compare like for like.
"""

import sys

import sqlmodel  # noqa: F401  (the import is part of the floor being measured)
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1000, 700)
    window.show()
    QTimer.singleShot(0, window.close)
    QTimer.singleShot(0, app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
