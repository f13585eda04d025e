"""Types evidence into the real app in its own process, for a parent that kills it.

Usage: python -m tests.ui.evidence_typist DATA_DIR SETTINGS_DIR MODE TEXT

Opens the library in DATA_DIR (one person, one assessment, made when missing), shows the
main window on the Rate page, puts the keyboard focus in the first behaviour's evidence
note and types TEXT with real key events. Then, by MODE:

- ``stop``: prints ``typed T`` (T: ``time.monotonic()`` after the last keystroke) and
  goes on running the event loop, as a person who stopped typing;
- ``tab``: presses Tab (the focus leaves the note) and prints ``moved T``.

It prints ``ready ASSESSMENT_ID BEHAVIOUR_ID`` before typing. The parent kills it with
SIGKILL whenever it likes and reads the library back.
"""

from __future__ import annotations

import faulthandler
import sys
import time
from pathlib import Path

from ppf_app.services import assessments, people
from ppf_app.services.library import open_library


def main(data_dir: str, settings_dir: str, mode: str, text: str) -> int:
    # A typist stuck on its way shows where, for the parent's failure message.
    faulthandler.dump_traceback_later(45, exit=True)
    library = open_library(data_dir)
    everyone = people.list_people(library)
    if not everyone:
        everyone = [people.add_person(library, name="Asha", professional_group="clinician")]
    started = assessments.list_assessments(library, everyone[0].id)
    view = started[0] if started else assessments.start_assessment(library, everyone[0].id)

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from ppf_app.ui import errors, messages, settings
    from ppf_app.ui.context import AppContext
    from ppf_app.ui.main_window import MainWindow

    app = QApplication([])
    settings.use_ini_folder(Path(settings_dir))
    messages.use_logging()
    errors.use_logging()
    window = MainWindow(AppContext(library))
    window.restore()
    window.show()
    window.go("assessment", view.id)
    window.activateWindow()
    row = window.assessment.rows()[0]
    row.evidence.setFocus()
    for _ in range(50):
        app.processEvents()
        if row.evidence.hasFocus():
            break
        time.sleep(0.02)
    print("ready", view.id, row.behaviour_id, flush=True)
    QTest.keyClicks(row.evidence, text)
    if mode == "tab":
        QTest.keyClick(row.evidence, Qt.Key.Key_Tab)
        print("moved", time.monotonic(), flush=True)
    else:
        print("typed", time.monotonic(), flush=True)
    faulthandler.cancel_dump_traceback_later()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
